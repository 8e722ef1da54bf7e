"""Marking example data on pages (DESIGN.md, "Examples are marked")."""

from django import template

register = template.Library()


@register.filter
def any_example(items, path: str = "") -> bool:
    """Whether any of the rows (workshops, practices, declarations, roadmaps) is an example:
    a list page then explains the badge once. Lists and tuples inside are looked into (a
    page of (heading, rows) pairs); `path` names the row inside each item ("roadmap",
    "document.workshop"). It reads the rows the page already holds: a Page or an evaluated
    queryset is not queried again."""
    for item in items or ():
        if isinstance(item, list | tuple):
            if any_example(item, path):
                return True
            continue
        for name in path.split(".") if path else ():
            item = getattr(item, name, None)
        if getattr(item, "is_example", False):
            return True
    return False

"""Marking example data on pages (DESIGN.md, "Examples are marked")."""

from django import template

register = template.Library()


@register.filter
def any_example(items) -> bool:
    """Whether any of the rows (workshops, practices, declarations, roadmaps) is an example:
    a list page then explains the badge once. Lists and tuples inside are looked into (a
    page of (heading, rows) pairs). It reads the rows the page already holds: a Page or an
    evaluated queryset is not queried again."""
    for item in items or ():
        if isinstance(item, list | tuple):
            if any_example(item):
                return True
        elif getattr(item, "is_example", False):
            return True
    return False

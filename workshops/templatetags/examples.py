"""Marking example data on pages (DESIGN.md, "Examples are marked")."""

from django import template

register = template.Library()


@register.filter
def any_example(items) -> bool:
    """Whether any of the rows (workshops, practices, declarations, roadmaps) is an example:
    a list page then explains the badge once. It reads the rows the page already holds: a
    Page or an evaluated queryset is not queried again."""
    return any(getattr(item, "is_example", False) for item in items or ())

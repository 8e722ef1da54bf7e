from django import template

from practices.sanitize import rich_text_html

register = template.Library()


@register.filter(name="rich_text")
def rich_text(value):
    """A rich-text field, as typed, rendered and cleaned for the page."""
    return rich_text_html(value)

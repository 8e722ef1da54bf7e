"""Rich text from delegates is cleaned when it is saved: what reaches a page or a PDF is
only the markup listed here, with no script, no event handler and no `javascript:` link."""

import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def rich_text_clean(value: str) -> str:
    """Plain text becomes paragraphs; markup keeps only the allowed tags and links."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        return linebreaks(value, autoescape=True)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()

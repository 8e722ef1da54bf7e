"""Rich text from delegates is stored exactly as typed: plain text with a light Markdown
subset (paragraphs, line breaks, lists, bold, italic, links). It becomes HTML only when it
is shown, and that HTML is cleaned: what reaches a page or a PDF is only the markup listed
here, with no script, no event handler and no `javascript:` link."""

import html
from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Markdown's rules beyond the subset: typed, they stay the text they were typed as.
# Indented code is left out too: an indented paragraph is a paragraph.
DISABLED_RULES = [
    "code",
    "fence",
    "heading",
    "lheading",
    "hr",
    "table",
    "html_block",
    "html_inline",
    "image",
    "backticks",
    "reference",
    "autolink",
    "entity",
]


@cache
def _markdown():
    from markdown_it import MarkdownIt

    # "breaks": a single line break typed is a line break shown, as a person expects.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
        DISABLED_RULES, ignoreInvalid=True
    )


def rich_text_html(value: str) -> SafeString:
    """`value`, as typed, as the HTML of a page: rendered, then cleaned."""
    value = (value or "").strip()
    if not value:
        return mark_safe("")  # noqa: S308 - empty
    html = _markdown().render(value)
    return mark_safe(  # noqa: S308 - cleaned by nh3 just above
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        ).strip()
    )


def rich_text_plain(value: str) -> str:
    """`value`, as typed, as plain text without its formatting marks, for the data exports:
    each paragraph, list item or line break on its own line, entities decoded. Markdown ends
    each block with a line break; nh3 drops every tag and keeps the text."""
    text = html.unescape(nh3.clean(_markdown().render((value or "").strip()), tags=set()))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# The help shown under each rich-text field, in the form and in the admin.
RICH_TEXT_HELP = _(
    "Plain text. Leave an empty line between paragraphs; start a line with “- ” or “1. ” "
    "for a list; **bold**, *italic*, [link text](https://example.org)."
)

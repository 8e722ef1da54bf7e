"""A readable word diff of two texts, for the history of a translated text."""

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def _words(text: str) -> list[str]:
    return re.findall(r"\S+\s*", text or "")


def word_diff(old: str, new: str) -> SafeString:
    """The new text, with words removed since `old` in <del> and words added in <ins>.
    Each change also says in words what it is, for screen readers and without colour."""
    before, after = _words(old), _words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", "".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">{}</span>{}</del> ',
                    _("removed:"),
                    "".join(before[i1:i2]).strip(),
                )
            )
        if tag in ("insert", "replace"):
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">{}</span>{}</ins> ',
                    _("added:"),
                    "".join(after[j1:j2]).strip(),
                )
            )
    return format_html_join("", "{}", ((part,) for part in parts))

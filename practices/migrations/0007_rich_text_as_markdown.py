"""Rich text was stored as cleaned HTML; it is now stored as typed, a light Markdown, and
rendered when shown. This turns the stored HTML back into the text a person would type.
The converter is frozen here, with the set of tags the old cleaner let through."""

import re
from html.parser import HTMLParser

from django.db import migrations

from practices.search import practice_search_vector

RICH_TEXT_FIELDS = ("problem", "approach", "results", "lessons_learned")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCKS = {"p", "blockquote", "ul", "ol", "h3", "h4"}
# A typed asterisk, which Markdown would read as emphasis.
_MARKUP = re.compile(r"(\*)")


class _ToMarkdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = [[]]  # a buffer per open link or quote
        self.lists = []  # per open list: its kind and its next number
        self.links = []

    def _write(self, text):
        self.parts[-1].append(text)

    def _block_break(self):
        self._write("\n\n")

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS and not (tag in ("ul", "ol") and self.lists):
            self._block_break()
        if tag in ("strong", "b", "h3", "h4"):
            self._write("**")
        elif tag in ("em", "i"):
            self._write("*")
        elif tag == "br":
            self._write("\n")
        elif tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            indent = "   " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] == "ol":
                marker = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            else:
                marker = "- "
            self._write(f"\n{indent}{marker}")
        elif tag in ("a", "blockquote"):
            self.links.append(dict(attrs).get("href") if tag == "a" else None)
            self.parts.append([])

    def handle_endtag(self, tag):
        if tag in ("strong", "b", "h3", "h4"):
            self._write("**")
        elif tag in ("em", "i"):
            self._write("*")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("a", "blockquote") and len(self.parts) > 1:
            text = "".join(self.parts.pop())
            href = self.links.pop()
            if tag == "a":
                self._write(f"[{text.strip()}]({href})" if href else text)
            else:
                lines = _tidy(text).splitlines()
                self._write("\n".join(f"> {line}".rstrip() for line in lines))
        if tag in _BLOCKS and not (tag in ("ul", "ol") and self.lists):
            self._block_break()

    def handle_data(self, data):
        self._write(_MARKUP.sub(r"\\\1", re.sub(r"\s+", " ", data)))

    def text(self):
        while len(self.parts) > 1:
            self._write("".join(self.parts.pop()))
        return _tidy("".join(self.parts[0]))


def _tidy(text):
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line if line.lstrip()[:1] in ("-", "") or line[:1].isdigit() else line.lstrip()
             for line in lines]  # fmt: skip
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_markdown(value):
    """Stored HTML as the light Markdown a person would type; text without tags as it is."""
    if not value or not _TAG.search(value):
        return value
    parser = _ToMarkdown()
    parser.feed(value)
    parser.close()
    return parser.text()


def forwards(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    for practice in Practice.objects.only("pk", *RICH_TEXT_FIELDS).iterator():
        changed = {}
        for name in RICH_TEXT_FIELDS:
            converted = html_to_markdown(getattr(practice, name))
            if converted != getattr(practice, name):
                changed[name] = converted
        if changed:
            Practice.objects.filter(pk=practice.pk).update(**changed)
    if schema_editor.connection.vendor == "postgresql":
        Practice.objects.update(search_document=practice_search_vector())


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_practice_draft_values_markdown")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The example outcome documents' PDFs, rendered once, when the demo is loaded, from the
text in workshops.toml: a title, the workshop, a line saying it is an example, the text."""

from django.utils.html import escape

from reports.pdf import html_to_pdf

# Printed on every page's top: the document is not an RCM record.
EXAMPLE_LINE = {
    "en": "Example — illustrative document, not an RCM record",
    "es": "Ejemplo — documento ilustrativo, no es un documento oficial de la CRM",
    "fr": "Exemple — document illustratif, pas un document officiel de la CRM",
}

PAGE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4; margin: 2.5cm 2cm; @top-center {{ content: "{example}"; color: #8a1c1c;
  font: 9pt sans-serif; }} }}
body {{ font: 11pt/1.45 serif; }}
h1 {{ font: bold 16pt sans-serif; margin: 0 0 .3em; }}
.workshop {{ font: 10pt sans-serif; color: #444; margin: 0 0 1em; }}
.example {{ border: 1px solid #8a1c1c; color: #8a1c1c; padding: .3em .6em;
  font: 10pt sans-serif; }}
</style></head>
<body><p class="example">{example}</p><h1>{title}</h1><p class="workshop">{workshop}</p>
{body}</body></html>"""


def _paragraphs(text: str) -> str:
    """Paragraphs apart by a blank line; a paragraph of "- " lines is a list (a line that
    does not start with "- " goes on with the item above)."""
    blocks = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            blocks.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
        elif lines:
            blocks.append(f"<p>{escape(' '.join(lines))}</p>")
    return "\n".join(blocks)


def example_document_pdf(*, title: str, workshop: str, text: str, language: str) -> bytes:
    """The PDF of one language of an example document."""
    example = EXAMPLE_LINE[language]
    html = PAGE.format(
        language=language,
        title=escape(title),
        workshop=escape(workshop),
        example=example.replace('"', ""),
        body=_paragraphs(text),
    )
    pdf, _pages = html_to_pdf(html)
    return pdf

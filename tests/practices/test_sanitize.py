"""Rich text is kept as typed and cleaned when shown: no script, no event handler, no
javascript: link ever reaches a page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from practices.models import PracticeStatus
from practices.sanitize import rich_text_html
from tests.factories import PracticeFactory
from tests.logins import login

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p onclick="alert(1)">click</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]


class _Markup(HTMLParser):
    """What a browser would act on: element names and attributes, not escaped text."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def _unsafe_markup(html: str) -> list:
    markup = _Markup()
    markup.feed(html)
    found = [tag for tag in markup.tags if tag in {"script", "iframe", "object", "svg", "math"}]
    found += [name for name, _value in markup.attributes if name.startswith("on")]
    found += [
        value
        for name, value in markup.attributes
        if name in {"href", "src", "action"}
        and value.strip().lower().startswith(("javascript:", "data:"))
    ]
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_is_kept_as_typed_and_defused_when_shown(payload):
    practice = PracticeFactory(problem=payload, approach=f"Before {payload} after")

    practice.refresh_from_db()
    assert practice.problem == payload
    for value in (practice.problem, practice.approach):
        assert _unsafe_markup(rich_text_html(value)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_page(client, payload, delegate_mx, secretariat):
    practice = PracticeFactory(
        country=delegate_mx.country,
        status=PracticeStatus.PUBLISHED,
        title_en=f"Title {payload}",
        summary_en=f"Summary {payload}",
        results=payload,
        lessons_learned=payload,
    )
    pages = [client.get(reverse("practices:detail", args=[practice.pk]))]
    client.force_login(delegate_mx)
    pages.append(client.get(reverse("practices:mine_detail", args=[practice.pk])))
    login(client, secretariat)
    pages.append(client.get(reverse("practices:review", args=[practice.pk])))

    for response in pages:
        assert response.status_code == 200
        # Titles and summaries are plain text, shown escaped; rich text is cleaned.
        assert _unsafe_markup(response.content.decode()) == []


def test_simple_formatting_and_safe_links_survive():
    html = rich_text_html(
        "Steps:\n\n- **One**\n- *Two*\n\n1. first\n2. second\n\n[IOM](https://iom.int) "
        "[bad](javascript:alert(1))"
    )

    assert "<p>Steps:</p>" in html
    assert "<li><strong>One</strong></li>" in html
    assert "<li><em>Two</em></li>" in html
    assert "<ol>\n<li>first</li>" in html
    assert '<a href="https://iom.int" rel="noopener noreferrer nofollow">IOM</a>' in html
    assert "javascript" not in html.replace("[bad](javascript:alert(1))", "")


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert rich_text_html("First line\nnext line\n\nSecond <b & c") == (
        "<p>First line<br>\nnext line</p>\n<p>Second &lt;b &amp; c</p>"
    )


def test_markdown_beyond_the_subset_stays_text():
    html = rich_text_html("# 1 April\n\n    indented\n\n![x](https://e.org/x.png) `code`")

    assert "<h1>" not in html and "<img" not in html and "<code>" not in html
    assert "<p># 1 April</p>" in html
    assert "<p>indented</p>" in html

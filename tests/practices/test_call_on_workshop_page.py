"""A call's introduction on its workshop's page: what the page already says is not said twice,
while the compiled report keeps the introduction whole."""

import html as html_lib
import re

import pytest

from practices.compilations import compilation_for
from practices.models import PracticeCall
from reports.models import ReportKind
from reports.specs import build_payload, report_spec
from tests.factories import PracticeCallFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

CALL_WORKSHOP = "return-of-migrants-challenges-and-opportunities"


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _call_box(client, url) -> str:
    body = client.get(url).content.decode()
    section = body[body.index('id="call"') :]
    section = section[: section.index("</section>")]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", section)).split())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_call_workshop_says_its_methodology_once(client, language, demo):
    call = PracticeCall.objects.get(workshop__slug=CALL_WORKSHOP)
    workshop = call.workshop
    methodology = getattr(workshop, f"methodology_{language}").split("\n\n")[0]
    outcome = getattr(workshop, f"expected_outcome_{language}").split("\n\n")[0]
    # The demo's call repeats them: the test is about a page that could show them twice.
    assert methodology in getattr(call, f"introduction_{language}")
    assert outcome in getattr(call, f"introduction_{language}")
    url = f"/{language}/workshops/{CALL_WORKSHOP}/"

    text = _text(client, url)

    assert text.count(" ".join(methodology.split())) == 1
    assert text.count(" ".join(outcome.split())) == 1
    box = _call_box(client, url)
    assert getattr(call, f"title_{language}") in box
    assert methodology not in box


def test_the_compiled_report_keeps_the_whole_introduction(client, demo):
    call = PracticeCall.objects.get(workshop__slug=CALL_WORKSHOP)
    methodology = call.workshop.methodology_es.split("\n\n")[0]

    payload = build_payload(report_spec(ReportKind.INITIATIVES), compilation_for(call=call), "es")

    assert payload["introduction"] == call.introduction_es
    assert methodology in payload["introduction"]


@pytest.mark.parametrize(
    ("language", "repeated", "own"),
    [
        ("en", "Countries present their initiatives.", "Send yours by March."),
        ("es", "Los países presentan sus iniciativas.", "Envíe la suya antes de marzo."),
        ("fr", "Les pays présentent leurs initiatives.", "Envoyez la vôtre avant mars."),
    ],
)
def test_the_call_box_keeps_the_paragraphs_the_page_does_not_show(client, language, repeated, own):
    workshop = WorkshopFactory(
        slug="call-workshop",
        methodology_en="Countries present their initiatives.",
        methodology_es="Los países presentan sus iniciativas.",
        methodology_fr="Les pays présentent leurs initiatives.",
    )
    PracticeCallFactory(
        workshop=workshop,
        # Blanks and line ends differ from the methodology's: the same paragraph still.
        introduction_en="Countries present  their\ninitiatives.\r\n\r\nSend yours by March.",
        introduction_es="Los países presentan sus iniciativas.\n\nEnvíe la suya antes de marzo.",
        introduction_fr="Les pays présentent leurs initiatives.\n\nEnvoyez la vôtre avant mars.",
    )
    url = f"/{language}/workshops/call-workshop/"

    text = _text(client, url)
    box = _call_box(client, url)

    assert text.count(repeated) == 1 and repeated not in box
    assert own in box

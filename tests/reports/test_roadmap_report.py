"""The roadmap progress report: the hand-computed case of tests/roadmaps, in English and
Spanish, with its charts."""

import pytest
from django.urls import reverse

from reports.models import Report, ReportState
from reports.services import report_request
from tests.roadmaps.conftest import hand_case, today  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _render(roadmap, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(source=roadmap, kind="roadmap", language=language)
    report.refresh_from_db()
    return report


def test_the_english_report_holds_lines_countries_and_figures(
    hand_case,  # noqa: F811
    celery_eager,
    django_capture_on_commit_callbacks,
    read_pdf,
):
    report = _render(hand_case["roadmap"], "en", django_capture_on_commit_callbacks)

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "Regional roadmap on return" in pages[0]
    assert "roadmap progress report" in pages[0].lower()
    assert "43.3%" in pages[0]
    for words in (
        "Coordination between countries",
        "Reintegration",
        "Map national services",
        "Train consular staff",
        "Open reception centres",
        "Guatemala",
        "Mexico",
        "Overdue actions",
        "Timeline of the actions",
        "Three reception centres are open in Tapachula.",
    ):
        assert words in text, words
    # The figure tables: line A 15%, Mexico 80%, Guatemala 0% (it reported nothing).
    assert "1. Coordination between countries 2 15%" in text
    assert "2. Reintegration 1 100%" in text
    assert "Guatemala 2 0%" in text
    assert "Mexico 2 80%" in text
    assert "Progress of this line of action: 15%" in text
    # The shared action: each country's own figure, and the rule said in one sentence.
    assert "Guatemala 0% (no report yet)" in text
    assert "Mexico 60% (latest update" in text
    assert "an action's progress is the mean over its responsible countries" in text
    # Its indicator: baseline -> latest value -> target, per country.
    assert "Indicator: Services mapped" in text
    assert "Guatemala 5 services no report yet 40 services" in text
    assert "Mexico 5 services 24 services 40 services" in text


def test_the_spanish_report_is_in_spanish(
    hand_case,  # noqa: F811
    celery_eager,
    django_capture_on_commit_callbacks,
    read_pdf,
):
    report = _render(hand_case["roadmap"], "es", django_capture_on_commit_callbacks)

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    text = " ".join(pages)
    assert "Hoja de ruta regional sobre el retorno" in pages[0]
    assert "43,3%" in pages[0]
    assert "Coordinación entre países" in text
    assert "Capacitar al personal consular" in text
    assert "México 2 80%" in text
    assert "Guatemala 2 0%" in text
    assert "Guatemala 0% (sin informe aún)" in text
    assert "la media de sus países responsables" in text
    assert "Indicador: Servicios mapeados" in text
    assert f"Página 2 de {len(pages)}" in pages[1]


def test_the_charts_go_into_the_pdf(hand_case):  # noqa: F811
    report = report_request(source=hand_case["roadmap"], kind="roadmap", language="en")

    charts = report.content["charts"]
    assert set(charts) == {"lines", "countries", "timeline"}
    assert 'width="45"' in charts["lines"] and 'width="300"' in charts["lines"]
    assert 'width="240"' in charts["countries"]


def test_the_dashboard_button_asks_for_the_pdf(client, hand_case):  # noqa: F811
    roadmap = hand_case["roadmap"]
    page = client.get(reverse("roadmaps:dashboard", args=[roadmap.slug])).content.decode()
    url = reverse("reports:request", args=["roadmap", roadmap.pk])
    assert f'action="{url}"' in page

    response = client.post(url)

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.language, report.title) == (
        "roadmap",
        "en",
        "Regional roadmap on return",
    )
    # Unchanged content: the same report, not a second one.
    client.post(url)
    assert Report.objects.count() == 1

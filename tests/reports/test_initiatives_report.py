import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from practices.compilations import FILTER_LABELS, compilation_for
from practices.models import Compilation, PracticeStatus
from practices.selectors import FILTER_KEYS
from reports.models import Report, ReportKind, ReportState
from reports.specs import build_payload, report_spec
from tests.factories import PracticeCallFactory, PracticeFactory, country, gcm_objective

pytestmark = pytest.mark.django_db

PUBLISHED = PracticeStatus.PUBLISHED


def _published(**kwargs):
    kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(days=3))
    return PracticeFactory(status=PUBLISHED, **kwargs)


@pytest.fixture
def call():
    call = PracticeCallFactory(
        title_en="Call on the reintegration of returned migrants",
        title_es="Convocatoria sobre la reintegración de personas migrantes retornadas",
        introduction_en="Member countries share what helps returned migrants start again.",
        introduction_es="Los países miembros comparten lo que ayuda a las personas retornadas.",
    )
    mexico = _published(
        call=call,
        title_en="Somos Mexicanos reception programme",
        title_es="Programa de recepción Somos Mexicanos",
        problem="Returned people arrived with no papers and no work.",
        approach="Reception modules at the airports and border crossings.",
        results="Eighty thousand people were received in one year.",
        lessons_learned="Employers must be in the room from the start.",
    )
    mexico.gcm_objectives.add(gcm_objective(21))
    guatemala = _published(
        call=call,
        country=country("GT"),
        title_en="Guatemalan return centre",
        problem="Children returned alone needed care on arrival.",
    )
    guatemala.gcm_objectives.add(gcm_objective(21), gcm_objective(8))
    honduras = _published(call=call, country=country("HN"), title_en="Honduran consular desk")
    honduras.gcm_objectives.add(gcm_objective(8))
    PracticeFactory(call=call, title_en="A draft nobody may read yet", status="draft")
    PracticeFactory(call=call, title_en="A practice still in review", status="in_review")
    return call


def _compile(client, data, django_capture_on_commit_callbacks, language="en"):
    with translation.override(language):
        url = reverse("reports:compile_initiatives")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, data)
    return response, callbacks


def _toc_page(contents: str, label: str) -> int:
    """The page number the table of contents gives `label`, after its dot leader."""
    match = re.search(re.escape(label) + r" ?\.{3,} ?(\d+)", contents)
    assert match, f"{label!r} has no page in the contents"
    return int(match.group(1))


def _ready_pdf(client, response, read_pdf):
    assert response.status_code == 302
    report = Report.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert report.state == ReportState.READY, report.error
    download = client.get(reverse("reports:download", kwargs={"pk": report.pk}))
    assert download.status_code == 200
    return report, read_pdf(b"".join(download.streaming_content))


def test_a_call_compiles_its_published_practices_by_country(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf, norm
):
    response, _callbacks = _compile(client, {"call": call.pk}, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert client.get(response.url).status_code == 200
    report, pages = _ready_pdf(client, response, read_pdf)
    text = " ".join(pages)

    assert report.kind == ReportKind.INITIATIVES
    assert report.source == Compilation.objects.get(call=call)
    assert "Compilation of initiatives: Call on the reintegration of returned migrants" in pages[0]
    assert "3 practices · 3 countries" in pages[0]
    assert "Member countries share what helps returned migrants start again." in text
    contents = pages[1]
    assert "Contents" in contents
    for name in ("Guatemala", "Honduras", "Mexico", "Index of GCM objectives"):
        assert name in contents
    # By country name, then title; numbered in that order.
    assert "1. Guatemalan return centre" in contents
    assert "2. Honduran consular desk" in contents
    assert "3. Somos Mexicanos reception programme" in contents
    for sentence in (
        "Returned people arrived with no papers and no work.",
        "Reception modules at the airports and border crossings.",
        "Eighty thousand people were received in one year.",
        "Employers must be in the room from the start.",
        "Children returned alone needed care on arrival.",
    ):
        assert sentence in text
    assert "Problem addressed" in text and "Lessons learned" in text
    index = pages[-1]
    assert "Index of GCM objectives" in index
    assert "Objective 8: Save lives — 1, 2" in norm(index)
    assert "Objective 21: Dignified return and reintegration — 1, 3" in norm(index)
    # Nobody's contact details, nothing unpublished.
    assert "contact.person@example.org" not in text
    assert "+52 55 0000 0000" not in text
    assert "Contact Person" not in text
    assert "A draft nobody may read yet" not in text
    assert "A practice still in review" not in text


def test_the_table_of_contents_gives_each_country_its_page(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    response, _callbacks = _compile(client, {"call": call.pk}, django_capture_on_commit_callbacks)

    _report, pages = _ready_pdf(client, response, read_pdf)
    for label in ("Guatemala", "Honduras", "Mexico", "Index of GCM objectives"):
        assert pages[_toc_page(pages[1], label) - 1].startswith(label)
    assert pages[_toc_page(pages[1], "Honduran consular desk") - 1].startswith("Honduras")


def test_the_same_selection_gives_the_same_report(
    client, call, celery_eager, django_capture_on_commit_callbacks
):
    first, _callbacks = _compile(client, {"call": call.pk}, django_capture_on_commit_callbacks)
    again, callbacks = _compile(
        client, {"call": f" {call.pk} ", "page": "2"}, django_capture_on_commit_callbacks
    )

    assert again.url == first.url
    assert callbacks == []
    assert Report.objects.count() == 1
    assert Report.objects.get().attempts == 1
    assert Compilation.objects.count() == 1


def test_a_compilation_row_per_selection_whatever_its_spelling(call):
    by_call = compilation_for(call=call)

    assert compilation_for(filters={"call": str(call.pk)}) == by_call
    assert by_call.call == call
    assert by_call.filters == {"call": str(call.pk)}
    mexico = compilation_for(filters={"country": "mx", "q": "  retorno  ", "theme": ""})
    assert mexico == compilation_for(filters={"q": "retorno", "country": "MX", "other": "x"})
    assert mexico.call is None
    assert mexico.filters == {"country": "MX", "q": "retorno"}
    assert list(mexico.filters) == ["country", "q"]
    assert Compilation.objects.count() == 2


def test_every_catalogue_filter_is_checked():
    assert set(FILTER_LABELS) == set(FILTER_KEYS)


def test_a_spanish_request_gives_a_spanish_report(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    response, _callbacks = _compile(
        client, {"call": call.pk}, django_capture_on_commit_callbacks, language="es"
    )

    report, pages = _ready_pdf(client, response, read_pdf)
    text = " ".join(pages)
    assert report.language == "es"
    assert "Convocatoria sobre la reintegración de personas migrantes retornadas" in pages[0]
    assert "Programa de recepción Somos Mexicanos" in text
    assert "Los países miembros comparten lo que ayuda a las personas retornadas." in text
    # A title written only in English falls back to it.
    assert "Guatemalan return centre" in text


def test_a_catalogue_selection_holds_only_what_it_selects(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    response, _callbacks = _compile(
        client,
        {"country": "MX", "q": "", "csrfmiddlewaretoken": "x"},
        django_capture_on_commit_callbacks,
    )

    report, pages = _ready_pdf(client, response, read_pdf)
    text = " ".join(pages)
    assert report.source.filters == {"country": "MX"}
    assert "Country: Mexico" in pages[0]
    assert "1 practice · 1 country" in pages[0]
    assert "Somos Mexicanos reception programme" in text
    assert "Guatemalan return centre" not in text
    assert "Honduran consular desk" not in text
    # A catalogue compilation has no call of its own: the fixed introduction opens it.
    assert "Technical Secretariat" in text


def test_an_empty_selection_still_gives_a_document(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    response, _callbacks = _compile(
        client, {"country": "MX", "q": "retorno"}, django_capture_on_commit_callbacks
    )

    _report, pages = _ready_pdf(client, response, read_pdf)
    assert "Country: Mexico · Search: “retorno”" in pages[0]
    assert "No published practice matches this selection." in " ".join(pages)


def test_compiling_takes_a_post_only(client):
    assert client.get(reverse("reports:compile_initiatives")).status_code == 405


def test_an_unknown_call_is_not_found(client, django_capture_on_commit_callbacks):
    response, _callbacks = _compile(client, {"call": 987654}, django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert not Compilation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"year": "nineteen"},
        {"gcm": "8; drop table"},
        {"call": "-1"},
        {"call": "1e9"},
        {"country": "Mexico"},
        {"theme": "<script>"},
        {"q": "x" * 500},
        {"year": "99999999999999999999"},
    ],
)
def test_junk_filters_are_refused_with_a_message(client, data):
    response = client.post(reverse("reports:compile_initiatives"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The compilation could not be made" in page
    assert FILTER_LABELS[next(iter(data))] + ":" in page
    assert not Compilation.objects.exists()
    assert not Report.objects.exists()


def test_scripts_in_rich_text_never_reach_the_pdf(
    client, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    practice = _published(
        title_en="Practice with hostile markup",
        problem="Before\n\n<script>alert(1)</script>\n\nAfter the script",
        approach="Look <img src=x onerror=alert(1)> here [x](javascript:alert(2))",
    )
    # Kept as typed; shown as the text it is, never as markup.
    assert practice.problem.startswith("Before")

    response, _callbacks = _compile(client, {"country": "MX"}, django_capture_on_commit_callbacks)

    _report, pages = _ready_pdf(client, response, read_pdf)
    text = " ".join(pages)
    assert "After the script" in text
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_the_snapshot_takes_as_many_queries_for_five_practices_as_for_one(
    call, django_assert_num_queries
):
    spec = report_spec(ReportKind.INITIATIVES)
    compilation = compilation_for(filters={"country": "MX"})

    def build():
        source = spec.source_queryset().get(pk=compilation.pk)
        return build_payload(spec, source, "en")

    with CaptureQueriesContext(connection) as one:
        assert build()["count"] == 1
    for number in range(4):
        _published(title_en=f"Another Mexican practice {number}").gcm_objectives.add(
            gcm_objective(number + 1)
        )
    with django_assert_num_queries(len(one)):
        assert build()["count"] == 5


def test_unchanged_practices_keep_the_same_snapshot(call):
    spec = report_spec(ReportKind.INITIATIVES)
    compilation = compilation_for(call=call)

    first = build_payload(spec, compilation, "en")
    assert build_payload(spec, compilation, "en") == first
    assert first["date"]
    _published(call=call, title_en="A newer practice", published_at=timezone.now())
    assert build_payload(spec, compilation, "en")["date"] != first["date"]


def test_sixty_practices_make_contents_over_several_pages(
    celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    from reports.services import report_request

    call = PracticeCallFactory()
    for number in range(60):
        _published(
            call=call,
            country=country(("MX", "GT", "HN", "SV", "CR", "PA")[number % 6]),
            title_en=f"Short practice number {number:02d}",
            problem="A problem.",
            approach="",
            results="",
            lessons_learned="",
        )

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            source=compilation_for(call=call), kind=ReportKind.INITIATIVES, language="en"
        )
    report.refresh_from_db()

    assert report.state == ReportState.READY, report.error
    pages = read_pdf(report.file.read())
    contents = [number for number, text in enumerate(pages) if "Short practice number" in text]
    contents = [number for number in contents if re.search(r"\.{3,} ?\d+", pages[number])]
    assert contents[0] == 1
    assert len(contents) >= 2
    last = _toc_page(pages[contents[-1]], "60. Short practice number 59")
    assert "60. Short practice number 59" in pages[last - 1]


def test_the_catalogue_form_compiles_what_the_page_shows(
    client, call, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    page = client.get(reverse("practices:catalogue"), {"country": "GT"}).content.decode()
    form = re.search(
        r'<form class="compile" method="post" action="([^"]+)">(.*?)</form>', page, re.S
    )
    assert form, "the catalogue offers no compiled report"
    assert form.group(1) == reverse("reports:compile_initiatives")
    data = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert data.get("country") == "GT"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form.group(1), data)

    _report, pages = _ready_pdf(client, response, read_pdf)
    text = " ".join(pages)
    assert "Guatemalan return centre" in text
    assert "Somos Mexicanos reception programme" not in text

"""Example data is marked wherever it appears (DESIGN.md, "Examples are marked"): a badge on
each card and link of an example workshop, practice, declaration or roadmap, a line on its
page and on lists that show one, "(example)" in feeds and calendars, and in PDFs a line on
the cover and a running header. Real rows carry none of it."""

import datetime
import html
import re

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from declarations.models import Declaration
from practices.models import Practice, PracticeStatus
from reports.models import ReportState
from reports.services import report_request
from reports.specs import build_payload, report_spec
from roadmaps.models import Roadmap
from tests.factories import (
    ActionFactory,
    DeclarationFactory,
    LineOfActionFactory,
    ObjectiveFactory,
    ParagraphFactory,
    PracticeFactory,
    RoadmapFactory,
    UserFactory,
    WorkshopFactory,
    country,
    gcm_objective,
)
from tests.logins import login
from workshops.models import OutcomeDocument, Workshop

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LANGUAGES = ("en", "es", "fr")
BADGE = {"en": "Example", "es": "Ejemplo", "fr": "Exemple"}
LINE = {
    "en": "Example: illustrative data, not an RCM record.",
    "es": "Ejemplo: datos ilustrativos, no un registro de la CRM.",
    "fr": f"Exemple{NBSP}: données illustratives, et non un document de la CRM.",
}
LIST_LINE = {
    "en": "Entries marked “Example” are illustrative data, not RCM records.",
    "es": "Las entradas marcadas «Ejemplo» son datos ilustrativos, no registros de la CRM.",
    "fr": (
        f"Les éléments signalés «{NBSP}Exemple{NBSP}» sont des données illustratives, "
        "et non des documents de la CRM."
    ),
}
WORKSHOP_LINE = {
    "en": (
        "The objectives and texts of this workshop come from RCM documents; its dates, "
        "participation, agenda and documents are illustrative examples, not RCM records."
    ),
    "es": (
        "Los objetivos y los textos de este taller provienen de documentos de la CRM; sus "
        "fechas, participación, agenda y documentos son ejemplos ilustrativos, no registros "
        "de la CRM."
    ),
    "fr": (
        "Les objectifs et les textes de cet atelier proviennent de documents de la "
        f"CRM{NBSP}; ses dates, sa participation, son ordre du jour et ses documents sont "
        "des exemples illustratifs, et non des documents de la CRM."
    ),
}
RUNNING = {
    "en": "Example — illustrative data",
    "es": "Ejemplo: datos ilustrativos",
    "fr": "Exemple — données illustratives",
}
SUFFIX = {"en": "(example)", "es": "(ejemplo)", "fr": "(exemple)"}

EXAMPLE = "Illustrative reception of returned migrants"
REAL = "Recorded reception of returned migrants"


def _get(client, name, language, *args, query="", **kwargs):
    with translation.override(language):
        url = reverse(name, args=args, kwargs=kwargs or None)
    response = client.get(url + query)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(page: str) -> str:
    """The page's visible text, tags removed and white space folded (non-breaking spaces
    kept, as French typography wants them)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return " ".join(text.replace(NBSP, "\x00").split()).replace("\x00", NBSP)


def _badges(fragment: str) -> list[str]:
    return re.findall(r'class="example-badge"[^>]*>\s*([^<]+?)\s*<', fragment)


def _item(page: str, title: str) -> str:
    """The list item (card, row or link) that holds `title`, up to the end of its item."""
    start = page.index(title)
    ends = [page.find(tag, start) for tag in ("</li>", "</tr>")]
    return page[start : min(end for end in ends if end != -1)]


def _assert_list(page: str, language: str):
    assert _badges(_item(page, EXAMPLE)) == [BADGE[language]]
    assert _badges(_item(page, REAL)) == []
    assert LIST_LINE[language] in _text(page)


def _assert_marked(page: str, language: str, line=LINE):
    assert line[language] in _text(page)
    assert BADGE[language] in _badges(page)


def _assert_unmarked(page: str):
    assert _badges(page) == []
    assert "example-note" not in page


# --- Workshops ------------------------------------------------------------------------------


@pytest.fixture
def workshops():
    example = WorkshopFactory(title_en=EXAMPLE, slug="example-workshop", is_example=True)
    real = WorkshopFactory(title_en=REAL, slug="real-workshop")
    return example, real


@pytest.mark.parametrize("language", LANGUAGES)
def test_workshop_list_and_pages_mark_the_example_only(client, workshops, language):
    page = _get(client, "workshops:list", language, query="?when=past")
    _assert_list(page, language)

    example = _get(client, "workshops:detail", language, slug="example-workshop")
    _assert_marked(example, language, line=WORKSHOP_LINE)
    _assert_unmarked(_get(client, "workshops:detail", language, slug="real-workshop"))


def test_a_list_of_real_workshops_has_no_example_line(client):
    WorkshopFactory(title_en=REAL)

    page = _get(client, "workshops:list", "en", query="?when=past")

    assert REAL in page
    _assert_unmarked(page)


def test_the_workshop_list_asks_as_many_queries_with_three_examples_as_with_one(client):
    WorkshopFactory(is_example=True)

    def count():
        with CaptureQueriesContext(connection) as queries:
            _get(client, "workshops:list", "en", query="?when=past")
        return len(queries)

    one = count()
    WorkshopFactory.create_batch(2, is_example=True)
    assert count() == one


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calendar_says_which_workshops_are_examples(client, workshops, language):
    with translation.override(language):
        url = reverse("workshops:calendar")
    calendar = Calendar.from_ical(client.get(url).content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    example, real = workshops

    marked = events[f"workshop-{example.pk}@rcm-portal"]
    assert str(marked["SUMMARY"]) == f"{EXAMPLE} {SUFFIX[language]}"
    assert WORKSHOP_LINE[language] in str(marked["DESCRIPTION"])
    plain = events[f"workshop-{real.pk}@rcm-portal"]
    assert str(plain["SUMMARY"]) == REAL
    assert SUFFIX[language] not in str(plain.get("DESCRIPTION", ""))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_feed_says_which_workshops_are_examples(client, workshops, language):
    for workshop in workshops:
        OutcomeDocument.objects.create(
            workshop=workshop,
            kind="conclusions",
            title_en="Conclusions",
            published=True,
            file_en=ContentFile(b"%PDF-1.4 test", name="conclusions.pdf"),
        )
    with translation.override(language):
        url = reverse("workshops:documents_feed")
    feed = feedparser.parse(client.get(url).content)
    entries = {entry.title: entry for entry in feed.entries}

    example = entries[f"Conclusions — {EXAMPLE} {SUFFIX[language]}"]
    assert WORKSHOP_LINE[language] in example.summary
    real = entries[f"Conclusions — {REAL}"]
    assert "CRM" not in real.summary and "RCM" not in real.summary


# --- Practices ------------------------------------------------------------------------------


def _published(**kwargs):
    return PracticeFactory(
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
        **kwargs,
    )


@pytest.fixture
def practices():
    example = _published(title_en=EXAMPLE, is_example=True)
    real = _published(title_en=REAL)
    for practice in (example, real):
        practice.gcm_objectives.add(gcm_objective(21))
    return example, real


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_and_practice_pages_mark_the_example_only(client, practices, language):
    example, real = practices
    _assert_list(_get(client, "practices:catalogue", language), language)

    _assert_marked(_get(client, "practices:detail", language, pk=example.pk), language)
    _assert_unmarked(_get(client, "practices:detail", language, pk=real.pk))


def test_the_catalogue_asks_as_many_queries_with_three_examples_as_with_one(client):
    _published(is_example=True)

    def count():
        with CaptureQueriesContext(connection) as queries:
            _get(client, "practices:catalogue", "en")
        return len(queries)

    one = count()
    _published(is_example=True)
    _published(is_example=True)
    assert count() == one


@pytest.mark.parametrize("file_format", ["json", "csv"])
def test_the_catalogue_downloads_say_which_practices_are_examples(client, practices, file_format):
    import csv
    import io
    import json

    response = client.get(reverse("practices:export", args=[file_format]))
    body = b"".join(getattr(response, "streaming_content", [response.content])).decode("utf-8-sig")
    if file_format == "json":
        rows = {row["title"]: row["is_example"] for row in json.loads(body)["practices"]}
        assert rows == {EXAMPLE: True, REAL: False}
    else:
        rows = {row["title"]: row["is_example"] for row in csv.DictReader(io.StringIO(body))}
        assert rows == {EXAMPLE: "True", REAL: "False"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_workshop_page_marks_its_example_practices(client, practices, language):
    from tests.factories import PracticeCallFactory

    call = PracticeCallFactory(workshop=WorkshopFactory(slug="with-call"))
    Practice.objects.update(call=call)

    page = _get(client, "workshops:detail", language, slug="with-call")

    _assert_list(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gcm_page_marks_example_workshops_and_practices(client, practices, language):
    example, real = WorkshopFactory(title_en=f"{EXAMPLE} workshop", is_example=True), None
    real = WorkshopFactory(title_en=f"{REAL} workshop")
    for workshop in (example, real):
        objective = ObjectiveFactory(workshop=workshop, kind="general", number=1)
        objective.gcm_objectives.add(gcm_objective(21))

    page = _get(client, "objectives:gcm", language)

    assert _badges(_item(page, f"{EXAMPLE} workshop")) == [BADGE[language]]
    assert _badges(_item(page, f"{REAL} workshop")) == []
    assert _badges(_item(page, f"{EXAMPLE}</a>")) == [BADGE[language]]
    assert _badges(_item(page, f"{REAL}</a>")) == []
    assert LIST_LINE[language] in _text(page)


def test_the_gcm_page_has_no_example_line_without_examples(client):
    workshop = WorkshopFactory(title_en=REAL)
    ObjectiveFactory(workshop=workshop, kind="general").gcm_objectives.add(gcm_objective(21))

    page = _get(client, "objectives:gcm", "en")

    assert REAL in page
    _assert_unmarked(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_delegates_own_practices_mark_the_example(client, language):
    delegate = UserFactory(country=country("MX"), role="delegate")
    login(client, delegate)
    example = PracticeFactory(title_en=EXAMPLE, is_example=True)
    real = PracticeFactory(title_en=REAL)

    _assert_list(_get(client, "practices:mine", language), language)
    _assert_marked(_get(client, "practices:mine_detail", language, pk=example.pk), language)
    _assert_unmarked(_get(client, "practices:mine_detail", language, pk=real.pk))


# --- Declarations ---------------------------------------------------------------------------


@pytest.fixture
def declarations():
    example = DeclarationFactory(title_en=EXAMPLE, status="adopted", is_example=True)
    real = DeclarationFactory(title_en=REAL, status="adopted")
    for declaration in (example, real):
        ParagraphFactory(declaration=declaration)
    return example, real


@pytest.mark.parametrize("language", LANGUAGES)
def test_declaration_list_and_pages_mark_the_example_only(client, declarations, language):
    example, real = declarations
    _assert_list(_get(client, "declarations:list", language), language)

    for name in ("declarations:detail", "declarations:compare"):
        _assert_marked(_get(client, name, language, pk=example.pk), language)
        _assert_unmarked(_get(client, name, language, pk=real.pk))


@pytest.mark.parametrize("language", LANGUAGES)
def test_negotiation_pages_mark_the_example_only(client, language):
    login(client, UserFactory(country=country("MX"), role="delegate"))
    example = DeclarationFactory(title_en=EXAMPLE, status="under_negotiation", is_example=True)
    real = DeclarationFactory(title_en=REAL, status="under_negotiation")
    for declaration in (example, real):
        ParagraphFactory(declaration=declaration)

    _assert_list(_get(client, "declarations:negotiations", language), language)
    _assert_marked(_get(client, "declarations:negotiation", language, pk=example.pk), language)
    _assert_unmarked(_get(client, "declarations:negotiation", language, pk=real.pk))


# --- Roadmaps -------------------------------------------------------------------------------


@pytest.fixture
def roadmaps():
    example = RoadmapFactory(title_en=EXAMPLE, slug="example-roadmap", is_example=True)
    real = RoadmapFactory(title_en=REAL, slug="real-roadmap")
    for roadmap in (example, real):
        ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])
    return example, real


@pytest.mark.parametrize("language", LANGUAGES)
def test_roadmap_list_and_dashboards_mark_the_example_only(client, roadmaps, language):
    _assert_list(_get(client, "roadmaps:list", language), language)

    _assert_marked(_get(client, "roadmaps:dashboard", language, slug="example-roadmap"), language)
    _assert_unmarked(_get(client, "roadmaps:dashboard", language, slug="real-roadmap"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_delegates_actions_mark_the_example_roadmap(client, roadmaps, language):
    login(client, UserFactory(country=country("MX"), role="delegate"))

    page = _get(client, "roadmaps:mine", language)

    assert _badges(_item(page, f">{EXAMPLE}<")) == [BADGE[language]]
    assert _badges(_item(page, f">{REAL}<")) == []
    assert LIST_LINE[language] in _text(page)


# --- Home page ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_marks_each_example_card(client, language):
    for title, flag in ((EXAMPLE, True), (REAL, False)):
        workshop = WorkshopFactory(title_en=f"{title} workshop", is_example=flag)
        OutcomeDocument.objects.create(
            workshop=workshop,
            kind="conclusions",
            title_en=f"{title} conclusions",
            published=True,
            file_en=ContentFile(b"%PDF-1.4 test", name="conclusions.pdf"),
        )
        _published(title_en=f"{title} practice", is_example=flag)
        DeclarationFactory(title_en=f"{title} declaration", status="adopted", is_example=flag)
        roadmap = RoadmapFactory(title_en=f"{title} roadmap", is_example=flag)
        ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])

    page = _get(client, "home", language)

    assert LIST_LINE[language] in _text(page)
    for kind in ("practice", "declaration", "roadmap"):
        assert _badges(_item(page, f"{EXAMPLE} {kind}<")) == [BADGE[language]], kind
        assert _badges(_item(page, f"{REAL} {kind}<")) == [], kind
    assert _badges(_item(page, f"{EXAMPLE} conclusions<")) == [BADGE[language]]
    assert _badges(_item(page, f"{REAL} conclusions<")) == []


def test_the_home_page_without_examples_has_no_mark(client):
    roadmap = RoadmapFactory(title_en=f"{REAL} roadmap")
    ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])
    _published(title_en=f"{REAL} practice")

    page = _get(client, "home", "en")

    assert f"{REAL} roadmap" in page and f"{REAL} practice" in page
    _assert_unmarked(page)


# --- PDFs -----------------------------------------------------------------------------------


def _pdf(source, kind, language, capture, read_pdf):
    with capture(execute=True):
        report = report_request(source=source, kind=kind, language=language)
    report.refresh_from_db()
    assert report.state == ReportState.READY, report.error
    return read_pdf(report.file.read())


def _in_pdf(text: str) -> str:
    # The PDF reader folds every white space, non-breaking ones included.
    return " ".join(text.split())


def _assert_pdf_marked(pages, language, line=LINE):
    assert _in_pdf(line[language]) in pages[0]
    assert len(pages) > 1
    for page in pages[1:]:
        assert RUNNING[language] in page


def _assert_pdf_unmarked(pages):
    text = " ".join(pages)
    for language in LANGUAGES:
        assert RUNNING[language] not in text
        assert _in_pdf(LINE[language]) not in text


def _sources(kind):
    """An example and a real source of each kind of report, public and complete."""
    if kind == "workshop":
        return (
            WorkshopFactory(title_en=EXAMPLE, is_example=True),
            WorkshopFactory(title_en=REAL),
        )
    if kind == "declaration":
        made = []
        for title, flag in ((EXAMPLE, True), (REAL, False)):
            declaration = DeclarationFactory(title_en=title, status="adopted", is_example=flag)
            ParagraphFactory(declaration=declaration)
            made.append(declaration)
        return tuple(made)
    made = []
    for title, flag in ((EXAMPLE, True), (REAL, False)):
        roadmap = RoadmapFactory(title_en=title, is_example=flag)
        ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])
        made.append(roadmap)
    return tuple(made)


LINES_BY_KIND = {"workshop": WORKSHOP_LINE, "declaration": LINE, "roadmap": LINE}


@pytest.mark.parametrize("kind", ["workshop", "declaration", "roadmap"])
def test_an_example_report_says_so_on_the_cover_and_on_every_page(
    kind, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    example, real = _sources(kind)

    for language in LANGUAGES:
        pages = _pdf(example, kind, language, django_capture_on_commit_callbacks, read_pdf)
        _assert_pdf_marked(pages, language, line=LINES_BY_KIND[kind])
    pages = _pdf(real, kind, "en", django_capture_on_commit_callbacks, read_pdf)
    _assert_pdf_unmarked(pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_page_says_an_example_pdf_is_one(
    client, language, celery_eager, django_capture_on_commit_callbacks
):
    example, real = _sources("roadmap")
    for source, marked in ((example, True), (real, False)):
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(source=source, kind="roadmap", language=language)

        page = _get(client, "reports:status", language, pk=report.pk)

        assert (LINE[language] in _text(page)) is marked
        assert bool(_badges(page)) is marked


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_pages_mark_an_example_practice(client, language):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    example = PracticeFactory(title_en=EXAMPLE, status="submitted", is_example=True)
    real = PracticeFactory(title_en=REAL, status="submitted")

    queue = _get(client, "practices:review_queue", language)
    assert _badges(_item(queue, EXAMPLE)) == [BADGE[language]]
    assert _badges(_item(queue, REAL)) == []
    _assert_marked(_get(client, "practices:review", language, pk=example.pk), language)
    _assert_unmarked(_get(client, "practices:review", language, pk=real.pk))


def test_the_payloads_carry_the_example_flag():
    workshop = WorkshopFactory(is_example=True)
    declaration = DeclarationFactory(status="adopted")
    roadmap = RoadmapFactory(is_example=True)

    assert build_payload(report_spec("workshop"), workshop, "en")["is_example"] is True
    assert build_payload(report_spec("declaration"), declaration, "en")["is_example"] is False
    assert build_payload(report_spec("roadmap"), roadmap, "en")["is_example"] is True
    assert Workshop.objects.get(pk=workshop.pk).is_example
    assert not Declaration.objects.get(pk=declaration.pk).is_example
    assert Roadmap.objects.get(pk=roadmap.pk).is_example


def _compiled(client, language, capture, read_pdf, **filters):
    with translation.override(language):
        url = reverse("reports:compile_initiatives")
    with capture(execute=True):
        response = client.post(url, filters)
    assert response.status_code == 302
    from django.urls import resolve

    from reports.models import Report

    report = Report.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert report.state == ReportState.READY, report.error
    return report, read_pdf(report.file.read())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_compilation_marks_each_example_practice_and_every_page(
    client, practices, language, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    report, pages = _compiled(client, language, django_capture_on_commit_callbacks, read_pdf)
    text = " ".join(pages)

    assert _in_pdf(LIST_LINE[language]) in pages[0]
    for page in pages[1:]:
        assert {
            "en": "Contains examples — illustrative data",
            "es": "Contiene ejemplos: datos ilustrativos",
            "fr": "Contient des exemples — données illustratives",
        }[language] in page
    assert f"{EXAMPLE} {BADGE[language].upper()}" in text
    assert f"{REAL} {BADGE[language].upper()}" not in text
    entries = [
        p for g in report.content["groups"] for c in g["contributors"] for p in c["practices"]
    ]
    assert {entry["title"]: entry["is_example"] for entry in entries} == {
        EXAMPLE: True,
        REAL: False,
    }


def test_a_compilation_of_real_practices_is_not_marked(
    client, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    _published(title_en=REAL)

    _report, pages = _compiled(client, "en", django_capture_on_commit_callbacks, read_pdf)

    _assert_pdf_unmarked(pages)
    assert "Contains examples" not in " ".join(pages)
    assert "EXAMPLE" not in " ".join(pages)


# --- Administration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, make",
    [
        (Workshop, lambda flag: WorkshopFactory(title_en=EXAMPLE, is_example=flag)),
        (Practice, lambda flag: PracticeFactory(title_en=EXAMPLE, is_example=flag)),
        (Declaration, lambda flag: DeclarationFactory(title_en=EXAMPLE, is_example=flag)),
        (Roadmap, lambda flag: RoadmapFactory(title_en=EXAMPLE, is_example=flag)),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_the_administration_shows_filters_and_edits_the_flag(client, model, make):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    example = make(True)
    make(False)
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")

    page = client.get(changelist).content.decode()
    assert "column-is_example" in page
    assert "?is_example__exact=1" in page
    filtered = client.get(changelist + "?is_example__exact=1")
    assert filtered.context["cl"].result_count == 1
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[example.pk])
    form = client.get(change).content.decode()
    assert 'name="is_example"' in form and "checked" in form

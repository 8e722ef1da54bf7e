import datetime

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from tests.factories import ObjectiveFactory, WorkshopFactory, country
from workshops.models import OutcomeDocument, Participant, Theme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test"
HIDDEN = ("Hidden Person", "hidden@example.org")


def _events(response):
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _feed(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def _document(workshop, *, title="Conclusions", published=True, files=("en",), **extra):
    document = OutcomeDocument(
        workshop=workshop, kind="conclusions", title_en=title, published=published, **extra
    )
    for language in files:
        setattr(
            document,
            f"file_{language}",
            ContentFile(PDF + language.encode(), name=f"conclusions-{language}.pdf"),
        )
    document.save()
    return document


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(
        slug="missing-migrants",
        title_en="Missing migrants",
        title_es="Personas migrantes desaparecidas",
        theme=Theme.objects.get(code="missing-migrants"),
        status="scheduled",
        venue="Hotel Camino Real",
        host_country=country("MX"),
        start_date=datetime.date(2025, 6, 10),
        end_date=datetime.date(2025, 6, 11),
    )
    ObjectiveFactory(
        workshop=workshop,
        kind="general",
        number=1,
        text_en="To strengthen the search for missing migrants.",
        text_es="Fortalecer la búsqueda de personas migrantes desaparecidas.",
    )
    return workshop


# --- The calendar ---------------------------------------------------------------------------


def test_the_calendar_shows_each_dated_workshop_as_an_all_day_event(client, workshop):
    WorkshopFactory(title_en="Dates to be confirmed", start_date=None, end_date=None)

    response = client.get("/en/workshops/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="rcm-workshops.ics"'
    calendar, events = _events(response)
    assert str(calendar["PRODID"]) == "-//RCM Portal//Workshops//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "RCM workshops"
    assert list(events) == [f"workshop-{workshop.pk}@rcm-portal"]
    event = events[f"workshop-{workshop.pk}@rcm-portal"]
    assert str(event["SUMMARY"]) == "Missing migrants"
    assert event["DTSTART"].dt == datetime.date(2025, 6, 10)
    # All-day events end the day after the last day: the workshop covers 10 and 11 June.
    assert event["DTEND"].dt == datetime.date(2025, 6, 12)
    assert str(event["DESCRIPTION"]) == "To strengthen the search for missing migrants."
    assert str(event["LOCATION"]) == "Hotel Camino Real, Mexico"
    assert str(event["URL"]) == "http://testserver/en/workshops/missing-migrants/"
    assert str(event["STATUS"]) == "CONFIRMED"
    # iCalendar times have whole seconds, in UTC.
    assert event["DTSTAMP"].dt == workshop.updated_at.replace(microsecond=0)
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert event["LAST-MODIFIED"].dt == workshop.updated_at.replace(microsecond=0)


def test_the_calendar_in_spanish_shows_spanish_titles_and_links(client, workshop):
    _calendar, events = _events(client.get("/es/workshops/calendar.ics"))

    event = events[f"workshop-{workshop.pk}@rcm-portal"]
    assert str(event["SUMMARY"]) == "Personas migrantes desaparecidas"
    assert str(event["DESCRIPTION"]) == (
        "Fortalecer la búsqueda de personas migrantes desaparecidas."
    )
    assert str(event["LOCATION"]) == "Hotel Camino Real, México"
    assert str(event["URL"]) == "http://testserver/es/workshops/missing-migrants/"


def test_a_one_day_workshop_without_objective_shows_its_theme(client):
    workshop = WorkshopFactory(
        theme=Theme.objects.get(code="labour-migration"),
        start_date=datetime.date(2025, 3, 4),
        end_date=None,
    )

    _calendar, events = _events(client.get("/en/workshops/calendar.ics"))

    event = events[f"workshop-{workshop.pk}@rcm-portal"]
    assert event["DTSTART"].dt == datetime.date(2025, 3, 4)
    assert event["DTEND"].dt == datetime.date(2025, 3, 5)
    assert str(event["DESCRIPTION"]) == "Labour migration"
    assert "LOCATION" not in event


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("proposed", "TENTATIVE"),
        ("approved", "TENTATIVE"),
        ("scheduled", "CONFIRMED"),
        ("held", "CONFIRMED"),
        ("reported", "CONFIRMED"),
        ("cancelled", "CANCELLED"),
    ],
)
def test_the_calendar_tells_whether_a_workshop_will_take_place(client, status, shown):
    workshop = WorkshopFactory(status=status)

    _calendar, events = _events(client.get("/en/workshops/calendar.ics"))

    assert str(events[f"workshop-{workshop.pk}@rcm-portal"]["STATUS"]) == shown


def test_one_workshop_has_its_own_calendar_file(client, workshop):
    WorkshopFactory(title_en="Another workshop")

    response = client.get("/en/workshops/missing-migrants/calendar.ics")

    assert response["Content-Disposition"] == 'inline; filename="missing-migrants.ics"'
    _calendar, events = _events(response)
    assert list(events) == [f"workshop-{workshop.pk}@rcm-portal"]
    assert str(events[f"workshop-{workshop.pk}@rcm-portal"]["SUMMARY"]) == "Missing migrants"


def test_a_workshop_without_dates_or_that_does_not_exist_has_no_calendar_file(client):
    WorkshopFactory(slug="to-be-confirmed", start_date=None, end_date=None)

    assert client.get("/en/workshops/to-be-confirmed/calendar.ics").status_code == 404
    assert client.get("/en/workshops/no-such-workshop/calendar.ics").status_code == 404


def _calendar_queries(client, *, add, total):
    for _index in range(add):
        ObjectiveFactory(
            workshop=WorkshopFactory(host_country=country("GT"), venue="Antigua"),
            kind="general",
            number=1,
        )
    with CaptureQueriesContext(connection) as queries:
        _calendar, events = _events(client.get("/en/workshops/calendar.ics"))
    assert len(events) == total
    return len(queries)


def test_the_calendar_queries_do_not_grow_with_the_workshops(client):
    one = _calendar_queries(client, add=1, total=1)
    assert _calendar_queries(client, add=9, total=10) == one


# --- The feed of outcome documents ----------------------------------------------------------


def test_the_feed_lists_published_documents_newest_first(client, workshop):
    now = datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC)
    older = _document(workshop, title="Conclusions", published_at=now)
    newer = _document(
        workshop, title="Recommendations", published_at=now + datetime.timedelta(days=1)
    )
    _document(workshop, title="Draft minutes", published=False)
    # Published without any file (possible outside the admin form): nothing to read.
    OutcomeDocument.objects.create(
        workshop=workshop, kind="minutes", title_en="Empty minutes", published=True
    )

    feed = _feed(client.get("/en/workshops/documents/feed/"))

    assert feed.version == "atom10"
    assert feed.feed.title == "RCM workshop outcome documents"
    assert feed.feed.link == "http://testserver/en/workshops/"
    assert [entry.title for entry in feed.entries] == [
        "Recommendations — Missing migrants",
        "Conclusions — Missing migrants",
    ]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/en/workshops/missing-migrants/documents/{newer.pk}/en/",
        f"http://testserver/en/workshops/missing-migrants/documents/{older.pk}/en/",
    ]
    assert feed.entries[1].published_parsed[:5] == (2025, 7, 1, 12, 0)
    assert feed.entries[1].updated_parsed[:5] == (2025, 7, 1, 12, 0)
    assert feed.entries[1].summary == (
        "Conclusions of the workshop “Missing migrants”. Edition of July 1, 2025."
    )
    assert len({entry.id for entry in feed.entries}) == 2


def test_a_feed_entry_link_downloads_the_document(client, workshop):
    _document(workshop)

    entry = _feed(client.get("/en/workshops/documents/feed/")).entries[0]
    response = client.get(entry.link)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"en"


def test_the_spanish_feed_links_to_the_spanish_file_or_else_an_available_one(client, workshop):
    both = _document(
        workshop,
        title="Conclusions",
        title_es="Conclusiones",
        files=("en", "es"),
        published_at=datetime.datetime(2025, 7, 2, tzinfo=datetime.UTC),
    )
    english_only = _document(
        workshop,
        title="Minutes",
        published_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
    )

    feed = _feed(client.get("/es/workshops/documents/feed/"))

    assert [entry.title for entry in feed.entries] == [
        "Conclusiones — Personas migrantes desaparecidas",
        "Minutes — Personas migrantes desaparecidas",
    ]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/es/workshops/missing-migrants/documents/{both.pk}/es/",
        f"http://testserver/es/workshops/missing-migrants/documents/{english_only.pk}/en/",
    ]


def test_the_feed_shows_the_30_latest_documents(client, workshop):
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for day in range(31):
        _document(
            workshop, title=f"Document {day}", published_at=start + datetime.timedelta(days=day)
        )

    feed = _feed(client.get("/en/workshops/documents/feed/"))

    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Document 30 — Missing migrants"
    assert "Document 0 — Missing migrants" not in {entry.title for entry in feed.entries}


def _feed_queries(client, *, add, total):
    for _index in range(add):
        _document(WorkshopFactory())
    with CaptureQueriesContext(connection) as queries:
        feed = _feed(client.get("/en/workshops/documents/feed/"))
    assert len(feed.entries) == total
    return len(queries)


def test_the_feed_queries_do_not_grow_with_the_documents(client):
    one = _feed_queries(client, add=1, total=1)
    assert _feed_queries(client, add=9, total=10) == one


# --- Downloading a document -----------------------------------------------------------------


def test_a_published_document_is_served_in_the_language_asked(client, workshop):
    document = _document(workshop, files=("en", "fr"))

    response = client.get(f"/es/workshops/missing-migrants/documents/{document.pk}/fr/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="conclusions-fr.pdf"'
    assert b"".join(response.streaming_content) == PDF + b"fr"


def test_documents_that_are_not_public_or_not_there_are_not_served(client, workshop):
    published = _document(workshop)
    draft = _document(workshop, published=False)
    WorkshopFactory(slug="another-workshop")
    base = "/en/workshops/missing-migrants/documents"

    assert client.get(f"{base}/{draft.pk}/en/").status_code == 404
    assert (
        client.get(f"/en/workshops/another-workshop/documents/{published.pk}/en/").status_code
        == 404
    )
    assert client.get(f"{base}/{published.pk}/de/").status_code == 404
    assert client.get(f"{base}/{published.pk + 100}/en/").status_code == 404
    # The page offers another language when one is missing; the download link does not.
    assert client.get(f"{base}/{published.pk}/es/").status_code == 404


# --- Privacy --------------------------------------------------------------------------------


def test_participants_never_appear_in_the_calendar_or_the_feed(client, workshop):
    Participant.objects.create(
        workshop=workshop,
        full_name=HIDDEN[0],
        email=HIDDEN[1],
        role="expert",
        attendance="attended",
        listed_publicly=False,
    )
    _document(workshop)

    for url in (
        "/en/workshops/calendar.ics",
        "/en/workshops/missing-migrants/calendar.ics",
        "/en/workshops/documents/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Missing migrants" in text
        for private in HIDDEN:
            assert private not in text

"""The demo as a visitor finds it after `manage.py load_demo`: the source workshops with
their example facts, practices, documents and links, seen through the public pages in the
three languages; the Secretariat's review queue with a practice in each state; and a
second load that changes nothing."""

import re
from io import StringIO

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar

from declarations.models import Declaration, DeclarationStatus
from demo.examples.practices import STEPS
from members.groups import SECRETARIAT
from objectives.models import GcmObjective
from outbox.models import OutboxMessage
from practices.models import Practice, PracticeStatus
from roadmaps.models import Roadmap
from tests.factories import UserFactory
from tests.logins import login
from workshops.models import OutcomeDocument, Participant, Workshop, WorkshopStatus

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "fr")
HELD = "reintegration-of-returned-migrants"


def _load(*options) -> str:
    out = StringIO()
    call_command("load_demo", *options, stdout=out)
    return out.getvalue()


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _in(language, message, *args) -> str:
    with translation.override(language):
        return gettext(message) if not args else ngettext(message, *args)


def test_the_catalogue_lists_the_example_practices_and_its_filters_work(client, demo):
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    assert published.count() >= 30
    assert not published.filter(is_example=False).exists()
    for language in LANGUAGES:
        page = _text(client.get(f"/{language}/practices/"))
        with translation.override(language):
            shown = ngettext(
                "%(counter)s published practice", "%(counter)s published practices", 2
            ) % {"counter": published.count()}
        assert shown in page

        # A country's practices, and only them.
        guatemala = published.filter(country__iso_code="GT")
        assert guatemala.exists()
        page = _text(client.get(f"/{language}/practices/?country=GT"))
        with translation.override(language):
            for practice in guatemala:
                assert practice.title in page
            other = published.exclude(country__iso_code="GT").first()
            assert other.title not in page

        # A theme's practices.
        missing = published.filter(themes__code="missing-migrants").distinct()
        assert missing.exists()
        page = _text(client.get(f"/{language}/practices/?theme=missing-migrants"))
        with translation.override(language):
            for practice in missing:
                assert practice.title in page
            unrelated = published.exclude(themes__code="missing-migrants").first()
            assert unrelated.title not in page


def test_the_gcm_page_lists_workshops_under_their_objectives(client, demo):
    linked = GcmObjective.objects.filter(workshop_objectives__isnull=False).distinct()
    assert linked.count() >= 10
    for language in LANGUAGES:
        page = _text(client.get(f"/{language}/gcm/"))
        empty = _in(language, "No workshop is linked to this objective yet.")
        # One empty note for each objective no workshop is linked to, no more.
        assert page.count(empty) == GcmObjective.objects.count() - linked.count()
        with translation.override(language):
            for workshop in Workshop.objects.filter(objectives__gcm_objectives__number=8):
                assert workshop.title in page


def test_the_calendar_and_the_documents_feed_have_entries(client, demo):
    for language in LANGUAGES:
        response = client.get(f"/{language}/workshops/calendar.ics")
        assert response.status_code == 200
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == Workshop.objects.filter(start_date__isnull=False).count() >= 2

        feed = feedparser.parse(client.get(f"/{language}/workshops/documents/feed/").content)
        assert feed.version == "atom10"
        assert len(feed.entries) >= 2
        with translation.override(language):
            titles = {entry.title for entry in feed.entries}
            document = OutcomeDocument.objects.filter(published=True).first()
            assert any(document.title in title for title in titles)


def test_the_workshop_list_has_upcoming_and_past_workshops_and_a_year_filter(client, demo):
    held = Workshop.objects.get(slug=HELD)
    for language in LANGUAGES:
        page = _text(client.get(f"/{language}/workshops/"))
        upcoming = re.search(re.escape(_in(language, "Upcoming")) + r" \((\d+)\)", page)
        past = re.search(re.escape(_in(language, "Past")) + r" \((\d+)\)", page)
        assert int(upcoming.group(1)) > 0 and int(past.group(1)) > 0

        page = _text(client.get(f"/{language}/workshops/?when=past"))
        with translation.override(language):
            assert held.title in page
        assert f'<option value="{held.start_date.year}"' in page

        page = _text(client.get(f"/{language}/workshops/?when=past&year={held.start_date.year}"))
        with translation.override(language):
            assert held.title in page
            for other in Workshop.objects.exclude(start_date__year=held.start_date.year):
                assert other.title not in page


def test_a_held_workshop_shows_participation_listed_speakers_assessments_and_documents(
    client, demo
):
    workshop = Workshop.objects.get(slug=HELD)
    assert workshop.status in (WorkshopStatus.HELD, WorkshopStatus.REPORTED)
    assert workshop.is_example
    # Its status went through the workflow, one recorded step at a time.
    steps = list(
        workshop.status_changes.order_by("changed_at", "id").values_list("to_status", flat=True)
    )
    assert steps[:3] == ["approved", "scheduled", "held"]

    speakers = Participant.objects.filter(workshop=workshop, sessions_as_speaker__isnull=False)
    listed = speakers.filter(listed_publicly=True).distinct()
    hidden = Participant.objects.filter(workshop=workshop, listed_publicly=False)
    assert listed.exists() and hidden.exists()
    attended = Participant.objects.filter(workshop=workshop, attendance="attended").count()
    assessed = workshop.objectives.exclude(assessment="")
    assert assessed.exists()
    documents = workshop.documents.filter(published=True)
    assert documents.exists()

    for language in LANGUAGES:
        page = _text(client.get(f"/{language}/workshops/{workshop.slug}/"))
        assert _in(language, "Participation") in page
        assert f">{attended}<" in page  # the total of those who attended
        for person in listed:
            assert person.full_name in page
        for person in hidden:
            assert person.full_name not in page
        with translation.override(language):
            for objective in assessed:
                assert objective.get_assessment_display() in page
                assert objective.assessment_note in page
            for document in documents:
                assert document.title in page


def test_each_outcome_document_is_an_example_pdf_in_its_languages(client, demo, read_pdf):
    document = OutcomeDocument.objects.filter(workshop__slug=HELD, kind="conclusions").get()
    lines = {
        "en": "Example — illustrative document",
        "es": "Ejemplo — documento ilustrativo",
        "fr": "Exemple — document illustratif",
    }
    for language, line in lines.items():
        stored = getattr(document, f"file_{language}")
        stored.open("rb")
        text = " ".join(read_pdf(stored.read()))
        stored.close()
        assert line in text
        with translation.override(language):
            assert document.title.split()[0] in text


def test_the_review_queue_has_a_practice_in_each_state(client, demo):
    officer = UserFactory(email="officer@example.org", is_staff=True)
    officer.groups.add(Group.objects.get(name=SECRETARIAT))
    login(client, officer)
    for status in PracticeStatus:
        practices = Practice.objects.filter(status=status, is_example=True)
        assert practices.exists(), status
        practice = practices.first()
        # Each step of the way is recorded, with who took it.
        assert practice.status_changes.count() == len(STEPS[status])
        for change in practice.status_changes.all():
            if change.to_status in ("submitted", "withdrawn"):
                # The country's delegate submits; an organization's practice is entered by
                # the Secretariat.
                assert change.changed_by.country == practice.country or practice.organization
            else:
                assert change.changed_by.is_staff
        if status == PracticeStatus.PUBLISHED:
            assert practice.published_at
            continue
        for language in LANGUAGES:
            page = _text(client.get(f"/{language}/practices/review/?status={status.value}"))
            with translation.override(language):
                assert (practice.title or "") in page


def test_the_call_is_open_and_the_example_practices_answer_it(demo):
    answering = Practice.objects.filter(call__isnull=False)
    assert answering.count() >= 10
    call = answering.first().call
    assert call.is_open()
    assert call.workshop.slug == "return-of-migrants-challenges-and-opportunities"
    assert Practice.objects.filter(presented_in__isnull=False).exists()
    assert Practice.objects.filter(organization__isnull=False, country__isnull=True).exists()


def test_the_example_history_mails_nobody(demo, mailoutbox):
    handlers = set(OutboxMessage.objects.values_list("handler", flat=True))
    assert handlers == {"reports.render"}  # the roadmap's report, nothing about practices
    assert mailoutbox == []


def test_a_second_load_changes_nothing(demo):
    before = {
        "history": [(p.pk, p.status_changes.count()) for p in Practice.objects.order_by("pk")],
        "workshops": list(Workshop.objects.order_by("pk").values()),
        "documents": list(OutcomeDocument.objects.order_by("pk").values()),
    }

    second = _load()

    assert "0 rows created or changed" in second
    assert before == {
        "history": [(p.pk, p.status_changes.count()) for p in Practice.objects.order_by("pk")],
        "workshops": list(Workshop.objects.order_by("pk").values()),
        "documents": list(OutcomeDocument.objects.order_by("pk").values()),
    }


def test_a_workshop_still_to_come_counts_its_registered_participants(client, demo):
    upcoming = Workshop.objects.filter(
        status__in=(WorkshopStatus.APPROVED, WorkshopStatus.SCHEDULED),
        participants__isnull=False,
    ).distinct()
    assert upcoming.exists()
    for workshop in upcoming:
        people = Participant.objects.filter(workshop=workshop)
        assert set(people.values_list("attendance", flat=True)) == {"confirmed"}
        page = _text(client.get(f"/en/workshops/{workshop.slug}/"))
        assert f">{people.count()}<" in page


def _marks(language) -> tuple[str, str, str]:
    """The badge, the line of a list and the '(example)' of a title, in `language`."""
    with translation.override(language):
        return (
            translation.pgettext("badge of illustrative data", "Example"),
            gettext("Entries marked “Example” are illustrative data, not RCM records."),
            gettext("%(title)s (example)") % {"title": ""},
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_of_the_demo_marks_its_examples(client, demo, language):
    badge, list_line, title_mark = _marks(language)
    held = Workshop.objects.get(slug=HELD)
    practice = Practice.objects.filter(status=PracticeStatus.PUBLISHED).first()
    declaration = Declaration.objects.filter(status=DeclarationStatus.PUBLISHED).get()
    roadmap = Roadmap.objects.get()
    lists = [
        "",
        "workshops/?when=past",
        "workshops/?when=upcoming",
        "practices/",
        "gcm/",
        "declarations/",
        "roadmaps/",
    ]
    for path in lists:
        page = _text(client.get(f"/{language}/{path}"))
        assert badge in page, path
        assert list_line in page or path == "gcm/", path
    with translation.override(language):
        own_pages = {
            held.get_absolute_url(): gettext(
                "The objectives and texts of this workshop come from RCM documents; its dates, "
                "participation, agenda and documents are illustrative examples, not RCM records."
            ),
            practice.get_absolute_url(): gettext("Example: illustrative data, not an RCM record."),
            declaration.get_absolute_url(): gettext(
                "Example: illustrative data, not an RCM record."
            ),
            reverse("roadmaps:dashboard", args=[roadmap.slug]): gettext(
                "Example: illustrative data, not an RCM record."
            ),
        }
    for url, line in own_pages.items():
        page = _text(client.get(url))
        assert badge in page and line in page, url

    calendar = Calendar.from_ical(client.get(f"/{language}/workshops/calendar.ics").content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert summaries and all(summary.endswith(title_mark) for summary in summaries)
    feed = feedparser.parse(client.get(f"/{language}/workshops/documents/feed/").content)
    assert feed.entries and all(entry.title.endswith(title_mark) for entry in feed.entries)

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Country, Organization
from practices.models import PracticeStatus
from reports.services import report_request
from tests.factories import ObjectiveFactory, PracticeFactory, WorkshopFactory
from workshops.models import AgendaSession, Participant

pytestmark = pytest.mark.django_db

HIDDEN = ("Hidden Person", "hidden.person@example.org")


@pytest.fixture
def held_workshop():
    workshop = WorkshopFactory(
        title_en="Missing migrants",
        status="held",
        start_date=datetime.date(2025, 6, 10),
        end_date=datetime.date(2025, 6, 11),
    )
    ObjectiveFactory(
        workshop=workshop,
        number=1,
        text_en="Identify the search mechanisms.",
        assessment="partly",
        assessment_note_en="Two of three mechanisms were mapped.",
    )
    mexico, guatemala = Country.objects.get(iso_code="MX"), Country.objects.get(iso_code="GT")
    speaker = Participant.objects.create(
        workshop=workshop, full_name="Dr. Visible Speaker", position="Forensic anthropologist",
        role="expert", country=mexico, attendance="attended", listed_publicly=True,
        organization=Organization.objects.get(acronym_en="ICRC"),
    )  # fmt: skip
    hidden = Participant.objects.create(
        workshop=workshop, full_name=HIDDEN[0], email=HIDDEN[1], role="expert",
        country=guatemala, attendance="attended", listed_publicly=False,
    )  # fmt: skip
    for index in range(3):
        Participant.objects.create(
            workshop=workshop, full_name=f"Delegate {index}", role="delegate",
            country=mexico if index < 2 else guatemala, attendance="attended",
        )  # fmt: skip
    Participant.objects.create(
        workshop=workshop, full_name="No show", role="delegate", country=mexico, attendance="absent"
    )
    session = AgendaSession.objects.create(
        workshop=workshop, date=datetime.date(2025, 6, 10), start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30), kind="panel", title_en="Search mechanisms in the region",
    )  # fmt: skip
    session.speakers.add(speaker, hidden)
    return workshop


def test_the_page_shows_the_agenda_with_consenting_speakers_only(client, held_workshop):
    html = client.get(f"/en/workshops/{held_workshop.slug}/").content.decode()

    assert "Search mechanisms in the region" in html
    assert "09:00" in html and "10:30" in html
    assert "Dr. Visible Speaker" in html
    assert "Forensic anthropologist" in html


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_no_name_or_email_of_a_non_consenting_participant_is_public(
    client, held_workshop, language
):
    pages = [
        client.get(f"/{language}/workshops/{held_workshop.slug}/"),
        client.get(f"/{language}/workshops/"),
        client.get(f"/{language}/gcm/"),
    ]

    for page in pages:
        html = page.content.decode()
        assert HIDDEN[0] not in html and HIDDEN[1] not in html
        assert "Delegate 0" not in html


def test_participation_is_counted_by_country_and_role(client, held_workshop):
    html = client.get(f"/en/workshops/{held_workshop.slug}/").content.decode()
    participation = html[html.index('id="participation-heading"') :]
    table = participation[: participation.index("</table>")]
    values = [
        " ".join(cell.split())
        for cell in re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", table, re.S)
    ]

    assert "People who attended, by country and role." in table
    # Columns: Country, Delegate, Expert / speaker, Total; absent people are not counted.
    assert values[:4] == ["Country", "Delegate", "Expert / speaker", "Total"]
    assert values[4:8] == ["Guatemala", "1", "1", "2"]
    assert values[8:12] == ["Mexico", "2", "1", "3"]
    assert values[12:] == ["Total", "3", "2", "5"]


def test_assessments_are_shown_once_the_workshop_is_held(client, held_workshop):
    html = client.get(f"/en/workshops/{held_workshop.slug}/").content.decode()

    assert "Assessment: Partly achieved" in html
    assert "Two of three mechanisms were mapped." in html

    held_workshop.status = "scheduled"
    held_workshop.save()
    html = client.get(f"/en/workshops/{held_workshop.slug}/").content.decode()
    assert "Partly achieved" not in html


def test_the_report_carries_agenda_counts_and_assessments_but_no_hidden_names(
    held_workshop, celery_eager, django_capture_on_commit_callbacks, read_pdf
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(source=held_workshop, kind="workshop", language="en")
    report.refresh_from_db()

    text = " ".join(read_pdf(report.file.read()))
    assert "Agenda" in text and "Search mechanisms in the region" in text
    assert "Speakers: Dr. Visible Speaker" in text
    assert "People who attended, by country and role." in text
    assert "Mexico 2 1 3" in text and "Total 3 2 5" in text
    assert "Assessment: Partly achieved" in text
    assert HIDDEN[0] not in text and HIDDEN[1] not in text
    assert "Delegate 0" not in text


def test_detail_queries_do_not_grow_with_sessions_people_and_documents(client, held_workshop):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/workshops/{held_workshop.slug}/").status_code == 200
        return len(queries)

    count()  # Django's content types cached, as creating the practices below caches them
    before = count()
    for index in range(5):
        person = Participant.objects.create(
            workshop=held_workshop, full_name=f"Speaker {index}", role="expert",
            attendance="attended", listed_publicly=True,
        )  # fmt: skip
        session = AgendaSession.objects.create(
            workshop=held_workshop, date=datetime.date(2025, 6, 11), start_time=datetime.time(11, index),
            end_time=datetime.time(12, 0), kind="plenary", title_en=f"Session {index}",
        )  # fmt: skip
        session.speakers.add(person)
        session.moderators.add(person)
        ObjectiveFactory(workshop=held_workshop, number=index + 2)
        # Practices presented in the session, by a country and by an organization.
        PracticeFactory(status=PracticeStatus.PUBLISHED).presented_in.add(session)
        PracticeFactory(
            status=PracticeStatus.PUBLISHED,
            country=None,
            organization=Organization.objects.get(acronym_en="IOM"),
        ).presented_in.add(session)

    assert count() == before

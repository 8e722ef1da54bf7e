import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Country
from tests.factories import ObjectiveFactory, WorkshopFactory, gcm_objective
from workshops.models import RcmBody, Theme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _titles(client, query=""):
    response = client.get(f"/en/workshops/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _theme(code):
    return Theme.objects.get(code=code)


@pytest.fixture
def catalogue():
    rcgm = RcmBody.objects.get(code="rcgm")
    mexico = Country.objects.get(iso_code="MX")
    WorkshopFactory(
        title_en="Consular protection network", title_es="Red de protección consular",
        theme=_theme("consular-protection"), body=rcgm, host_country=mexico, status="held",
        start_date=datetime.date(2023, 4, 3), end_date=datetime.date(2023, 4, 4),
    )  # fmt: skip
    WorkshopFactory(
        title_en="Labour migration dialogue", theme=_theme("labour-migration"), status="reported",
        start_date=datetime.date(2022, 9, 1), end_date=datetime.date(2022, 9, 1),
    )  # fmt: skip
    WorkshopFactory(
        title_en="Future returnees workshop", theme=_theme("return-reintegration"), status="scheduled",
        start_date=TODAY + datetime.timedelta(days=30), end_date=TODAY + datetime.timedelta(days=31),
    )  # fmt: skip
    WorkshopFactory(
        title_en="Workshop with dates to be set", theme=_theme("return-reintegration"),
        status="proposed", start_date=None, end_date=None,
    )  # fmt: skip


def test_upcoming_and_past_workshops_are_apart(client, catalogue):
    upcoming = _titles(client)
    past = _titles(client, "?when=past")

    assert "Future returnees workshop" in upcoming and "Workshop with dates to be set" in upcoming
    assert "Consular protection network" not in upcoming
    assert "Upcoming (2)" in upcoming and "Past (2)" in upcoming
    assert past.index("Consular protection network") < past.index("Labour migration dialogue")
    assert "Future returnees workshop" not in past


def test_a_workshop_under_way_is_upcoming_until_it_ends(client):
    WorkshopFactory(
        title_en="Running today", start_date=TODAY - datetime.timedelta(days=1), end_date=TODAY
    )

    assert "Running today" in _titles(client, "?when=upcoming")


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("?when=past&year=2023", "Consular protection network", "Labour migration dialogue"),
        ("?when=past&status=reported", "Labour migration dialogue", "Consular protection network"),
        (
            "?when=past&theme=consular-protection",
            "Consular protection network",
            "Labour migration dialogue",
        ),
    ],
)
def test_filters_narrow_the_list(client, catalogue, query, expected, absent):
    html = _titles(client, query)

    assert expected in html
    assert absent not in html


def test_filters_by_body_and_host_country(client, catalogue):
    rcgm = RcmBody.objects.get(code="rcgm")
    mexico = Country.objects.get(iso_code="MX")

    by_body = _titles(client, f"?when=past&body={rcgm.pk}")
    by_country = _titles(client, f"?when=past&host_country={mexico.pk}")

    for html in (by_body, by_country):
        assert "Consular protection network" in html
        assert "Labour migration dialogue" not in html


def test_search_finds_words_in_any_language_and_in_objectives(client, catalogue):
    workshop = WorkshopFactory(
        title_en="Untitled", start_date=datetime.date(2021, 1, 1), end_date=None
    )
    ObjectiveFactory(workshop=workshop, text_en="Map forensic identification practices.")

    assert "Consular protection network" in _titles(client, "?when=past&q=consular")
    assert "Consular protection network" in _titles(client, "?when=past&q=protecci%C3%B3n")
    found = _titles(client, "?when=past&q=forensic")
    assert "Untitled" in found and "Consular protection network" not in found


def test_no_match_says_so(client, catalogue):
    html = _titles(client, "?when=past&q=zzzz-nothing")

    assert "No workshop matches these filters." in html


@pytest.mark.parametrize(
    "query",
    ["?year=abc", "?body=999999", "?host_country=x", "?status=nonsense", "?when=later&page=-1"],
)
def test_nonsense_filters_get_an_answer_not_an_error(client, catalogue, query):
    response = client.get(f"/es/workshops/{query}")

    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, settings):
    settings.WORKSHOPS_PER_PAGE = 2
    for day in range(1, 6):
        WorkshopFactory(
            title_en=f"Theme workshop {day}",
            theme=_theme("skills-recognition"),
            start_date=datetime.date(2022, 1, day),
        )

    html = _titles(client, "?when=past&theme=skills-recognition")

    assert 'href="?when=past&amp;theme=skills-recognition&amp;page=2"' in html


def test_list_queries_do_not_grow_with_the_rows(client):
    WorkshopFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/en/workshops/?when=past&q=workshop")
    WorkshopFactory.create_batch(12)
    with CaptureQueriesContext(connection) as many:
        client.get("/en/workshops/?when=past&q=workshop")

    assert len(one) == len(many)


def test_the_gcm_page_lists_the_23_objectives_with_their_workshops(client):
    objective = ObjectiveFactory(workshop=WorkshopFactory(title_en="Return of migrants"))
    objective.gcm_objectives.add(gcm_objective(21))

    html = client.get("/es/gcm/").content.decode()

    assert html.count('<li id="objective-') == 23
    section = html[html.index('id="objective-21"') : html.index('id="objective-22"')]
    assert "Colaborar para facilitar el regreso y la readmisión" in section
    assert "Return of migrants" in section
    assert (
        "Return of migrants"
        not in html[html.index('id="objective-1"') : html.index('id="objective-2"')]
    )
    assert "Enfoque pansocial" in html


def test_gcm_page_queries_do_not_grow_with_links(client):
    ObjectiveFactory().gcm_objectives.add(gcm_objective(1))
    with CaptureQueriesContext(connection) as one:
        client.get("/en/gcm/")
    for number in range(2, 12):
        ObjectiveFactory().gcm_objectives.add(gcm_objective(number), gcm_objective(1))
    with CaptureQueriesContext(connection) as many:
        client.get("/en/gcm/")

    assert len(one) == len(many)


@pytest.mark.parametrize("character", ["%00", "%01", "%1B", "%7F"])
def test_a_search_with_control_characters_is_refused_with_a_message(client, character):
    response = client.get(f"/en/workshops/?q=return{character}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Null characters are not allowed." in page or "Remove the control characters" in page

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ObjectiveFactory, WorkshopFactory, gcm_objective

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_bare_address_sends_the_visitor_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_workshop_list_shows_the_newest_first(client):
    WorkshopFactory(title_en="Older workshop", start_date=datetime.date(2021, 3, 1))
    WorkshopFactory(title_en="Newer workshop", start_date=datetime.date(2022, 5, 10))

    html = client.get("/en/workshops/").content.decode()

    assert html.index("Newer workshop") < html.index("Older workshop")
    assert "2 workshops" in html


def test_workshop_list_is_paginated(client, settings):
    settings.WORKSHOPS_PER_PAGE = 2
    for day in range(1, 6):
        WorkshopFactory(title_en=f"Workshop of day {day}", start_date=datetime.date(2022, 1, day))

    first = client.get("/en/workshops/").content.decode()
    last = client.get("/en/workshops/?page=3").content.decode()
    beyond = client.get("/en/workshops/?page=99")
    junk = client.get("/en/workshops/?page=abc")

    assert "Workshop of day 5" in first and "Workshop of day 3" not in first
    assert "Page 1 of 3" in first
    assert "Workshop of day 1" in last and "Workshop of day 2" not in last
    assert beyond.status_code == 200 and "Workshop of day 1" in beyond.content.decode()
    assert junk.status_code == 200 and "Workshop of day 5" in junk.content.decode()


def test_workshop_list_says_when_there_is_nothing_yet(client):
    html = client.get("/fr/workshops/").content.decode()

    assert "Aucun atelier n’a encore été publié." in html


def test_workshop_detail_shows_the_objectives_in_order(client):
    workshop = WorkshopFactory(title_en="Missing migrants")
    ObjectiveFactory(workshop=workshop, kind="general", number=1, text_en="The general aim.")
    ObjectiveFactory(workshop=workshop, number=2, text_en="Second specific aim.")
    ObjectiveFactory(workshop=workshop, number=1, text_en="First specific aim.")

    html = client.get(f"/en/workshops/{workshop.slug}/").content.decode()

    assert "<h1>Missing migrants</h1>" in html
    assert html.index("The general aim.") < html.index("First specific aim.")
    assert html.index("First specific aim.") < html.index("Second specific aim.")
    assert "Download PDF" in html


def test_the_spanish_page_shows_the_spanish_title_and_objectives(client):
    workshop = WorkshopFactory(title_en="Return of migrants", title_es="Retorno de migrantes")
    ObjectiveFactory(
        workshop=workshop, text_en="To share practices.", text_es="Compartir prácticas."
    )

    html = client.get(f"/es/workshops/{workshop.slug}/").content.decode()

    assert "<h1>Retorno de migrantes</h1>" in html
    assert "Compartir prácticas." in html
    assert "Descargar PDF" in html


def test_the_french_page_falls_back_to_english_content(client):
    workshop = WorkshopFactory(title_en="Return of migrants", title_fr="")

    html = client.get(f"/fr/workshops/{workshop.slug}/").content.decode()

    assert "<h1>Return of migrants</h1>" in html
    assert "Objectifs" in html


def test_linked_gcm_objectives_are_shown(client):
    objective = ObjectiveFactory()
    objective.gcm_objectives.add(gcm_objective(21))

    html = client.get(f"/en/workshops/{objective.workshop.slug}/").content.decode()

    assert "Objective 21: Dignified return and reintegration" in html


def test_content_is_escaped(client):
    workshop = WorkshopFactory(title_en="<script>alert(1)</script>")

    html = client.get(f"/en/workshops/{workshop.slug}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_workshop_is_not_found(client):
    assert client.get("/en/workshops/no-such-workshop/").status_code == 404


def test_the_language_switcher_keeps_the_page(client):
    workshop = WorkshopFactory()

    response = client.post(
        "/i18n/setlang/", {"language": "es", "next": f"/en/workshops/{workshop.slug}/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/es/workshops/{workshop.slug}/"


def test_list_queries_do_not_grow_with_the_rows(client):
    WorkshopFactory()
    one = _queries(client, "/en/workshops/")
    WorkshopFactory.create_batch(9)
    ten = _queries(client, "/en/workshops/")

    assert one == ten


def test_detail_queries_do_not_grow_with_the_objectives(client):
    workshop = WorkshopFactory()
    ObjectiveFactory(workshop=workshop).gcm_objectives.add(gcm_objective(1))
    one = _queries(client, f"/en/workshops/{workshop.slug}/")
    for _ in range(10):
        ObjectiveFactory(workshop=workshop).gcm_objectives.add(gcm_objective(2), gcm_objective(3))
    eleven = _queries(client, f"/en/workshops/{workshop.slug}/")

    assert one == eleven

"""The home page: what the portal holds, a section per kind, each with its full list."""

import datetime
import html as html_lib
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from declarations.models import DeclarationStatus
from members.models import Country, CountryStatus
from practices.models import PracticeStatus
from roadmaps.models import RoadmapStatus
from tests.factories import (
    ActionFactory,
    DeclarationFactory,
    LineOfActionFactory,
    PracticeFactory,
    ProgressUpdateFactory,
    RoadmapFactory,
    WorkshopFactory,
)
from tests.roadmaps.conftest import hand_case, today  # noqa: F401 (fixtures)
from workshops.models import OutcomeDocument, WorkshopStatus

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": [
        "Upcoming workshops",
        "Recent workshops",
        "Latest best practices",
        "Declarations",
        "Roadmap progress",
        "Latest downloads",
    ],
    "es": [
        "Próximos talleres",
        "Talleres recientes",
        "Últimas buenas prácticas",
        "Declaraciones",
        "Avance de las hojas de ruta",
        "Últimas descargas",
    ],
    "fr": [
        "Ateliers à venir",
        "Ateliers récents",
        "Dernières bonnes pratiques",
        "Déclarations",
        "Avancement des feuilles de route",
        "Derniers téléchargements",
    ],
}

EMPTY = {
    "en": [
        "No workshop is scheduled at the moment.",
        "No workshop has been held yet.",
        "No practice has been published yet.",
        "No declaration has been adopted yet.",
        "No roadmap has been adopted yet.",
        "No outcome document has been published yet.",
    ],
    "es": [
        "Por el momento no hay ningún taller programado.",
        "Todavía no se ha realizado ningún taller.",
        "Todavía no se ha publicado ninguna práctica.",
        "Todavía no se ha adoptado ninguna declaración.",
        "Todavía no se ha adoptado ninguna hoja de ruta.",
        "Todavía no se ha publicado ningún documento de resultados.",
    ],
    "fr": [
        "Aucun atelier n’est prévu pour le moment.",
        "Aucun atelier n’a encore eu lieu.",
        "Aucune pratique n’a encore été publiée.",
        "Aucune déclaration n’a encore été adoptée.",
        "Aucune feuille de route n’a encore été adoptée.",
        "Aucun document final n’a encore été publié.",
    ],
}

MEMBERS = {
    "en": "brings together 11 member countries of North America",
    "es": "reúne a 11 países miembros de América del Norte",
    "fr": "réunit 11 pays membres d’Amérique du Nord",
}


def _text(response) -> str:
    """The page as a reader sees it: no tags, entities decoded, blanks collapsed."""
    assert response.status_code == 200
    body = response.content.decode()
    body = body[body.index("<main") :]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _section(response, heading_id: str) -> str:
    """The text of one section of the home page, by the id of its heading."""
    body = response.content.decode()
    start = body.index(f'aria-labelledby="{heading_id}"')
    end = body.index("</section>", start)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body[start:end])).split())


def _document(workshop, *, title, published_at, files=("en",)):
    document = OutcomeDocument(
        workshop=workshop,
        kind="conclusions",
        title_en=title,
        published=True,
        published_at=published_at,
    )
    for language in files:
        setattr(
            document, f"file_{language}", ContentFile(b"%PDF-1.4 test", name=f"c-{language}.pdf")
        )
    document.save()
    return document


def _held(**kwargs):
    kwargs.setdefault("status", WorkshopStatus.HELD)
    return WorkshopFactory(**kwargs)


def _upcoming(days: int, **kwargs):
    start = timezone.localdate() + datetime.timedelta(days=days)
    kwargs.setdefault("status", WorkshopStatus.SCHEDULED)
    return WorkshopFactory(start_date=start, end_date=start, **kwargs)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_an_empty_portal_says_so_in_each_section(client, language):
    response = client.get(f"/{language}/")
    text = _text(response)

    assert f'<html lang="{language}">' in response.content.decode()
    for heading in HEADINGS[language]:
        assert heading in text
    for empty in EMPTY[language]:
        assert empty in text
    assert MEMBERS[language] in text
    assert "eleven" not in text and "once países" not in text and "onze pays" not in text


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_each_section_shows_its_newest_items_and_links_to_its_list(client, hand_case, language):  # noqa: F811
    _upcoming(40, title_en="Later workshop", title_es="Taller posterior", title_fr="Atelier tardif")
    _upcoming(10, title_en="Sooner workshop", title_es="Taller próximo", title_fr="Atelier proche")
    held = _held(
        title_en="Held workshop on return",
        title_es="Taller realizado sobre el retorno",
        title_fr="Atelier tenu sur le retour",
        start_date=datetime.date(2024, 5, 10),
        end_date=datetime.date(2024, 5, 11),
    )
    PracticeFactory(
        title_en="Reception centres for returned people",
        title_es="Centros de recepción para personas retornadas",
        title_fr="Centres d’accueil pour les personnes de retour",
        status=PracticeStatus.PUBLISHED,
    )
    DeclarationFactory(
        title_en="Declaration of Panama",
        title_es="Declaración de Panamá",
        title_fr="Déclaration de Panama",
        status=DeclarationStatus.ADOPTED,
    )
    _document(held, title="Conclusions of the return workshop", published_at=timezone.now())

    response = client.get(f"/{language}/")
    text = _text(response)

    for heading in HEADINGS[language]:
        assert heading in text
    for empty in EMPTY[language]:
        assert empty not in text
    upcoming = _section(response, "upcoming-heading")
    sooner, later = {
        "en": ("Sooner workshop", "Later workshop"),
        "es": ("Taller próximo", "Taller posterior"),
        "fr": ("Atelier proche", "Atelier tardif"),
    }[language]
    assert upcoming.index(sooner) < upcoming.index(later)
    assert held.title_en not in upcoming
    assert {"en": held.title_en, "es": held.title_es, "fr": held.title_fr}[language] in (
        _section(response, "recent-heading")
    )
    assert {
        "en": "Reception centres for returned people",
        "es": "Centros de recepción para personas retornadas",
        "fr": "Centres d’accueil pour les personnes de retour",
    }[language] in _section(response, "practices-heading")
    assert {
        "en": "Declaration of Panama",
        "es": "Declaración de Panamá",
        "fr": "Déclaration de Panama",
    }[language] in _section(response, "declarations-heading")
    assert "Conclusions of the return workshop" in _section(response, "downloads-heading")
    body = response.content.decode()
    for url in (
        f"/{language}/workshops/?when=upcoming",
        f"/{language}/workshops/?when=past",
        f"/{language}/practices/",
        f"/{language}/declarations/",
        f"/{language}/roadmaps/",
        f"/{language}/roadmaps/regional-roadmap-on-return/",
        f"/{language}/workshops/documents/feed/",
    ):
        assert f'href="{url}"' in body


@pytest.mark.parametrize(
    ("language", "figure", "rule"),
    [
        (
            "en",
            "Overall progress: 43.3%",
            "A roadmap's overall progress is the mean of the progress of all its actions.",
        ),
        (
            "es",
            "Avance general: 43,3%",
            "El avance general de una hoja de ruta es la media del avance de todas sus acciones.",
        ),
        (
            "fr",
            "Avancement global : 43,3%",
            "L’avancement global d’une feuille de route est la moyenne de l’avancement de "
            "toutes ses actions.",
        ),
    ],
)
def test_each_roadmap_shows_the_overall_figure_of_its_dashboard(
    client,
    hand_case,  # noqa: F811
    language,
    figure,
    rule,
):
    section = _section(client.get(f"/{language}/"), "roadmaps-heading")
    dashboard = _text(client.get(f"/{language}/roadmaps/regional-roadmap-on-return/"))

    # conftest.hand_case: (30 + 0 + 100) / 3 actions = 43.3, as the dashboard says.
    assert figure.replace("\u00a0", " ") in section.replace("\u00a0", " ")
    assert figure.split(":")[-1].strip() in dashboard
    assert rule in section


def test_roadmaps_not_yet_adopted_stay_off_the_home_page(client):
    RoadmapFactory(title_en="A roadmap still in draft", status=RoadmapStatus.DRAFT)

    section = _section(client.get("/en/"), "roadmaps-heading")

    assert "A roadmap still in draft" not in section
    assert "No roadmap has been adopted yet." in section


def test_recent_workshops_are_those_that_took_place_latest_first(client):
    _held(title_en="Held in 2023", start_date=datetime.date(2023, 3, 1))
    _held(
        title_en="Reported in 2024",
        status=WorkshopStatus.REPORTED,
        start_date=datetime.date(2024, 3, 1),
    )
    _held(
        title_en="Cancelled in 2024",
        status=WorkshopStatus.CANCELLED,
        start_date=datetime.date(2024, 4, 1),
    )

    section = _section(client.get("/en/"), "recent-heading")

    assert section.index("Reported in 2024") < section.index("Held in 2023")
    assert "Cancelled in 2024" not in section


def test_the_latest_downloads_are_the_newest_published_documents_and_a_few(client):
    workshop = _held(title_en="Missing migrants")
    now = timezone.now()
    for day in range(1, 8):
        _document(
            workshop,
            title=f"Document of day {day}",
            published_at=now - datetime.timedelta(days=day),
        )
    OutcomeDocument.objects.create(
        workshop=workshop, kind="report", title_en="Unpublished report", published=False
    )

    section = _section(client.get("/es/"), "downloads-heading")

    assert section.index("Document of day 1") < section.index("Document of day 5")
    assert "Document of day 6" not in section and "Unpublished report" not in section
    # A file only in English, offered on the Spanish page with a note that says so.
    assert "No está disponible en este idioma: este archivo está en Inglés." in section


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "brings together 1 member country of North America"),
        ("es", "reúne a 1 país miembro de América del Norte"),
        ("fr", "réunit 1 pays membre d’Amérique du Nord"),
    ],
)
def test_the_number_of_member_countries_comes_from_the_rows(client, language, sentence):
    Country.objects.filter(status=CountryStatus.MEMBER).exclude(iso_code="MX").update(
        status=CountryStatus.OBSERVER
    )

    assert sentence in _text(client.get(f"/{language}/"))


def test_ten_member_countries_are_counted_as_ten(client):
    Country.objects.filter(iso_code="BZ").update(status=CountryStatus.OBSERVER)

    assert "brings together 10 member countries" in _text(client.get("/en/"))


def _rows_of_each_kind(count: int) -> None:
    """`count` rows of everything the home page shows, each with what its card reads."""
    now = timezone.now()
    for n in range(count):
        _upcoming(n + 1, title_en=f"Upcoming {n}")
        held = _held(title_en=f"Held {n}", start_date=datetime.date(2020, 1, 1))
        _document(held, title=f"Document {n}", published_at=now, files=("en", "es"))
        PracticeFactory(status=PracticeStatus.PUBLISHED, title_en=f"Practice {n}")
        DeclarationFactory(status=DeclarationStatus.ADOPTED, title_en=f"Declaration {n}")
        roadmap = RoadmapFactory(title_en=f"Roadmap {n}", status=RoadmapStatus.IN_PROGRESS)
        for _line in range(2):
            line = LineOfActionFactory(roadmap=roadmap)
            action = ActionFactory(line=line, countries=["MX", "GT"])
            ProgressUpdateFactory(action=action, percentage=40)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/")
    assert response.status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(client):
    # One of each first: a section with fewer items than it shows must cost the same.
    _rows_of_each_kind(1)
    one = _queries(client)

    _rows_of_each_kind(29)
    thirty = _queries(client)

    assert thirty == one
    section = _section(client.get("/en/"), "roadmaps-heading")
    assert section.count("Overall progress: 20%") == 3  # (40 + 0) / 2 on each action


FEEDS = {
    "en": ("RCM workshop outcome documents", "RCM workshops"),
    "es": ("Documentos de resultados de los talleres de la CRM", "Talleres de la CRM"),
    "fr": ("Documents finaux des ateliers de la CRM", "Ateliers de la CRM"),
}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("page", ["", "declarations/"])
def test_pages_announce_the_feed_and_the_calendar_in_their_head(client, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    head = response.content.decode().split("</head>")[0]
    links = {
        kind: (title, href)
        for kind, title, href in re.findall(
            r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', head
        )
    }
    feed_title, calendar_title = FEEDS[language]

    assert links["application/atom+xml"] == (
        feed_title,
        f"/{language}/workshops/documents/feed/",
    )
    assert links["text/calendar"] == (calendar_title, f"/{language}/workshops/calendar.ics")
    feed = client.get(links["application/atom+xml"][1])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    calendar = client.get(links["text/calendar"][1])
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")

"""What the public reads: adopted declarations, numbered, in two languages side by side."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import DeclarationStatus, ParagraphKind
from declarations.services import declaration_adopt, declaration_transition
from tests.declarations.conftest import make_declaration
from tests.factories import DeclarationFactory, ParagraphFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(secretariat):
    declaration = make_declaration()
    declaration_adopt(
        declaration=declaration,
        by=secretariat,
        adopted_on=datetime.date(2024, 6, 20),
        countries=[country("MX"), country("GT"), country("CR")],
    )
    return declaration


def test_adoption_makes_the_declaration_public(client, secretariat):
    declaration = make_declaration()
    url = reverse("declarations:detail", args=[declaration.pk])
    assert client.get(url).status_code == 404
    assert declaration.title not in client.get(reverse("declarations:list")).content.decode()

    declaration_adopt(
        declaration=declaration,
        by=secretariat,
        adopted_on=datetime.date(2024, 6, 20),
        countries=[country("MX")],
    )

    assert client.get(url).status_code == 200
    assert declaration.title in client.get(reverse("declarations:list")).content.decode()


def test_the_list_shows_only_adopted_and_published_texts(client):
    for status in DeclarationStatus:
        DeclarationFactory(title_en=f"Text that is {status.value}", status=status)

    page = client.get(reverse("declarations:list")).content.decode()

    assert "Text that is adopted" in page
    assert "Text that is published" in page
    assert "Text that is draft" not in page
    assert "Text that is under_negotiation" not in page


def test_the_page_numbers_preambular_and_operative_paragraphs_apart(client, adopted):
    response = client.get(reverse("declarations:detail", args=[adopted.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<li value="1" id="pp-1">Recognizing the value of dialogue,' in page
    assert '<li value="2" id="pp-2">Bearing in mind existing commitments,' in page
    assert '<li value="1" id="op-1">Reaffirm the commitment to reintegration;' in page
    assert '<li value="2" id="op-2">Instruct the Secretariat to compile conclusions.' in page
    countries = page.split('<ul class="adopting-countries">')[1].split("</ul>")[0]
    for name in ("Mexico", "Guatemala", "Costa Rica"):
        assert f"<li>{name}</li>" in countries
    assert "Honduras" not in countries
    assert reverse("reports:request", args=["declaration", adopted.pk]) in page


def test_a_deleted_paragraph_is_not_read_and_numbers_follow(client, adopted):
    adopted.paragraphs.filter(kind="operative", position=3).update(deleted=True)

    page = client.get(reverse("declarations:detail", args=[adopted.pk])).content.decode()

    assert "Reaffirm the commitment to reintegration;" not in page
    assert '<li value="1" id="op-1">Instruct the Secretariat' in page


def test_the_page_is_in_spanish_at_the_spanish_address(client, adopted):
    page = client.get(
        reverse("declarations:detail", args=[adopted.pk]).replace("/en/", "/es/")
    ).content.decode()

    assert "Declaración sobre la reintegración de personas migrantes retornadas" in page
    assert "Reafirman el compromiso con la reintegración;" in page
    assert "México" in page


def test_two_languages_side_by_side(client, adopted):
    paragraph = adopted.paragraphs.get(position=4)
    paragraph.text_es = ""
    paragraph.save()

    response = client.get(
        reverse("declarations:compare", args=[adopted.pk]), {"left": "en", "right": "es"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    rows = page.split("<tr>")
    row = next(r for r in rows if "Reaffirm the commitment to reintegration;" in r)
    assert "Reafirman el compromiso con la reintegración;" in row
    assert 'lang="en"' in row and 'lang="es"' in row
    missing = next(r for r in rows if "Instruct the Secretariat to compile conclusions." in r)
    assert "Not yet translated into Spanish" in missing  # no fallback to English
    assert "Declaración sobre la reintegración de personas migrantes retornadas" in page


def test_unknown_languages_fall_back_to_english_and_spanish(client, adopted):
    response = client.get(
        reverse("declarations:compare", args=[adopted.pk]), {"left": "xx", "right": "<b>"}
    )
    assert response.context["left"]["code"] == "en"
    assert response.context["right"]["code"] == "es"


def test_a_draft_has_no_public_pages_nor_pdf(client):
    draft = make_declaration(status=DeclarationStatus.DRAFT)

    assert client.get(reverse("declarations:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("declarations:compare", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("reports:request", args=["declaration", draft.pk])).status_code == 404
    )


def _declaration_with(paragraph_count: int):
    declaration = DeclarationFactory(status=DeclarationStatus.UNDER_NEGOTIATION)
    for position in range(paragraph_count):
        ParagraphFactory(
            declaration=declaration,
            position=position,
            kind=ParagraphKind.PREAMBULAR if position % 3 == 0 else ParagraphKind.OPERATIVE,
        )
    declaration.adopted_on = datetime.date(2024, 6, 20)
    declaration.save()
    declaration.adopting_countries.set([country("MX"), country("GT")])
    declaration_transition(declaration=declaration, to_status="adopted", by=None)
    declaration.workshops.set([])
    return declaration


@pytest.mark.parametrize("view", ["declarations:detail", "declarations:compare"])
def test_the_page_makes_as_many_queries_for_1_as_for_20_paragraphs(client, view):
    counts = []
    for paragraph_count in (1, 20):
        declaration = _declaration_with(paragraph_count)
        url = reverse(view, args=[declaration.pk])
        client.get(url)  # warm any per-process cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_makes_as_many_queries_for_1_as_for_5_declarations(client):
    counts = []
    for total in (1, 5):
        while DeclarationFactory._meta.model.objects.count() < total:
            DeclarationFactory(status=DeclarationStatus.PUBLISHED)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("declarations:list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]

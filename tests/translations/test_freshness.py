"""Translation freshness: a language whose text was not changed with another's is marked
outdated, the public sees a note on it in its own language, and the Secretariat finds it in
the administration until someone updates it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import DeclarationStatus
from practices.models import PracticeStatus
from tests.declarations.conftest import make_declaration
from tests.factories import (
    ActionFactory,
    LineOfActionFactory,
    ObjectiveFactory,
    PracticeFactory,
    RoadmapFactory,
    WorkshopFactory,
)
from tests.logins import login
from translations.models import OutdatedTranslation
from translations.selectors import outdated_languages

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "This translation may be older than the English text.",
    "es": "Esta traducción puede ser anterior al texto en inglés.",
    "fr": "Cette traduction est peut-être antérieure au texte en anglais.",
}


def _workshop():
    return WorkshopFactory(
        title_en="Return of migrants",
        title_es="Retorno de migrantes",
        title_fr="Retour des migrants",
        background_en="Returned migrants need support.",
        background_es="Las personas retornadas necesitan apoyo.",
        background_fr="Les personnes de retour ont besoin d'appui.",
    )


def test_changing_one_language_marks_the_others_outdated():
    workshop = _workshop()
    assert outdated_languages(workshop) == {}

    workshop.background_en = "Returned migrants need support on arrival."
    workshop.save()

    workshop = type(workshop).objects.get(pk=workshop.pk)
    assert outdated_languages(workshop) == {"background": {"es", "fr"}}
    row = OutdatedTranslation.objects.get(object_id=workshop.pk, language="es")
    assert row.source_language == "en" and row.field == "background"


def test_languages_changed_in_the_same_save_stay_current():
    workshop = _workshop()
    workshop.title_en = "The return of migrants"
    workshop.title_es = "El retorno de migrantes"
    workshop.title_fr = "Le retour des migrants"
    workshop.save()

    assert outdated_languages(type(workshop).objects.get(pk=workshop.pk)) == {}


def test_saving_the_outdated_language_makes_it_current_again():
    workshop = _workshop()
    workshop.title_en = "The return of migrants"
    workshop.save()
    workshop.title_es = "El retorno de migrantes"
    workshop.save()

    assert outdated_languages(type(workshop).objects.get(pk=workshop.pk)) == {"title": {"fr"}}


def test_an_empty_translation_is_missing_not_outdated():
    workshop = WorkshopFactory(title_en="Return", title_es="Retorno", title_fr="")
    workshop.title_en = "The return"
    workshop.save()

    assert outdated_languages(type(workshop).objects.get(pk=workshop.pk)) == {"title": {"es"}}


def test_a_save_that_changes_no_text_marks_nothing():
    workshop = _workshop()
    workshop.venue = "San José"
    workshop.save()

    assert not OutdatedTranslation.objects.exists()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_workshop_page_notes_an_outdated_translation_in_the_visitors_language(client, language):
    workshop = _workshop()
    objective = ObjectiveFactory(
        workshop=workshop,
        text_en="To share practices.",
        text_es="Compartir prácticas.",
        text_fr="Partager des pratiques.",
    )
    url = reverse("workshops:detail", args=[workshop.slug])
    assert NOTE[language] not in client.get(url.replace("/en/", f"/{language}/")).content.decode()

    objective.text_en = "To share and compare practices."
    objective.save()

    page = client.get(url.replace("/en/", f"/{language}/")).content.decode()
    assert page.count(NOTE[language]) == 1
    # The English text is the newer one: no note on it.
    english = client.get(url).content.decode()
    assert NOTE["en"] not in english


def test_a_spanish_change_names_spanish_as_the_newer_text(client):
    workshop = _workshop()
    workshop.title_es = "El retorno de las personas migrantes"
    workshop.save()

    url = reverse("workshops:detail", args=[workshop.slug])
    assert (
        "This translation may be older than the Spanish text." in client.get(url).content.decode()
    )
    french = client.get(url.replace("/en/", "/fr/")).content.decode()
    assert "Cette traduction est peut-être antérieure au texte en espagnol." in french


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_practice_page_notes_an_outdated_summary(client, language):
    practice = PracticeFactory(
        status=PracticeStatus.PUBLISHED,
        summary_en="Returned migrants receive support.",
        summary_es="Las personas retornadas reciben apoyo.",
        summary_fr="Les personnes de retour reçoivent un appui.",
    )
    source = "fr" if language == "en" else "en"
    setattr(practice, f"summary_{source}", "Changed: " + getattr(practice, f"summary_{source}"))
    practice.save()

    page = client.get(
        reverse("practices:detail", args=[practice.pk]).replace("/en/", f"/{language}/")
    ).content.decode()
    expected = {
        "en": "This translation may be older than the French text.",
        "es": "Esta traducción puede ser anterior al texto en inglés.",
        "fr": "Cette traduction est peut-être antérieure au texte en anglais.",
    }[language]
    assert expected in page


def _roadmap_with(lines: int):
    roadmap = RoadmapFactory()
    for _n in range(lines):
        line = LineOfActionFactory(roadmap=roadmap, title_es="Línea", title_fr="Ligne")
        action = ActionFactory(line=line, title_es="Acción", title_fr="Action")
        line.title_en = line.title_en + " (revised)"
        line.save()
        action.title_en = action.title_en + " (revised)"
        action.save()
    return roadmap


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_roadmap_dashboard_notes_outdated_lines_and_actions(client, language):
    roadmap = _roadmap_with(1)

    page = client.get(
        reverse("roadmaps:dashboard", args=[roadmap.slug]).replace("/en/", f"/{language}/")
    ).content.decode()

    assert page.count(NOTE[language]) == 2  # the line's title and the action's


def test_the_dashboard_asks_as_often_for_1_as_for_3_outdated_lines(client):
    counts = []
    for lines in (1, 3):
        roadmap = _roadmap_with(lines)
        url = reverse("roadmaps:dashboard", args=[roadmap.slug]).replace("/en/", "/es/")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count(NOTE["es"]) == 2 * lines
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_workshop_page_asks_as_often_for_1_as_for_4_outdated_objectives(client):
    counts = []
    for objectives in (1, 4):
        workshop = _workshop()
        for _n in range(objectives):
            objective = ObjectiveFactory(workshop=workshop, text_es="Objetivo")
            objective.text_en = "Revised objective"
            objective.save()
        url = reverse("workshops:detail", args=[workshop.slug]).replace("/en/", "/es/")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count(NOTE["es"]) == objectives
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The administration.


def _type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(obj)).pk


def test_editing_a_paragraph_in_the_admin_marks_the_other_languages(client, secretariat):
    declaration = make_declaration(status=DeclarationStatus.DRAFT)
    paragraph = declaration.paragraphs.get(position=3)
    login(client, secretariat)
    url = reverse("admin:declarations_paragraph_change", args=[paragraph.pk])

    response = client.post(
        url,
        {
            "declaration": declaration.pk,
            "kind": paragraph.kind,
            "position": paragraph.position,
            "text_en": "Reaffirm the full commitment to reintegration;",
            "text_es": paragraph.text_es,
            "text_fr": paragraph.text_fr,
        },
    )

    assert response.status_code == 302
    assert outdated_languages(type(paragraph).objects.get(pk=paragraph.pk)) == {
        "text": {"es", "fr"}
    }
    changelist = reverse("admin:declarations_paragraph_changelist")
    listed = client.get(changelist + "?translation_outdated=fr").content.decode()
    assert "Reaffirm the full commitment to reintegration;" in listed
    assert "Translation outdated (language)" in listed
    assert "Recognizing the value of dialogue," not in listed


@pytest.mark.parametrize(
    "language, heading",
    [
        ("en", "Translation outdated (language)"),
        ("es", "Traducción desactualizada (idioma)"),
        ("fr", "Traduction périmée (langue)"),
    ],
)
def test_the_admin_lists_outdated_translations_with_filters(client, secretariat, language, heading):
    workshop = _workshop()
    workshop.title_en = "The return of migrants"
    workshop.save()
    objective = ObjectiveFactory(workshop=workshop, text_es="Objetivo", text_fr="Objectif")
    objective.text_fr = "Objectif révisé"
    objective.save()
    login(client, secretariat)

    url = reverse("admin:translations_outdatedtranslation_changelist").replace(
        "/en/", f"/{language}/"
    )
    page = client.get(url).content.decode()
    rows = 'name="_selected_action"'
    assert page.count(rows) == 4  # two languages of the title, two of the objective
    change = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    assert change.replace("/en/", f"/{language}/") in page  # each row links to its object
    only_french = client.get(url + "?language__exact=fr").content.decode()
    assert only_french.count(rows) == 1
    objectives_type = client.get(
        url + f"?content_type__id__exact={_type_id(objective)}"
    ).content.decode()
    assert objectives_type.count(rows) == 2

    workshops_page = client.get(
        reverse("admin:workshops_workshop_changelist").replace("/en/", f"/{language}/")
    ).content.decode()
    assert heading in workshops_page


def test_marking_a_translation_up_to_date_in_the_admin_clears_the_note(client, secretariat):
    workshop = _workshop()
    workshop.title_en = "The return of migrants"
    workshop.save()
    login(client, secretariat)
    spanish = OutdatedTranslation.objects.get(language="es")

    client.post(
        reverse("admin:translations_outdatedtranslation_changelist"),
        {"action": "mark_current", "_selected_action": [spanish.pk]},
    )

    assert list(OutdatedTranslation.objects.values_list("language", flat=True)) == ["fr"]
    page = client.get(
        reverse("workshops:detail", args=[workshop.slug]).replace("/en/", "/es/")
    ).content.decode()
    assert NOTE["es"] not in page

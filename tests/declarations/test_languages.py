"""One text in three languages: an amendment written in one language is accepted with the
paragraph's text in the other two, or with them marked as needing translation; a
declaration is not adopted while its languages disagree; each version shows what changed
in each language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from declarations.models import AmendmentAction, AmendmentStatus, DeclarationStatus, Paragraph
from tests.factories import AmendmentFactory, country
from tests.logins import login
from translations.models import OutdatedTranslation
from translations.selectors import outdated_languages

pytestmark = pytest.mark.django_db

NEW_EN = "Reaffirm the full commitment to the reintegration of returned migrants;"
NEW_ES = "Reafirman el pleno compromiso con la reintegración de las personas migrantes retornadas;"
NEW_FR = "Réaffirment le plein engagement en faveur de la réintégration des migrants de retour ;"


def _operative(declaration, number=1):
    return declaration.paragraphs.filter(kind="operative").order_by("position")[number - 1]


def _url(name, pk, language="en"):
    # reverse() prefixes the language a previous request left active.
    with translation.override(language):
        return reverse(name, args=[pk])


def _set_adoption(declaration):
    declaration.adopted_on = datetime.date(2024, 6, 20)
    declaration.save()
    declaration.adopting_countries.set([country("MX"), country("GT")])


def _adopt_in_admin(client, declaration, language="en"):
    with translation.override(language):
        url = reverse("admin:declarations_declaration_changelist")
    return client.post(
        url,
        {"action": "make_adopted", "_selected_action": [declaration.pk]},
        follow=True,
    ).content.decode()


@pytest.mark.parametrize(
    "language, label",
    [
        ("en", "Text in Spanish (to update)"),
        ("es", "Texto en Español (por actualizar)"),
        ("fr", "Texte en Espagnol (à mettre à jour)"),
    ],
)
def test_the_review_form_asks_for_the_other_languages_prefilled(
    client, negotiated, secretariat, language, label
):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="en", text=NEW_EN)
    login(client, secretariat)

    page = client.get(
        _url("declarations:review_amendment", amendment.pk, language)
    ).content.decode()

    assert label in page
    assert 'name="text_es"' in page and 'name="text_fr"' in page
    assert 'name="text_en"' not in page  # the amendment's own language is its text
    assert "Reafirman el compromiso con la reintegración;</textarea>" in page
    assert "Réaffirment l&#x27;engagement en faveur de la réintégration ;</textarea>" in page


def test_accepting_with_the_other_languages_changes_all_three_and_the_published_spanish(
    client, negotiated, secretariat
):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="en", text=NEW_EN)
    login(client, secretariat)

    response = client.post(
        _url("declarations:review_amendment", amendment.pk),
        {"decision": "accept", "text_es": NEW_ES, "text_fr": NEW_FR},
    )

    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert (paragraph.text_en, paragraph.text_es, paragraph.text_fr) == (NEW_EN, NEW_ES, NEW_FR)
    assert paragraph.version == 2
    assert outdated_languages(paragraph) == {}
    _set_adoption(negotiated)
    _adopt_in_admin(client, negotiated)
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.ADOPTED
    client.logout()
    spanish = client.get(_url("declarations:detail", negotiated.pk, "es")).content.decode()
    assert NEW_ES in spanish
    assert "Reafirman el compromiso con la reintegración;" not in spanish
    french = client.get(_url("declarations:detail", negotiated.pk, "fr")).content.decode()
    assert NEW_FR.replace("'", "&#x27;") in french


@pytest.mark.parametrize(
    "language, error",
    [
        ("en", "Write the text in this language, or accept with the other languages marked"),
        ("es", "Escriba el texto en este idioma, o acepte con los demás idiomas marcados"),
        ("fr", "Écrivez le texte dans cette langue, ou acceptez en marquant les autres langues"),
    ],
)
def test_accepting_without_the_other_languages_is_asked_again(
    client, negotiated, secretariat, language, error
):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="en", text=NEW_EN)
    login(client, secretariat)

    response = client.post(
        _url("declarations:review_amendment", amendment.pk, language),
        {"decision": "accept", "text_es": "", "text_fr": "  "},
    )

    assert response.status_code == 200
    assert response.content.decode().count(error) == 2
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.PENDING
    paragraph.refresh_from_db()
    assert paragraph.text_en == "Reaffirm the commitment to reintegration;"


@pytest.mark.parametrize(
    "language, note, refusal",
    [
        (
            "en",
            "This translation may be older than the English text.",
            "Update the translations of: operative paragraph 1 (outdated: Spanish, French)",
        ),
        (
            "es",
            "Esta traducción puede ser anterior al texto en inglés.",
            "Actualice las traducciones de: párrafo dispositivo 1 (desactualizado: español, francés)",
        ),
        (
            "fr",
            "Cette traduction est peut-être antérieure au texte en anglais.",
            "Mettez à jour les traductions de : paragraphe du dispositif 1 (périmé : espagnol, français)",
        ),
    ],
)
def test_accepting_with_languages_marked_outdated_blocks_adoption_naming_the_paragraph(
    client, negotiated, secretariat, language, note, refusal
):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="en", text=NEW_EN)
    login(client, secretariat)

    client.post(
        _url("declarations:review_amendment", amendment.pk, language),
        {
            "decision": "accept",
            "text_es": "ignored",
            "text_fr": "ignored",
            "needs_translation": "on",
        },
    )

    paragraph.refresh_from_db()
    assert paragraph.text_en == NEW_EN
    assert paragraph.text_es == "Reafirman el compromiso con la reintegración;"  # kept
    assert outdated_languages(paragraph) == {"text": {"es", "fr"}}
    # The Secretariat reads the note on the page of the text, in Spanish and French.
    if language != "en":
        page = client.get(_url("declarations:detail", negotiated.pk, language)).content.decode()
        assert page.count(note) == 1
    _set_adoption(negotiated)
    page = _adopt_in_admin(client, negotiated, language)
    assert refusal in page
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.UNDER_NEGOTIATION

    # Once the Spanish and French texts are updated, the declaration is adopted.
    paragraph.text_es = NEW_ES
    paragraph.text_fr = NEW_FR
    paragraph.save()
    _adopt_in_admin(client, negotiated, language)
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.ADOPTED


def test_the_compare_view_notes_the_outdated_column(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="es", text=NEW_ES)
    login(client, secretariat)
    client.post(
        _url("declarations:review_amendment", amendment.pk),
        {"decision": "accept", "text_en": NEW_EN, "text_fr": "", "needs_translation": "on"},
    )

    page = client.get(
        _url("declarations:compare", negotiated.pk, "fr") + "?left=es&right=fr"
    ).content.decode()

    assert page.count("Cette traduction est peut-être antérieure au texte en espagnol.") == 1
    paragraph.refresh_from_db()
    assert paragraph.text_en == "Reaffirm the commitment to reintegration;"
    assert outdated_languages(paragraph) == {"text": {"en", "fr"}}


def test_merging_takes_the_edited_text_in_every_language(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph, language="fr", text="Proposition ;")
    login(client, secretariat)

    client.post(
        _url("declarations:review_amendment", amendment.pk, "es"),
        {"decision": "merge", "text": NEW_FR, "text_en": NEW_EN, "text_es": NEW_ES},
    )

    paragraph.refresh_from_db()
    assert (paragraph.text_en, paragraph.text_es, paragraph.text_fr) == (NEW_EN, NEW_ES, NEW_FR)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.MERGED


def test_an_inserted_paragraph_gets_its_text_in_three_languages(client, negotiated, secretariat):
    first = _operative(negotiated)
    amendment = AmendmentFactory(
        paragraph=first,
        action=AmendmentAction.INSERT_AFTER,
        language="en",
        text="Welcome the new network;",
    )
    login(client, secretariat)
    page = client.get(_url("declarations:review_amendment", amendment.pk, "es")).content.decode()
    assert "Texto en Francés (por actualizar)" in page

    client.post(
        _url("declarations:review_amendment", amendment.pk),
        {
            "decision": "accept",
            "text_es": "Acogen con beneplácito la nueva red;",
            "text_fr": "Saluent le nouveau réseau ;",
        },
    )

    amendment.refresh_from_db()
    inserted = amendment.inserted_paragraph
    assert (inserted.text_en, inserted.text_es, inserted.text_fr) == (
        "Welcome the new network;",
        "Acogen con beneplácito la nueva red;",
        "Saluent le nouveau réseau ;",
    )
    assert outdated_languages(inserted) == {}


@pytest.mark.parametrize(
    "language, refusal",
    [
        ("en", "operative paragraph 2 (missing: Spanish, French)"),
        ("es", "párrafo dispositivo 2 (falta: español, francés)"),
        ("fr", "paragraphe du dispositif 2 (manquant : espagnol, français)"),
    ],
)
def test_an_insertion_accepted_in_one_language_blocks_adoption(
    client, negotiated, secretariat, language, refusal
):
    amendment = AmendmentFactory(
        paragraph=_operative(negotiated),
        action=AmendmentAction.INSERT_AFTER,
        language="en",
        text="Welcome the new network;",
    )
    login(client, secretariat)
    client.post(
        _url("declarations:review_amendment", amendment.pk, language),
        {"decision": "accept", "needs_translation": "on"},
    )
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED
    _set_adoption(negotiated)

    page = _adopt_in_admin(client, negotiated, language)

    assert refusal in page
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.UNDER_NEGOTIATION


@pytest.mark.parametrize(
    "language, removed, added, heading",
    [
        ("en", "removed:", "added:", "Operative paragraph 1: versions"),
        ("es", "suprimido:", "añadido:", "Párrafo dispositivo 1: versiones"),
        ("fr", "supprimé :", "ajouté :", "Paragraphe du dispositif 1 : versions"),
    ],
)
def test_the_versions_page_shows_what_changed_in_each_language(
    client, negotiated, secretariat, language, removed, added, heading
):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(
        paragraph=paragraph, language="en", text="Reaffirm the full commitment to reintegration;"
    )
    login(client, secretariat)
    client.post(
        _url("declarations:review_amendment", amendment.pk),
        {
            "decision": "accept",
            "text_es": "Reafirman el pleno compromiso con la reintegración;",
            "text_fr": paragraph.text_fr,
        },
    )
    # The French text says it already: the Secretariat marks it up to date.
    french = OutdatedTranslation.objects.get(language="fr")
    client.post(
        reverse("admin:translations_outdatedtranslation_changelist"),
        {"action": "mark_current", "_selected_action": [french.pk]},
    )
    _set_adoption(negotiated)
    _adopt_in_admin(client, negotiated)
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.ADOPTED
    client.logout()

    detail = client.get(_url("declarations:detail", negotiated.pk, language)).content.decode()
    versions_url = _url("declarations:paragraph_history", paragraph.pk, language)
    assert versions_url in detail
    page = client.get(versions_url).content.decode()

    assert heading in page
    assert f'<ins><span class="visually-hidden">{added}</span>full</ins>' in page
    assert f'<ins><span class="visually-hidden">{added}</span>pleno</ins>' in page
    # French was not changed in that version.
    assert page.count('<dd lang="fr">') == 2
    assert "Version 2" in page or "Versión 2" in page


def test_the_versions_page_of_a_paragraph_under_negotiation_is_not_public(client, negotiated):
    paragraph = _operative(negotiated)

    assert client.get(_url("declarations:paragraph_history", paragraph.pk)).status_code == 404


def test_the_admin_history_shows_the_word_diff(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(
        paragraph=paragraph, language="fr", text="Réaffirment le plein engagement ;"
    )
    login(client, secretariat)
    client.post(
        _url("declarations:review_amendment", amendment.pk),
        {"decision": "accept", "needs_translation": "on"},
    )

    page = client.get(
        _url("admin:declarations_paragraph_history", paragraph.pk, "es")
    ).content.decode()

    assert "Qué cambió en cada idioma" in page
    assert (
        'Réaffirment <del><span class="visually-hidden">suprimido:</span>'
        "l&#x27;engagement en faveur de la réintégration</del> "
        '<ins><span class="visually-hidden">añadido:</span>le plein engagement</ins> ;'
    ) in page
    assert Paragraph.objects.get(pk=paragraph.pk).version == 2


def test_the_review_page_notes_the_outdated_languages_of_the_current_text(
    client, negotiated, secretariat
):
    paragraph = _operative(negotiated)
    paragraph.text_en = "Reaffirm the commitment to reintegration, revised;"
    paragraph.save()
    amendment = AmendmentFactory(paragraph=paragraph, language="en", text=NEW_EN)
    login(client, secretariat)

    page = client.get(_url("declarations:review_amendment", amendment.pk, "es")).content.decode()

    # Under the Spanish and French texts of the paragraph.
    assert page.count("Esta traducción puede ser anterior al texto en inglés.") == 2

"""The Secretariat's decisions on amendments, and the declaration's workflow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from declarations.models import (
    AmendmentAction,
    AmendmentStatus,
    DeclarationStatus,
    DeclarationStatusChange,
    Paragraph,
)
from declarations.services import (
    amendment_accept,
    amendment_merge,
    amendment_reject,
    declaration_adopt,
    declaration_transition,
)
from tests.factories import AmendmentFactory, country
from tests.logins import login

pytestmark = pytest.mark.django_db


def _operative(declaration, number=1):
    return declaration.paragraphs.filter(kind="operative").order_by("position")[number - 1]


def test_an_accepted_change_updates_the_paragraph_and_history_keeps_both(negotiated, secretariat):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(
        paragraph=paragraph, language="es", text="Reafirman el compromiso pleno;"
    )

    amendment_accept(amendment=amendment, by=secretariat)

    paragraph.refresh_from_db()
    assert paragraph.text_es == "Reafirman el compromiso pleno;"
    assert paragraph.text_en == "Reaffirm the commitment to reintegration;"  # other language kept
    assert paragraph.version == 2
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED
    assert amendment.decided_by == secretariat and amendment.decided_at
    history = list(paragraph.history.order_by("history_date"))
    assert [h.text_es for h in history][-2:] == [
        "Reafirman el compromiso con la reintegración;",
        "Reafirman el compromiso pleno;",
    ]
    assert history[-1].history_user == secretariat


def test_accepting_an_insertion_renumbers_the_following_paragraphs(negotiated, secretariat):
    first, second = _operative(negotiated, 1), _operative(negotiated, 2)
    amendment = AmendmentFactory(
        paragraph=first, action=AmendmentAction.INSERT_AFTER, text="Welcome the new network;"
    )

    amendment_accept(amendment=amendment, by=secretariat)

    amendment.refresh_from_db()
    inserted = amendment.inserted_paragraph
    second.refresh_from_db()
    assert inserted.text_en == "Welcome the new network;"
    assert inserted.kind == "operative"
    assert first.position < inserted.position < second.position
    texts = list(
        negotiated.paragraphs.filter(kind="operative")
        .order_by("position")
        .values_list("text_en", flat=True)
    )
    assert texts[1] == "Welcome the new network;"


def test_an_accepted_deletion_keeps_the_paragraph_marked(negotiated, secretariat):
    paragraph = _operative(negotiated, 2)
    amendment = AmendmentFactory(paragraph=paragraph, action=AmendmentAction.DELETE, text="")

    amendment_accept(amendment=amendment, by=secretariat)

    paragraph.refresh_from_db()
    assert paragraph.deleted
    assert paragraph.text_en == "Instruct the Secretariat to compile conclusions."
    assert paragraph.history.filter(deleted=False).exists()


def test_accepting_a_stale_amendment_is_refused_and_merging_it_works(negotiated, secretariat):
    paragraph = _operative(negotiated)
    first = AmendmentFactory(paragraph=paragraph, text="First wording;")
    second = AmendmentFactory(paragraph=paragraph, country=country("GT"), text="Second wording;")
    amendment_accept(amendment=first, by=secretariat)

    with pytest.raises(ValidationError, match="The paragraph changed after this amendment"):
        amendment_accept(amendment=second, by=secretariat)
    paragraph.refresh_from_db()
    assert paragraph.text_en == "First wording;"  # not silently overwritten

    amendment_merge(amendment=second, by=secretariat, text="First and second wording;")
    paragraph.refresh_from_db()
    second.refresh_from_db()
    assert paragraph.text_en == "First and second wording;"
    assert second.status == AmendmentStatus.MERGED
    assert second.applied_text == "First and second wording;"


def test_the_review_page_warns_of_a_stale_amendment_and_merges(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    first = AmendmentFactory(paragraph=paragraph, text="First wording;")
    second = AmendmentFactory(paragraph=paragraph, country=country("GT"), text="Second wording;")
    amendment_accept(amendment=first, by=secretariat)
    login(client, secretariat)
    url = reverse("declarations:review_amendment", args=[second.pk])

    page = client.get(url).content.decode()
    assert "The paragraph changed after this amendment was written" in page
    assert "First wording;" in page and "Second wording;" in page

    response = client.post(url, {"decision": "accept", "needs_translation": "on"}, follow=True)
    assert "Compare it with the current text and merge it" in response.content.decode()
    second.refresh_from_db()
    assert second.status == AmendmentStatus.PENDING

    response = client.post(
        url,
        {
            "decision": "merge",
            "text": "Merged wording;",
            "text_es": "Redacción fusionada;",
            "text_fr": "Rédaction fusionnée ;",
            "note": "Both kept.",
        },
        follow=True,
    )
    second.refresh_from_db()
    assert second.status == AmendmentStatus.MERGED
    assert second.decision_note == "Both kept."
    merged = Paragraph.objects.get(pk=paragraph.pk)
    assert (merged.text_en, merged.text_es, merged.text_fr) == (
        "Merged wording;",
        "Redacción fusionada;",
        "Rédaction fusionnée ;",
    )


def test_rejecting_leaves_the_text(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    amendment = AmendmentFactory(paragraph=paragraph)
    login(client, secretariat)

    client.post(
        reverse("declarations:review_amendment", args=[amendment.pk]),
        {"decision": "reject", "note": "Out of scope."},
    )

    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED
    paragraph.refresh_from_db()
    assert paragraph.version == 1
    with pytest.raises(ValidationError, match="already"):
        amendment_reject(amendment=amendment, by=secretariat)


def test_a_deletion_cannot_be_merged(negotiated, secretariat):
    amendment = AmendmentFactory(
        paragraph=_operative(negotiated), action=AmendmentAction.DELETE, text=""
    )
    with pytest.raises(ValidationError, match="no text to merge"):
        amendment_merge(amendment=amendment, by=secretariat, text="Something")


def test_the_admin_actions_accept_and_reject(client, negotiated, secretariat):
    paragraph = _operative(negotiated)
    accepted = AmendmentFactory(paragraph=paragraph, text="Accepted wording;")
    rejected = AmendmentFactory(paragraph=_operative(negotiated, 2), country=country("GT"))
    login(client, secretariat)
    url = reverse("admin:declarations_amendment_changelist")

    client.post(url, {"action": "accept", "_selected_action": [accepted.pk]})
    client.post(url, {"action": "reject", "_selected_action": [rejected.pk]})

    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert accepted.status == AmendmentStatus.ACCEPTED
    assert rejected.status == AmendmentStatus.REJECTED
    assert Paragraph.objects.get(pk=paragraph.pk).text_en == "Accepted wording;"


def test_the_admin_filters_amendments(client, negotiated, secretariat):
    AmendmentFactory(paragraph=_operative(negotiated))
    login(client, secretariat)
    url = reverse("admin:declarations_amendment_changelist")

    for query in (
        {"status__exact": "pending"},
        {"country__id__exact": country("MX").pk},
        {"paragraph__declaration__id__exact": negotiated.pk},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1


def test_adoption_needs_a_date_countries_and_no_pending_amendment(negotiated, secretariat):
    AmendmentFactory(paragraph=_operative(negotiated))

    with pytest.raises(ValidationError) as refused:
        declaration_transition(
            declaration=negotiated, to_status=DeclarationStatus.ADOPTED, by=secretariat
        )
    messages = " ".join(refused.value.messages)
    assert "Set the adoption date." in messages
    assert "Choose at least one adopting country." in messages
    assert "1 amendments are still pending" in messages


def test_only_member_countries_adopt(negotiated, secretariat):
    with pytest.raises(ValidationError, match="Only member countries adopt"):
        declaration_adopt(
            declaration=negotiated,
            by=secretariat,
            adopted_on=datetime.date(2024, 6, 20),
            countries=[country("MX"), country("CO")],
        )


def test_adoption_records_date_countries_and_who(negotiated, secretariat):
    declaration_adopt(
        declaration=negotiated,
        by=secretariat,
        adopted_on=datetime.date(2024, 6, 20),
        countries=[country("MX"), country("GT")],
    )

    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.ADOPTED
    assert negotiated.adopted_on == datetime.date(2024, 6, 20)
    assert set(negotiated.adopting_countries.values_list("iso_code", flat=True)) == {"MX", "GT"}
    change = DeclarationStatusChange.objects.get(declaration=negotiated)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "under_negotiation",
        "adopted",
        secretariat,
    )


def test_decisions_wait_while_the_text_is_not_under_negotiation(negotiated, secretariat):
    amendment = AmendmentFactory(paragraph=_operative(negotiated))
    declaration_transition(declaration=negotiated, to_status="draft", by=secretariat)

    with pytest.raises(ValidationError, match="only while the declaration is under negotiation"):
        amendment_accept(amendment=amendment, by=secretariat)


def test_the_admin_opens_a_draft_for_negotiation(client, secretariat):
    from tests.declarations.conftest import make_declaration

    draft = make_declaration(status=DeclarationStatus.DRAFT)
    login(client, secretariat)

    client.post(
        reverse("admin:declarations_declaration_changelist"),
        {"action": "make_under_negotiation", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.status == DeclarationStatus.UNDER_NEGOTIATION


def test_editing_a_paragraph_in_the_admin_makes_a_new_version(client, negotiated, superuser):
    paragraph = _operative(negotiated)
    login(client, superuser)
    url = reverse("admin:declarations_paragraph_change", args=[paragraph.pk])

    response = client.post(
        url,
        {
            "declaration": negotiated.pk,
            "kind": "operative",
            "position": paragraph.position,
            "text_en": "Edited by the Drafting Committee;",
            "text_es": paragraph.text_es,
            "text_fr": "",
        },
    )

    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.version == 2
    assert paragraph.history.first().history_user == superuser


def test_the_secretariat_drafts_a_declaration_with_its_paragraphs_in_the_admin(client, secretariat):
    login(client, secretariat)
    form = {
        "title_en": "Declaration on consular protection",
        "title_es": "Declaración sobre protección consular",
        "title_fr": "",
        "meeting_en": "",
        "meeting_es": "",
        "meeting_fr": "",
        "kind": "declaration",
        "paragraphs-TOTAL_FORMS": "2",
        "paragraphs-INITIAL_FORMS": "0",
        "paragraphs-0-kind": "preambular",
        "paragraphs-0-position": "1",
        "paragraphs-0-text_en": "Recalling consular cooperation,",
        "paragraphs-1-kind": "operative",
        "paragraphs-1-position": "2",
        "paragraphs-1-text_en": "Agree to share contacts;",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:declarations_declaration_add"), form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    from declarations.models import Declaration

    declaration = Declaration.objects.get()
    assert declaration.status == DeclarationStatus.DRAFT
    assert list(declaration.paragraphs.values_list("kind", "text_en")) == [
        ("preambular", "Recalling consular cooperation,"),
        ("operative", "Agree to share contacts;"),
    ]
    assert declaration.paragraphs.first().history.first().history_user == secretariat


def test_a_refused_adoption_in_the_admin_says_why(client, negotiated, secretariat):
    login(client, secretariat)

    response = client.post(
        reverse("admin:declarations_declaration_changelist"),
        {"action": "make_adopted", "_selected_action": [negotiated.pk]},
        follow=True,
    )

    assert "Set the adoption date." in response.content.decode()
    negotiated.refresh_from_db()
    assert negotiated.status == DeclarationStatus.UNDER_NEGOTIATION


def test_an_observer_country_set_in_the_admin_blocks_adoption(negotiated, secretariat):
    negotiated.adopted_on = datetime.date(2024, 6, 20)
    negotiated.save()
    negotiated.adopting_countries.set([country("MX"), country("CO")])

    with pytest.raises(
        ValidationError, match="Only member countries adopt a declaration, not Colombia"
    ):
        declaration_transition(
            declaration=negotiated, to_status=DeclarationStatus.ADOPTED, by=secretariat
        )

"""The workflow helper every status workflow goes through: the guard refuses a step outside
the map with the workflow's own message in the visitor's language, a step taken is
recorded with who, when, from and to, and the administration's action names each refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from declarations.models import DeclarationStatus, DeclarationStatusChange
from declarations.services import DECLARATION_WORKFLOW
from practices.models import PracticeStatus, PracticeStatusChange
from practices.services import PRACTICE_WORKFLOW
from roadmaps.models import (
    ActionStatus,
    ActionStatusChange,
    Roadmap,
    RoadmapStatus,
    RoadmapStatusChange,
)
from roadmaps.services import ACTION_WORKFLOW, ROADMAP_WORKFLOW
from tests.factories import (
    ActionFactory,
    DeclarationFactory,
    PracticeFactory,
    RoadmapFactory,
    WorkshopFactory,
)
from tests.logins import login
from workshops.models import WorkshopStatus
from workshops.services import WORKSHOP_WORKFLOW

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A roadmap that is “Draft” cannot become “Closed”."),
        ("es", "Una hoja de ruta en estado “Borrador” no puede pasar al estado “Cerrada”."),
        (
            "fr",
            "Une feuille de route au statut « Brouillon » ne peut pas passer au statut "
            "« Clôturée ».",
        ),
    ],
)
def test_a_step_outside_the_map_is_refused_in_the_language_of_the_moment(
    secretariat, language, message
):
    roadmap = RoadmapFactory(status=RoadmapStatus.DRAFT)

    with translation.override(language), pytest.raises(ValidationError) as refused:
        ROADMAP_WORKFLOW.move(roadmap, to_status=RoadmapStatus.CLOSED, by=secretariat)

    assert refused.value.messages == [message]
    assert refused.value.error_list[0].code == "transition"
    assert Roadmap.objects.get(pk=roadmap.pk).status == RoadmapStatus.DRAFT
    assert not RoadmapStatusChange.objects.exists()


def test_each_workflow_words_its_refusal_its_own_way(secretariat):
    workshop = WorkshopFactory(status=WorkshopStatus.PROPOSED)
    action = ActionFactory(status=ActionStatus.DELAYED)

    with pytest.raises(ValidationError, match="A proposed workshop cannot become held."):
        WORKSHOP_WORKFLOW.move(workshop, to_status=WorkshopStatus.HELD, by=secretariat)
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        ACTION_WORKFLOW.move(action, to_status=ActionStatus.DELAYED, by=secretariat)

    assert refused.value.messages == ["La acción ya tiene el estado “Atrasada”."]
    assert not ActionStatusChange.objects.exists()


def test_a_step_taken_records_who_when_from_to_and_the_note(secretariat):
    declaration = DeclarationFactory(status=DeclarationStatus.DRAFT)
    before = timezone.now()

    change = DECLARATION_WORKFLOW.move(
        declaration,
        to_status=DeclarationStatus.UNDER_NEGOTIATION,
        by=secretariat,
        note="Opened at the plenary.",
    )

    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.UNDER_NEGOTIATION
    recorded = DeclarationStatusChange.objects.get(declaration=declaration)
    assert recorded == change
    assert (recorded.from_status, recorded.to_status) == (
        DeclarationStatus.DRAFT,
        DeclarationStatus.UNDER_NEGOTIATION,
    )
    assert recorded.changed_by == secretariat
    assert before <= recorded.changed_at <= timezone.now()
    assert recorded.comment == "Opened at the plenary."


def test_a_step_the_workflow_refuses_for_its_own_reason_leaves_nothing_behind(secretariat):
    practice = PracticeFactory(status=PracticeStatus.DRAFT, summary_en="", summary="")

    with pytest.raises(ValidationError, match="Write a short summary."):
        PRACTICE_WORKFLOW.move(practice, to_status=PracticeStatus.SUBMITTED, by=secretariat)

    practice.refresh_from_db()
    assert (practice.status, practice.submitted_at) == (PracticeStatus.DRAFT, None)
    assert not PracticeStatusChange.objects.exists()


def test_who_may_take_a_step_is_part_of_the_workflow(delegate_mx, delegate_gt, secretariat):
    draft = PracticeFactory(status=PracticeStatus.DRAFT)
    submitted = PracticeFactory(status=PracticeStatus.SUBMITTED)

    assert PRACTICE_WORKFLOW.targets(draft, user=delegate_mx) == [
        PracticeStatus.SUBMITTED,
        PracticeStatus.WITHDRAWN,
    ]
    assert PRACTICE_WORKFLOW.targets(draft, user=delegate_gt) == []
    assert PRACTICE_WORKFLOW.targets(draft, user=secretariat) == []
    assert PRACTICE_WORKFLOW.targets(submitted, user=secretariat) == [PracticeStatus.IN_REVIEW]
    assert PRACTICE_WORKFLOW.targets(submitted, user=delegate_mx) == [PracticeStatus.WITHDRAWN]
    assert not PRACTICE_WORKFLOW.allowed(submitted, PracticeStatus.PUBLISHED, user=secretariat)


def test_the_admin_action_moves_what_it_can_and_names_each_refusal(client, secretariat):
    draft = RoadmapFactory(status=RoadmapStatus.DRAFT, title_en="Roadmap on return")
    closed = RoadmapFactory(status=RoadmapStatus.CLOSED, title_en="Roadmap on asylum")
    in_progress = RoadmapFactory(
        status=RoadmapStatus.IN_PROGRESS, title_en="Roadmap on labour mobility"
    )
    login(client, secretariat)

    page = client.post(
        reverse("admin:roadmaps_roadmap_changelist"),
        {"action": "make_adopted", "_selected_action": [draft.pk, closed.pk, in_progress.pk]},
        follow=True,
    )

    html = page.content.decode()
    assert "1 roadmap is now “Adopted”." in html
    assert "Roadmap on asylum: A roadmap that is “Closed” cannot become “Adopted”." in html
    assert (
        "Roadmap on labour mobility: A roadmap that is “In progress” cannot become “Adopted”."
        in html
    )
    assert [change.roadmap for change in RoadmapStatusChange.objects.all()] == [draft]
    assert Roadmap.objects.get(pk=closed.pk).status == RoadmapStatus.CLOSED


def test_the_admin_action_names_refusals_in_the_admin_language(client, secretariat):
    closed = RoadmapFactory(status=RoadmapStatus.CLOSED, title_en="Roadmap on asylum")
    login(client, secretariat)

    page = client.post(
        "/fr" + reverse("admin:roadmaps_roadmap_changelist")[3:],
        {"action": "make_adopted", "_selected_action": [closed.pk]},
        follow=True,
    )

    html = page.content.decode()
    assert (
        "Roadmap on asylum: Une feuille de route au statut « Clôturée » ne peut pas passer "
        "au statut « Adoptée »." in html
    )
    assert "ont désormais le statut" not in html

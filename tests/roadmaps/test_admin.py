"""The Secretariat moves roadmaps and actions through their statuses in the admin: each
step through a service, recorded with who, when, from and to, and shown in the history."""

import pytest
from django.urls import reverse

from roadmaps.models import (
    ActionStatus,
    ActionStatusChange,
    Roadmap,
    RoadmapStatus,
    RoadmapStatusChange,
)
from tests.factories import ActionFactory, RoadmapFactory
from tests.logins import login

pytestmark = pytest.mark.django_db


def _act(client, model, action, pks):
    return client.post(
        reverse(f"admin:roadmaps_{model}_changelist"),
        {"action": action, "_selected_action": pks},
        follow=True,
    )


def test_adopting_a_roadmap_in_the_admin_records_who_when_from_and_to(client, secretariat):
    roadmap = RoadmapFactory(status=RoadmapStatus.DRAFT, title_en="Roadmap on return")
    login(client, secretariat)

    page = _act(client, "roadmap", "make_adopted", [roadmap.pk])

    assert "1 roadmap is now “Adopted”." in page.content.decode()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ADOPTED
    change = RoadmapStatusChange.objects.get(roadmap=roadmap)
    assert (change.from_status, change.to_status, change.changed_by) == (
        RoadmapStatus.DRAFT,
        RoadmapStatus.ADOPTED,
        secretariat,
    )
    assert change.changed_at is not None
    history = client.get(reverse("admin:roadmaps_roadmap_change", args=[roadmap.pk]))
    html = history.content.decode()
    assert "Workflow" in html
    assert "Olivia Officer" in html or "officer@example.org" in html


def test_a_transition_the_workflow_does_not_allow_is_refused_by_name(client, secretariat):
    draft = RoadmapFactory(status=RoadmapStatus.DRAFT, title_en="Draft roadmap")
    login(client, secretariat)

    page = _act(client, "roadmap", "make_closed", [draft.pk])

    assert "Draft roadmap: A roadmap that is “Draft” cannot become “Closed”." in (
        page.content.decode()
    )
    assert Roadmap.objects.get(pk=draft.pk).status == RoadmapStatus.DRAFT
    assert not RoadmapStatusChange.objects.exists()


def test_the_status_is_not_typed_in_the_change_form(client, secretariat):
    roadmap = RoadmapFactory(status=RoadmapStatus.DRAFT)
    login(client, secretariat)

    page = client.get(reverse("admin:roadmaps_roadmap_change", args=[roadmap.pk])).content
    action = ActionFactory(line__roadmap=roadmap)
    action_page = client.get(reverse("admin:roadmaps_action_change", args=[action.pk])).content

    assert b'name="status"' not in page
    assert b'name="status"' not in action_page


def test_closing_an_action_is_recorded_and_shown_in_its_history(client, secretariat):
    action = ActionFactory(title_en="Map national services", countries=["MX", "GT"])
    login(client, secretariat)

    page = _act(client, "action", "make_completed", [action.pk])

    assert "1 action is now “Completed”." in page.content.decode()
    change = ActionStatusChange.objects.get(action=action)
    assert (change.from_status, change.to_status, change.changed_by) == (
        ActionStatus.NOT_STARTED,
        ActionStatus.COMPLETED,
        secretariat,
    )
    html = client.get(reverse("admin:roadmaps_action_change", args=[action.pk])).content.decode()
    assert "Status history" in html
    assert "Not started" in html and "Completed" in html

    # Again: nothing changes, and the admin says why.
    page = _act(client, "action", "make_completed", [action.pk])
    assert "The action is already “Completed”." in page.content.decode()
    assert ActionStatusChange.objects.filter(action=action).count() == 1


def test_the_spanish_admin_says_the_transition_in_spanish(client, secretariat):
    roadmap = RoadmapFactory(status=RoadmapStatus.DRAFT)
    login(client, secretariat)

    page = client.post(
        "/es" + reverse("admin:roadmaps_roadmap_changelist")[3:],
        {"action": "make_adopted", "_selected_action": [roadmap.pk]},
        follow=True,
    )

    assert "1 hoja de ruta" in page.content.decode()
    assert RoadmapStatusChange.objects.filter(roadmap=roadmap).count() == 1

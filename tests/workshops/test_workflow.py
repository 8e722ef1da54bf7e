import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ObjectiveFactory, UserFactory, WorkshopFactory
from tests.logins import login
from workshops.models import Workshop, WorkshopStatus, WorkshopStatusChange
from workshops.services import workshop_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(email="officer@example.org", is_staff=True)


def _move(workshop, *statuses, by):
    for status in statuses:
        workshop_transition(workshop=workshop, to_status=status, by=by)
    workshop.refresh_from_db()


def test_a_workshop_goes_through_its_whole_life_with_each_step_recorded(officer):
    workshop = WorkshopFactory(start_date=timezone.localdate() - datetime.timedelta(days=2))

    _move(workshop, "approved", "scheduled", "held", "reported", by=officer)

    assert workshop.status == WorkshopStatus.REPORTED
    steps = list(workshop.status_changes.order_by("changed_at", "id"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("proposed", "approved"),
        ("approved", "scheduled"),
        ("scheduled", "held"),
        ("held", "reported"),
    ]
    assert all(step.changed_by == officer and step.changed_at for step in steps)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), "held"),
        ((), "reported"),
        (("approved",), "held"),
        (("approved", "scheduled", "held", "reported"), "cancelled"),
        (("cancelled",), "approved"),
        (("approved",), "proposed"),
    ],
)
def test_steps_outside_the_workflow_are_refused(officer, path, refused):
    workshop = WorkshopFactory(start_date=timezone.localdate() - datetime.timedelta(days=1))
    _move(workshop, *path, by=officer)
    before = workshop.status

    with pytest.raises(ValidationError, match="cannot become"):
        workshop_transition(workshop=workshop, to_status=refused, by=officer)

    workshop.refresh_from_db()
    assert workshop.status == before
    assert WorkshopStatusChange.objects.filter(to_status=refused, workshop=workshop).count() == 0


def test_a_workshop_without_dates_cannot_be_scheduled(officer):
    workshop = WorkshopFactory(start_date=None, end_date=None, status="approved")

    with pytest.raises(ValidationError, match="Set the workshop's dates"):
        workshop_transition(workshop=workshop, to_status="scheduled", by=officer)


def test_a_future_workshop_cannot_be_marked_as_held(officer):
    workshop = WorkshopFactory(
        start_date=timezone.localdate() + datetime.timedelta(days=10),
        end_date=timezone.localdate() + datetime.timedelta(days=11),
        status="scheduled",
    )

    with pytest.raises(ValidationError, match="only once it has started"):
        workshop_transition(workshop=workshop, to_status="held", by=officer)


def test_staff_move_workshops_with_admin_actions_and_see_refusals(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    ready = WorkshopFactory(title_en="Ready workshop", status="approved")
    undated = WorkshopFactory(
        title_en="Undated workshop", status="approved", start_date=None, end_date=None
    )

    response = client.post(
        "/en/admin/workshops/workshop/",
        {"action": "make_scheduled", "_selected_action": [ready.pk, undated.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "1 workshop is now scheduled." in html
    assert "Undated workshop: Set the workshop&#x27;s dates before scheduling it." in html
    assert Workshop.objects.get(pk=ready.pk).status == "scheduled"
    assert Workshop.objects.get(pk=undated.pk).status == "approved"


def test_the_status_cannot_be_typed_in_the_admin_form(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    workshop = WorkshopFactory()

    html = client.get(f"/en/admin/workshops/workshop/{workshop.pk}/change/").content.decode()

    assert 'name="status"' not in html


def test_the_history_keeps_who_changed_what_in_every_language(client):
    editor = UserFactory(full_name="Ana Editor", is_staff=True, is_superuser=True)
    login(client, editor)
    objective = ObjectiveFactory(text_en="Old text")
    workshop = objective.workshop
    workshop.title_es = "Título en español"
    workshop._history_user = editor
    workshop.save()
    objective.text_en = "New text"
    objective.save()

    latest = workshop.history.first()
    assert latest.title_es == "Título en español"
    assert latest.history_user == editor
    assert [h.text_en for h in objective.history.all()] == ["New text", "Old text"]
    page = client.get(f"/en/admin/workshops/workshop/{workshop.pk}/history/")
    assert page.status_code == 200
    assert "Ana Editor" in page.content.decode()


def test_staff_of_the_secretariat_group_see_only_what_the_group_allows(client):
    from django.contrib.auth.models import Group

    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name="Technical Secretariat"))
    login(client, officer)

    assert client.get("/en/admin/workshops/workshop/").status_code == 200
    assert client.get("/en/admin/workshops/workshop/add/").status_code == 200
    assert client.get("/en/admin/members/user/").status_code == 403
    assert client.get("/en/admin/auth/group/").status_code == 403
    assert client.get("/en/admin/objectives/gcmobjective/add/").status_code == 403
    index = client.get("/en/admin/").content.decode()
    assert "Workshops" in index and "Users" not in index


def test_an_objective_history_is_visible_in_the_admin(client):
    login(client, UserFactory(full_name="Ana Editor", is_staff=True, is_superuser=True))
    objective = ObjectiveFactory(text_en="First wording")
    client.post(
        f"/en/admin/objectives/objective/{objective.pk}/change/",
        {
            "workshop": objective.workshop.pk,
            "kind": "specific",
            "number": objective.number,
            "text_en": "Second wording",
            "assessment": "achieved",
            "assessment_note_en": "Done.",
        },
    )

    page = client.get(f"/en/admin/objectives/objective/{objective.pk}/history/").content.decode()
    assert "Ana Editor" in page
    assert [h.text_en for h in objective.history.all()] == ["Second wording", "First wording"]

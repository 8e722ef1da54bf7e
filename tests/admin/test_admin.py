import pytest
from django.contrib import admin
from django.urls import reverse

from objectives.models import Objective
from tests.factories import ObjectiveFactory, UserFactory, WorkshopFactory, gcm_objective
from tests.logins import login
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


INLINES = ("objectives", "sessions", "participants", "documents", "status_changes")


def _workshop_form(**data):
    """The workshop admin form's data, with an empty management form for each inline."""
    form = {}
    for prefix in INLINES:
        form[f"{prefix}-TOTAL_FORMS"] = "0"
        form[f"{prefix}-INITIAL_FORMS"] = "0"
    form.update(data)
    return form


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m.__name__)
def test_every_admin_list_and_search_answers(staff_client, model):
    ObjectiveFactory()

    assert staff_client.get(_admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(_admin_url(model, "changelist"), {"q": "migr"}).status_code == 200


def test_the_workshop_form_shows_the_translations_side_by_side(staff_client):
    objective = ObjectiveFactory()

    html = staff_client.get(_admin_url(Workshop, "change", objective.workshop.pk)).content.decode()

    for language in ("en", "es", "fr"):
        assert f'name="title_{language}"' in html
        assert f'name="objectives-0-text_{language}"' in html


def test_staff_create_a_workshop_with_its_objectives_in_the_admin(staff_client):
    prefix = "objectives"
    response = staff_client.post(
        _admin_url(Workshop, "add"),
        _workshop_form(
            **{
                "title_en": "Consular protection in transit",
                "title_es": "Protección consular en tránsito",
                "title_fr": "Protection consulaire en transit",
                "slug": "consular-protection-in-transit",
                "status": "proposed",
                "start_date": "2026-03-02",
                "end_date": "2026-03-03",
                f"{prefix}-TOTAL_FORMS": "2",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-0-kind": "general",
                f"{prefix}-0-number": "1",
                f"{prefix}-0-text_en": "To strengthen consular protection.",
                f"{prefix}-0-text_es": "Fortalecer la protección consular.",
                f"{prefix}-0-gcm_objectives": [str(gcm_objective(14).pk)],
                f"{prefix}-1-kind": "specific",
                f"{prefix}-1-number": "1",
                f"{prefix}-1-text_en": "To map consular networks.",
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    workshop = Workshop.objects.get(slug="consular-protection-in-transit")
    assert workshop.title_es == "Protección consular en tránsito"
    general = workshop.objectives.get(kind="general")
    assert general.text_es == "Fortalecer la protección consular."
    assert list(general.gcm_objectives.values_list("number", flat=True)) == [14]
    page = staff_client.get(f"/es/workshops/{workshop.slug}/").content.decode()
    assert "Fortalecer la protección consular." in page


def test_an_end_date_before_the_start_is_a_clear_form_error(staff_client):
    response = staff_client.post(
        _admin_url(Workshop, "add"),
        _workshop_form(
            title_en="Backwards dates",
            slug="backwards-dates",
            start_date="2026-03-05",
            end_date="2026-03-01",
        ),
    )

    assert response.status_code == 200
    assert "The end date cannot be before the start date" in response.content.decode()
    assert not Workshop.objects.filter(slug="backwards-dates").exists()


def test_two_general_objectives_are_refused_with_a_message(staff_client):
    workshop = WorkshopFactory()
    data = _workshop_form(
        title_en=workshop.title_en, slug=workshop.slug, **{"objectives-TOTAL_FORMS": "2"}
    )
    for index in (0, 1):
        data[f"objectives-{index}-kind"] = "general"
        data[f"objectives-{index}-number"] = str(index + 1)
        data[f"objectives-{index}-text_en"] = f"General aim {index}"

    response = staff_client.post(_admin_url(Workshop, "change", workshop.pk), data)

    assert response.status_code == 200
    assert "A workshop has only one general objective." in response.content.decode()
    assert Objective.objects.filter(workshop=workshop).count() == 0


def test_the_public_cannot_reach_the_admin(client):
    response = client.get("/en/admin/workshops/workshop/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_two_objectives_with_the_same_number_are_refused_with_a_message(staff_client):
    workshop = WorkshopFactory()
    data = _workshop_form(
        title_en=workshop.title_en, slug=workshop.slug, **{"objectives-TOTAL_FORMS": "2"}
    )
    for index in (0, 1):
        data[f"objectives-{index}-kind"] = "specific"
        data[f"objectives-{index}-number"] = "3"
        data[f"objectives-{index}-text_en"] = f"Specific aim {index}"

    response = staff_client.post(_admin_url(Workshop, "change", workshop.pk), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for kind and number" in response.content.decode()
    assert Objective.objects.filter(workshop=workshop).count() == 0

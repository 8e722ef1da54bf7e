import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.roadmaps import ROADMAP_SLUG, demo_roadmap_load
from roadmaps.models import Action, LineOfAction, Roadmap, RoadmapStatus
from tests.factories import WorkshopFactory
from tests.logins import login
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def source_workshop():
    """The first source workshop, as demo_load creates it before the roadmap."""
    return WorkshopFactory(slug="reintegration-of-returned-migrants")


def _snapshot():
    return [
        (a.pk, a.title_en, a.title_es, a.title_fr, a.due_date, a.line_id)
        + (tuple(a.responsible_countries.values_list("iso_code", flat=True).order_by("iso_code")),)
        for a in Action.objects.order_by("pk")
    ]


def test_the_demo_adds_an_example_draft_roadmap_once():
    assert demo_roadmap_load() > 0
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    before = _snapshot()

    assert demo_roadmap_load() == 0
    assert Roadmap.objects.count() == 1
    assert _snapshot() == before
    assert roadmap.status == RoadmapStatus.DRAFT
    assert roadmap.title_en.startswith("Example draft:")
    assert roadmap.title_es.startswith("Ejemplo de borrador:")
    assert roadmap.title_fr.startswith("Exemple de projet")
    assert list(roadmap.origin_workshops.values_list("slug", flat=True)) == [
        "reintegration-of-returned-migrants"
    ]
    assert LineOfAction.objects.filter(roadmap=roadmap).count() == 3
    actions = Action.objects.filter(line__roadmap=roadmap)
    assert actions.count() == 5
    for action in actions:
        assert action.responsible_countries.exists()
        assert all(c.is_member for c in action.responsible_countries.all())
        assert not action.updates.exists()  # no invented progress


def test_the_draft_demo_is_not_public_but_the_admin_shows_it(client, superuser):
    demo_roadmap_load()
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)

    assert client.get(reverse("roadmaps:dashboard", args=[roadmap.slug])).status_code == 404
    assert roadmap.title_en not in client.get(reverse("roadmaps:list")).content.decode()

    login(client, superuser)
    admin = client.get(reverse("admin:roadmaps_roadmap_changelist")).content.decode()
    assert roadmap.title_en in admin
    preview = client.get(reverse("roadmaps:dashboard", args=[roadmap.slug])).content.decode()
    assert "Only the Secretariat sees this page" in preview


def test_the_demo_keeps_the_status_the_secretariat_gave(client):
    demo_roadmap_load()
    Roadmap.objects.filter(slug=ROADMAP_SLUG).update(status=RoadmapStatus.ADOPTED)

    assert demo_roadmap_load() == 0
    assert Roadmap.objects.get(slug=ROADMAP_SLUG).status == RoadmapStatus.ADOPTED
    assert client.get(reverse("roadmaps:dashboard", args=[ROADMAP_SLUG])).status_code == 200


def test_load_demo_brings_the_example_roadmap_and_a_second_run_changes_nothing():
    Workshop.objects.all().delete()  # load_demo creates the source workshop itself
    call_command("load_demo")
    before = _snapshot()
    call_command("load_demo")

    assert Roadmap.objects.get(slug=ROADMAP_SLUG).status == RoadmapStatus.DRAFT
    assert _snapshot() == before
    assert demo_roadmap_load() == 0

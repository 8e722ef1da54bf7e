import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.roadmaps import ROADMAP_SLUG, demo_roadmap_load
from roadmaps.models import Action, LineOfAction, ProgressUpdate, Roadmap, RoadmapStatus
from roadmaps.selectors import roadmap_progress
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
        + (tuple(a.updates.values_list("pk", "country__iso_code", "percentage").order_by("pk")),)
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
    # One shared action carries two countries' different example progress, marked as such.
    updates = ProgressUpdate.objects.filter(action__line__roadmap=roadmap)
    assert sorted((u.country.iso_code, u.percentage) for u in updates) == [("GT", 10), ("MX", 40)]
    assert all(u.narrative.startswith("Example update") for u in updates)
    assert updates.values("action").distinct().count() == 1


def test_the_demo_shows_each_countrys_progress_on_the_shared_action(client):
    demo_roadmap_load()
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    progress = roadmap_progress(roadmap=roadmap)
    shared = next(item for item in progress.actions if item.action.updates.exists())

    assert [(s.country.iso_code, s.progress, s.reported) for s in shared.shares] == [
        ("SV", 0, False),
        ("GT", 10, True),
        ("HN", 0, False),
        ("MX", 40, True),
    ]
    assert shared.progress == 12.5  # (0 + 10 + 0 + 40) / 4
    values = {v.country.iso_code: v.value for v in shared.indicators[0].values}
    assert values == {"SV": None, "GT": 0, "HN": None, "MX": 1}
    by_country = {c.country.iso_code: c.progress for c in progress.countries}
    # Mexico: 40 on the shared action, 0 on its three other actions; Belize reported nothing.
    assert by_country["MX"] == 10.0
    assert by_country["BZ"] == 0.0


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

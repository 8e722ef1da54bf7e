import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.roadmaps import ROADMAP_SLUG, demo_roadmap_load
from roadmaps.models import Action, LineOfAction, ProgressUpdate, Roadmap, RoadmapStatus
from roadmaps.selectors import roadmap_progress
from roadmaps.services import roadmap_transition
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


def test_the_demo_adds_an_example_roadmap_in_progress_once():
    assert demo_roadmap_load() > 0
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    before = _snapshot()

    assert demo_roadmap_load() == 0
    assert Roadmap.objects.count() == 1
    assert _snapshot() == before
    assert roadmap.is_example
    assert roadmap.status == RoadmapStatus.IN_PROGRESS
    assert roadmap.title_en.startswith("Example:")
    assert roadmap.title_es.startswith("Ejemplo:")
    assert roadmap.title_fr.startswith("Exemple :")
    assert list(roadmap.origin_workshops.values_list("slug", flat=True)) == [
        "reintegration-of-returned-migrants"
    ]
    assert LineOfAction.objects.filter(roadmap=roadmap).count() == 3
    actions = Action.objects.filter(line__roadmap=roadmap)
    assert actions.count() == 5
    for action in actions:
        assert action.responsible_countries.exists()
        assert all(c.is_member for c in action.responsible_countries.all())
    # Eight countries' example progress, each marked as such and filed by its delegate.
    updates = ProgressUpdate.objects.filter(action__line__roadmap=roadmap)
    assert sorted((u.country.iso_code, u.percentage) for u in updates) == [
        ("CA", 30),
        ("CR", 100),
        ("DO", 50),
        ("GT", 10),
        ("HN", 25),
        ("MX", 40),
        ("MX", 50),
        ("MX", 75),
        ("PA", 60),
        ("US", 20),
    ]
    assert all(u.narrative.startswith("Example update") for u in updates)
    assert all(u.filed_by.country_id == u.country_id for u in updates)
    # One action has no report at all.
    assert updates.values("action").distinct().count() == 4


def test_the_demo_shows_each_countrys_progress_on_the_shared_action(client):
    demo_roadmap_load()
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    progress = roadmap_progress(roadmap=roadmap)
    shared = next(item for item in progress.actions if len(item.shares) == 4)

    assert [(s.country.iso_code, s.progress, s.reported) for s in shared.shares] == [
        ("SV", 0, False),
        ("GT", 10, True),
        ("HN", 25, True),
        ("MX", 40, True),
    ]
    assert shared.progress == 18.8  # (0 + 10 + 25 + 40) / 4
    values = {v.country.iso_code: v.value for v in shared.indicators[0].values}
    assert values == {"SV": None, "GT": 0, "HN": 1, "MX": 1}
    by_country = {c.country.iso_code: c.progress for c in progress.countries}
    # Mexico: 75, 40 and 50 on three actions, 0 on the fourth; Belize reported nothing.
    assert by_country["MX"] == round((75 + 40 + 50 + 0) / 4, 1)
    assert by_country["BZ"] == 0.0


def test_the_demo_roadmap_is_public_and_the_admin_shows_it(client, superuser):
    demo_roadmap_load()
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)

    assert client.get(reverse("roadmaps:dashboard", args=[roadmap.slug])).status_code == 200
    assert roadmap.title_en in client.get(reverse("roadmaps:list")).content.decode()

    login(client, superuser)
    admin = client.get(reverse("admin:roadmaps_roadmap_changelist")).content.decode()
    assert roadmap.title_en in admin


def test_the_demo_keeps_the_status_the_secretariat_gave(client):
    demo_roadmap_load()
    roadmap = Roadmap.objects.get(slug=ROADMAP_SLUG)
    roadmap_transition(roadmap=roadmap, to_status=RoadmapStatus.CLOSED, by=None)
    ProgressUpdate.objects.filter(country__iso_code="US").delete()

    demo_roadmap_load()

    assert Roadmap.objects.get(slug=ROADMAP_SLUG).status == RoadmapStatus.CLOSED
    # A closed roadmap takes no update: the example the Secretariat removed stays removed.
    assert not ProgressUpdate.objects.filter(country__iso_code="US").exists()
    assert client.get(reverse("roadmaps:dashboard", args=[ROADMAP_SLUG])).status_code == 200


def test_load_demo_brings_the_example_roadmap_and_a_second_run_changes_nothing():
    Workshop.objects.all().delete()  # load_demo creates the source workshop itself
    call_command("load_demo")
    before = _snapshot()
    call_command("load_demo")

    assert Roadmap.objects.get(slug=ROADMAP_SLUG).status == RoadmapStatus.IN_PROGRESS
    assert _snapshot() == before
    assert demo_roadmap_load() == 0

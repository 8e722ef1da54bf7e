"""Who may see and do what, for every URL of the roadmaps: anonymous visitors, a delegate
of Mexico (responsible for the action), a delegate of Guatemala (not responsible), the
Technical Secretariat, and a superuser."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from roadmaps.models import ProgressUpdate, RoadmapStatus
from tests.factories import (
    ActionFactory,
    LineOfActionFactory,
    ProgressUpdateFactory,
    RoadmapFactory,
    country,
)
from tests.logins import login
from tests.permission_matrix import LOGIN, assert_answer, matrix_cases, matrix_request

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "delegate_mx", "delegate_gt", "secretariat", "superuser")
NOT_A_DELEGATE = {"secretariat": 403, "superuser": 403}


def _action_of(status, slug, countries=("MX",)):
    roadmap = RoadmapFactory(status=status, slug=slug)
    return ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=list(countries))


@pytest.fixture
def world(delegate_mx, delegate_gt, secretariat, superuser):
    return {
        "users": {
            "anonymous": None,
            "delegate_mx": delegate_mx,
            "delegate_gt": delegate_gt,
            "secretariat": secretariat,
            "superuser": superuser,
        },
        "open": _action_of(RoadmapStatus.IN_PROGRESS, "open-roadmap"),
        "adopted": _action_of(RoadmapStatus.ADOPTED, "adopted-roadmap"),
        "closed": _action_of(RoadmapStatus.CLOSED, "closed-roadmap"),
        "draft": _action_of(RoadmapStatus.DRAFT, "draft-roadmap"),
        "evidence": _evidence_of(country("MX")),
    }


def _evidence_of(owner):
    update = ProgressUpdateFactory(country=owner)
    update.evidence.save("acta.pdf", ContentFile(b"%PDF-1.4 evidence"))
    return update


def _update(w):
    return {"date": "2025-06-01", "percentage": "40", "narrative": "Progress was made."}


# (name, method, url builder, data builder, expected status by role)
MATRIX = [
    ("list", "get", lambda w: reverse("roadmaps:list"), None, dict.fromkeys(ROLES, 200)),
    (
        "dashboard",
        "get",
        lambda w: reverse("roadmaps:dashboard", args=["open-roadmap"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "closed roadmap's dashboard",
        "get",
        lambda w: reverse("roadmaps:dashboard", args=["closed-roadmap"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "draft's dashboard",
        "get",
        lambda w: reverse("roadmaps:dashboard", args=["draft-roadmap"]),
        None,
        {"anonymous": 404, "delegate_mx": 404, "delegate_gt": 404, "secretariat": 200, "superuser": 200},
    ),
    (
        "PDF of a roadmap",
        "post",
        lambda w: reverse("reports:request", args=["roadmap", w["open"].line.roadmap.pk]),
        lambda w: {},
        dict.fromkeys(ROLES, 302),
    ),
    (
        "PDF of a draft",
        "post",
        lambda w: reverse("reports:request", args=["roadmap", w["draft"].line.roadmap.pk]),
        lambda w: {},
        dict.fromkeys(ROLES, 404),
    ),
    (
        "my country's actions",
        "get",
        lambda w: reverse("roadmaps:mine"),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 200, **NOT_A_DELEGATE},
    ),
    (
        "the update form",
        "get",
        lambda w: reverse("roadmaps:report", args=[w["open"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "filing an update",
        "post",
        lambda w: reverse("roadmaps:report", args=[w["open"].pk]),
        _update,
        {"anonymous": LOGIN, "delegate_mx": 302, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "filing an update on an adopted roadmap",
        "post",
        lambda w: reverse("roadmaps:report", args=[w["adopted"].pk]),
        _update,
        {"anonymous": LOGIN, "delegate_mx": 302, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "a closed roadmap's action",
        "get",
        lambda w: reverse("roadmaps:report", args=[w["closed"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "filing on a closed roadmap",
        "post",
        lambda w: reverse("roadmaps:report", args=[w["closed"].pk]),
        _update,
        {"anonymous": LOGIN, "delegate_mx": 403, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "a draft roadmap's action",
        "get",
        lambda w: reverse("roadmaps:report", args=[w["draft"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 404, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "filing on a draft",
        "post",
        lambda w: reverse("roadmaps:report", args=[w["draft"].pk]),
        _update,
        {"anonymous": LOGIN, "delegate_mx": 404, "delegate_gt": 404, **NOT_A_DELEGATE},
    ),
    (
        "evidence filed by Mexico",
        "get",
        lambda w: reverse("roadmaps:evidence", args=[w["evidence"].pk]),
        None,
        {"anonymous": 404, "delegate_mx": 200, "delegate_gt": 404, "secretariat": 200, "superuser": 200},
    ),
    (
        "roadmaps in the admin",
        "get",
        lambda w: reverse("admin:roadmaps_roadmap_changelist"),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "secretariat": 200, "superuser": 200},
    ),
    (
        "an action in the admin",
        "get",
        lambda w: reverse("admin:roadmaps_action_change", args=[w["open"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "secretariat": 200, "superuser": 200},
    ),
    (
        "progress updates in the admin",
        "get",
        lambda w: reverse("admin:roadmaps_progressupdate_changelist"),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "secretariat": 200, "superuser": 200},
    ),
]  # fmt: skip

CASES = matrix_cases(MATRIX, ROLES)


@pytest.mark.parametrize(("name", "method", "url", "data", "role", "expected"), CASES)
def test_permission_matrix(client, world, name, method, url, data, role, expected):
    before = ProgressUpdate.objects.count()
    response = matrix_request(client, world, role=role, method=method, url=url, data=data)

    assert_answer(response, expected)
    if method == "post" and name.startswith("filing"):
        # A refused update is not filed; an accepted one is filed for the user's country.
        assert ProgressUpdate.objects.count() == before + (1 if expected == 302 else 0)
        if expected == 302:
            assert ProgressUpdate.objects.latest("id").country == world["users"][role].country


def test_a_delegate_lists_only_their_own_countrys_actions(client, world, delegate_gt):
    guatemalan = _action_of(RoadmapStatus.IN_PROGRESS, "guatemalan-roadmap", countries=["GT"])
    client.force_login(delegate_gt)

    page = client.get(reverse("roadmaps:mine")).content.decode()

    assert guatemalan.title in page
    assert world["open"].title not in page
    assert world["draft"].title not in page


def test_the_secretariat_is_told_why_the_delegate_pages_are_refused(client, world):
    login(client, world["users"]["secretariat"])

    response = client.get(reverse("roadmaps:mine"))

    assert response.status_code == 403
    assert "Only delegates acting for a country" in response.content.decode()


def test_the_public_list_shows_no_draft(client, world):
    page = client.get(reverse("roadmaps:list")).content.decode()

    assert world["open"].line.roadmap.title in page
    assert world["closed"].line.roadmap.title in page
    assert world["draft"].line.roadmap.title not in page

"""Who may see and do what, for every URL of the practices: anonymous visitors, a
delegate of Mexico (whose practices these are), a delegate of Guatemala, a contributor
account of IOM (whose organization presents one draft), the Technical Secretariat, and a
superuser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Organization, UserRole
from practices.models import Practice, PracticeStatus
from tests.factories import PracticeFactory, UserFactory
from tests.logins import login
from tests.permission_matrix import LOGIN, assert_answer, matrix_cases, matrix_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("anonymous", "delegate_mx", "delegate_gt", "contributor_iom", "secretariat", "superuser")


@pytest.fixture
def contributor_iom(db):
    return UserFactory(
        email="contributor@iom.example.org",
        organization=Organization.objects.get(acronym_en="IOM"),
        role=UserRole.CONTRIBUTOR,
    )


@pytest.fixture
def world(delegate_mx, delegate_gt, contributor_iom, secretariat, superuser):
    draft = PracticeFactory(country=delegate_mx.country, created_by=delegate_mx)
    organization_draft = PracticeFactory(
        country=None, organization=contributor_iom.organization, created_by=contributor_iom
    )
    attachment = draft.attachments.create(
        file=SimpleUploadedFile("plan.pdf", PDF), original_name="plan.pdf"
    )
    in_review = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.IN_REVIEW)
    published = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.PUBLISHED)
    return {
        "users": {
            "anonymous": None,
            "delegate_mx": delegate_mx,
            "delegate_gt": delegate_gt,
            "contributor_iom": contributor_iom,
            "secretariat": secretariat,
            "superuser": superuser,
        },
        "draft": draft,
        "organization_draft": organization_draft,
        "attachment": attachment,
        "in_review": in_review,
        "published": published,
    }


# (name, method, url builder, data builder, expected status by role)
MATRIX = [
    (
        "catalogue",
        "get",
        lambda w: reverse("practices:catalogue"),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "export",
        "get",
        lambda w: reverse("practices:export", args=["csv"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "open data in JSON",
        "get",
        lambda w: reverse("practices:export", args=["json"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "compiling a report",
        "post",
        lambda w: reverse("reports:compile_initiatives"),
        lambda w: {"country": "MX"},
        dict.fromkeys(ROLES, 302),
    ),
    (
        "published page",
        "get",
        lambda w: reverse("practices:detail", args=[w["published"].pk]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "draft's public page",
        "get",
        lambda w: reverse("practices:detail", args=[w["draft"].pk]),
        None,
        {"anonymous": 404, "delegate_mx": 200, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 200, "superuser": 200},
    ),
    (
        "draft's attachment",
        "get",
        lambda w: reverse("practices:attachment", args=[w["draft"].pk, w["attachment"].pk]),
        None,
        {"anonymous": 404, "delegate_mx": 200, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 200, "superuser": 200},
    ),
    (
        "my country's practices",
        "get",
        lambda w: reverse("practices:mine"),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 200, "contributor_iom": 200, "secretariat": 403, "superuser": 403},
    ),
    (
        "new practice",
        "get",
        lambda w: reverse("practices:create"),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 200, "contributor_iom": 200, "secretariat": 403, "superuser": 403},
    ),
    (
        "draft, seen by its country",
        "get",
        lambda w: reverse("practices:mine_detail", args=[w["draft"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 403, "superuser": 403},
    ),
    (
        "draft's form",
        "get",
        lambda w: reverse("practices:edit", args=[w["draft"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 200, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 403, "superuser": 403},
    ),
    (
        "saving the draft",
        "post",
        lambda w: reverse("practices:edit", args=[w["draft"].pk]),
        lambda w: {"title": "Changed", "action": "save"},
        {"anonymous": LOGIN, "delegate_mx": 302, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 403, "superuser": 403},
    ),
    (
        "withdrawing",
        "post",
        lambda w: reverse("practices:withdraw", args=[w["draft"].pk]),
        lambda w: {},
        {"anonymous": LOGIN, "delegate_mx": 302, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 403, "superuser": 403},
    ),
    (
        "removing an attachment",
        "post",
        lambda w: reverse(
            "practices:attachment_delete", args=[w["draft"].pk, w["attachment"].pk]
        ),
        lambda w: {},
        {"anonymous": LOGIN, "delegate_mx": 302, "delegate_gt": 404, "contributor_iom": 404, "secretariat": 403, "superuser": 403},
    ),
    (
        "an organization's draft, seen by its contributors",
        "get",
        lambda w: reverse("practices:mine_detail", args=[w["organization_draft"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 404, "delegate_gt": 404, "contributor_iom": 200, "secretariat": 403, "superuser": 403},
    ),
    (
        "an organization's draft's public page",
        "get",
        lambda w: reverse("practices:detail", args=[w["organization_draft"].pk]),
        None,
        {"anonymous": 404, "delegate_mx": 404, "delegate_gt": 404, "contributor_iom": 200, "secretariat": 200, "superuser": 200},
    ),
    (
        "saving an organization's draft",
        "post",
        lambda w: reverse("practices:edit", args=[w["organization_draft"].pk]),
        lambda w: {"title": "Changed", "action": "save"},
        {"anonymous": LOGIN, "delegate_mx": 404, "delegate_gt": 404, "contributor_iom": 302, "secretariat": 403, "superuser": 403},
    ),
    (
        "review queue",
        "get",
        lambda w: reverse("practices:review_queue"),
        None,
        {"anonymous": LOGIN, "delegate_mx": 403, "delegate_gt": 403, "contributor_iom": 403, "secretariat": 200, "superuser": 200},
    ),
    (
        "review page",
        "get",
        lambda w: reverse("practices:review", args=[w["in_review"].pk]),
        None,
        {"anonymous": LOGIN, "delegate_mx": 403, "delegate_gt": 403, "contributor_iom": 403, "secretariat": 200, "superuser": 200},
    ),
    (
        "deciding",
        "post",
        lambda w: reverse("practices:review", args=[w["in_review"].pk]),
        lambda w: {"to_status": "accepted"},
        {"anonymous": LOGIN, "delegate_mx": 403, "delegate_gt": 403, "contributor_iom": 403, "secretariat": 302, "superuser": 302},
    ),
    (
        "practices in the admin",
        "get",
        lambda w: reverse("admin:practices_practice_changelist"),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "contributor_iom": LOGIN, "secretariat": 200, "superuser": 200},
    ),
    (
        "calls in the admin",
        "get",
        lambda w: reverse("admin:practices_practicecall_add"),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "contributor_iom": LOGIN, "secretariat": 200, "superuser": 200},
    ),
    (
        "invitations in the admin",
        "get",
        lambda w: reverse("admin:members_invitation_add"),
        None,
        {"anonymous": LOGIN, "delegate_mx": LOGIN, "delegate_gt": LOGIN, "contributor_iom": LOGIN, "secretariat": 200, "superuser": 200},
    ),
]  # fmt: skip

CASES = matrix_cases(MATRIX, ROLES)


@pytest.mark.parametrize(("name", "method", "url", "data", "role", "expected"), CASES)
def test_permission_matrix(client, world, name, method, url, data, role, expected):
    before = {p.pk: (p.status, p.title_en) for p in Practice.objects.all()}
    response = matrix_request(client, world, role=role, method=method, url=url, data=data)

    assert_answer(response, expected)
    if method == "post" and expected not in (302,):
        # A refused write changes nothing.
        after = {p.pk: (p.status, p.title_en) for p in Practice.objects.all()}
        assert after == before
        assert world["draft"].attachments.count() == 1


def test_a_refused_page_says_why(client, world):
    client.force_login(world["users"]["delegate_gt"])

    response = client.get(reverse("practices:review_queue"))

    assert response.status_code == 403
    assert "Only the Secretariat reviews practices." in response.content.decode()


def test_a_delegate_is_kept_out_of_the_admin(client, world):
    client.force_login(world["users"]["delegate_mx"])

    response = client.get(reverse("admin:practices_practice_changelist"), follow=True)

    assert response.status_code == 403


def test_allowed_writes_do_what_they_say(client, world):
    client.force_login(world["users"]["delegate_mx"])
    client.post(reverse("practices:withdraw", args=[world["draft"].pk]))
    world["draft"].refresh_from_db()
    assert world["draft"].status == PracticeStatus.WITHDRAWN

    login(client, world["users"]["secretariat"])
    client.post(
        reverse("practices:review", args=[world["in_review"].pk]), {"to_status": "accepted"}
    )
    world["in_review"].refresh_from_db()
    assert world["in_review"].status == PracticeStatus.ACCEPTED


def test_a_delegate_lists_only_their_own_countrys_practices(client, world, delegate_gt):
    guatemalan = PracticeFactory(country=delegate_gt.country, title_en="Programa guatemalteco")
    client.force_login(delegate_gt)

    page = client.get(reverse("practices:mine")).content.decode()

    assert guatemalan.title in page
    assert world["draft"].title not in page
    assert world["published"].title not in page

"""Who may see and do what, for every URL of the declarations: anonymous visitors, a
delegate of Mexico (whose amendment is on the table), a delegate of Guatemala, a delegate
of Colombia (an observer country: it does not draft), the Technical Secretariat, and a
superuser."""

import pytest
from django.urls import reverse

from declarations.models import Amendment, DeclarationStatus
from tests.declarations.conftest import make_declaration
from tests.factories import AmendmentFactory, country
from tests.permission_matrix import LOGIN, assert_answer, matrix_cases, matrix_request

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "delegate_mx", "delegate_gt", "delegate_co", "secretariat", "superuser")


def _by_role(anonymous, mx, gt, co, ts, su):
    return dict(zip(ROLES, (anonymous, mx, gt, co, ts, su), strict=True))


@pytest.fixture
def world(delegate_mx, delegate_gt, delegate_co, secretariat, superuser):
    negotiated = make_declaration()
    paragraph = negotiated.paragraphs.get(position=3)
    draft = make_declaration(status=DeclarationStatus.DRAFT)
    adopted = make_declaration(status=DeclarationStatus.ADOPTED)
    adopted.adopting_countries.set([country("MX")])
    return {
        "users": {
            "anonymous": None,
            "delegate_mx": delegate_mx,
            "delegate_gt": delegate_gt,
            "delegate_co": delegate_co,
            "secretariat": secretariat,
            "superuser": superuser,
        },
        "negotiated": negotiated,
        "paragraph": paragraph,
        "mexican": AmendmentFactory(paragraph=paragraph, country=country("MX")),
        "draft": draft,
        "draft_paragraph": draft.paragraphs.get(position=3),
        "adopted": adopted,
    }


PROPOSAL = {"version": 1, "action": "change", "language": "en", "text": "New;", "rationale": "Why"}

# (name, method, url builder, data, expected status by role)
MATRIX = [
    ("public list", "get", lambda w: reverse("declarations:list"), None,
     dict.fromkeys(ROLES, 200)),
    ("adopted text", "get", lambda w: reverse("declarations:detail", args=[w["adopted"].pk]), None,
     dict.fromkeys(ROLES, 200)),
    ("adopted text side by side", "get",
     lambda w: reverse("declarations:compare", args=[w["adopted"].pk]) + "?left=en&right=fr", None,
     dict.fromkeys(ROLES, 200)),
    ("draft's public page", "get", lambda w: reverse("declarations:detail", args=[w["draft"].pk]),
     None, _by_role(404, 404, 404, 404, 200, 200)),
    ("text under negotiation, public page", "get",
     lambda w: reverse("declarations:detail", args=[w["negotiated"].pk]), None,
     _by_role(404, 404, 404, 404, 200, 200)),
    ("draft side by side", "get",
     lambda w: reverse("declarations:compare", args=[w["draft"].pk]), None,
     _by_role(404, 404, 404, 404, 200, 200)),
    ("PDF of the adopted text", "post",
     lambda w: reverse("reports:request", args=["declaration", w["adopted"].pk]), {},
     dict.fromkeys(ROLES, 302)),
    ("PDF of a draft", "post",
     lambda w: reverse("reports:request", args=["declaration", w["draft"].pk]), {},
     dict.fromkeys(ROLES, 404)),
    ("negotiations", "get", lambda w: reverse("declarations:negotiations"), None,
     _by_role(LOGIN, 200, 200, 403, 200, 200)),
    ("negotiation page", "get",
     lambda w: reverse("declarations:negotiation", args=[w["negotiated"].pk]), None,
     _by_role(LOGIN, 200, 200, 403, 200, 200)),
    ("draft's negotiation page", "get",
     lambda w: reverse("declarations:negotiation", args=[w["draft"].pk]), None,
     _by_role(LOGIN, 404, 404, 403, 200, 200)),
    ("amendment form", "get",
     lambda w: reverse("declarations:propose", args=[w["paragraph"].pk]), None,
     _by_role(LOGIN, 200, 200, 403, 403, 403)),
    ("proposing an amendment", "post",
     lambda w: reverse("declarations:propose", args=[w["paragraph"].pk]),
     lambda w: {**PROPOSAL, "seen": w["mexican"].pk},
     _by_role(LOGIN, 302, 302, 403, 403, 403)),
    ("proposing on a draft (refused with a message)", "post",
     lambda w: reverse("declarations:propose", args=[w["draft_paragraph"].pk]), PROPOSAL,
     _by_role(LOGIN, 302, 302, 403, 403, 403)),
    ("withdrawing Mexico's amendment", "post",
     lambda w: reverse("declarations:withdraw_amendment", args=[w["mexican"].pk]), {},
     _by_role(LOGIN, 302, 404, 403, 403, 403)),
    ("review page", "get",
     lambda w: reverse("declarations:review_amendment", args=[w["mexican"].pk]), None,
     _by_role(LOGIN, 403, 403, 403, 200, 200)),
    ("deciding", "post",
     lambda w: reverse("declarations:review_amendment", args=[w["mexican"].pk]),
     {"decision": "reject"},
     _by_role(LOGIN, 403, 403, 403, 302, 302)),
    ("declarations in the admin", "get",
     lambda w: reverse("admin:declarations_declaration_change", args=[w["negotiated"].pk]), None,
     _by_role(LOGIN, LOGIN, LOGIN, LOGIN, 200, 200)),
    ("amendments in the admin", "get",
     lambda w: reverse("admin:declarations_amendment_changelist"), None,
     _by_role(LOGIN, LOGIN, LOGIN, LOGIN, 200, 200)),
    ("paragraph history in the admin", "get",
     lambda w: reverse("admin:declarations_paragraph_history", args=[w["paragraph"].pk]), None,
     _by_role(LOGIN, LOGIN, LOGIN, LOGIN, 200, 200)),
]  # fmt: skip

CASES = matrix_cases(MATRIX, ROLES)


def _state():
    return sorted(Amendment.objects.values_list("pk", "status"))


@pytest.mark.parametrize(("name", "method", "url", "data", "role", "expected"), CASES)
def test_permission_matrix(client, world, name, method, url, data, role, expected):
    before = _state()
    response = matrix_request(client, world, role=role, method=method, url=url, data=data)

    assert_answer(response, expected)
    if method == "post" and expected != 302:
        assert _state() == before  # a refused write changes nothing


def test_proposing_on_a_draft_changes_nothing_and_says_why(client, world):
    client.force_login(world["users"]["delegate_mx"])

    response = client.post(
        reverse("declarations:propose", args=[world["draft_paragraph"].pk]), PROPOSAL, follow=True
    )

    assert Amendment.objects.count() == 1
    assert "only while the declaration is under negotiation" in response.content.decode()


def test_the_secretariat_group_may_review_amendments(world):
    assert world["users"]["secretariat"].has_perm("declarations.review_amendment")
    assert not world["users"]["delegate_mx"].has_perm("declarations.review_amendment")

"""The Secretariat's review: decisions with comments, recorded and e-mailed after commit."""

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices.models import Practice, PracticeStatus
from practices.services import practice_transition
from practices.views.delegate import MINE_PAGE_SIZE
from practices.views.review import REVIEW_PAGE_SIZE
from tests.factories import PracticeFactory
from tests.logins import login

pytestmark = pytest.mark.django_db

# The same number whatever the rows: session, user, permissions, the rows, their counts.
QUEUE_QUERIES = 6
MINE_QUERIES = 8


def _decide(client, practice, to_status, comment=""):
    return client.post(
        reverse("practices:review", args=[practice.pk]),
        {"to_status": to_status, "comment": comment},
    )


def _resubmit(client, practice):
    return client.post(
        reverse("practices:edit", args=[practice.pk]),
        {
            "title": practice.title,
            "summary": practice.summary,
            "language": "en",
            "implementing_organization": practice.implementing_organization,
            "period_start": "2019-01-01",
            "target_populations": [p.pk for p in practice.target_populations.all()],
            "themes": [t.pk for t in practice.themes.all()],
            "problem": practice.problem,
            "approach": practice.approach,
            "results": "Seven in ten people found work within six months.",
            "lessons_learned": practice.lessons_learned,
            "contact_email": practice.contact_email,
            "action": "submit",
        },
    )


def test_the_whole_round_trip_from_draft_to_published(
    client, delegate_mx, secretariat, celery_eager, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(country=delegate_mx.country, created_by=delegate_mx)
    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, to_status=PracticeStatus.SUBMITTED, by=delegate_mx)
    login(client, secretariat)

    queue = client.get(reverse("practices:review_queue")).content.decode()
    assert practice.title in queue

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, practice, PracticeStatus.IN_REVIEW)
        response = _decide(
            client, practice, PracticeStatus.CHANGES_REQUESTED, "Añadan cifras de resultados."
        )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    # The submitter hears of the decision in their language, with the comment.
    decision = mail.outbox[-1]
    assert decision.to == ["delegate.mx@example.org"]
    assert "Añadan cifras de resultados." in decision.body
    assert reverse("practices:mine_detail", args=[practice.pk]).replace("/en/", "/es/") in (
        decision.body
    )

    # The delegate sees the comment, fixes the practice and submits it again.
    client.force_login(delegate_mx)
    page = client.get(reverse("practices:mine_detail", args=[practice.pk])).content.decode()
    assert "Añadan cifras de resultados." in page
    with django_capture_on_commit_callbacks(execute=True):
        _resubmit(client, practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert "Seven in ten" in practice.results

    login(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, practice, PracticeStatus.IN_REVIEW)
        _decide(client, practice, PracticeStatus.ACCEPTED, "Gracias.")
        _decide(client, practice, PracticeStatus.PUBLISHED)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    steps = [
        (c.to_status, c.changed_by.email)
        for c in practice.status_changes.order_by("changed_at", "id")
    ]
    assert steps == [
        ("submitted", "delegate.mx@example.org"),
        ("in_review", "officer@example.org"),
        ("changes_requested", "officer@example.org"),
        ("submitted", "delegate.mx@example.org"),
        ("in_review", "officer@example.org"),
        ("accepted", "officer@example.org"),
        ("published", "officer@example.org"),
    ]
    to_submitter = [m for m in mail.outbox if m.to == ["delegate.mx@example.org"]]
    # One e-mail per decision: changes requested, accepted, published.
    assert len(to_submitter) == 3
    to_secretariat = [m for m in mail.outbox if m.to == ["officer@example.org"]]
    assert len(to_secretariat) == 2


def test_asking_for_changes_needs_a_comment(client, secretariat):
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW)
    login(client, secretariat)

    response = _decide(client, practice, PracticeStatus.CHANGES_REQUESTED)

    assert "Say what should change, or why it is not accepted." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW


def test_a_decision_the_workflow_does_not_allow_is_refused(client, secretariat):
    practice = PracticeFactory(status=PracticeStatus.SUBMITTED)
    login(client, secretariat)

    response = _decide(client, practice, PracticeStatus.PUBLISHED)

    assert "Select a valid choice." in response.content.decode()
    with pytest.raises(ValidationError, match="cannot become"):
        practice_transition(practice=practice, to_status=PracticeStatus.PUBLISHED, by=secretariat)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_no_email_leaves_before_the_decision_commits(
    client, delegate_mx, secretariat, celery_eager, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(
        country=delegate_mx.country, created_by=delegate_mx, status=PracticeStatus.IN_REVIEW
    )
    login(client, secretariat)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _decide(client, practice, PracticeStatus.ACCEPTED)
    assert mail.outbox == []
    # The notice's e-mails are written in the outbox in turn, and go once that commits.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    [message] = mail.outbox
    assert message.to == ["delegate.mx@example.org"]
    # Marta writes in Spanish: the e-mail is in Spanish.
    assert "ha sido aceptada" in message.body


def test_admin_actions_move_practices_and_report_refusals(client, secretariat):
    submitted = PracticeFactory(status=PracticeStatus.SUBMITTED)
    draft = PracticeFactory()
    login(client, secretariat)

    response = client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "make_in_review", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 practice is now “In review”." in page
    assert "cannot become" in page
    assert Practice.objects.get(pk=submitted.pk).status == PracticeStatus.IN_REVIEW
    assert Practice.objects.get(pk=draft.pk).status == PracticeStatus.DRAFT


def test_the_practice_admin_searches_every_language(client, secretariat):
    PracticeFactory(title_en="Return support", title_es="Apoyo al retorno")
    login(client, secretariat)
    assert Practice in site._registry

    page = client.get(reverse("admin:practices_practice_changelist"), {"q": "retorno"})

    assert "Return support" in page.content.decode()


def test_the_secretariat_translates_a_spanish_practice_in_the_admin(client, secretariat):
    practice = PracticeFactory(
        title_en="", title=None, title_es="Ventanilla única", summary_en="", language="es"
    )
    login(client, secretariat)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "title_fr": "Guichet unique",
            "target_populations": [p.pk for p in practice.target_populations.all()],
            "themes": [t.pk for t in practice.themes.all()],
            "period_start": "2019-01-01",
        }
    )
    for prefix in ("attachments", "status_changes"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.title_fr == "Guichet unique"
    assert practice.title_es == "Ventanilla única"


@pytest.mark.parametrize("count", [1, 30])
def test_the_review_queue_makes_the_same_queries_for_few_and_many(
    client, secretariat, django_assert_num_queries, count
):
    for _ in range(count):
        PracticeFactory(status=PracticeStatus.SUBMITTED, call=None)
    login(client, secretariat)
    client.get(reverse("practices:review_queue"))  # sessions and permissions cached

    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("practices:review_queue"))

    assert response.content.decode().count('<td class="status">') == min(count, REVIEW_PAGE_SIZE)


@pytest.mark.parametrize("count", [1, 30])
def test_my_countrys_list_makes_the_same_queries_for_few_and_many(
    client, delegate_mx, django_assert_num_queries, count
):
    for _ in range(count):
        PracticeFactory(country=delegate_mx.country, created_by=delegate_mx)
    client.force_login(delegate_mx)
    client.get(reverse("practices:mine"))

    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("practices:mine"))

    assert response.content.decode().count('<td class="status">') == min(count, MINE_PAGE_SIZE)

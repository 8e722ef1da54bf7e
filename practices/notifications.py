"""The e-mails of the practice workflow: the Secretariat hears of each submission, the
submitter of each decision. Each goes out in its recipient's language."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from members.models import User

from .models import PracticeStatus, PracticeStatusChange

DECISIONS = (
    PracticeStatus.CHANGES_REQUESTED,
    PracticeStatus.ACCEPTED,
    PracticeStatus.REJECTED,
    PracticeStatus.PUBLISHED,
)


def practice_reviewers():
    """Active people who may review practices, directly, through a group, or as superusers."""
    permission = Permission.objects.filter(
        content_type__app_label="practices", codename="review_practice"
    ).first()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .distinct()
    )


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(*, template: str, recipient: User, context: dict) -> None:
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": recipient}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [recipient.email])


def practice_status_mail(*, change_id: int) -> None:
    change = (
        PracticeStatusChange.objects.select_related(
            "practice__country", "practice__created_by", "changed_by"
        )
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return
    practice = change.practice
    if change.to_status == PracticeStatus.SUBMITTED:
        for reviewer in practice_reviewers():
            with translation.override(reviewer.language or settings.LANGUAGE_CODE):
                url = _absolute(reverse("practices:review", kwargs={"pk": practice.pk}))
            _send(
                template="practices/email/submitted",
                recipient=reviewer,
                context={"change": change, "practice": practice, "url": url},
            )
    elif change.to_status in DECISIONS and practice.created_by and practice.created_by.is_active:
        submitter = practice.created_by
        with translation.override(submitter.language or settings.LANGUAGE_CODE):
            url = _absolute(reverse("practices:mine_detail", kwargs={"pk": practice.pk}))
            _send(
                template="practices/email/decision",
                recipient=submitter,
                context={"change": change, "practice": practice, "url": url},
            )

"""The e-mails of the practice workflow: the Secretariat hears of each submission, the
submitter of each decision. Each goes out in its recipient's language."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from members.models import User, UserRole
from outbox.services import outbox_enqueue

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


def practice_contributors(*, practice) -> list[User]:
    """Who hears of the Secretariat's decisions on a practice: for a country's practice,
    the delegate who wrote it; for an organization's, the organization's active
    contributor accounts (or nobody, when it has none)."""
    if practice.country_id is None:
        if practice.organization_id is None:
            return []
        return list(
            User.objects.filter(
                is_active=True,
                organization_id=practice.organization_id,
                role=UserRole.CONTRIBUTOR,
            ).order_by("pk")
        )
    submitter = practice.created_by
    return [submitter] if submitter and submitter.is_active else []


def _recipients(change: PracticeStatusChange) -> list[User]:
    practice = change.practice
    if change.to_status == PracticeStatus.SUBMITTED:
        return list(practice_reviewers())
    if change.to_status in DECISIONS:
        return practice_contributors(practice=practice)
    return []


def _change(change_id: int) -> PracticeStatusChange | None:
    return (
        PracticeStatusChange.objects.select_related(
            "practice__country", "practice__organization", "practice__created_by", "changed_by"
        )
        .filter(pk=change_id)
        .first()
    )


def practice_status_mail(*, change_id: int) -> None:
    """Write one outbox message per person to tell of a change: each e-mail is then sent,
    and sent again after a failure, on its own, and never twice."""
    change = _change(change_id)
    if change is None:
        return
    with transaction.atomic():
        for recipient in _recipients(change):
            outbox_enqueue(
                handler="practices.status_mail_to",
                key=f"practices.status_mail_to:{change.pk}:{recipient.pk}",
                arguments={"change_id": change.pk, "recipient_id": recipient.pk},
            )


def practice_status_mail_to(*, change_id: int, recipient_id: int) -> None:
    """The e-mail telling one person of a change, in their language."""
    change = _change(change_id)
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if change is None or recipient is None:
        return
    practice = change.practice
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        if change.to_status == PracticeStatus.SUBMITTED:
            template = "practices/email/submitted"
            url = _absolute(reverse("practices:review", kwargs={"pk": practice.pk}))
        else:
            template = "practices/email/decision"
            # Delegates and contributors follow their practices on their own pages.
            url = _absolute(reverse("practices:mine_detail", kwargs={"pk": practice.pk}))
    _send(
        template=template,
        recipient=recipient,
        context={"change": change, "practice": practice, "url": url},
    )

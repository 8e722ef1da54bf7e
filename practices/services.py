"""Writes on practices: the workflow, each step recorded with who and when, and the
e-mails each step sends once the transaction has committed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import User

from .models import (
    PRACTICE_TRANSITIONS,
    REVIEWER_TARGETS,
    SUBMITTER_TARGETS,
    Practice,
    PracticeStatus,
    PracticeStatusChange,
)

# What a practice needs before it can be submitted, field by field.
REQUIRED_FOR_SUBMISSION = {
    "title": gettext_lazy("Give the practice a title."),
    "summary": gettext_lazy("Write a short summary."),
    "problem": gettext_lazy("Describe the problem the practice addresses."),
    "approach": gettext_lazy("Describe the approach taken."),
    "results": gettext_lazy("Describe the results."),
    "lessons_learned": gettext_lazy("Share the lessons learned."),
    "implementing_organization": gettext_lazy("Name the implementing organization."),
    "period_start": gettext_lazy("Give the date the practice started."),
    "contact_email": gettext_lazy("Give a contact e-mail address for the Secretariat."),
}
REQUIRED_RELATIONS = {
    "target_populations": gettext_lazy("Choose at least one target population."),
    "themes": gettext_lazy("Choose at least one theme."),
}


def practice_missing_for_submission(practice: Practice) -> dict[str, str]:
    """The fields still missing before `practice` can be submitted, with what to do."""
    missing = {}
    for name, message in REQUIRED_FOR_SUBMISSION.items():
        value = getattr(practice, name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            missing[name] = str(message)
    if practice.pk:
        for name, message in REQUIRED_RELATIONS.items():
            if not getattr(practice, name).exists():
                missing[name] = str(message)
    else:
        missing.update({name: str(message) for name, message in REQUIRED_RELATIONS.items()})
    return missing


def practice_can_move_to(practice: Practice, to_status: str) -> bool:
    return to_status in PRACTICE_TRANSITIONS[PracticeStatus(practice.status)]


def _notify(change: PracticeStatusChange) -> None:
    from .tasks import practice_status_notify

    change_id = change.pk
    transaction.on_commit(lambda: practice_status_notify.delay(change_id))


@transaction.atomic
def practice_transition(
    *, practice: Practice, to_status: str, by: User | None, comment: str = ""
) -> PracticeStatusChange:
    """Move a practice along its workflow, recording who did it, when and why."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    current = PracticeStatus(practice.status)
    target = PracticeStatus(to_status)
    if not practice_can_move_to(practice, target):
        raise ValidationError(
            _("A practice that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target.label},
            code="transition",
        )
    if target == PracticeStatus.SUBMITTED:
        missing = practice_missing_for_submission(practice)
        if missing:
            raise ValidationError(missing, code="incomplete")
        call = practice.call
        # A first submission after the deadline is refused; the draft stays as it is.
        # Changes the Secretariat asked for may come back after it.
        if call and current == PracticeStatus.DRAFT and not call.is_open():
            if timezone.now() < call.opens_at:
                message = _("The call “%(call)s” opens on %(date)s.")
                date = call.opens_at
            else:
                message = _(
                    "The call “%(call)s” closed on %(date)s: submissions to it are no longer "
                    "accepted. Your draft is kept; remove the call to submit it on its own."
                )
                date = call.deadline
            raise ValidationError(
                message
                % {
                    "call": call.title,
                    "date": timezone.localtime(date).strftime("%Y-%m-%d %H:%M"),
                },
                code="deadline",
            )
        practice.submitted_at = timezone.now()
    if target == PracticeStatus.PUBLISHED:
        practice.published_at = timezone.now()
    if target in (PracticeStatus.WITHDRAWN, PracticeStatus.REJECTED):
        practice.published_at = None
    practice.status = target
    practice.save(update_fields=["status", "submitted_at", "published_at", "updated_at"])
    change = PracticeStatusChange.objects.create(
        practice=practice, from_status=current, to_status=target, changed_by=by, comment=comment
    )
    _notify(change)
    return change


def practice_transition_allowed(*, practice: Practice, to_status: str, user: User) -> bool:
    """Whether `user` may take `practice` to `to_status`: the submitting country's people
    submit and withdraw, the Secretariat decides."""
    if not practice_can_move_to(practice, to_status):
        return False
    if to_status in SUBMITTER_TARGETS and to_status == PracticeStatus.WITHDRAWN:
        return user.has_perm("practices.withdraw_practice", practice)
    if to_status in SUBMITTER_TARGETS:
        return user.has_perm("practices.edit_draft", practice)
    if to_status in REVIEWER_TARGETS:
        return user.has_perm("practices.review")
    return False

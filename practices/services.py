"""Writes on practices: drafts and their attachments, each checked by the model before it
is saved; the workflow, each step recorded with who and when, and the e-mails each step
sends once the transaction has committed."""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from members.models import Country, Organization, User
from outbox.services import outbox_enqueue
from rcm_portal.workflow import Workflow

from .models import (
    PRACTICE_TRANSITIONS,
    REVIEWER_TARGETS,
    SUBMITTER_TARGETS,
    Practice,
    PracticeAttachment,
    PracticeStatus,
    PracticeStatusChange,
)
from .selectors import practice_of_form

# Fields the delegate writes in the language of the practice; the Secretariat adds the
# other languages in the admin.
DELEGATE_TRANSLATED_FIELDS = ("title", "summary")
RELATION_FIELDS = (
    "target_populations",
    "themes",
    "gcm_objectives",
    "guiding_principles",
    "countries_involved",
    "partner_organizations",
)
# The fields of the delegate's form a draft keeps.
DRAFT_FIELDS = (
    "title",
    "summary",
    "language",
    "call",
    "implementing_organization",
    "period_start",
    "period_end",
    "countries_involved",
    "partner_organizations",
    "target_populations",
    "themes",
    "gcm_objectives",
    "guiding_principles",
    "gender_perspective",
    "problem",
    "approach",
    "results",
    "lessons_learned",
    "contact_name",
    "contact_email",
    "contact_phone",
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
    missing = {
        name: str(gettext_lazy("Correct this value before submitting."))
        for name in practice.draft_values or {}
    }
    for name, message in REQUIRED_FOR_SUBMISSION.items():
        if name in missing:
            continue
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


def _storable(value):
    """A typed value as a JSON column keeps it: PostgreSQL refuses the NUL character, which
    no one sees, so it is left out."""
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return "" if value is None else str(value).replace("\x00", "")


class PracticeFormAlreadyUsed(Exception):
    """The same form (its `form_key`) created its practice in another request at the same
    moment: a second click. `practice` is the one the first click created."""

    def __init__(self, practice: Practice):
        super().__init__(practice.pk)
        self.practice = practice


def practice_draft_save(
    *,
    practice: Practice | None,
    country: Country | None,
    organization: Organization | None = None,
    by: User,
    values: Mapping[str, Any],
    invalid_values: Mapping[str, Any] | None = None,
    form_key: uuid.UUID | None = None,
    new_attachments: Iterable[UploadedFile] = (),
) -> Practice:
    """Save a draft with everything the delegate typed: `practice`, or a new practice of
    `country` (for a contributor account: of `organization`, with no country) created by
    `by` from the form `form_key` when it is None. `values` holds
    the fields that validated (a form's cleaned data); `invalid_values` the text typed in
    those that did not, which the draft keeps, as typed, until it is corrected (their
    columns are left empty meanwhile). A draft may be incomplete: what a submission needs
    is checked by the submission (`practice_missing_for_submission`).

    Raises PracticeFormAlreadyUsed when a second click of the same new form created the
    practice at the same moment (nothing of this one is saved)."""
    try:
        with transaction.atomic():
            return _draft_write(
                practice=practice
                or Practice(
                    country=country,
                    organization=None if country else organization,
                    created_by=by,
                    form_key=form_key,
                ),
                values=values,
                invalid_values=invalid_values or {},
                new_attachments=new_attachments,
            )
    except IntegrityError:
        # The form key is unique: two clicks at once meet in the database, not before.
        first = None
        if practice is None and form_key is not None:
            first = practice_of_form(
                form_key=form_key,
                country_id=country.pk if country else None,
                organization_id=None if country else organization.pk,
            )
        if first is None:
            raise
        raise PracticeFormAlreadyUsed(first) from None


def _draft_write(
    *,
    practice: Practice,
    values: Mapping[str, Any],
    invalid_values: Mapping[str, Any],
    new_attachments: Iterable[UploadedFile],
) -> Practice:
    invalid_values = {
        name: _storable(value) for name, value in invalid_values.items() if name in DRAFT_FIELDS
    }
    language = values.get("language") or practice.language or "en"
    previous_language = practice.language if practice.pk else language
    for name in DELEGATE_TRANSLATED_FIELDS:
        if name in values or name in invalid_values:
            if previous_language != language:
                setattr(practice, f"{name}_{previous_language}", "")
            setattr(practice, f"{name}_{language}", values.get(name) or "")
    practice.language = language
    for name in DRAFT_FIELDS:
        if name in DELEGATE_TRANSLATED_FIELDS or name in RELATION_FIELDS or name == "language":
            continue
        if name in values:
            setattr(practice, name, values[name])
        elif name in invalid_values:
            field = Practice._meta.get_field(name)
            setattr(practice, field.attname, None if field.null else "")
    practice.draft_values = invalid_values
    # The model's checks pass on any draft: a value that did not validate waits in
    # draft_values with its column empty, and nothing is required before submission.
    # The form key's uniqueness is left to the database (two clicks at once, above).
    practice.full_clean(validate_unique=False)
    practice.save()
    for name in RELATION_FIELDS:
        if name in values:
            getattr(practice, name).set(values[name])
    for uploaded in new_attachments:
        practice_attachment_add(practice=practice, uploaded=uploaded)
    return practice


def practice_attachment_add(*, practice: Practice, uploaded: UploadedFile) -> PracticeAttachment:
    """Attach an uploaded file to a practice, checked as the model checks every file (its
    type read from its content)."""
    attachment = PracticeAttachment(
        practice=practice, file=uploaded, original_name=uploaded.name[:255]
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def practice_attachment_delete(*, attachment: PracticeAttachment) -> None:
    """Remove an attachment. Its stored file is deleted once the removal is committed, so
    that a removal rolled back keeps a row with its file."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def practice_status_notification_key(change: PracticeStatusChange) -> str:
    """The outbox key of the e-mails about one step of a practice's workflow."""
    return f"practices.status_notify:{change.pk}"


def _notify(change: PracticeStatusChange) -> None:
    outbox_enqueue(
        handler="practices.status_notify",
        key=practice_status_notification_key(change),
        arguments={"change_id": change.pk},
    )


def _ready_for(practice: Practice, current: PracticeStatus, target: PracticeStatus) -> None:
    """A submission is complete and within its call's dates; the dates of submission and
    publication follow the step."""
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


def _may_move(user: User, practice: Practice, target: PracticeStatus) -> bool:
    """The submitting country's people submit and withdraw, the Secretariat decides."""
    if target == PracticeStatus.WITHDRAWN:
        return user.has_perm("practices.withdraw_practice", practice)
    if target in SUBMITTER_TARGETS:
        return user.has_perm("practices.edit_draft", practice)
    if target in REVIEWER_TARGETS:
        return user.has_perm("practices.review")
    return False


PRACTICE_WORKFLOW = Workflow(
    status=PracticeStatus,
    transitions=PRACTICE_TRANSITIONS,
    record=PracticeStatusChange,
    refusal=gettext_lazy("A practice that is “%(current)s” cannot become “%(target)s”."),
    moved=ngettext_lazy(
        "%(count)d practice is now “%(status)s”.",
        "%(count)d practices are now “%(status)s”.",
        "count",
    ),
    saved_fields=("submitted_at", "published_at", "updated_at"),
    before=_ready_for,
    after=_notify,
    permission=_may_move,
)


def practice_transition(
    *, practice: Practice, to_status: str, by: User | None, comment: str = ""
) -> PracticeStatusChange:
    """Move a practice along its workflow, recording who did it, when and why, and sending
    the e-mails of the step once the transaction has committed."""
    return PRACTICE_WORKFLOW.move(practice, to_status=to_status, by=by, note=comment)

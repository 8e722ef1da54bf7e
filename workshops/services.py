from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from .models import WORKSHOP_TRANSITIONS, Workshop, WorkshopStatus, WorkshopStatusChange


def workshop_can_move_to(workshop: Workshop, to_status: str) -> bool:
    return to_status in WORKSHOP_TRANSITIONS[WorkshopStatus(workshop.status)]


@transaction.atomic
def workshop_transition(
    *, workshop: Workshop, to_status: str, by: User | None, note: str = ""
) -> WorkshopStatusChange:
    """Move a workshop along its workflow, recording who did it and when."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    current = WorkshopStatus(workshop.status)
    target = WorkshopStatus(to_status)
    if not workshop_can_move_to(workshop, target):
        raise ValidationError(
            _("A %(current)s workshop cannot become %(target)s.")
            % {"current": current.label.lower(), "target": target.label.lower()},
            code="transition",
        )
    if target == WorkshopStatus.SCHEDULED and not workshop.start_date:
        raise ValidationError(_("Set the workshop's dates before scheduling it."), code="dates")
    if target == WorkshopStatus.HELD and (
        not workshop.start_date or workshop.start_date > timezone.localdate()
    ):
        raise ValidationError(
            _("A workshop can be marked as held only once it has started."), code="not_started"
        )
    workshop.status = target
    workshop._history_user = by
    workshop.save(update_fields=["status", "updated_at"])
    return WorkshopStatusChange.objects.create(
        workshop=workshop, from_status=current, to_status=target, changed_by=by, note=note
    )

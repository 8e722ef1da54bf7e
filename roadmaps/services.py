"""Writes on roadmaps: the progress updates delegates file and the statuses the Secretariat
gives roadmaps and actions, each recording who and when."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from .models import (
    ROADMAP_TRANSITIONS,
    Action,
    ActionStatus,
    ActionStatusChange,
    Indicator,
    IndicatorMeasurement,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
    RoadmapStatusChange,
)


@transaction.atomic
def progress_update_file(
    *,
    action: Action,
    by: User,
    date: datetime.date,
    percentage: int,
    narrative: str,
    evidence=None,
    measurements: Iterable[tuple[Indicator, Decimal]] = (),
) -> ProgressUpdate:
    """File `by`'s country's progress on `action`, with the values it measured for the
    action's indicators. Only a delegate of a responsible country, while the roadmap is
    adopted or in progress (rules: roadmaps.file_update)."""
    if not by.has_perm("roadmaps.file_update", action):
        raise PermissionDenied(_("Your country cannot report progress on this action."))
    update = ProgressUpdate(
        action=action,
        country_id=by.country_id,
        date=date,
        percentage=percentage,
        narrative=narrative,
        filed_by=by,
        filed_at=timezone.now(),
    )
    if evidence:
        update.evidence = evidence
        update.evidence_name = evidence.name[:255]
    update.full_clean()
    update.save()
    for indicator, value in measurements:
        if indicator.action_id != action.pk:
            raise ValidationError(
                _("“%(indicator)s” is not an indicator of this action.")
                % {"indicator": indicator.name},
                code="indicator",
            )
        measurement = IndicatorMeasurement(update=update, indicator=indicator, value=value)
        measurement.full_clean()
        measurement.save()
    return update


def roadmap_can_move_to(roadmap: Roadmap, to_status: str) -> bool:
    return to_status in ROADMAP_TRANSITIONS[RoadmapStatus(roadmap.status)]


@transaction.atomic
def roadmap_transition(
    *, roadmap: Roadmap, to_status: str, by: User | None, note: str = ""
) -> RoadmapStatusChange:
    """Move a roadmap along its workflow, recording who did it and when."""
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    current = RoadmapStatus(roadmap.status)
    target = RoadmapStatus(to_status)
    if not roadmap_can_move_to(roadmap, target):
        raise ValidationError(
            _("A roadmap that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target.label},
            code="transition",
        )
    roadmap.status = target
    roadmap.save(update_fields=["status", "updated_at"])
    return RoadmapStatusChange.objects.create(
        roadmap=roadmap, from_status=current, to_status=target, changed_by=by, note=note
    )


@transaction.atomic
def action_set_status(
    *, action: Action, to_status: str, by: User | None, note: str = ""
) -> ActionStatusChange:
    """Give an action the status the Secretariat decided (closing it as completed counts
    it done for every responsible country), recording who did it and when."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    current = ActionStatus(action.status)
    target = ActionStatus(to_status)
    if current == target:
        raise ValidationError(
            _("The action is already “%(status)s”.") % {"status": target.label},
            code="unchanged",
        )
    action.status = target
    action.save(update_fields=["status"])
    return ActionStatusChange.objects.create(
        action=action, from_status=current, to_status=target, changed_by=by, note=note
    )

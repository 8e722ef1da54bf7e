"""Writes on roadmaps: the progress updates delegates file and the statuses the Secretariat
gives roadmaps and actions, each recording who and when."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from members.models import User
from rcm_portal.workflow import Workflow

from .models import (
    ACTION_TRANSITIONS,
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


ROADMAP_WORKFLOW = Workflow(
    status=RoadmapStatus,
    transitions=ROADMAP_TRANSITIONS,
    record=RoadmapStatusChange,
    refusal=gettext_lazy("A roadmap that is “%(current)s” cannot become “%(target)s”."),
    moved=ngettext_lazy(
        "%(count)d roadmap is now “%(status)s”.",
        "%(count)d roadmaps are now “%(status)s”.",
        "count",
    ),
)

# Closing an action as completed counts it done for every responsible country. The only
# step refused is to the status the action already has.
ACTION_WORKFLOW = Workflow(
    status=ActionStatus,
    transitions=ACTION_TRANSITIONS,
    record=ActionStatusChange,
    refusal=gettext_lazy("The action is already “%(target)s”."),
    moved=ngettext_lazy(
        "%(count)d action is now “%(status)s”.",
        "%(count)d actions are now “%(status)s”.",
        "count",
    ),
    saved_fields=(),
)


def roadmap_transition(
    *, roadmap: Roadmap, to_status: str, by: User | None, note: str = ""
) -> RoadmapStatusChange:
    """Move a roadmap along its workflow, recording who did it and when."""
    return ROADMAP_WORKFLOW.move(roadmap, to_status=to_status, by=by, note=note)


def action_set_status(
    *, action: Action, to_status: str, by: User | None, note: str = ""
) -> ActionStatusChange:
    """Give an action the status the Secretariat decided, recording who did it and when."""
    return ACTION_WORKFLOW.move(action, to_status=to_status, by=by, note=note)

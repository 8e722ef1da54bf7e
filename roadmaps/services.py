"""Writes on roadmaps: the progress updates delegates file, recording who and when."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from .models import Action, ProgressUpdate


@transaction.atomic
def progress_update_file(
    *,
    action: Action,
    by: User,
    date: datetime.date,
    percentage: int,
    narrative: str,
    evidence=None,
) -> ProgressUpdate:
    """File `by`'s country's progress on `action`. Only a delegate of a responsible
    country, while the roadmap is adopted or in progress (rules: roadmaps.file_update)."""
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
    return update

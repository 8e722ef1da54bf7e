from django.db.models import Prefetch, QuerySet

from .contributions import gcm_contributions
from .models import GcmObjective, Objective


def gcm_objectives_with_workshops() -> QuerySet[GcmObjective]:
    """The GCM objectives, each with the workshop objectives linked to it and their
    workshops, and what the apps above contribute (the published practices)."""
    return GcmObjective.objects.prefetch_related(
        Prefetch(
            "workshop_objectives",
            queryset=Objective.objects.select_related("workshop").order_by("workshop__title"),
        ),
        *(p for contribution in gcm_contributions() for p in contribution.prefetch),
    )


def workshops_by_gcm_objective(gcm_objectives) -> list[tuple[GcmObjective, list]]:
    """Each GCM objective with the distinct workshops that work towards it."""
    table = []
    for gcm in gcm_objectives:
        workshops = {o.workshop_id: o.workshop for o in gcm.workshop_objectives.all()}
        table.append((gcm, list(workshops.values())))
    return table

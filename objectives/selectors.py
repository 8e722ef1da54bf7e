from django.db.models import Prefetch, QuerySet

from .models import GcmObjective, Objective


def gcm_objectives_with_workshops() -> QuerySet[GcmObjective]:
    """The GCM objectives, each with the workshop objectives linked to it and their
    workshops, and the published practices linked to it (in `published_practices`)."""
    # Practices sit above objectives: reached through the relation, not imported.
    practice_model = GcmObjective._meta.get_field("practices").related_model
    return GcmObjective.objects.prefetch_related(
        Prefetch(
            "workshop_objectives",
            queryset=Objective.objects.select_related("workshop").order_by("workshop__title"),
        ),
        Prefetch(
            "practices",
            queryset=practice_model.objects.filter(status="published").select_related("country"),
            to_attr="published_practices",
        ),
    )


def workshops_by_gcm_objective(gcm_objectives) -> list[tuple[GcmObjective, list]]:
    """Each GCM objective with the distinct workshops that work towards it."""
    table = []
    for gcm in gcm_objectives:
        workshops = {o.workshop_id: o.workshop for o in gcm.workshop_objectives.all()}
        table.append((gcm, list(workshops.values())))
    return table

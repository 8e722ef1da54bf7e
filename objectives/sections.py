"""What objectives add to the workshop pages below them (registered by ObjectivesConfig)."""

from django.db.models import Prefetch

from translations.selectors import outdated_prefetch
from workshops.contributions import WorkshopContribution
from workshops.models import Workshop

from .models import Objective, ObjectiveKind


def workshop_objectives_context(*, workshop: Workshop) -> dict:
    """The objectives section of a workshop page, from the objectives its query prefetched."""
    objectives = outdated_prefetch(workshop.objectives.all())
    return {
        "general_objective": next((o for o in objectives if o.kind == ObjectiveKind.GENERAL), None),
        "specific_objectives": [o for o in objectives if o.kind == ObjectiveKind.SPECIFIC],
    }


def workshop_calendar_description(*, workshop: Workshop) -> str:
    """A workshop's calendar event is described by its general objective."""
    general = workshop.general_objectives
    return general[0].text if general else ""


def workshop_contribution() -> WorkshopContribution:
    return WorkshopContribution(
        section_template="objectives/includes/workshop_objectives.html",
        section_context=workshop_objectives_context,
        detail_prefetch=("objectives__gcm_objectives",),
        search_fields=("objectives__text",),
        calendar_prefetch=(
            Prefetch(
                "objectives",
                queryset=Objective.objects.filter(kind=ObjectiveKind.GENERAL),
                to_attr="general_objectives",
            ),
        ),
        calendar_description=workshop_calendar_description,
    )

"""What practices add to the pages of the apps below them (registered by PracticesConfig):
a workshop's call for practices, and the published practices under each GCM objective."""

from django.db.models import Prefetch
from django.utils import timezone

from objectives.contributions import GcmContribution
from workshops.contributions import WorkshopContribution
from workshops.models import Workshop

from .models import Practice, PracticeCall, PracticeStatus


def _published_practices():
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED).select_related(
        "country", "organization"
    )


def _call_state(call: PracticeCall) -> str:
    now = timezone.now()
    if now < call.opens_at:
        return "upcoming"
    return "open" if now <= call.deadline else "closed"


def workshop_call_context(*, workshop: Workshop) -> dict:
    """The workshop's call for practices, if it has one, with its published answers."""
    call = (
        PracticeCall.objects.filter(workshop=workshop)
        .prefetch_related(
            Prefetch("practices", queryset=_published_practices(), to_attr="published")
        )
        .first()
    )
    return {"call": call, "call_state": _call_state(call) if call else None}


def workshop_contribution() -> WorkshopContribution:
    return WorkshopContribution(
        section_template="practices/includes/workshop_call.html",
        section_context=workshop_call_context,
        # Under each session of the agenda: the published practices presented in it.
        session_template="practices/includes/session_practices.html",
        session_prefetch=(
            Prefetch(
                "practices",
                queryset=_published_practices().order_by("title", "pk"),
                to_attr="published_practices",
            ),
        ),
    )


def gcm_contribution() -> GcmContribution:
    return GcmContribution(
        template="practices/includes/gcm_practices.html",
        prefetch=(
            Prefetch("practices", queryset=_published_practices(), to_attr="published_practices"),
        ),
    )

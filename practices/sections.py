"""What practices add to the pages of the apps below them (registered by PracticesConfig):
a workshop's call for practices, and the published practices under each GCM objective."""

from django.db.models import Prefetch
from django.utils import timezone

from objectives.contributions import GcmContribution
from rcm_portal.text import text_folded, text_paragraphs
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


def call_introduction_on_workshop_page(*, call: PracticeCall, workshop: Workshop) -> str:
    """The call's introduction, in the active language, without the paragraphs the workshop
    page already shows in its methodology and expected outcome (a call often quotes them):
    each paragraph is said once on the page. The compiled PDF keeps the whole introduction."""
    on_page = {
        text_folded(paragraph)
        for text in (workshop.methodology, workshop.expected_outcome)
        for paragraph in text_paragraphs(text)
    }
    kept = [p for p in text_paragraphs(call.introduction) if text_folded(p) not in on_page]
    return "\n\n".join(kept)


def workshop_call_context(*, workshop: Workshop) -> dict:
    """The workshop's call for practices, if it has one, with its published answers and
    the part of its introduction the page does not already show."""
    call = (
        PracticeCall.objects.filter(workshop=workshop)
        .prefetch_related(
            Prefetch("practices", queryset=_published_practices(), to_attr="published")
        )
        .first()
    )
    if call is None:
        return {"call": None, "call_state": None, "call_introduction": ""}
    return {
        "call": call,
        "call_state": _call_state(call),
        "call_introduction": call_introduction_on_workshop_page(call=call, workshop=workshop),
    }


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

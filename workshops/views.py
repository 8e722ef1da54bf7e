from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from translations.selectors import outdated_prefetch

from .filters import WorkshopFilter
from .models import Workshop
from .selectors import (
    workshop_participation,
    workshop_public_detail,
    workshop_public_speakers,
    workshop_took_place,
    workshops_past,
    workshops_public,
    workshops_upcoming,
)


def home(request):
    latest = workshops_public()[:3]
    return render(request, "home.html", {"latest_workshops": latest})


def workshop_list(request):
    filterset = WorkshopFilter(request.GET or None, queryset=workshops_public())
    workshops = filterset.qs if filterset.is_bound and filterset.is_valid() else workshops_public()
    if filterset.is_bound and not filterset.is_valid():
        workshops = workshops.none()
    upcoming, past = workshops_upcoming(workshops), workshops_past(workshops)
    counts = {"upcoming": upcoming.count(), "past": past.count()}
    when = request.GET.get("when")
    if when not in counts:
        when = "upcoming" if counts["upcoming"] or not counts["past"] else "past"
    paginator = Paginator(upcoming if when == "upcoming" else past, settings.WORKSHOPS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/workshop_list.html",
        {"filter": filterset, "page_obj": page, "when": when, "counts": counts},
    )


def _documents_in_language(documents, language):
    """Each published document with the file to offer in this language, or a fallback."""
    offered = []
    for document in documents:
        file_language, file = document.file_for(language)
        if file:
            offered.append(
                {
                    "document": document,
                    "language": file_language,
                    "is_fallback": file_language != language,
                    "other_languages": [
                        c for c in document.files_by_language() if c != file_language
                    ],
                }
            )
    return offered


def _practice_call(workshop):
    """The workshop's call for practices, if it has one, with its published answers.
    Practices sit above workshops: they are reached through the relation, not imported."""
    call_model = Workshop._meta.get_field("practice_call").related_model
    practice_model = call_model._meta.get_field("practices").related_model
    published = practice_model.objects.filter(status="published").select_related("country")
    return (
        call_model.objects.filter(workshop=workshop)
        .prefetch_related(Prefetch("practices", queryset=published, to_attr="published"))
        .first()
    )


def _call_state(call) -> str:
    now = timezone.now()
    if now < call.opens_at:
        return "upcoming"
    return "open" if now <= call.deadline else "closed"


def workshop_detail(request, slug):
    workshop = get_object_or_404(workshop_public_detail(slug=slug))
    call = _practice_call(workshop)
    objectives = list(workshop.objectives.all())
    outdated_prefetch([workshop, *objectives])
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "general_objective": next((o for o in objectives if o.kind == "general"), None),
            "specific_objectives": [o for o in objectives if o.kind == "specific"],
            "show_assessment": workshop_took_place(workshop=workshop),
            "sessions": list(workshop.sessions.all()),
            "speakers": list(workshop_public_speakers(workshop=workshop)),
            "participation": workshop_participation(workshop=workshop),
            "documents": _documents_in_language(workshop.documents.all(), get_language()),
            "call": call,
            "call_state": _call_state(call) if call else None,
        },
    )

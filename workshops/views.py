from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from translations.selectors import outdated_prefetch

from .contributions import workshop_contributions
from .filters import WorkshopFilter
from .selectors import (
    documents_in_language,
    workshop_participation,
    workshop_public_detail,
    workshop_public_speakers,
    workshop_took_place,
    workshops_past,
    workshops_public,
    workshops_upcoming,
)


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


def workshop_detail(request, slug):
    workshop = get_object_or_404(workshop_public_detail(slug=slug))
    outdated_prefetch([workshop])
    # The sections the apps above contribute (objectives, the call for practices).
    sections, contributed = [], {}
    for contribution in workshop_contributions():
        if contribution.section_template:
            sections.append(contribution.section_template)
            contributed.update(contribution.section_context(workshop=workshop))
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            **contributed,
            "sections": sections,
            "workshop": workshop,
            "show_assessment": workshop_took_place(workshop=workshop),
            "sessions": list(workshop.sessions.all()),
            "session_sections": [
                c.session_template for c in workshop_contributions() if c.session_template
            ],
            "speakers": list(workshop_public_speakers(workshop=workshop)),
            "participation": workshop_participation(workshop=workshop),
            "documents": documents_in_language(
                documents=workshop.documents.all(), language=get_language()
            ),
        },
    )

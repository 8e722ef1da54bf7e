from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .selectors import workshop_public_detail, workshops_public


def home(request):
    latest = workshops_public()[:3]
    return render(request, "home.html", {"latest_workshops": latest})


def workshop_list(request):
    paginator = Paginator(workshops_public(), settings.WORKSHOPS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "workshops/workshop_list.html", {"page_obj": page})


def workshop_detail(request, slug):
    workshop = get_object_or_404(workshop_public_detail(slug=slug))
    objectives = list(workshop.objectives.all())
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "general_objective": next((o for o in objectives if o.kind == "general"), None),
            "specific_objectives": [o for o in objectives if o.kind == "specific"],
        },
    )

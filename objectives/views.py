from django.shortcuts import render

from .contributions import gcm_contributions
from .models import GcmGuidingPrinciple
from .selectors import gcm_objectives_with_workshops, workshops_by_gcm_objective


def gcm_index(request):
    return render(
        request,
        "objectives/gcm_index.html",
        {
            "objectives": workshops_by_gcm_objective(gcm_objectives_with_workshops()),
            "principles": GcmGuidingPrinciple.objects.all(),
            "sections": [contribution.template for contribution in gcm_contributions()],
        },
    )

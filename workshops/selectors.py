from django.db.models import QuerySet

from .models import Workshop


def workshops_public() -> QuerySet[Workshop]:
    """Workshops as the public sees them, newest first, with what a list row shows."""
    return Workshop.objects.select_related("body", "host_country")


def workshop_public_detail(*, slug: str) -> QuerySet[Workshop]:
    return workshops_public().filter(slug=slug).prefetch_related("objectives__gcm_objectives")

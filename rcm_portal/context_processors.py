from django.conf import settings


def portal(request):
    return {"SECRETARIAT_LABEL": settings.RCM_SECRETARIAT_LABEL}

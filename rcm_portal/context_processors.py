from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The secretariat's names in the interface, so that the setting's value is translated.
SECRETARIAT_LABELS = (gettext_noop("Technical Secretariat"), gettext_noop("Executive Secretariat"))


def portal(request):
    return {"SECRETARIAT_LABEL": gettext(settings.RCM_SECRETARIAT_LABEL)}

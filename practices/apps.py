from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best practices")

    def ready(self):
        from objectives.contributions import gcm_contribution_register
        from workshops.contributions import workshop_contribution_register

        from .sections import gcm_contribution, workshop_contribution

        workshop_contribution_register(workshop_contribution())
        gcm_contribution_register(gcm_contribution())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Objectives")

    def ready(self):
        from workshops.contributions import workshop_contribution_register

        from .sections import workshop_contribution

        workshop_contribution_register(workshop_contribution())

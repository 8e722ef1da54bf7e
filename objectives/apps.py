from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Objectives")

    def ready(self):
        from members.groups import EDIT_ACTIONS, SECRETARIAT, group_permissions_grant
        from translations.tracking import translation_track
        from workshops.contributions import workshop_contribution_register

        from .models import Objective
        from .sections import workshop_contribution

        translation_track(Objective)
        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                *(f"objectives.{action}_objective" for action in EDIT_ACTIONS),
                "objectives.view_historicalobjective",
                "objectives.view_gcmobjective",
                "objectives.view_gcmguidingprinciple",
            ],
        )
        # The objectives section of a workshop's page, its search and its calendar event.
        workshop_contribution_register(workshop_contribution())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self):
        from members.groups import EDIT_ACTIONS, SECRETARIAT, group_permissions_grant
        from translations.tracking import translation_track

        from .models import Action, LineOfAction

        translation_track(LineOfAction, Action)
        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                *(f"roadmaps.{action}_{model}" for model in (
                    "roadmap", "lineofaction", "action", "indicator", "progressupdate",
                    "indicatormeasurement",
                ) for action in EDIT_ACTIONS),
                "roadmaps.view_roadmapstatuschange",
                "roadmaps.view_actionstatuschange",
            ],
        )  # fmt: skip

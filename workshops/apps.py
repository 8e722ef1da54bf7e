from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from members.groups import EDIT_ACTIONS, SECRETARIAT, group_permissions_grant
        from translations.tracking import translation_track

        from .models import Workshop

        translation_track(Workshop)
        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                *(f"workshops.{action}_{model}" for model in (
                    "workshop", "agendasession", "participant", "outcomedocument",
                ) for action in EDIT_ACTIONS),
                "workshops.view_workshopstatuschange",
                "workshops.view_historicalworkshop",
                "workshops.view_rcmbody",
            ],
        )  # fmt: skip

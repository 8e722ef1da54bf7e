from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best practices")

    def ready(self):
        from members.groups import EDIT_ACTIONS, SECRETARIAT, group_permissions_grant
        from objectives.contributions import gcm_contribution_register
        from translations.tracking import translation_track
        from workshops.contributions import workshop_contribution_register

        from .models import Practice
        from .sections import gcm_contribution, workshop_contribution

        translation_track(Practice)
        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                *(f"practices.{action}_{model}" for model in (
                    "practice", "practicecall", "practiceattachment",
                ) for action in EDIT_ACTIONS),
                "practices.review_practice",
                "practices.view_practicestatuschange",
                "practices.view_compilation",
                "practices.compile_beyond_public_limit",
                *(f"practices.{action}_{model}" for model in ("theme", "targetpopulation")
                  for action in ("add", "change", "view")),
            ],
        )  # fmt: skip
        # The call on a workshop's page, the practices under each GCM objective.
        workshop_contribution_register(workshop_contribution())
        gcm_contribution_register(gcm_contribution())

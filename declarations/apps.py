from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Declarations")

    def ready(self):
        from members.groups import EDIT_ACTIONS, SECRETARIAT, group_permissions_grant
        from translations.tracking import translation_track

        from .models import Paragraph

        translation_track(Paragraph)
        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                *(f"declarations.{action}_{model}" for model in ("declaration", "paragraph")
                  for action in EDIT_ACTIONS),
                "declarations.view_amendment",
                "declarations.review_amendment",
                "declarations.view_declarationstatuschange",
                "declarations.view_historicalparagraph",
            ],
        )  # fmt: skip

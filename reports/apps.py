from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from members.groups import SECRETARIAT, group_permissions_grant
        from workshops.contributions import WorkshopContribution, workshop_contribution_register

        from .payload_declarations import DECLARATION_SPEC
        from .payload_roadmaps import ROADMAP_SPEC
        from .payloads import INITIATIVES_SPEC, WORKSHOP_SPEC
        from .selectors import compilation_editions_superseded
        from .specs import register_spec

        group_permissions_grant(
            group=SECRETARIAT,
            permissions=[
                "reports.view_report",
                "reports.request_beyond_public_limits",
                "reports.view_compilationpublication",
            ],
        )
        # A published compilation's earlier editions, marked as such on the workshop page.
        workshop_contribution_register(
            WorkshopContribution(documents_superseded=compilation_editions_superseded)
        )
        # Every kind of report, once the apps it reads are loaded.
        for spec in (WORKSHOP_SPEC, INITIATIVES_SPEC, DECLARATION_SPEC, ROADMAP_SPEC):
            register_spec(spec)

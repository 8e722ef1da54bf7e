from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from members.groups import SECRETARIAT, group_permissions_grant

        from .payload_declarations import DECLARATION_SPEC
        from .payload_roadmaps import ROADMAP_SPEC
        from .payloads import INITIATIVES_SPEC, WORKSHOP_SPEC
        from .specs import register_spec

        group_permissions_grant(
            group=SECRETARIAT,
            permissions=["reports.view_report", "reports.request_beyond_public_limits"],
        )
        # Every kind of report, once the apps it reads are loaded.
        for spec in (WORKSHOP_SPEC, INITIATIVES_SPEC, DECLARATION_SPEC, ROADMAP_SPEC):
            register_spec(spec)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Every kind of report registers here, once the apps it reads are loaded.
        from .payload_declarations import DECLARATION_SPEC
        from .payload_roadmaps import ROADMAP_SPEC
        from .payloads import INITIATIVES_SPEC, WORKSHOP_SPEC
        from .specs import register_spec

        for spec in (WORKSHOP_SPEC, INITIATIVES_SPEC, DECLARATION_SPEC, ROADMAP_SPEC):
            register_spec(spec)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        # Each app registers its outbox handlers in its tasks module: import them all, so
        # that the web process (eager tests) and the worker know the same handlers.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from .groups import sync_groups

        # Sent once per app; by the last one every permission exists, and adding is idempotent.
        post_migrate.connect(sync_groups, dispatch_uid="members.sync_groups")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from allauth.account.signals import password_reset
        from allauth.mfa.signals import authenticator_added

        from . import checks  # noqa: F401  (registers the system checks)
        from .groups import sync_groups
        from .signals import accept_invitation_on_password_set, second_factor_verified_on_enrolment

        # Sent once per app; by the last one every permission exists, and adding is idempotent.
        post_migrate.connect(sync_groups, dispatch_uid="members.sync_groups")
        password_reset.connect(
            accept_invitation_on_password_set, dispatch_uid="members.accept_invitation"
        )
        authenticator_added.connect(
            second_factor_verified_on_enrolment, dispatch_uid="members.second_factor_enrolled"
        )

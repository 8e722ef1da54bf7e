"""The staff groups and what they may do, kept in step with the models after each migrate.

Permissions are named "app_label.codename" so that this module imports no other app. Here
are those of members and the apps below it; each app above adds its own from its
AppConfig.ready() with `group_permissions_grant`."""

from collections.abc import Iterable

from django.utils.translation import gettext_noop

SECRETARIAT = gettext_noop("Technical Secretariat")

EDIT_ACTIONS = ("add", "change", "delete", "view")
GROUP_PERMISSIONS = {
    SECRETARIAT: [
        # Outdated translations: listed, and marked up to date once checked.
        "translations.view_outdatedtranslation",
        "translations.delete_outdatedtranslation",
        # The work after a commit, which the administration's index sums up: listed, and
        # failed messages tried again.
        "outbox.view_outboxmessage",
        "outbox.view_workerheartbeat",
        "members.view_country",
        "members.view_organization",
        *(f"members.{action}_invitation" for action in ("add", "change", "view")),
    ],
}  # fmt: skip


def group_permissions_grant(*, group: str, permissions: Iterable[str]) -> None:
    """Give `group` these permissions too, at the next migrate (and every one after)."""
    wanted = GROUP_PERMISSIONS.setdefault(group, [])
    wanted.extend(label for label in permissions if label not in wanted)


def sync_groups(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, wanted in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = []
        for label in wanted:
            app_label, codename = label.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                found.append(permission)
        group.permissions.add(*found)

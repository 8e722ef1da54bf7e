"""The staff groups and what they may do, kept in step with the models after each migrate.

Permissions are named "app_label.codename" so that this module imports no other app."""

from django.utils.translation import gettext_noop

SECRETARIAT = gettext_noop("Technical Secretariat")

_EDIT = ("add", "change", "delete", "view")
GROUP_PERMISSIONS = {
    SECRETARIAT: [
        *(f"workshops.{action}_{model}" for model in (
            "workshop", "agendasession", "participant", "outcomedocument",
        ) for action in _EDIT),
        "workshops.view_workshopstatuschange",
        "workshops.view_historicalworkshop",
        "workshops.view_rcmbody",
        *(f"objectives.{action}_objective" for action in _EDIT),
        "objectives.view_historicalobjective",
        "objectives.view_gcmobjective",
        "objectives.view_gcmguidingprinciple",
        *(f"practices.{action}_{model}" for model in (
            "practice", "practicecall", "practiceattachment",
        ) for action in _EDIT),
        "practices.review_practice",
        "practices.view_practicestatuschange",
        "practices.view_compilation",
        "practices.compile_beyond_public_limit",
        *(f"practices.{action}_{model}" for model in ("theme", "targetpopulation")
          for action in ("add", "change", "view")),
        *(f"roadmaps.{action}_{model}" for model in (
            "roadmap", "lineofaction", "action", "indicator", "progressupdate",
            "indicatormeasurement",
        ) for action in _EDIT),
        "roadmaps.view_roadmapstatuschange",
        "roadmaps.view_actionstatuschange",
        *(f"declarations.{action}_{model}" for model in ("declaration", "paragraph")
          for action in _EDIT),
        "declarations.view_amendment",
        "declarations.review_amendment",
        "declarations.view_declarationstatuschange",
        "declarations.view_historicalparagraph",
        # Outdated translations: listed, and marked up to date once checked.
        "translations.view_outdatedtranslation",
        "translations.delete_outdatedtranslation",
        "reports.view_report",
        "reports.request_beyond_public_limits",
        # The work after a commit, which the administration's index sums up: listed, and
        # failed messages tried again.
        "outbox.view_outboxmessage",
        "outbox.view_workerheartbeat",
        "members.view_country",
        "members.view_organization",
        *(f"members.{action}_invitation" for action in ("add", "change", "view")),
    ],
}  # fmt: skip


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

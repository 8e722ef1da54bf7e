"""One way to move an object through its statuses, each step recorded.

An app declares each of its workflows once, in its `services.py`, as a `Workflow`: the
statuses (`status`, a `TextChoices`), where each status may go (`transitions`), who may take
a step (`permission`), the message that refuses a step the map does not allow, and the model
that records each step. `Workflow.move()` is the only way such a status changes: it locks
the object, refuses a step outside the map, runs the workflow's own conditions (`before`),
saves the status and creates the record with who, when, from, to and the note, then lets
the app follow up in the same transaction (`after`, e.g. the e-mails the step sends).
`Workflow.admin_actions()` are the administration's actions taking the selected objects to
a status, and `Workflow.admin_history()` the inline listing the recorded steps.

The record is the app's own model, a concrete `workshops.models.StatusChange`: it has
`changed_by`, `changed_at`, `from_status` and `to_status`, and declares the names of the
field that points to the object (`subject_field`) and of its note (`note_field`).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction


@dataclass(frozen=True, eq=False)
class Workflow:
    """The statuses an object moves through and the rules of each step.

    `refusal` (lazy) says a step is not allowed, with `%(current)s` and `%(target)s`, the
    statuses' labels; `moved` (`ngettext_lazy(..., "count")`) is the administration's
    message for the objects moved, with `%(count)d` and `%(status)s`. `before(obj, current,
    target)` raises ValidationError for a step the map allows but the object is not ready
    for, and may set the fields named in `saved_fields`, saved with the status.
    `after(change)` runs with the record, in the same transaction. `permission(user, obj,
    target)` says who may take a step; the pages ask `allowed()` or `targets()`."""

    status: type[models.TextChoices]
    transitions: Mapping[str, tuple[str, ...]]
    record: type[models.Model]
    refusal: str
    moved: str
    saved_fields: tuple[str, ...] = ("updated_at",)
    lowercase_labels: bool = False
    before: Callable | None = None
    after: Callable | None = None
    permission: Callable | None = None

    def label(self, status: str) -> str:
        """A status as the messages name it."""
        label = str(self.status(status).label)
        return label.lower() if self.lowercase_labels else label

    def can_move(self, obj, to_status: str) -> bool:
        """Whether the map lets `obj` go from its status to `to_status`."""
        return to_status in self.transitions[self.status(obj.status)]

    def allowed(self, obj, to_status: str, *, user) -> bool:
        """Whether `user` may take `obj` to `to_status`: the map allows it and so does the
        workflow's `permission`."""
        if not self.can_move(obj, to_status):
            return False
        return self.permission is None or bool(self.permission(user, obj, to_status))

    def targets(self, obj, *, user, among: Iterable[str] | None = None) -> list:
        """The statuses `user` may take `obj` to (only those `among`, when given)."""
        return [
            target
            for target in self.transitions[self.status(obj.status)]
            if (among is None or target in among) and self.allowed(obj, target, user=user)
        ]

    def guard(self, current: str, target: str) -> None:
        """Refuse, with the workflow's message, a step the map does not allow."""
        if target not in self.transitions[self.status(current)]:
            raise ValidationError(
                self.refusal % {"current": self.label(current), "target": self.label(target)},
                code="transition",
            )

    def move(self, obj, *, to_status: str, by, note: str = ""):
        """Take `obj` to `to_status` on behalf of `by`, recording the step: its record."""
        with transaction.atomic():
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            current = self.status(obj.status)
            target = self.status(to_status)
            self.guard(current, target)
            if self.before is not None:
                self.before(obj, current, target)
            obj.status = target
            # The object's history, where it keeps one, names the same person.
            obj._history_user = by
            obj.save(update_fields=["status", *self.saved_fields])
            change = self.record._default_manager.create(
                **{
                    self.record.subject_field: obj,
                    "from_status": current,
                    "to_status": target,
                    "changed_by": by,
                    self.record.note_field: note,
                }
            )
            if self.after is not None:
                self.after(change)
        return change

    def admin_actions(self, descriptions: Mapping[str, str], *, permissions=("change",)):
        """The administration's actions, one for each target status in `descriptions`
        ({status: what the action says}), each taking the selected objects there."""
        return [
            self._admin_action(self.status(target), description, permissions=permissions)
            for target, description in descriptions.items()
        ]

    def _admin_action(self, target, description, *, permissions):
        return workflow_action(
            name=f"make_{target.value}",
            description=description,
            move=lambda obj, by: self.move(obj, to_status=target, by=by),
            done=lambda count: self.moved % {"count": count, "status": self.label(target)},
            permissions=permissions,
        )

    def admin_history(self, plural):
        """The read-only inline of the recorded steps, for the object's change page."""
        from django.contrib import admin

        from rcm_portal.admin_layout import readonly_inline

        return readonly_inline(
            admin.TabularInline,
            inline_model=self.record,
            fields=(
                "changed_at",
                "from_status",
                "to_status",
                "changed_by",
                self.record.note_field,
            ),
            plural=plural,
        )


def workflow_action(*, name, description, move, done, permissions=("change",)):
    """An admin action that moves each selected object with `move(obj, by)`, reports each
    refusal by name, and then `done(count)`, the message for the objects moved."""
    from django.contrib import admin, messages

    def action(modeladmin, request, queryset):
        moved = 0
        for obj in queryset:
            try:
                move(obj, request.user)
                moved += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{obj}: {' '.join(error.messages)}", messages.ERROR
                )
        if moved:
            modeladmin.message_user(request, done(moved), messages.SUCCESS)

    action.__name__ = name
    return admin.action(description=description, permissions=list(permissions))(action)

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .models import ObjectiveKind


class ObjectiveInlineFormSet(BaseInlineFormSet):
    """Checks the objectives of one workshop together, before any is saved: the database
    constraints then never see a conflict a person could have typed."""

    def clean(self):
        super().clean()
        seen = set()
        general = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kind, number = form.cleaned_data.get("kind"), form.cleaned_data.get("number")
            if kind == ObjectiveKind.GENERAL:
                general += 1
            if (kind, number) in seen:
                form.add_error(
                    "number", _("This workshop already has an objective with this number.")
                )
            seen.add((kind, number))
        if general > 1:
            raise ValidationError(_("A workshop has only one general objective."))

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.validators import validate_document

from .models import ProgressUpdate


class ProgressUpdateForm(forms.ModelForm):
    """A delegate's report on one action of their country."""

    percentage = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("How much of the action is done, from 0 to 100."),
        widget=forms.NumberInput(attrs={"step": 1}),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "percentage", "narrative", "evidence"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "narrative": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"narrative": _("What was done since the last update")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["evidence"].help_text = _(
            "Optional. PDF, Word, Excel, PowerPoint or an image, up to %(size)s MB."
        ) % {"size": settings.DOCUMENT_MAX_UPLOAD_MB}
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The date of an update cannot be in the future."))
        return date

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_document(evidence)
        return evidence

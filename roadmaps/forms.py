from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
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

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One optional field per indicator of the action: the value the country measured.
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.indicator_field_name(indicator)] = forms.DecimalField(
                label=indicator.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                help_text=self._indicator_help(indicator),
                widget=forms.NumberInput(attrs={"step": "any"}),
            )
        self.fields["date"].initial = timezone.localdate
        self.fields["evidence"].help_text = _(
            "Optional. PDF, Word, Excel, PowerPoint or an image, up to %(size)s MB."
        ) % {"size": settings.DOCUMENT_MAX_UPLOAD_MB}
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    @staticmethod
    def indicator_field_name(indicator) -> str:
        return f"indicator_{indicator.pk}"

    @staticmethod
    def _indicator_help(indicator) -> str:
        figures = {
            "baseline": "—" if indicator.baseline is None else floatformat(indicator.baseline, -2),
            "target": floatformat(indicator.target, -2),
            "unit": indicator.unit,
        }
        return (
            _(
                "Optional. The value measured now "
                "(baseline %(baseline)s, target %(target)s %(unit)s)."
            )
            % figures
        )

    @property
    def indicator_fields(self):
        return [self[self.indicator_field_name(indicator)] for indicator in self.indicators]

    def measurements(self) -> list:
        """(indicator, value) for each indicator the delegate gave a value for."""
        values = []
        for indicator in self.indicators:
            value = self.cleaned_data.get(self.indicator_field_name(indicator))
            if value is not None:
                values.append((indicator, value))
        return values

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

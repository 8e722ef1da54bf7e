from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AmendmentAction


class AmendmentForm(forms.Form):
    """A country's proposal for one paragraph. `version` and `seen` say what the delegate
    read when the form opened: the paragraph's version and its newest amendment."""

    action = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=AmendmentAction.choices,
        initial=AmendmentAction.CHANGE,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    text = forms.CharField(
        label=_("Proposed text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The whole new text of the paragraph, or of the paragraph to insert. "
            "Leave empty to delete the paragraph."
        ),
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") != AmendmentAction.DELETE
            and not (cleaned.get("text") or "").strip()
        ):
            self.add_error("text", _("Write the text you propose."))
        return cleaned


class AmendmentDecision:
    ACCEPT = "accept"
    MERGE = "merge"
    REJECT = "reject"
    CHOICES = (
        (ACCEPT, _("Accept as proposed")),
        (MERGE, _("Merge with the text below")),
        (REJECT, _("Reject")),
    )


class AmendmentDecisionForm(forms.Form):
    """The Secretariat's decision on an amendment."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=AmendmentDecision.CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Text to merge"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Used only when merging: the text that goes into the declaration."),
    )
    note = forms.CharField(
        label=_("Note to the delegates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == AmendmentDecision.MERGE
            and not (cleaned.get("text") or "").strip()
        ):
            self.add_error("text", _("Write the text to merge."))
        return cleaned

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
        label=_("Text to merge (in the amendment's language)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Used only when merging: the text that goes into the declaration."),
    )
    note = forms.CharField(
        label=_("Note to the delegates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs_translation = forms.BooleanField(
        label=_("Accept with the other languages marked as needing translation"),
        required=False,
        help_text=_(
            "The texts above are then not taken: the other languages keep their text, "
            "marked outdated, and the declaration cannot be adopted until they are updated."
        ),
    )

    def __init__(self, *args, amendment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.amendment = amendment
        self.translation_fields = []
        if amendment is None or amendment.action == AmendmentAction.DELETE:
            del self.fields["needs_translation"]
            return
        paragraph = amendment.paragraph
        for code, name in settings.LANGUAGES:
            if code == amendment.language:
                continue
            current = (
                ""
                if amendment.action == AmendmentAction.INSERT_AFTER
                else getattr(paragraph, f"text_{code}") or ""
            )
            field_name = f"text_{code}"
            self.fields[field_name] = forms.CharField(
                label=_("Text in %(language)s (to update)") % {"language": _(name)},
                required=False,
                initial=current,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code}),
                help_text=_(
                    "The paragraph's text in this language, prefilled with its current text: "
                    "update it to say what the amendment says. Left unchanged, it is marked "
                    "as needing translation."
                ),
            )
            self.translation_fields.append(field_name)

    def translation_bound_fields(self):
        return [self[name] for name in self.translation_fields]

    def translations(self) -> dict[str, str] | None:
        """The texts in the other languages, or None when the Secretariat marks them as
        needing translation."""
        if self.cleaned_data.get("needs_translation"):
            return None
        return {
            name.removeprefix("text_"): self.cleaned_data.get(name, "")
            for name in self.translation_fields
        }

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == AmendmentDecision.MERGE and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Write the text to merge."))
        if decision in (AmendmentDecision.ACCEPT, AmendmentDecision.MERGE) and not cleaned.get(
            "needs_translation"
        ):
            for name in self.translation_fields:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(
                        name,
                        _(
                            "Write the text in this language, or accept with the other "
                            "languages marked as needing translation."
                        ),
                    )
        return cleaned

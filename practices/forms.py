from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.models import Country, Organization
from objectives.models import GcmGuidingPrinciple, GcmObjective
from workshops.validators import validate_document

from .models import Practice, PracticeCall, PracticeStatus
from .sanitize import RICH_TEXT_HELP
from .selectors import practice_calls_open
from .services import DELEGATE_TRANSLATED_FIELDS, DRAFT_FIELDS

TRANSLATED_FIELDS = DELEGATE_TRANSLATED_FIELDS
MAX_ATTACHMENTS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once, each checked on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PracticeCallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, call):
        return _("%(title)s (deadline %(date)s)") % {
            "title": call.title,
            "date": timezone.localtime(call.deadline).strftime("%Y-%m-%d"),
        }


class PracticeForm(forms.ModelForm):
    """The delegate's form: it checks and cleans what was typed; practice_draft_save
    saves it. Nothing in it is required to save a draft: what is needed to submit is
    checked by the submission itself, field by field."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences for the catalogue."),
    )
    call = PracticeCallChoiceField(
        label=_("Call for practices answered"),
        queryset=PracticeCall.objects.none(),
        required=False,
        empty_label=_("None: a practice on its own"),
    )
    gcm_objectives = forms.ModelMultipleChoiceField(
        label=_("GCM objectives"),
        queryset=GcmObjective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guiding_principles = forms.ModelMultipleChoiceField(
        label=_("GCM guiding principles"),
        queryset=GcmGuidingPrinciple.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries_involved = forms.ModelMultipleChoiceField(
        label=_("Other countries involved"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Countries that take part besides the one that presents the practice."),
    )
    partner_organizations = forms.ModelMultipleChoiceField(
        label=_("Partner organizations"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_attachments = MultipleFileField(
        label=_("Add attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images, up to %(size)s MB each.")
        % {"size": settings.DOCUMENT_MAX_UPLOAD_MB},
    )
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Practice
        fields = list(DRAFT_FIELDS)
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_populations": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "problem": forms.Textarea(attrs={"rows": 6}),
            "approach": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "lessons_learned": forms.Textarea(attrs={"rows": 6}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {
            "problem": RICH_TEXT_HELP,
            "approach": RICH_TEXT_HELP,
            "results": RICH_TEXT_HELP,
            "lessons_learned": RICH_TEXT_HELP,
            "contact_name": _("Seen only by the Secretariat, never published."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        practice = self.instance
        self.fields["language"].required = False
        self.fields["call"].queryset = practice_calls_open(keeping_id=practice.call_id)
        # The presenting country is not "another" country involved.
        if practice.country_id:
            self.fields["countries_involved"].queryset = Country.objects.exclude(
                pk=practice.country_id
            )
        # Each label its capital: the models' names are lower case.
        self.fields["guiding_principles"].label = capfirst(self.fields["guiding_principles"].label)
        if practice.pk:
            for name in TRANSLATED_FIELDS:
                self.initial[name] = getattr(practice, f"{name}_{practice.language}") or ""
        # Screen readers read a field's help with the field (the template gives it this id).
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    def clean_new_attachments(self):
        files = self.cleaned_data.get("new_attachments") or []
        already = self.instance.attachments.count() if self.instance.pk else 0
        if already + len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("A practice can have at most %(count)s attachments."),
                params={"count": MAX_ATTACHMENTS},
            )
        errors = []
        for uploaded in files:
            try:
                validate_document(uploaded)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The form only checks and cleans: it does not copy its values onto the practice.
        # practice_draft_save writes them, each in its place (the title in the practice's
        # language, a value to correct in draft_values), and runs the model's checks.
        pass

    @classmethod
    def reopened(cls, practice: Practice) -> "PracticeForm":
        """The form of a saved practice: when its draft keeps values that did not
        validate, bound to them, with the same messages as when it was saved."""
        form = cls(instance=practice)
        if not practice.draft_values:
            return form
        data = {
            name: form[name].value()
            for name in form.fields
            if name not in ("new_attachments", "form_key")
        }
        data.update(practice.draft_values)
        form = cls(data, instance=practice)
        form.is_valid()
        return form

    def invalid_values(self) -> dict:
        """What was typed in the fields that did not validate, as typed."""
        return {
            name: self[name].data
            for name in self.errors
            if name in self.fields and name not in ("new_attachments", "form_key")
        }


class WithdrawForm(forms.Form):
    """The submitter's withdrawal, with an optional reason."""

    comment = forms.CharField(label=_("Reason (optional)"), required=False)


class DecisionForm(forms.Form):
    """The Secretariat's decision on a practice, with the comment the submitter reads."""

    to_status = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("to_status")
            in (
                PracticeStatus.CHANGES_REQUESTED,
                PracticeStatus.REJECTED,
            )
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say what should change, or why it is not accepted."))
        return cleaned

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from objectives.models import GcmObjective
from workshops.validators import validate_document

from .models import Practice, PracticeAttachment, PracticeCall, PracticeStatus

# Fields the delegate writes in the language of the practice; the Secretariat adds the
# other languages in the admin.
TRANSLATED_FIELDS = ("title", "summary")
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
    """The delegate's form. Nothing in it is required to save a draft: what is needed
    to submit is checked by the submission itself, field by field."""

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
    new_attachments = MultipleFileField(
        label=_("Add attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images, up to %(size)s MB each.")
        % {"size": settings.DOCUMENT_MAX_UPLOAD_MB},
    )
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "language",
            "call",
            "implementing_organization",
            "period_start",
            "period_end",
            "target_populations",
            "themes",
            "gcm_objectives",
            "problem",
            "approach",
            "results",
            "lessons_learned",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
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
            "problem": _("Plain text, or simple formatting: paragraphs, lists, bold, links."),
            "contact_name": _("Seen only by the Secretariat, never published."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        practice = self.instance
        self.fields["language"].required = False
        # Calls still open, and the one already chosen even if it has closed since.
        now = timezone.now()
        calls = PracticeCall.objects.filter(opens_at__lte=now, deadline__gte=now)
        if practice.call_id:
            calls = calls | PracticeCall.objects.filter(pk=practice.call_id)
        self.fields["call"].queryset = calls.select_related("workshop").order_by("deadline")
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
        # The model's own checks run when saving the draft, on the fields that are valid.
        pass

    def save_draft(self, *, country, by, form_key=None) -> Practice:
        """Save every field that is valid, whatever the others say: a draft loses nothing."""
        practice = self.instance
        cleaned = self.cleaned_data
        language = cleaned.get("language") or practice.language or "en"
        previous_language = practice.language if practice.pk else language
        for name in TRANSLATED_FIELDS:
            if name in cleaned:
                if previous_language != language:
                    setattr(practice, f"{name}_{previous_language}", "")
                setattr(practice, f"{name}_{language}", cleaned[name])
        simple = [
            name
            for name in self.Meta.fields
            if name not in TRANSLATED_FIELDS
            and name not in ("language", "target_populations", "themes", "gcm_objectives")
        ]
        practice.language = language
        for name in simple:
            if name in cleaned:
                setattr(practice, name, cleaned[name])
        if (
            practice.period_start
            and practice.period_end
            and practice.period_end < practice.period_start
        ):
            practice.period_end = None
        if not practice.pk:
            practice.country = country
            practice.created_by = by
            practice.form_key = form_key
            practice.status = PracticeStatus.DRAFT
        practice.save()
        for name in ("target_populations", "themes", "gcm_objectives"):
            if name in cleaned:
                getattr(practice, name).set(cleaned[name])
        for uploaded in cleaned.get("new_attachments") or []:
            PracticeAttachment.objects.create(
                practice=practice, file=uploaded, original_name=uploaded.name[:255]
            )
        return practice


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

"""A workshop's participant list in and out of the admin as a CSV or Excel file.

The file is written by people, not programs: a clerk types "Mexico", "México" or "MX", "IOM" or
"OIM", "Delegate" or "delegate", "yes" or "oui", and each of them means the same row. Every value
that cannot be understood is reported on its row, naming the value, and django-import-export
then refuses to confirm the import, so that a list is imported whole or not at all.
"""

import re
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from modeltranslation.utils import build_localized_fieldname

from members.models import Country, Organization
from rcm_portal.text import text_folded

from .models import Attendance, Participant, ParticipantRole, Workshop
from .spreadsheets import SpreadsheetExportMixin, spreadsheet_unescape

COLUMNS = (
    "workshop",
    "full_name",
    "email",
    "position",
    "role",
    "country",
    "organization",
    "attendance",
    "listed_publicly",
)


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cell(value) -> str:
    """A spreadsheet cell as the text the clerk typed: empty for None, "1" for Excel's 1.0,
    and without the apostrophe an export put before a value that looks like a formula."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A NUL or another control character is nothing a clerk meant, and PostgreSQL refuses NUL.
    text = _CONTROL_CHARACTERS.sub("", str(value))
    return spreadsheet_unescape(text.strip()).strip()


def _in_every_language(text) -> set[str]:
    """A translatable text, folded, in each language of the portal."""
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.add(text_folded(text))
    return words


def _localized(field: str) -> list[str]:
    return [build_localized_fieldname(field, code) for code in settings.MODELTRANSLATION_LANGUAGES]


class WorkshopWidget(widgets.ForeignKeyWidget):
    """A workshop by its slug, the part of its address after /workshops/."""

    def __init__(self, **kwargs):
        super().__init__(Workshop, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slug = _cell(value)
        if not slug:
            raise ValueError(gettext("The workshop is missing: give its slug."))
        # Every row of a list names the same workshop or two: one query per slug and import.
        found = self.__dict__.setdefault("_found", {})
        if slug.casefold() not in found:
            found[slug.casefold()] = self.get_queryset(value, row).filter(slug__iexact=slug).first()
        if found[slug.casefold()] is None:
            raise ValueError(
                gettext("There is no workshop with the slug “%(value)s”.") % {"value": slug}
            )
        return found[slug.casefold()]


class NamedRowWidget(widgets.ForeignKeyWidget):
    """A related row found by any word people use for it: a code, an acronym, or its name in
    any language. Blank means none."""

    #: The fields whose values name a row; an exact match (any case) wins.
    lookup_fields: list[str] = []
    unknown_message = ""

    def clean(self, value, row=None, **kwargs):
        text = _cell(value)
        if not text:
            return None
        # A list names the same few countries and organizations on every row: each word is
        # looked up once per import (a widget belongs to one resource, one import).
        found = self.__dict__.setdefault("_found", {})
        if text not in found:
            try:
                found[text] = self._lookup(text, value, row)
            except ValueError as error:
                found[text] = str(error)  # the message, raised anew for each row
        if isinstance(found[text], str):
            raise ValueError(found[text])
        return found[text]

    def _lookup(self, text, value, row):
        queryset = self.get_queryset(value, row)
        matches = list(
            queryset.filter(reduce(or_, (Q(**{f"{f}__iexact": text}) for f in self.lookup_fields)))
        )
        if not matches:
            # Accents and spacing are compared here: "Mexico" is "México", "Etats-Unis" is
            # "États-Unis". The lists are short (countries, organizations).
            wanted = text_folded(text)
            matches = [
                candidate
                for candidate in queryset
                if any(
                    text_folded(getattr(candidate, f) or "") == wanted for f in self.lookup_fields
                )
            ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(self.unknown_message % {"value": text})
        raise ValueError(
            gettext("“%(value)s” could mean %(candidates)s: write the full name instead.")
            % {"value": text, "candidates": "; ".join(str(match) for match in matches)}
        )

    def render(self, value, obj=None, **kwargs):
        # The name in the active language: it imports back, whatever the language.
        return value.name if value else ""


class CountryWidget(NamedRowWidget):
    lookup_fields = ["iso_code", *_localized("name")]
    unknown_message = _(
        "There is no country “%(value)s”. Write its ISO code (such as MX) or its name in "
        "English, Spanish or French."
    )

    def __init__(self, **kwargs):
        super().__init__(Country, **kwargs)


class OrganizationWidget(NamedRowWidget):
    lookup_fields = [*_localized("acronym"), *_localized("name")]
    unknown_message = _(
        "There is no organization “%(value)s”. Write its acronym or its name in English, "
        "Spanish or French."
    )

    def __init__(self, **kwargs):
        super().__init__(Organization, **kwargs)


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its label in any language of the portal, any case."""

    def __init__(self, choices: type[models.TextChoices], *, unknown_message, missing_message=None):
        self.choices = choices
        self.unknown_message = unknown_message
        # Without a message for it, a blank cell means "leave as it is" (or the default).
        self.missing_message = missing_message
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = _cell(value)
        listed = {"choices": ", ".join(str(choice.label) for choice in self.choices)}
        if not text:
            if self.missing_message:
                raise ValueError(self.missing_message % listed)
            return None
        wanted = text_folded(text)
        for choice in self.choices:
            if wanted == text_folded(choice.value) or wanted in _in_every_language(choice.label):
                return choice.value
        raise ValueError(self.unknown_message % {"value": text, **listed})

    def render(self, value, obj=None, **kwargs):
        if value in self.choices.values:
            return str(self.choices(value).label)
        return value or ""


class YesNoWidget(widgets.BooleanWidget):
    """Yes or no as people write it in English, Spanish or French; blank is no."""

    YES = {"1", "true", "yes", "y", "x", "si", "oui", "vrai", "verdadero"}
    NO = {"", "0", "false", "no", "n", "non", "faux", "falso"}

    def clean(self, value, row=None, **kwargs):
        text = _cell(value)
        wanted = text_folded(text)
        if wanted in self.YES or wanted in _in_every_language(_("yes")):
            return True
        if wanted in self.NO or wanted in _in_every_language(_("no")):
            return False
        raise ValueError(gettext("“%(value)s” is neither yes nor no.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return gettext("yes") if value else gettext("no")


class TextWidget(widgets.CharWidget):
    """Free text, as typed, without control characters or surrounding spaces."""

    def clean(self, value, row=None, **kwargs):
        return _cell(value)


class FullNameWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        full_name = " ".join(_cell(value).split())
        if not full_name:
            raise ValueError(gettext("The full name is missing."))
        return full_name


class EmailWidget(widgets.CharWidget):
    """An address, checked and in lower case; blank is None, so that a list without addresses
    never erases the ones already known."""

    def clean(self, value, row=None, **kwargs):
        email = _cell(value).lower()
        if not email:
            return None
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(
                gettext("“%(value)s” is not a valid e-mail address.") % {"value": _cell(value)}
            ) from None
        return email


class _Registrations:
    """A workshop's participants during one import, found by address or by name."""

    def __init__(self, participants):
        self._emails: dict[str, list[Participant]] = {}
        self._names: dict[str, list[Participant]] = {}
        for participant in participants:
            self.add(participant)

    def add(self, participant: Participant) -> None:
        # A participant is indexed again after each save: the row may have given them an
        # address. Stale entries are filtered out on reading.
        for index, key in (
            (self._emails, participant.email.casefold()),
            (self._names, participant.full_name.casefold()),
        ):
            entries = index.setdefault(key, [])
            if not any(entry is participant for entry in entries):
                entries.append(participant)

    def by_email(self, email: str) -> list[Participant]:
        wanted = email.casefold()
        return [p for p in self._emails.get(wanted, []) if p.email.casefold() == wanted]

    def by_name(self, full_name: str, *, without_email: bool) -> list[Participant]:
        wanted = full_name.casefold()
        return [
            p
            for p in self._names.get(wanted, [])
            if p.full_name.casefold() == wanted and not (without_email and p.email)
        ]


class ParticipantResource(SpreadsheetExportMixin, resources.ModelResource):
    workshop = fields.Field("workshop", "workshop", widget=WorkshopWidget())
    full_name = fields.Field("full_name", "full_name", widget=FullNameWidget())
    email = fields.Field("email", "email", widget=EmailWidget(), saves_null_values=False)
    position = fields.Field("position", "position", widget=TextWidget())
    role = fields.Field(
        "role",
        "role",
        widget=ChoiceWidget(
            ParticipantRole,
            unknown_message=_("“%(value)s” is not a role. Write one of: %(choices)s."),
            missing_message=_("The role is missing. Write one of: %(choices)s."),
        ),
    )
    country = fields.Field("country", "country", widget=CountryWidget())
    organization = fields.Field("organization", "organization", widget=OrganizationWidget())
    attendance = fields.Field(
        "attendance",
        "attendance",
        widget=ChoiceWidget(
            Attendance,
            unknown_message=_("“%(value)s” is not an attendance. Write one of: %(choices)s."),
        ),
        saves_null_values=False,
    )
    listed_publicly = fields.Field("listed_publicly", "listed_publicly", widget=YesNoWidget())

    class Meta:
        model = Participant
        fields = COLUMNS
        export_order = COLUMNS
        # get_instance() below does the matching; these columns must be in the file.
        import_id_fields = ("workshop", "full_name")
        # The preview shows each row as it was written in the file, not a field-by-field
        # comparison, which took a third of the time of a long list.
        store_row_values = True
        skip_diff = True

    def __init__(self, *, progress=None, **kwargs):
        # Called once per row read: the worker reports how far an import has got.
        self.progress = progress
        super().__init__(**kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.progress is not None:
            self.progress()
        return row_result

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        # A list is imported whole or not at all, also when a row that was valid in the
        # preview no longer is at the confirmation (its workshop was deleted meanwhile...).
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def get_queryset(self):
        return Participant.objects.select_related("workshop", "country", "organization")

    def before_import(self, dataset, **kwargs):
        # Clerks head their columns "Full name" or "Nombre completo" as well as "full_name".
        if dataset.headers:
            dataset.headers = [self._column_for(header) for header in dataset.headers]

    def _column_for(self, header) -> str:
        wanted = text_folded(_cell(header))
        for column in COLUMNS:
            verbose_name = Participant._meta.get_field(column).verbose_name
            if wanted in {column, column.replace("_", " ")} or wanted in _in_every_language(
                verbose_name
            ):
                return column
        return _cell(header)

    def _registered(self, workshop) -> "_Registrations":
        """The workshop's participants, read once per import (a query per row made a list
        of thousands take minutes); the rows of this import join them as they are saved."""
        known = self.__dict__.setdefault("_known", {})
        if workshop.pk not in known:
            known[workshop.pk] = _Registrations(
                self.get_queryset().filter(workshop=workshop).order_by("pk")
            )
        return known[workshop.pk]

    def after_save_instance(self, instance, row, **kwargs):
        self._registered(instance.workshop).add(instance)

    def get_instance(self, instance_loader, row):
        """The participant this row is about: the same workshop and e-mail address, or, for
        a row without one, the same workshop and full name."""
        try:
            workshop = self.fields["workshop"].clean(row)
            full_name = self.fields["full_name"].clean(row)
            email = self.fields["email"].clean(row) if "email" in row else None
        except (KeyError, ValueError):
            return None  # import_instance() reports the value on its row.
        registered = self._registered(workshop)
        if email:
            with_address = registered.by_email(email)
            if with_address:
                return with_address[0]
        # Someone first listed without an address gets it now, and is not listed twice.
        namesakes = registered.by_name(full_name, without_email=bool(email))
        if len(namesakes) > 1:
            raise ValidationError(
                {
                    "full_name": gettext(
                        "Several participants of this workshop are called “%(value)s”: add "
                        "their e-mail addresses to tell them apart."
                    )
                    % {"value": full_name}
                }
            )
        return namesakes[0] if namesakes else None

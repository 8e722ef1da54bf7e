import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from rcm_portal.validators import validate_no_control_characters

from .models import Practice, contributor_kind_choices
from .selectors import (
    FILTER_KEYS,
    practice_contributor_kinds,
    practice_countries,
    practice_gcm_objectives,
    practice_guiding_principles,
    practice_target_populations,
    practice_themes,
    practice_workshops,
    practice_years,
    practices_published,
    practices_search,
)

# Longer searches are refused: nobody types more, and the query stays cheap.
SEARCH_MAX_LENGTH = 200


def _country_choices():
    return [(country.iso_code, country.name) for country in practice_countries()]


def _contributor_choices():
    used = practice_contributor_kinds()
    return [(code, label) for code, label in contributor_kind_choices() if code in used]


def _theme_choices():
    return [(theme.code, theme.name) for theme in practice_themes()]


def _population_choices():
    return [(population.code, population.name) for population in practice_target_populations()]


def _gcm_choices():
    return [(str(gcm.number), str(gcm)) for gcm in practice_gcm_objectives()]


def _principle_choices():
    return [(principle.letter, str(principle)) for principle in practice_guiding_principles()]


def _workshop_choices():
    return [(workshop.slug, workshop.title) for workshop in practice_workshops()]


def _year_choices():
    return [(str(year), year) for year in practice_years()]


def choice_key(value: str) -> str:
    """How a choice is recognised however it is written: blanks, case and leading zeros
    do not count ("mx", " MX ", "08" and "8" name what "MX" and "8" name)."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return str(int(value))
    return value.casefold()


class LenientChoiceField(ChoiceField):
    """A choice field that takes a choice however it is written, and gives it in the
    form the choices spell it: the same selection always has the same values."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        wanted = choice_key(value)
        for choice, _label in self.choices:
            if choice not in self.empty_values and choice_key(str(choice)) == wanted:
                return str(choice)
        return value


class LenientChoiceFilter(django_filters.ChoiceFilter):
    field_class = LenientChoiceField


class WholeNumberFilter(django_filters.Filter):
    """A number as people write it in a form (" 7 ", "7.0"), given as an int."""

    field_class = forms.IntegerField


class PracticeFilter(django_filters.FilterSet):
    """The catalogue's filters: the one check of what a visitor asks for. The search
    itself is `practices_search`, which takes the values as this form cleans them, so the
    page, the exports and the compiled report select the same practices from the same
    values."""

    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        validators=[validate_no_control_characters],
    )
    country = LenientChoiceFilter(
        label=_("Country"), choices=_country_choices, empty_label=_("Any")
    )
    contributor = LenientChoiceFilter(
        label=_("Presented by"), choices=_contributor_choices, empty_label=_("Any")
    )
    theme = LenientChoiceFilter(label=_("Theme"), choices=_theme_choices, empty_label=_("Any"))
    population = LenientChoiceFilter(
        label=_("Target population"), choices=_population_choices, empty_label=_("Any")
    )
    gcm = LenientChoiceFilter(
        label=_("Global Compact objective"), choices=_gcm_choices, empty_label=_("Any")
    )
    principle = LenientChoiceFilter(
        label=_("Global Compact guiding principle"),
        choices=_principle_choices,
        empty_label=_("Any"),
    )
    gender = LenientChoiceFilter(
        label=_("Gender perspective"),
        choices=[("yes", _("With a gender perspective"))],
        empty_label=_("Any"),
    )
    workshop = LenientChoiceFilter(
        label=_("Workshop"), choices=_workshop_choices, empty_label=_("Any")
    )
    year = LenientChoiceFilter(label=_("Year"), choices=_year_choices, empty_label=_("Any"))
    # The practices that answer a call, by its number: how a workshop page asks for its
    # call's compiled report. Carried along, not offered: the workshop filter shows it.
    call = WholeNumberFilter(
        label=_("Call for practices"),
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Practice
        fields = list(FILTER_KEYS)

    def __init__(self, data=None, *, request=None, prefix=None):
        super().__init__(data, queryset=practices_published(), request=request, prefix=prefix)

    @property
    def search_filters(self) -> dict[str, str]:
        """The values that passed the form, for `practices_search`: a filter with an
        error is left out (the form shows the error), the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name in self.filters and value not in (None, "")
        }

    def filter_queryset(self, queryset):
        return practices_search(filters=self.search_filters)

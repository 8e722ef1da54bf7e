import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Country
from rcm_portal.validators import validate_no_control_characters

from .contributions import workshop_contributions
from .models import RcmBody, Workshop, WorkshopStatus
from .selectors import workshop_themes, workshop_years


def _year_choices():
    return [(year, year) for year in workshop_years()]


class WorkshopFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", validators=[validate_no_control_characters]
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_year_choices, method="by_year", empty_label=_("Any")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=lambda request: workshop_themes(),
        to_field_name="code",
        empty_label=_("Any"),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Convened by"), queryset=RcmBody.objects.all(), empty_label=_("Any")
    )
    host_country = django_filters.ModelChoiceFilter(
        label=_("Host country"), queryset=Country.objects.all(), empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WorkshopStatus.choices, empty_label=_("Any")
    )

    class Meta:
        model = Workshop
        fields = ["q", "year", "theme", "body", "host_country", "status"]

    def search(self, queryset, name, value):
        """Words found in the title, theme or what the apps above add (the objectives), in
        any of the three languages."""
        fields = (
            "title",
            "theme__name",
            *(f for c in workshop_contributions() for f in c.search_fields),
        )
        for word in value.split()[:10]:
            match = Q()
            for language in ("en", "es", "fr"):
                for field in fields:
                    match |= Q(**{f"{field}_{language}__icontains": word})
            queryset = queryset.filter(pk__in=Workshop.objects.filter(match).values("pk"))
        return queryset

    def by_year(self, queryset, name, value):
        return queryset.filter(start_date__year=int(value))

"""The public catalogue's practices as open data: one django-import-export resource for the
CSV, XLSX and JSON downloads."""

from import_export import fields, resources, widgets

from workshops.spreadsheets import SpreadsheetExportMixin

from .sanitize import rich_text_plain


class ValueWidget(widgets.Widget):
    """The value as it is: a number stays a number in JSON and XLSX, None stays empty."""

    def render(self, value, obj=None, **kwargs):
        return value


class IsoDateWidget(widgets.Widget):
    """A date or a moment as ISO 8601 text, the same in every language."""

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else None


class RelatedListWidget(widgets.Widget):
    """A many-to-many field as the list of one attribute of its rows (prefetched)."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        return [getattr(item, self.attribute) for item in value.all()]


class RichTextWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return rich_text_plain(value)


def _field(attribute: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, widget=widget or ValueWidget(), readonly=True)


class PracticeResource(SpreadsheetExportMixin, resources.Resource):
    """The columns of the downloads, in order (JSON has the same keys): only the fields
    declared here, never the contact details of a practice."""

    id = _field("pk")
    url = fields.Field(readonly=True)
    title = _field("title")
    # Illustrative data, not an RCM record (DESIGN.md, "Examples are marked").
    is_example = _field("is_example")
    summary = _field("summary")
    country_code = _field("country__iso_code")
    country = _field("country__name")
    contributor = fields.Field(readonly=True)
    contributor_kind = fields.Field(readonly=True)
    countries_involved = _field("countries_involved", RelatedListWidget("name"))
    partner_organizations = _field("partner_organizations", RelatedListWidget("name"))
    guiding_principles = _field("guiding_principles", RelatedListWidget("letter"))
    gender_perspective = _field("gender_perspective")
    implementing_organization = _field("implementing_organization")
    period_start = _field("period_start", IsoDateWidget())
    period_end = _field("period_end", IsoDateWidget())
    target_populations = _field("target_populations", RelatedListWidget("name"))
    themes = _field("themes", RelatedListWidget("name"))
    gcm_objectives = _field("gcm_objectives", RelatedListWidget("number"))
    workshop = _field("call__workshop__title")
    call = _field("call__title")
    language = _field("language")
    published_at = _field("published_at", IsoDateWidget())
    problem = _field("problem", RichTextWidget())
    approach = _field("approach", RichTextWidget())
    results = _field("results", RichTextWidget())
    lessons_learned = _field("lessons_learned", RichTextWidget())

    def __init__(self, *, request, **kwargs):
        # The addresses in the file are absolute, on the host the visitor asked.
        self.request = request
        super().__init__(**kwargs)

    def dehydrate_contributor(self, practice) -> str:
        """The country or organization that presents the practice, by its name."""
        contributor = practice.contributor
        return contributor.name if contributor else None

    def dehydrate_contributor_kind(self, practice) -> str:
        """ "country" for a member country, else the organization's kind (its code)."""
        return practice.contributor_kind

    def dehydrate_url(self, practice) -> str:
        return self.request.build_absolute_uri(practice.get_absolute_url())

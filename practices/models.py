from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import OrganizationKind
from rcm_portal.downloads import ViewServedFileField
from rcm_portal.examples import example_field
from workshops.models import StatusChange, Theme
from workshops.validators import unguessable_upload_path, validate_document

from .sanitize import RICH_TEXT_HELP

RICH_TEXT_FIELDS = ("problem", "approach", "results", "lessons_learned")


class Classification(models.Model):
    """A term of a list that practices are classified under, kept as rows."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class TargetPopulation(Classification):
    """A group a practice serves: returned migrants, women and girls, children..."""

    class Meta(Classification.Meta):
        verbose_name = _("target population")
        verbose_name_plural = _("target populations")


class PracticeCall(models.Model):
    """A workshop's call for practices: delegates answer it until the deadline."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="practice_call",
    )
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What the call asks for; it also opens the compiled report."),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("call for practices")
        verbose_name_plural = _("calls for practices")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens_at")),
                name="call_deadline_after_opening",
                violation_error_message=_("The deadline must come after the call opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.workshop.get_absolute_url() + "#call"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at <= self.deadline


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# The kinds of contributor the catalogue tells apart: a member country, or an organization
# of one of members.OrganizationKind's kinds.
MEMBER_COUNTRY = "country"


def contributor_kind_choices() -> list[tuple[str, str]]:
    return [(MEMBER_COUNTRY, _("Member country")), *OrganizationKind.choices]


# Statuses in which the country's delegates may still edit what they wrote.
EDITABLE_STATUSES = (PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED)


class Practice(models.Model):
    """A best practice (initiative) a country presents, with its review workflow."""

    # Blank in the database: a draft may not have its title yet, and a practice written
    # in Spanish or French has none in English. Submission asks for one.
    title = models.CharField(_("title"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Rich text is kept as typed (a light Markdown) and rendered, cleaned, when shown.
    problem = models.TextField(_("problem addressed"), blank=True, help_text=RICH_TEXT_HELP)
    approach = models.TextField(_("approach"), blank=True, help_text=RICH_TEXT_HELP)
    results = models.TextField(_("results"), blank=True, help_text=RICH_TEXT_HELP)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, help_text=RICH_TEXT_HELP)
    # The contributor: a member country (its delegates write and submit the practice), or
    # else an organization (an observer organization, civil society, academia, experts).
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        help_text=_("The member country that presents the practice."),
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("contributing organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        help_text=_("When no country presents it: the organization that does."),
    )
    countries_involved = models.ManyToManyField(
        "members.Country",
        verbose_name=_("other countries involved"),
        blank=True,
        related_name="practices_involved",
    )
    partner_organizations = models.ManyToManyField(
        "members.Organization",
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="practices_partnered",
    )
    implementing_organization = models.CharField(
        _("implementing organization"), max_length=255, blank=True
    )
    period_start = models.DateField(_("start of the period"), null=True, blank=True)
    period_end = models.DateField(
        _("end of the period"), null=True, blank=True, help_text=_("Leave empty if ongoing.")
    )
    target_populations = models.ManyToManyField(
        TargetPopulation,
        verbose_name=_("target populations"),
        blank=True,
        related_name="practices",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="practices"
    )
    gcm_objectives = models.ManyToManyField(
        "objectives.GcmObjective",
        verbose_name=_("GCM objectives"),
        blank=True,
        related_name="practices",
    )
    guiding_principles = models.ManyToManyField(
        "objectives.GcmGuidingPrinciple",
        verbose_name=_("GCM guiding principles"),
        blank=True,
        related_name="practices",
    )
    gender_perspective = models.BooleanField(
        _("incorporates a gender perspective"),
        default=False,
        help_text=_("The practice addresses the different needs of women, men, girls and boys."),
    )
    presented_in = models.ManyToManyField(
        "workshops.AgendaSession",
        verbose_name=_("presented in"),
        blank=True,
        related_name="practices",
        help_text=_("The workshop sessions where the practice was presented."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    call = models.ForeignKey(
        PracticeCall,
        verbose_name=_("call answered"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    language = models.CharField(
        _("written in"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_created",
    )
    # The key of the form that created the practice: a second click finds it again.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # What the delegate typed in fields that did not validate, kept with the draft until
    # corrected: {field name: the typed text, or the list of typed choices}.
    draft_values = models.JSONField(_("values to correct"), default=dict, blank=True)
    is_example = example_field()
    # PostgreSQL's text-search document, kept by save(); unused elsewhere.
    search_document = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-updated_at", "-id"]
        permissions = [("review_practice", _("Can review and publish practices"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=False, organization__isnull=True)
                | Q(country__isnull=True, organization__isnull=False),
                name="practice_one_contributor",
                violation_error_message=_(
                    "A practice is presented by one member country or by one organization."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="practice_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self):
        # str(): a model's __str__ must give a string, not a lazy translation.
        return self.title or str(_("Untitled practice"))

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"pk": self.pk})

    @property
    def contributor(self):
        """Who presents the practice: its member country, or else its organization."""
        return self.country if self.country_id else self.organization

    @property
    def contributor_kind(self) -> str:
        """The catalogue's code for the kind of contributor (CONTRIBUTOR_KINDS)."""
        if self.country_id:
            return MEMBER_COUNTRY
        return self.organization.kind if self.organization_id else ""

    @property
    def contributor_label(self) -> str:
        """The contributor as the pages name it: "Mexico", "IOM (Observer organization)"."""
        if self.country_id:
            return str(self.country)
        organization = self.organization
        if organization is None:
            return ""
        return gettext("%(organization)s (%(kind)s)") % {
            "organization": organization.acronym or organization.name,
            "kind": organization.get_kind_display(),
        }

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED


# The workflow: each status and the statuses it may move to.
PRACTICE_TRANSITIONS = {
    PracticeStatus.DRAFT: (PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN),
    PracticeStatus.SUBMITTED: (PracticeStatus.IN_REVIEW, PracticeStatus.WITHDRAWN),
    PracticeStatus.IN_REVIEW: (
        PracticeStatus.CHANGES_REQUESTED,
        PracticeStatus.ACCEPTED,
        PracticeStatus.REJECTED,
    ),
    PracticeStatus.CHANGES_REQUESTED: (PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN),
    PracticeStatus.ACCEPTED: (PracticeStatus.PUBLISHED,),
    PracticeStatus.PUBLISHED: (),
    PracticeStatus.WITHDRAWN: (),
    PracticeStatus.REJECTED: (),
}
# Who moves a practice where: the country's delegates submit and withdraw; the
# Technical Secretariat reviews, decides and publishes.
SUBMITTER_TARGETS = (PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN)
REVIEWER_TARGETS = (
    PracticeStatus.IN_REVIEW,
    PracticeStatus.CHANGES_REQUESTED,
    PracticeStatus.ACCEPTED,
    PracticeStatus.REJECTED,
    PracticeStatus.PUBLISHED,
)


class PracticeStatusChange(StatusChange):
    """One step of a practice's workflow, with who took it, when, and their comment."""

    subject_field = "practice"
    note_field = "comment"

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=PracticeStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PracticeStatus.choices)
    comment = models.TextField(_("comment"), blank=True)


def attachment_upload_to(attachment, filename: str) -> str:
    return unguessable_upload_path(folder="practices", filename=filename, fallback="attachment")


def attachment_url(attachment, field) -> str:
    return reverse(
        "practices:attachment",
        kwargs={"pk": attachment.practice_id, "attachment_pk": attachment.pk},
    )


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = ViewServedFileField(
        _("file"),
        upload_to=attachment_upload_to,
        download_url=attachment_url,
        max_length=255,
        validators=[validate_document],
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name or PurePath(self.file.name).name


class Compilation(models.Model):
    """What a compiled initiatives report gathers: the published practices that answer a
    call, or those a catalogue search selects. One row per distinct selection."""

    call = models.ForeignKey(
        PracticeCall,
        verbose_name=_("call for practices"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compilations",
    )
    # The catalogue filters, normalised: the same search always finds the same row.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("compilation")
        verbose_name_plural = _("compilations")
        permissions = [
            ("compile_beyond_public_limit", _("Can compile more practices than the public may")),
        ]

    def __str__(self):
        return (
            str(self.call)
            if self.call_id
            else _("Catalogue selection %(key)s") % {"key": self.key[:8]}
        )

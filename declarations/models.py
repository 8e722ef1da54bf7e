from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rcm_portal.examples import example_field
from workshops.models import StatusChange


class DeclarationKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    REGIONAL_POSITION = "regional_position", _("Regional position")


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")
    ADOPTED = "adopted", _("Adopted")
    PUBLISHED = "published", _("Published")


# What the public sees: drafts and texts under negotiation are the countries' business.
PUBLIC_STATUSES = (DeclarationStatus.ADOPTED, DeclarationStatus.PUBLISHED)

# The workflow: each status and the statuses it may move to. A text under negotiation may
# go back to the Drafting Committee; an adopted text is never reopened.
DECLARATION_TRANSITIONS = {
    DeclarationStatus.DRAFT: (DeclarationStatus.UNDER_NEGOTIATION,),
    DeclarationStatus.UNDER_NEGOTIATION: (DeclarationStatus.DRAFT, DeclarationStatus.ADOPTED),
    DeclarationStatus.ADOPTED: (DeclarationStatus.PUBLISHED,),
    DeclarationStatus.PUBLISHED: (),
}


class Declaration(models.Model):
    """A declaration, joint statement or regional position the RCM negotiates and adopts."""

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DeclarationKind.choices,
        default=DeclarationKind.DECLARATION,
    )
    body = models.ForeignKey(
        "workshops.RcmBody",
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        help_text=_("The RCM body whose meeting adopts the text (the Vice-Ministerial Meeting)."),
    )
    meeting = models.CharField(
        _("meeting"),
        max_length=255,
        blank=True,
        help_text=_("The meeting that adopts it, as it is named: number, place."),
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    workshops = models.ManyToManyField(
        "workshops.Workshop",
        verbose_name=_("origin workshops"),
        blank=True,
        related_name="declarations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DRAFT,
    )
    adopted_on = models.DateField(_("adoption date"), null=True, blank=True)
    adopting_countries = models.ManyToManyField(
        "members.Country",
        verbose_name=_("adopting countries"),
        blank=True,
        related_name="declarations_adopted",
    )
    is_example = example_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-adopted_on", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeclarationStatus.values), name="declaration_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(adopted_on__isnull=False),
                name="declaration_adopted_has_date",
                violation_error_message=_("An adopted declaration needs its adoption date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("declarations:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_under_negotiation(self) -> bool:
        return self.status == DeclarationStatus.UNDER_NEGOTIATION


class DeclarationStatusChange(StatusChange):
    """One step of a declaration's workflow, with who took it and when."""

    subject_field = "declaration"
    note_field = "comment"

    declaration = models.ForeignKey(
        Declaration,
        verbose_name=_("declaration"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=DeclarationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=DeclarationStatus.choices)
    comment = models.TextField(_("comment"), blank=True)


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", _("Preambular")
    OPERATIVE = "operative", _("Operative")


class Paragraph(models.Model):
    """One paragraph of a declaration, in its place. Every version is kept in its history
    (registered in translation.py); `version` goes up with each change of its text, so a
    form opened on an older text can tell."""

    declaration = models.ForeignKey(
        Declaration,
        verbose_name=_("declaration"),
        on_delete=models.CASCADE,
        related_name="paragraphs",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ParagraphKind.choices, default=ParagraphKind.OPERATIVE
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # A paragraph struck out by an amendment stays, marked, so nothing is lost.
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["declaration", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ParagraphKind.values), name="paragraph_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["declaration", "position"])]

    def __str__(self):
        text = " ".join((self.text or "").split())
        return text[:80] + ("…" if len(text) > 80 else "") or str(_("Empty paragraph"))


class AmendmentAction(models.TextChoices):
    CHANGE = "change", _("Change the text")
    INSERT_AFTER = "insert_after", _("Insert a new paragraph after it")
    DELETE = "delete", _("Delete the paragraph")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged (accepted with edits)")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Amendment(models.Model):
    """What a member country proposes for one paragraph, and what became of it."""

    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments_proposed",
    )
    action = models.CharField(_("action"), max_length=12, choices=AmendmentAction.choices)
    language = models.CharField(
        _("written in"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    text = models.TextField(_("proposed text"), blank=True)
    rationale = models.TextField(_("rationale"))
    # The paragraph's version the delegate read when writing.
    base_version = models.PositiveIntegerField(_("paragraph version read"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PENDING,
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    # The text that went into the declaration: the proposal, or the Secretariat's edit of it.
    applied_text = models.TextField(_("text applied"), blank=True)
    inserted_paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("inserted paragraph"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "id"]
        permissions = [("review_amendment", _("Can accept, reject and merge amendments"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AmendmentAction.values), name="amendment_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AmendmentStatus.values), name="amendment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(action=AmendmentAction.DELETE) | ~Q(text=""),
                name="amendment_text_unless_delete",
                violation_error_message=_("Write the text you propose."),
            ),
        ]
        indexes = [models.Index(fields=["paragraph", "status"])]

    def __str__(self):
        return _("%(country)s: %(action)s (#%(id)s)") % {
            "country": self.country,
            "action": self.get_action_display(),
            "id": self.pk,
        }

    @property
    def is_pending(self) -> bool:
        return self.status == AmendmentStatus.PENDING

    def is_stale(self) -> bool:
        """Whether the paragraph's text changed since the delegate read it."""
        return self.base_version != self.paragraph.version

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GcmObjective(models.Model):
    """One of the objectives of the Global Compact for Migration (A/RES/73/195, para. 16)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.TextField(_("official title"))
    short_label = models.CharField(_("short label"), max_length=100)

    class Meta:
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.short_label}"


class GcmGuidingPrinciple(models.Model):
    """One of the guiding principles of the Global Compact for Migration (para. 15)."""

    letter = models.CharField(_("letter"), max_length=1, unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("GCM guiding principle")
        verbose_name_plural = _("GCM guiding principles")
        ordering = ["letter"]

    def __str__(self):
        return f"({self.letter}) {self.title}"


class ObjectiveKind(models.TextChoices):
    GENERAL = "general", _("General objective")
    SPECIFIC = "specific", _("Specific objective")


class Assessment(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class Objective(models.Model):
    """A workshop's general objective, or one of its numbered specific objectives."""

    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ObjectiveKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Order of specific objectives, from 1.")
    )
    text = models.TextField(_("text"))
    gcm_objectives = models.ManyToManyField(
        GcmObjective,
        verbose_name=_("GCM objectives"),
        blank=True,
        related_name="workshop_objectives",
    )
    assessment = models.CharField(
        _("assessment"),
        max_length=15,
        choices=Assessment.choices,
        blank=True,
        help_text=_("After the workshop: was the objective achieved?"),
    )
    assessment_note = models.TextField(_("assessment note"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        # "general" sorts before "specific": the general objective comes first.
        ordering = ["workshop", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "kind", "number"],
                name="objective_unique_number",
                violation_error_message=_(
                    "This workshop already has an objective with this number."
                ),
            ),
            models.UniqueConstraint(
                fields=["workshop"],
                condition=Q(kind="general"),
                name="objective_one_general",
                violation_error_message=_("A workshop has only one general objective."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="objective_number_positive"),
        ]

    def __str__(self):
        if self.kind == ObjectiveKind.GENERAL:
            return str(_("General objective"))
        return _("Specific objective %(number)s") % {"number": self.number}

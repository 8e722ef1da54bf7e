from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class OutdatedTranslation(models.Model):
    """One language of one translated field of one object, older than another language's
    text of it: the other language changed and this one was not changed with it. The row
    goes away when someone saves this language's text (or marks it up to date)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    source_language = models.CharField(
        _("newer language"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language whose text changed."),
    )
    outdated_since = models.DateTimeField(_("outdated since"), default=timezone.now)

    class Meta:
        verbose_name = _("outdated translation")
        verbose_name_plural = _("outdated translations")
        ordering = ["-outdated_since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="outdated_translation_unique",
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="outdated_translation_language"
            ),
            models.CheckConstraint(
                condition=~Q(language=models.F("source_language")),
                name="outdated_translation_other_language",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id} {self.field} ({self.language})"

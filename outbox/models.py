from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """Work to do after a change is committed (an e-mail, a render, an import), written in
    the same transaction as the change. The broker only carries the message's id: a broker
    that is down, a lost message or a killed worker delays the work, never loses it.

    `key` names the work itself: asking twice for the same key gives one message, and a
    message is carried out once however often it is delivered."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    handler = models.CharField(_("handler"), max_length=100)
    arguments = models.JSONField(_("arguments"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    dispatches = models.PositiveSmallIntegerField(_("handed to the broker"), default=0)
    available_at = models.DateTimeField(_("next hand-over"), default=timezone.now)
    locked_until = models.DateTimeField(_("being carried out until"), null=True, blank=True)
    # Who holds the claim: the Celery worker (its hostname) and the task carrying it out.
    locked_by = models.CharField(_("carried out by"), max_length=200, blank=True)
    locked_task = models.CharField(_("task"), max_length=64, blank=True)
    # The claim of a delivery that died was taken back: the next one takes its work over.
    recovered = models.BooleanField(_("taken over"), default=False)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "available_at"], name="outbox_due")]

    def __str__(self):
        return self.key


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker carried out the periodic outbox sweep: proof that
    the broker, the beat and that worker all work."""

    hostname = models.CharField(_("worker"), max_length=200, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-seen_at"]

    def __str__(self):
        return self.hostname

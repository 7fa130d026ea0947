"""Check-ins after a treatment, and every message sent to a patient or clinician.

The database is the source of truth for what is due and what was sent; the broker only
carries "send this now". A lost broker message is found again by the dispatcher.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patients.models import Patient, Treatment
from symptoms.models import SymptomEntry


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        DAY_1 = "day_1", _("Day 1")
        DAY_3 = "day_3", _("Day 3")
        WEEK_1 = "week_1", _("Week 1")
        WEEK_4 = "week_4", _("Week 4")
        WEEK_12 = "week_12", _("Week 12")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="checkins")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    kind = models.CharField(max_length=8, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    due_at = models.DateTimeField()
    remind_again_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(help_text=_("Unanswered by then, the check-in is missed."))
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # Set when the dispatcher hands a reminder to the broker; cleared when it is done.
    claimed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    entry = models.ForeignKey(
        SymptomEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["treatment", "kind"], name="one_checkin_per_kind")
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "remind_again_at"]),
            models.Index(fields=["status", "missed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in for treatment {self.treatment_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.SENT)


class PushSubscription(models.Model):
    """A browser's web-push endpoint; deleted when the push service says it is gone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"push subscription {self.pk} of user {self.user_id}"


class Message(models.Model):
    """One message on one channel. Written before the send, so a send is never repeated.

    `key` is unique per check-in (or alert), step and channel: a retried task, a duplicated
    broker delivery or a second worker finds the row and does not send again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(max_length=8)
    to = models.CharField(max_length=1000)
    template = models.CharField(max_length=40)
    language = models.CharField(max_length=2)
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} via {self.channel} ({self.status})"


CHECKIN_OFFSETS: dict[str, timedelta] = {
    CheckIn.Kind.DAY_1: timedelta(days=1),
    CheckIn.Kind.DAY_3: timedelta(days=3),
    CheckIn.Kind.WEEK_1: timedelta(weeks=1),
    CheckIn.Kind.WEEK_4: timedelta(weeks=4),
    CheckIn.Kind.WEEK_12: timedelta(weeks=12),
}
LATE_KINDS = (CheckIn.Kind.WEEK_4, CheckIn.Kind.WEEK_12)

"""What patients log after a treatment, what they were told, and their photos."""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import Patient, Treatment
from patients.validators import CodeListValidator

from .triage import Level
from .triage.vocabulary import AREAS, SEVERITY_MAX, SEVERITY_MIN, SYMPTOMS, TRENDS

NOTE_MAX_LENGTH = 2000


class SymptomEntry(models.Model):
    """One report from the patient's phone, with the triage answer it received.

    The triage is stored as it was given (level, rule IDs, reasons and advice in the patient's
    language, rule-set version), so a later change of rules never rewrites what they were told.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="entries")
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="entries")
    # Made on the phone; a retried upload carries the same one, so it is never stored twice.
    client_id = models.UUIDField()
    onset = models.DateTimeField(_("started at"))
    logged_at = models.DateTimeField(_("logged at"), default=timezone.now)
    area = models.CharField(_("area"), max_length=16, choices=[(a, a) for a in AREAS])
    severity = models.PositiveSmallIntegerField(_("severity (0-10)"))
    trend = models.CharField(_("trend"), max_length=16, choices=[(t, t) for t in TRENDS])
    symptoms = models.JSONField(
        _("symptoms"), default=list, blank=True, validators=[CodeListValidator(SYMPTOMS)]
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)

    triage_level = models.CharField(
        _("triage level"), max_length=16, choices=[(lv.value, lv.value) for lv in Level]
    )
    triage_rules = models.JSONField(_("rules fired"), default=list)
    triage_reasons = models.JSONField(_("reasons given"), default=list)
    triage_advice = models.TextField(_("advice given"))
    triage_call = models.JSONField(_("number to call"), null=True, blank=True)
    triage_version = models.CharField(_("rule-set version"), max_length=16)
    escalation = models.ForeignKey(
        "Escalation", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )

    class Meta:
        verbose_name = _("symptom entry")
        verbose_name_plural = _("symptom entries")
        ordering = ["-logged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "client_id"], name="one_entry_per_client_id"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__gte=SEVERITY_MIN, severity__lte=SEVERITY_MAX),
                name="severity_0_to_10",
            ),
        ]
        indexes = [
            models.Index(fields=["patient", "-logged_at"]),
            models.Index(fields=["treatment", "-logged_at"]),
        ]

    def __str__(self) -> str:
        return f"entry {self.pk} ({self.triage_level})"

    @property
    def hours_since_treatment(self) -> float:
        return self.treatment.hours_since(self.logged_at)


def photo_path(photo: "Photo", filename: str) -> str:
    return f"photos/{photo.entry.patient_id}/{filename}"


class Photo(models.Model):
    """A photo of the treated area: re-encoded without any metadata, kept in private storage."""

    entry = models.ForeignKey(SymptomEntry, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    thumbnail = models.FileField(upload_to=photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    source_format = models.CharField(max_length=8)
    # Only with the patient's consent to keep it: when the photo was taken.
    taken_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"photo {self.pk} of entry {self.entry_id}"

    @property
    def hours_since_treatment(self) -> float:
        return self.entry.treatment.hours_since(self.taken_at or self.uploaded_at)


class Escalation(models.Model):
    """A patient who needs the clinic: one open row per patient, whatever the number of entries.

    A later entry can raise its level, never lower it. Missed check-ins come in as the
    lowest priority. The due time follows the clinic's own time limits.
    """

    class Level(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        CALL_CLINIC = "call_clinic", _("Call the clinic")
        MISSED_CHECKIN = "missed_checkin", _("Missed check-in")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        ADVISED_BY_PHONE = "advised_by_phone", _("Advised by phone")
        SEEN_IN_CLINIC = "seen_in_clinic", _("Seen in clinic")
        REFERRED_TO_EMERGENCY = "referred_to_emergency", _("Referred to emergency care")
        NO_ACTION_NEEDED = "no_action_needed", _("No action needed")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="escalations")
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="escalations")
    clinic = models.ForeignKey(
        "patients.Clinic", on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.CharField(max_length=16, choices=Level)
    # 2 emergency, 1 call clinic, 0 missed check-in: the queue sorts on it first.
    priority = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status, default=Status.OPEN)
    latest_entry = models.ForeignKey(
        SymptomEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    alerts_sent = models.PositiveSmallIntegerField(default=0)
    assigned_to = models.ForeignKey(
        "patients.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        "patients.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "patients.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=~models.Q(status="resolved"),
                name="one_unresolved_escalation_per_patient",
            )
        ]
        indexes = [
            # The queue: a clinic's open rows, most urgent first, then the longest overdue.
            models.Index(fields=["clinic", "status", "-priority", "due_at"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"escalation {self.pk} ({self.level}, {self.status})"

    def is_overdue(self, now: datetime) -> bool:
        return self.status == self.Status.OPEN and self.due_at <= now

    def waited_until(self, now: datetime) -> datetime:
        """The wait ends when someone acknowledges (or resolves) it."""
        return self.acknowledged_at or self.resolved_at or now

"""Clinics, their staff, their patients and the treatments those patients recover from."""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from symptoms.triage.vocabulary import AREAS, RISK_FACTORS

from .validators import CodeListValidator, validate_e164, validate_time_zone


class Language(models.TextChoices):
    DANISH = "da", "Dansk"
    ENGLISH = "en", "English"
    TURKISH = "tr", "Türkçe"


def all_languages() -> list[str]:
    return list(Language.values)


class Procedure(models.TextChoices):
    MESOTHERAPY = "mesotherapy", _("Mesotherapy")


REMINDER_CHANNELS = ("push", "sms", "email")


def default_reminder_channels() -> list[str]:
    return list(REMINDER_CHANNELS)


class User(AbstractUser):
    """Clinicians sign in with a password; patients with one-time codes and never have one."""

    phone = models.CharField(
        _("phone"),
        max_length=16,
        blank=True,
        validators=[validate_e164],
        help_text=_("Clinicians: where emergency alerts are texted."),
    )

    @property
    def is_patient(self) -> bool:
        return hasattr(self, "patient")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Istanbul", validators=[validate_time_zone]
    )
    phone = models.CharField(
        _("phone"),
        max_length=16,
        validators=[validate_e164],
        help_text=_("The number patients call, in international format."),
    )
    emergency_number = models.CharField(_("emergency number"), max_length=16, default="112")
    languages = models.JSONField(
        _("languages"), default=all_languages, validators=[CodeListValidator(Language.values)]
    )
    emergency_sla_minutes = models.PositiveIntegerField(
        _("emergency escalations due within (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    call_clinic_sla_minutes = models.PositiveIntegerField(
        _("call-clinic escalations due within (minutes)"),
        default=240,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)],
    )
    procedures_without_late_checkins = models.JSONField(
        _("procedures without week-4 and week-12 check-ins"),
        default=list,
        blank=True,
        validators=[CodeListValidator(Procedure.values)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ClinicMembership(models.Model):
    class Role(models.TextChoices):
        CLINICIAN = "clinician", _("Clinician")
        ADMIN = "admin", _("Clinic admin")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.CLINICIAN)
    on_duty = models.BooleanField(
        _("on duty"), default=True, help_text=_("On-duty clinicians are alerted at once.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic membership")
        verbose_name_plural = _("clinic memberships")
        constraints = [
            models.UniqueConstraint(fields=["clinic", "user"], name="one_membership_per_clinic")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.clinic} ({self.role})"


class Patient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    name = models.CharField(_("name"), max_length=200)
    # Phone and email are how a patient signs in, so each belongs to one patient only.
    phone = models.CharField(
        _("phone"), max_length=16, unique=True, null=True, blank=True, validators=[validate_e164]
    )
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.DANISH
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Copenhagen", validators=[validate_time_zone]
    )
    risk_factors = models.JSONField(
        _("risk factors"), default=list, blank=True, validators=[CodeListValidator(RISK_FACTORS)]
    )
    consent_data_processing_at = models.DateTimeField(
        _("consented to data processing at"), null=True, blank=True
    )
    consent_photos_at = models.DateTimeField(_("consented to photos at"), null=True, blank=True)
    consent_reminders_at = models.DateTimeField(
        _("consented to reminders at"), null=True, blank=True
    )
    reminder_channels = models.JSONField(
        _("reminder channels, preferred first"),
        default=default_reminder_channels,
        validators=[CodeListValidator(REMINDER_CHANNELS)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone__isnull=False) | models.Q(email__isnull=False),
                name="patient_reachable_by_phone_or_email",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def consents_to_photos(self) -> bool:
        return self.consent_photos_at is not None


class Treatment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="treatments")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="treatments")
    procedure = models.CharField(
        _("procedure"), max_length=32, choices=Procedure, default=Procedure.MESOTHERAPY
    )
    areas = models.JSONField(
        _("treated areas"), validators=[CodeListValidator(AREAS)], help_text=_("e.g. face, scalp")
    )
    treated_at = models.DateTimeField(_("treated at"))
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="treatments_given",
    )
    product = models.CharField(_("product / ingredients"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        ordering = ["-treated_at", "-id"]
        indexes = [models.Index(fields=["patient", "-treated_at"])]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()} {self.treated_at:%Y-%m-%d}"

    def hours_since(self, moment: datetime) -> float:
        return (moment - self.treated_at).total_seconds() / 3600


class LoginCode(models.Model):
    """A one-time sign-in code for a patient. Only a keyed hash of the code is stored."""

    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", _("Email")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="login_codes")
    channel = models.CharField(max_length=8, choices=Channel)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "-created_at"])]

    def __str__(self) -> str:
        return f"code for patient {self.patient_id} ({self.channel})"


class AuditEvent(models.Model):
    """Who read or changed a patient's data, when, and from where. Never edited by the app.

    `patient_ref` keeps the patient's id as a plain number, so the trail outlives an erasure.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erase")

    # The name is kept too: an erased patient's own account goes, the record of it stays.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_events",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=8, choices=Action)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    patient_ref = models.BigIntegerField(null=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.object_type} {self.object_id}"

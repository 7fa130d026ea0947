"""Writes for patients, treatments and sign-in. Keyword-only, each in one transaction."""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from knox.models import AuthToken

from notifications.channels import ChannelError
from notifications.services import checkins_cancel, checkins_reschedule, checkins_schedule
from notifications.sms import send_sms

from .audit import audit
from .models import AuditEvent, Clinic, LoginCode, Patient, Procedure, Treatment, User
from .selectors import patient_by_contact

logger = logging.getLogger(__name__)


class LoginCodeInvalid(Exception):
    """A wrong, expired, used or exhausted code, or nobody by that phone or email."""


def _hash_code(patient_id: int, code: str) -> str:
    # Keyed by SECRET_KEY: a leaked table of six-digit codes cannot be brute-forced offline.
    return salted_hmac(
        "patients.login_code", f"{patient_id}:{code}", algorithm="sha256"
    ).hexdigest()


def login_code_request(*, phone: str | None = None, email: str | None = None) -> None:
    """Send a sign-in code if the person exists. The caller answers the same either way."""
    patient = patient_by_contact(phone=phone, email=email)
    if patient is None or _too_many_codes(patient):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    channel = LoginCode.Channel.SMS if phone else LoginCode.Channel.EMAIL
    LoginCode.objects.create(
        patient=patient,
        channel=channel,
        code_hash=_hash_code(patient.pk, code),
        expires_at=timezone.now() + settings.LOGIN_CODE_TTL,
    )
    _send_code(patient=patient, channel=channel, code=code)


def _too_many_codes(patient: Patient) -> bool:
    an_hour_ago = timezone.now() - timedelta(hours=1)
    recent = LoginCode.objects.filter(patient=patient, created_at__gte=an_hour_ago).count()
    return recent >= settings.LOGIN_CODES_PER_HOUR


def _send_code(*, patient: Patient, channel: str, code: str) -> None:
    minutes = int(settings.LOGIN_CODE_TTL.total_seconds() // 60)
    with translation.override(patient.language):
        text = _("Your Aftercare sign-in code is %(code)s. It expires in %(minutes)d minutes.") % {
            "code": code,
            "minutes": minutes,
        }
        try:
            if channel == LoginCode.Channel.SMS:
                send_sms(to=patient.phone or "", text=text)
            else:
                send_mail(_("Your Aftercare sign-in code"), text, None, [patient.email or ""])
        except (ChannelError, OSError):
            # The answer must not reveal that this person exists; they can ask again.
            logger.warning("sign-in code for patient %s not sent", patient.pk)


def login_code_redeem(*, code: str, phone: str | None = None, email: str | None = None) -> Patient:
    """Check a code against the latest one issued; every try counts, in the database."""
    patient = patient_by_contact(phone=phone, email=email)
    if patient is None:
        raise LoginCodeInvalid
    latest = LoginCode.objects.filter(patient=patient).order_by("-created_at", "-pk").first()
    if latest is None or not _claim_attempt(latest, now=timezone.now()):
        raise LoginCodeInvalid
    if not constant_time_compare(latest.code_hash, _hash_code(patient.pk, code)):
        raise LoginCodeInvalid
    LoginCode.objects.filter(pk=latest.pk).update(used_at=timezone.now())
    return patient


def _claim_attempt(login_code: LoginCode, *, now: datetime) -> bool:
    """Count one try; false when the code is used, expired or out of tries.

    A conditional UPDATE, so parallel guesses cannot share one remaining try.
    """
    claimed = LoginCode.objects.filter(
        pk=login_code.pk,
        used_at__isnull=True,
        expires_at__gt=now,
        attempts__lt=settings.LOGIN_CODE_MAX_ATTEMPTS,
    ).update(attempts=F("attempts") + 1)
    return claimed == 1


def api_token_create(*, user: User) -> tuple[str, datetime | None]:
    instance, token = AuthToken.objects.create(user=user)
    return token, instance.expiry


@transaction.atomic
def patient_create(
    *,
    clinic: Clinic,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    language: str = "da",
    time_zone: str = "Europe/Copenhagen",
    risk_factors: list[str] | None = None,
) -> Patient:
    user = User.objects.create_user(username=f"patient-{secrets.token_hex(8)}")
    patient = Patient(
        user=user,
        clinic=clinic,
        name=name,
        phone=phone,
        email=email,
        language=language,
        time_zone=time_zone,
        risk_factors=risk_factors or [],
        consent_data_processing_at=timezone.now(),
    )
    patient.full_clean(exclude=["user"])
    patient.save()
    return patient


@transaction.atomic
def treatment_create(
    *,
    patient: Patient,
    clinician: User | None,
    areas: list[str],
    treated_at: datetime,
    procedure: str = Procedure.MESOTHERAPY,
    product: str = "",
    notes: str = "",
) -> Treatment:
    if treated_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"treated_at": [_("A treatment cannot be in the future.")]})
    treatment = Treatment(
        patient=patient,
        clinic=patient.clinic,
        clinician=clinician,
        areas=areas,
        treated_at=treated_at,
        procedure=procedure,
        product=product,
        notes=notes,
    )
    treatment.full_clean(exclude=["patient", "clinic", "clinician"])
    treatment.save()
    checkins_schedule(treatment=treatment)
    if clinician is not None:
        _audit_treatment(clinician, treatment, AuditEvent.Action.CREATE, "created")
    return treatment


def _audit_treatment(user: User, treatment: Treatment, action: str, detail: str) -> None:
    audit(
        actor=user,
        action=action,
        object_type="treatment",
        object_id=treatment.pk,
        patient_id=treatment.patient_id,
        detail=detail,
    )


@transaction.atomic
def treatment_update(*, treatment: Treatment, user: User, **changes: object) -> Treatment:
    """Correct a treatment; a new time moves its check-ins that have not been sent yet."""
    if treatment.cancelled_at is not None:
        raise ValidationError({"treatment": [_("This treatment was cancelled.")]})
    moved = "treated_at" in changes and changes["treated_at"] != treatment.treated_at
    for field, value in changes.items():
        setattr(treatment, field, value)
    treatment.full_clean(exclude=["patient", "clinic", "clinician"])
    treatment.save()
    if moved:
        checkins_reschedule(treatment=treatment)
    _audit_treatment(user, treatment, AuditEvent.Action.UPDATE, ", ".join(sorted(changes)))
    return treatment


@transaction.atomic
def treatment_cancel(*, treatment: Treatment, user: User) -> Treatment:
    """A treatment that did not happen: its open check-ins are cancelled too."""
    if treatment.cancelled_at is None:
        treatment.cancelled_at = timezone.now()
        treatment.save(update_fields=["cancelled_at"])
        checkins_cancel(treatment=treatment)
        _audit_treatment(user, treatment, AuditEvent.Action.UPDATE, "cancelled")
    return treatment

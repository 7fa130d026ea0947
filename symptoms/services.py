"""Writes for the symptom log: entries (classified as they arrive) and their photos."""

import uuid
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.models import Patient, Treatment

from . import triage_text
from .escalations import escalation_for_entry
from .imaging import PhotoRejected, ProcessedPhoto, process_photo
from .models import Photo, SymptomEntry
from .triage import Level, Observation, Triage, classify

CLOCK_SKEW = timedelta(minutes=5)


def entry_create(
    *,
    patient: Patient,
    treatment: Treatment,
    client_id: uuid.UUID,
    onset: datetime,
    area: str,
    severity: int,
    trend: str,
    symptoms: list[str],
    note: str = "",
) -> tuple[SymptomEntry, bool]:
    """Store and classify an entry; a replayed client_id returns the stored one (created=False)."""
    existing = SymptomEntry.objects.filter(patient=patient, client_id=client_id).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    _check_entry(treatment=treatment, onset=onset, area=area, now=now)
    entry = SymptomEntry(
        patient=patient,
        treatment=treatment,
        client_id=client_id,
        onset=onset,
        logged_at=now,
        area=area,
        severity=severity,
        trend=trend,
        symptoms=symptoms,
        note=note,
    )
    _apply_triage(entry, _classify(entry))
    try:
        # A unique constraint, not check-then-insert, settles two uploads racing each other.
        with transaction.atomic():
            entry.save()
            escalation_for_entry(entry=entry)
    except IntegrityError:
        return SymptomEntry.objects.get(patient=patient, client_id=client_id), False
    return entry, True


def _check_entry(*, treatment: Treatment, onset: datetime, area: str, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if onset > now + CLOCK_SKEW:
        errors["onset"] = [_("The start time cannot be in the future.")]
    elif onset < treatment.treated_at - CLOCK_SKEW:
        errors["onset"] = [_("The start time cannot be before the treatment.")]
    if area != "other" and area not in treatment.areas:
        errors["area"] = [_("Choose one of the treated areas, or 'other'.")]
    if errors:
        raise ValidationError(errors)


def _observation(entry: SymptomEntry, treated_at: datetime) -> Observation:
    return Observation(
        area=entry.area,
        severity=entry.severity,
        trend=entry.trend,
        symptoms=frozenset(entry.symptoms),
        onset_hours=_hours(entry.onset - treated_at),
        hours_since_treatment=_hours(entry.logged_at - treated_at),
        note=entry.note,
    )


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _classify(entry: SymptomEntry) -> Triage:
    treated_at = entry.treatment.treated_at
    earlier = SymptomEntry.objects.filter(treatment=entry.treatment, logged_at__lte=entry.logged_at)
    history = [_observation(e, treated_at) for e in earlier.only(*_HISTORY_FIELDS)]
    return classify(
        _observation(entry, treated_at),
        risk_factors=entry.patient.risk_factors,
        history=history,
    )


_HISTORY_FIELDS = ("area", "severity", "trend", "symptoms", "onset", "logged_at", "note")


def _apply_triage(entry: SymptomEntry, result: Triage) -> None:
    clinic = entry.patient.clinic
    with translation.override(entry.patient.language):
        entry.triage_reasons = [
            {"rule": rule, "text": str(triage_text.REASONS[rule])} for rule in result.rules
        ]
        entry.triage_advice = triage_text.advice(
            result.level, clinic_phone=clinic.phone, emergency_number=clinic.emergency_number
        )
    entry.triage_level = result.level
    entry.triage_rules = list(result.rules)
    entry.triage_version = result.version
    entry.triage_call = _number_to_call(
        result.level, clinic_phone=clinic.phone, emergency_number=clinic.emergency_number
    )


def _number_to_call(
    level: Level, *, clinic_phone: str, emergency_number: str
) -> dict[str, str] | None:
    if level == Level.EMERGENCY:
        return {"kind": "emergency", "number": emergency_number}
    if level == Level.CALL_CLINIC:
        return {"kind": "clinic", "number": clinic_phone}
    return None


# What the patient reads when a photo is refused, by imaging.PhotoRejected.code.
PHOTO_REJECTIONS = {
    "too_large": gettext_lazy("The photo is too large. Send a photo under 15 MB."),
    "too_many_pixels": gettext_lazy("The photo has too many pixels. Send a smaller photo."),
    "not_an_image": gettext_lazy("This file is not a photo. Send a JPEG, PNG, WebP or HEIC photo."),
    "unsupported_format": gettext_lazy(
        "This kind of image is not supported. Send a JPEG, PNG, WebP or HEIC photo."
    ),
    "animated": gettext_lazy(
        "Animated images and image sequences are not accepted. Send a single photo."
    ),
    "corrupt": gettext_lazy(
        "The photo could not be read; it may be damaged or incomplete. Try again."
    ),
}


def photo_attach(*, entry: SymptomEntry, upload: BinaryIO) -> Photo:
    """Re-encode a photo without metadata and attach it; nothing is kept if anything fails."""
    if entry.photos.count() >= settings.PHOTOS_PER_ENTRY:
        raise ValidationError({"image": [_("This entry already has the most photos allowed.")]})
    processed = _process(upload, patient=entry.patient)
    photo = Photo(
        entry=entry,
        width=processed.width,
        height=processed.height,
        byte_size=len(processed.image),
        sha256=processed.sha256,
        source_format=processed.source_format,
        taken_at=processed.taken_at if entry.patient.consents_to_photos else None,
    )
    name = uuid.uuid4().hex
    photo.image.save(f"{name}.jpg", ContentFile(processed.image), save=False)
    photo.thumbnail.save(f"{name}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
    try:
        photo.save()
    except Exception:
        _delete_files(photo)
        raise
    return photo


def _process(upload: BinaryIO, *, patient: Patient) -> ProcessedPhoto:
    try:
        return process_photo(
            upload,
            max_bytes=settings.PHOTO_MAX_BYTES,
            max_pixels=settings.PHOTO_MAX_PIXELS,
            default_tz=patient.zone,
        )
    except PhotoRejected as rejected:
        raise ValidationError({"image": [str(PHOTO_REJECTIONS[rejected.code])]}) from None


def _delete_files(photo: Photo) -> None:
    for field in (photo.image, photo.thumbnail):
        if field.name:
            field.storage.delete(field.name)

"""A patient's GDPR rights: a copy of all their data, and erasure.

Both are recorded in the audit trail; the trail keeps the patient's id as a plain number, so
the record that an erasure happened outlives the erased data.
"""

import io
import json
import zipfile
from typing import Any

from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from knox.models import AuthToken

from notifications.models import CheckIn, Message, PushSubscription
from symptoms.models import Escalation, Photo, SymptomEntry

from .audit import audit
from .models import AuditEvent, Patient, User

PROFILE_FIELDS = [
    "id",
    "name",
    "phone",
    "email",
    "language",
    "time_zone",
    "risk_factors",
    "reminder_channels",
    "consent_data_processing_at",
    "consent_photos_at",
    "consent_reminders_at",
    "created_at",
]


def patient_export(*, patient: Patient, actor: User, ip: str | None) -> bytes:
    """A zip with `patient.json` and the stored photos, as the patient's copy of their data."""
    photos = list(Photo.objects.filter(entry__patient=patient))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "patient.json", json.dumps(_data(patient, photos), cls=DjangoJSONEncoder, indent=2)
        )
        for photo in photos:
            with photo.image.open("rb") as image:
                archive.writestr(f"photos/{photo.pk}.jpg", image.read())
    audit(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="patient",
        object_id=patient.pk,
        patient_id=patient.pk,
        ip=ip,
    )
    return buffer.getvalue()


def _rows(queryset: Any, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in model_to_dict(row).items() if k not in exclude} | {"id": row.pk}
        for row in queryset
    ]


def _data(patient: Patient, photos: list[Photo]) -> dict[str, Any]:
    profile = {field: getattr(patient, field) for field in PROFILE_FIELDS}
    return {
        "patient": profile | {"clinic": patient.clinic.name},
        "treatments": _rows(patient.treatments.all()),
        "entries": _rows(SymptomEntry.objects.filter(patient=patient)),
        "photos": [
            {"file": f"photos/{p.pk}.jpg"} | r
            for p, r in zip(photos, _rows(photos, exclude=("image", "thumbnail")), strict=True)
        ],
        "checkins": _rows(CheckIn.objects.filter(patient=patient)),
        "escalations": _rows(Escalation.objects.filter(patient=patient)),
        "messages": _rows(Message.objects.filter(patient=patient)),
    }


@transaction.atomic
def patient_erase(*, patient: Patient, actor: User, ip: str | None) -> None:
    """Delete the patient and everything about them; photo files go once the delete commits."""
    files = [
        str(name)
        for photo in Photo.objects.filter(entry__patient=patient)
        for name in (photo.image.name, photo.thumbnail.name)
        if name
    ]
    storage = Photo._meta.get_field("image").storage
    audit(
        actor=actor,
        action=AuditEvent.Action.ERASE,
        object_type="patient",
        object_id=patient.pk,
        patient_id=patient.pk,
        ip=ip,
    )
    user = patient.user
    PushSubscription.objects.filter(user=user).delete()
    AuthToken.objects.filter(user=user).delete()
    patient.delete()  # cascades: treatments, entries, photos, check-ins, escalations, messages
    user.delete()
    transaction.on_commit(lambda: _delete_files(storage, files))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)

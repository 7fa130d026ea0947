"""The audit trail: every clinician read of a patient's data, and every change, recorded."""

from collections.abc import Iterable

from django.http import HttpRequest
from rest_framework.request import Request

from .models import AuditEvent, User


def client_ip(request: HttpRequest | Request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def audit(
    *,
    actor: User,
    action: str,
    object_type: str,
    object_id: object,
    patient_id: int | None,
    ip: str | None = None,
    detail: str = "",
) -> None:
    """Record one event; call it inside the transaction of the change it describes."""
    AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.username,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        patient_ref=patient_id,
        ip_address=ip,
        detail=detail[:200],
    )


def audit_reads(
    *,
    actor: User,
    object_type: str,
    objects: Iterable[tuple[object, int]],
    ip: str | None = None,
) -> None:
    """Record that a clinician saw these (object id, patient id) pairs; patients' own reads
    of their own data are not recorded. One INSERT whatever the number."""
    if actor.is_patient:
        return
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_name=actor.username,
            action=AuditEvent.Action.READ,
            object_type=object_type,
            object_id=str(object_id),
            patient_ref=patient_id,
            ip_address=ip,
        )
        for object_id, patient_id in objects
    )

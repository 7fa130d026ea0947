"""Escalations: opening or raising one when an entry needs the clinic, and working the queue.

Every change a clinician makes writes its audit row in the same transaction.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.audit import audit
from patients.models import AuditEvent, ClinicMembership, User

from .models import Escalation, SymptomEntry
from .triage import Level

PRIORITY: dict[str, int] = {
    Escalation.Level.EMERGENCY: 2,
    Escalation.Level.CALL_CLINIC: 1,
    Escalation.Level.MISSED_CHECKIN: 0,
}
MISSED_CHECKIN_DUE = timedelta(days=1)


class TransitionRefused(Exception):
    """The escalation is not in a state that allows this; the message says who got there first."""


def due_in(escalation: Escalation) -> timedelta:
    clinic = escalation.clinic
    if escalation.level == Escalation.Level.EMERGENCY:
        return timedelta(minutes=clinic.emergency_sla_minutes)
    if escalation.level == Escalation.Level.CALL_CLINIC:
        return timedelta(minutes=clinic.call_clinic_sla_minutes)
    return MISSED_CHECKIN_DUE


def escalation_for_entry(*, entry: SymptomEntry) -> Escalation | None:
    """Open, join or raise the patient's escalation; call inside the entry's transaction."""
    if entry.triage_level == Level.OBSERVE:
        return None
    escalation, raised = _open_or_raise(entry, level=entry.triage_level, now=entry.logged_at)
    SymptomEntry.objects.filter(pk=entry.pk).update(escalation=escalation)
    entry.escalation = escalation
    if raised:
        _alert_on_commit(escalation)
    return escalation


def _open_or_raise(entry: SymptomEntry, *, level: str, now: datetime) -> tuple[Escalation, bool]:
    current = _unresolved(entry.patient_id)
    if current is None:
        try:
            with transaction.atomic():
                return _create(entry, level=level, now=now), True
        except IntegrityError:  # another entry of this patient opened it a moment ago
            current = _unresolved(entry.patient_id)
            assert current is not None  # noqa: S101 - the constraint says it exists
    current.latest_entry = entry
    if PRIORITY[level] <= current.priority:
        current.save(update_fields=["latest_entry"])
        return current, False
    _raise(current, level=level, now=now)
    return current, True


def _unresolved(patient_id: int) -> Escalation | None:
    unresolved = Escalation.objects.exclude(status=Escalation.Status.RESOLVED)
    return (
        unresolved.select_for_update()
        .select_related("clinic")
        .filter(patient_id=patient_id)
        .first()
    )


def _create(entry: SymptomEntry, *, level: str, now: datetime) -> Escalation:
    escalation = Escalation(
        patient=entry.patient,
        treatment=entry.treatment,
        clinic=entry.patient.clinic,
        level=level,
        priority=PRIORITY[level],
        latest_entry=entry,
        opened_at=now,
    )
    escalation.due_at = now + due_in(escalation)
    escalation.save()
    return escalation


def _raise(escalation: Escalation, *, level: str, now: datetime) -> None:
    """A higher level: sooner due, open again (a new acknowledgement is needed), and a new
    alert step, so that its messages are new ones and not the already sent earlier step."""
    escalation.level = level
    escalation.priority = PRIORITY[level]
    escalation.due_at = min(escalation.due_at, now + due_in(escalation))
    escalation.status = Escalation.Status.OPEN
    escalation.acknowledged_by = None
    escalation.acknowledged_at = None
    escalation.alerts_sent += 1
    escalation.save()


def escalation_for_missed_checkin(*, patient_id: int, treatment_id: int) -> Escalation | None:
    """A missed check-in joins the queue at the lowest priority, unless something is open."""
    from patients.models import Patient

    with transaction.atomic():
        if _unresolved(patient_id) is not None:
            return None
        patient = Patient.objects.select_related("clinic").get(pk=patient_id)
        now = timezone.now()
        escalation = Escalation(
            patient=patient,
            treatment_id=treatment_id,
            clinic=patient.clinic,
            level=Escalation.Level.MISSED_CHECKIN,
            priority=PRIORITY[Escalation.Level.MISSED_CHECKIN],
            opened_at=now,
            due_at=now + MISSED_CHECKIN_DUE,
        )
        try:
            with transaction.atomic():
                escalation.save()
        except IntegrityError:
            return None
        return escalation


def _alert_on_commit(escalation: Escalation) -> None:
    # Imported here: notifications depends on symptoms, not the other way round at import.
    from notifications.tasks import alert_escalation

    escalation_id, step = escalation.pk, escalation.alerts_sent
    # robust: a broker outage must not turn the patient's answer into an error; the
    # escalation is chased again from the database once it is due.
    transaction.on_commit(lambda: alert_escalation.delay(escalation_id, step), robust=True)


# --- the clinicians' transitions ----------------------------------------------------------


@transaction.atomic
def escalation_acknowledge(*, escalation: Escalation, user: User, ip: str | None = None) -> None:
    now = timezone.now()
    claimed = Escalation.objects.filter(pk=escalation.pk, status=Escalation.Status.OPEN).update(
        status=Escalation.Status.ACKNOWLEDGED, acknowledged_by=user, acknowledged_at=now
    )
    if not claimed:
        raise TransitionRefused(_refusal(escalation))
    _audit(user, escalation, "acknowledged", ip)


@transaction.atomic
def escalation_resolve(
    *, escalation: Escalation, user: User, outcome: str, note: str = "", ip: str | None = None
) -> None:
    now = timezone.now()
    unresolved = Escalation.objects.filter(pk=escalation.pk).exclude(
        status=Escalation.Status.RESOLVED
    )
    if not unresolved.update(
        status=Escalation.Status.RESOLVED,
        resolved_by=user,
        resolved_at=now,
        outcome=outcome,
        note=note,
    ):
        raise TransitionRefused(_refusal(escalation))
    _audit(user, escalation, f"resolved: {outcome}", ip)


@transaction.atomic
def escalation_assign(
    *, escalation: Escalation, user: User, clinician: User, ip: str | None = None
) -> None:
    unresolved = Escalation.objects.filter(pk=escalation.pk).exclude(
        status=Escalation.Status.RESOLVED
    )
    if not unresolved.update(assigned_to=clinician):
        raise TransitionRefused(_refusal(escalation))
    _audit(user, escalation, f"assigned to {clinician.pk}", ip)


def is_member(*, clinic_id: int, user_id: int) -> bool:
    return ClinicMembership.objects.filter(clinic_id=clinic_id, user_id=user_id).exists()


def _refusal(escalation: Escalation) -> str:
    current = Escalation.objects.select_related("acknowledged_by", "resolved_by").get(
        pk=escalation.pk
    )
    if current.status == Escalation.Status.RESOLVED:
        who = current.resolved_by
        return _("Already resolved by %(who)s.") % {"who": who.display_name if who else "?"}
    who = current.acknowledged_by
    return _("Already acknowledged by %(who)s.") % {"who": who.display_name if who else "?"}


def _audit(user: User, escalation: Escalation, detail: str, ip: str | None) -> None:
    audit(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        object_type="escalation",
        object_id=escalation.pk,
        patient_id=escalation.patient_id,
        ip=ip,
        detail=detail,
    )

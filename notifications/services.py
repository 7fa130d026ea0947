"""Check-ins: scheduling them, claiming the due ones, reminding, and taking the answer."""

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from patients.models import Patient, Treatment
from symptoms.escalations import escalation_for_missed_checkin
from symptoms.models import SymptomEntry
from symptoms.services import entry_create

from .channels import (
    GoneError,
    Outgoing,
    PermanentError,
    TransientError,
    channel_available,
    get_channel,
)
from .models import CHECKIN_OFFSETS, LATE_KINDS, CheckIn, Message, PushSubscription
from .schedule import end_of_day, second_reminder_at, within_waking_hours

# A claim older than this may have lost its broker message (e.g. Redis restarted): claim it
# again. A task still retrying may then run twice; its Message rows keep it to one send.
STALE_CLAIM = timedelta(minutes=15)
CLAIM_BATCH = 500
LINK_SALT = "notifications.checkin-link"
LINK_MAX_AGE = timedelta(days=3)


# --- scheduling ---------------------------------------------------------------------------


def _kinds_for(treatment: Treatment) -> list[str]:
    late_off = treatment.procedure in treatment.clinic.procedures_without_late_checkins
    return [kind for kind in CHECKIN_OFFSETS if not (late_off and kind in LATE_KINDS)]


def _times(treatment: Treatment, kind: str) -> dict[str, datetime | None]:
    zone = treatment.patient.zone
    due_at = within_waking_hours(treatment.treated_at + CHECKIN_OFFSETS[kind], zone)
    return {
        "due_at": due_at,
        "remind_again_at": second_reminder_at(due_at, zone),
        "missed_at": end_of_day(due_at, zone),
    }


def checkins_schedule(*, treatment: Treatment) -> list[CheckIn]:
    """The check-ins of a new treatment; called inside the treatment's transaction."""
    return CheckIn.objects.bulk_create(
        CheckIn(
            treatment=treatment, patient=treatment.patient, kind=kind, **_times(treatment, kind)
        )
        for kind in _kinds_for(treatment)
    )


@transaction.atomic
def checkins_reschedule(*, treatment: Treatment) -> None:
    """The treatment moved: move its check-ins that have not been sent yet."""
    for checkin in treatment.checkins.filter(status=CheckIn.Status.PENDING, reminders_sent=0):
        for field, value in _times(treatment, checkin.kind).items():
            setattr(checkin, field, value)
        checkin.save(update_fields=["due_at", "remind_again_at", "missed_at"])


def checkins_cancel(*, treatment: Treatment) -> int:
    open_ones = treatment.checkins.filter(status__in=[CheckIn.Status.PENDING, CheckIn.Status.SENT])
    return open_ones.update(status=CheckIn.Status.CANCELLED, claimed_at=None)


# --- the dispatcher -----------------------------------------------------------------------


def checkins_dispatch(*, now: datetime) -> list[tuple[int, int]]:
    """Claim every reminder that is due; returns (check-in id, step) pairs to send."""
    checkins_release_stale_claims(now=now)
    checkins_mark_missed(now=now)
    first = CheckIn.objects.filter(status=CheckIn.Status.PENDING, due_at__lte=now)
    second = CheckIn.objects.filter(status=CheckIn.Status.SENT, remind_again_at__lte=now)
    return [(pk, 1) for pk in _claim(first, step=1, now=now)] + [
        (pk, 2) for pk in _claim(second, step=2, now=now)
    ]


def _claim(candidates: QuerySet[CheckIn], *, step: int, now: datetime) -> Iterator[int]:
    candidates = candidates.filter(reminders_sent=step - 1, claimed_at__isnull=True)
    for pk in candidates.values_list("pk", flat=True)[:CLAIM_BATCH]:
        # UPDATE … WHERE claimed_at IS NULL: of two dispatchers, exactly one gets each row.
        won = CheckIn.objects.filter(pk=pk, claimed_at__isnull=True, reminders_sent=step - 1)
        if won.update(claimed_at=now):
            yield pk


def checkins_release_stale_claims(*, now: datetime) -> int:
    return CheckIn.objects.filter(claimed_at__lt=now - STALE_CLAIM).update(claimed_at=None)


def checkins_mark_missed(*, now: datetime) -> list[int]:
    """Unanswered by the patient's midnight: missed, and a low-priority row in the queue."""
    open_statuses = [CheckIn.Status.PENDING, CheckIn.Status.SENT]
    overdue = CheckIn.objects.filter(status__in=open_statuses, missed_at__lte=now)
    missed = []
    for pk, patient_id, treatment_id in overdue.values_list("pk", "patient_id", "treatment_id"):
        with transaction.atomic():
            still_open = CheckIn.objects.filter(pk=pk, status__in=open_statuses)
            if still_open.update(status=CheckIn.Status.MISSED, claimed_at=None):
                escalation_for_missed_checkin(patient_id=patient_id, treatment_id=treatment_id)
                missed.append(pk)
    return missed


# --- reminding ----------------------------------------------------------------------------


def checkin_remind(*, checkin_id: int, step: int, final_attempt: bool = False) -> None:
    """Send reminder `step` through the patient's channels, preferred first, until one works.

    TransientError propagates so that the task retries later; on the final attempt the
    channel counts as failed and the next one is tried.
    """
    checkin = CheckIn.objects.select_related("patient", "treatment").filter(pk=checkin_id).first()
    if checkin is None or checkin.reminders_sent != step - 1 or not checkin.is_open:
        return
    delivered = False
    for channel, address in _routes(checkin.patient):
        message = _message_for(checkin, step=step, channel=channel, to=address)
        outgoing = _reminder(checkin, message)
        status = message_deliver(message, outgoing, final_attempt=final_attempt)
        if status in (Message.Status.SENT, Message.Status.SENDING):
            delivered = True
            break
    _mark_reminded(checkin, step=step, delivered=delivered)


def _routes(patient: Patient) -> Iterator[tuple[str, str]]:
    """(channel, address) in the patient's order of preference, where we can reach them."""
    if patient.consent_reminders_at is None:
        return
    for channel in patient.reminder_channels:
        address = _address(patient, channel)
        if address and channel_available(channel):
            yield channel, address


def _address(patient: Patient, channel: str) -> str | None:
    if channel == "push":
        subscription = PushSubscription.objects.filter(user=patient.user_id).first()
        return subscription.endpoint if subscription else None
    return patient.phone if channel == "sms" else patient.email


def _message_for(checkin: CheckIn, *, step: int, channel: str, to: str) -> Message:
    message, _ = Message.objects.get_or_create(
        key=f"checkin:{checkin.pk}:step:{step}:{channel}",
        defaults={
            "patient": checkin.patient,
            "checkin": checkin,
            "channel": channel,
            "to": to,
            "template": "checkin_reminder",
            "language": checkin.patient.language,
        },
    )
    return message


def _reminder(checkin: CheckIn, message: Message) -> Outgoing:
    """Short and without health details: push services and lock screens can read it."""
    url = checkin_link(checkin)
    with translation.override(message.language):
        text = _("Aftercare: time for your check-in. It takes a minute.")
        subject = _("Time for your check-in")
    return outgoing_for(message, subject=subject, text=text, url=url)


def outgoing_for(message: Message, *, subject: str, text: str, url: str) -> Outgoing:
    """The message as its channel sends it: push carries the link to open, the others in text."""
    if message.channel != "push":
        return Outgoing(
            to=message.to, subject=subject, text=f"{text} {url}", url=url, key=message.key
        )
    subscription = PushSubscription.objects.filter(endpoint=message.to).first()
    keys = {"p256dh": subscription.p256dh, "auth": subscription.auth} if subscription else {}
    return Outgoing(
        to=message.to, subject=subject, text=text, url=url, key=message.key, push_keys=keys
    )


def checkin_link(checkin: CheckIn) -> str:
    """A signed, expiring link that opens this one check-in without a new sign-in."""
    token = signing.dumps(checkin.pk, salt=LINK_SALT)
    path = reverse("checkin-detail", args=[checkin.pk])
    return f"{settings.APP_BASE_URL}{path}?token={token}"


def checkin_id_from_link(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _mark_reminded(checkin: CheckIn, *, step: int, delivered: bool) -> None:
    changes: dict[str, Any] = {"reminders_sent": step, "claimed_at": None}
    if delivered:
        changes["status"] = CheckIn.Status.SENT
    CheckIn.objects.filter(
        pk=checkin.pk,
        reminders_sent=step - 1,
        status__in=[CheckIn.Status.PENDING, CheckIn.Status.SENT],
    ).update(**changes)


def message_deliver(message: Message, outgoing: Outgoing, *, final_attempt: bool = False) -> str:
    """Send one message at most once; returns its status afterwards."""
    claimed = Message.objects.filter(pk=message.pk, status=Message.Status.QUEUED).update(
        status=Message.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        # Sent, failed, or in flight in another worker (or a crashed one): never send again.
        message.refresh_from_db(fields=["status"])
        return message.status
    try:
        provider_id = get_channel(message.channel).send(outgoing)
    except TransientError as error:
        if not final_attempt:
            _set_status(message, Message.Status.QUEUED, error=str(error))
            raise
        return _set_status(message, Message.Status.FAILED, error=str(error))
    except GoneError as error:
        PushSubscription.objects.filter(endpoint=message.to).delete()
        return _set_status(message, Message.Status.FAILED, error=str(error))
    except PermanentError as error:
        return _set_status(message, Message.Status.FAILED, error=str(error))
    return _set_status(message, Message.Status.SENT, provider_id=provider_id)


def _set_status(message: Message, status: str, *, error: str = "", provider_id: str = "") -> str:
    sent_at = timezone.now() if status == Message.Status.SENT else None
    Message.objects.filter(pk=message.pk).update(
        status=status, error=error[:1000], provider_id=provider_id, sent_at=sent_at
    )
    return status


# --- the patient's answer -----------------------------------------------------------------


class CheckInClosed(Exception):
    """The check-in was cancelled: there is nothing to answer."""


def checkin_respond_fine(*, checkin: CheckIn) -> SymptomEntry:
    """The one-tap answer: an entry with no symptoms, classified like any other."""
    _ensure_answerable(checkin)
    treatment = checkin.treatment
    entry, _ = entry_create(
        patient=checkin.patient,
        treatment=treatment,
        client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"aftercare:checkin:{checkin.pk}:fine"),
        onset=timezone.now(),
        area=treatment.areas[0] if treatment.areas else "other",
        severity=0,
        trend="improving",
        symptoms=[],
    )
    return checkin_mark_answered(checkin=checkin, entry=entry)


def checkin_respond_entry(*, checkin: CheckIn, **entry_fields: Any) -> SymptomEntry:
    _ensure_answerable(checkin)
    entry, _ = entry_create(patient=checkin.patient, treatment=checkin.treatment, **entry_fields)
    return checkin_mark_answered(checkin=checkin, entry=entry)


def _ensure_answerable(checkin: CheckIn) -> None:
    if checkin.status == CheckIn.Status.CANCELLED:
        raise CheckInClosed


def checkin_mark_answered(*, checkin: CheckIn, entry: SymptomEntry) -> SymptomEntry:
    # A late answer to a missed check-in still counts: better late than never.
    CheckIn.objects.filter(pk=checkin.pk).exclude(status=CheckIn.Status.CANCELLED).update(
        status=CheckIn.Status.ANSWERED, answered_at=timezone.now(), entry=entry, claimed_at=None
    )
    return entry


def push_subscription_save(*, user_id: int, endpoint: str, p256dh: str, auth: str) -> None:
    PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user_id": user_id, "p256dh": p256dh, "auth": auth}
    )

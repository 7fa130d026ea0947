"""Alerts to clinicians about an escalation, and chasing the ones nobody acknowledged."""

from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from patients.models import ClinicMembership, User
from symptoms.escalations import due_in
from symptoms.models import Escalation

from .channels import Outgoing, TransientError, channel_available
from .models import Message, PushSubscription
from .services import message_deliver, outgoing_for

# From this chase on, the clinic's admins are alerted too, on duty or not.
WIDEN_AT_STEP = 2


def escalation_alert(*, escalation_id: int, step: int, final_attempt: bool = False) -> None:
    """Alert every recipient of this step on each of their channels, once."""
    escalation = Escalation.objects.select_related("clinic").filter(pk=escalation_id).first()
    if escalation is None or escalation.status == Escalation.Status.RESOLVED:
        return
    busy: TransientError | None = None
    for user in _recipients(escalation, step=step):
        for channel, address in _routes(user, escalation):
            message = _message_for(escalation, step=step, user=user, channel=channel, to=address)
            try:
                message_deliver(message, _alert(escalation, message), final_attempt=final_attempt)
            except TransientError as error:
                busy = error  # alert everyone else first; the retry finds only this one queued
    if busy is not None:
        raise busy


def _recipients(escalation: Escalation, *, step: int) -> list[User]:
    wanted = Q(on_duty=True)
    if step >= WIDEN_AT_STEP:
        wanted |= Q(role=ClinicMembership.Role.ADMIN)
    memberships = ClinicMembership.objects.filter(wanted, clinic=escalation.clinic_id)
    return [m.user for m in memberships.select_related("user").order_by("user_id")]


def _routes(user: User, escalation: Escalation) -> Iterator[tuple[str, str]]:
    subscription = PushSubscription.objects.filter(user=user).first()
    if subscription and channel_available("push"):
        yield "push", subscription.endpoint
    if user.email:
        yield "email", user.email
    # SMS costs and interrupts: for emergencies only.
    if user.phone and escalation.level == Escalation.Level.EMERGENCY:
        yield "sms", user.phone


def _message_for(
    escalation: Escalation, *, step: int, user: User, channel: str, to: str
) -> Message:
    message, _created = Message.objects.get_or_create(
        key=f"escalation:{escalation.pk}:step:{step}:user:{user.pk}:{channel}",
        defaults={
            "user": user,
            "channel": channel,
            "to": to,
            "template": "escalation_alert",
            "language": _staff_language(escalation),
        },
    )
    return message


def _staff_language(escalation: Escalation) -> str:
    """Staff read the clinic's first language."""
    languages = escalation.clinic.languages
    return languages[0] if languages else settings.LANGUAGE_CODE


def _alert(escalation: Escalation, message: Message) -> Outgoing:
    """No names and no symptoms: lock screens and SMS carriers see this text."""
    url = f"{settings.APP_BASE_URL}{reverse('clinic-queue')}"
    with translation.override(message.language):
        if escalation.level == Escalation.Level.EMERGENCY:
            text = _("Aftercare: URGENT - a patient needs the clinic now. Open the queue.")
        else:
            text = _("Aftercare: a patient needs the clinic. Open the queue.")
    return outgoing_for(message, subject=text, text=text, url=url)


def escalations_chase_overdue(*, now: datetime) -> list[tuple[int, int]]:
    """Open escalations past their due time: one more alert step each, claimed once."""
    overdue = Escalation.objects.filter(status=Escalation.Status.OPEN, due_at__lte=now)
    chased = []
    for escalation in overdue.select_related("clinic")[:500]:
        step = escalation.alerts_sent + 1
        claimed = Escalation.objects.filter(
            pk=escalation.pk, status=Escalation.Status.OPEN, alerts_sent=step - 1
        ).update(alerts_sent=step, due_at=now + due_in(escalation))
        if claimed:
            chased.append((escalation.pk, step))
    return chased

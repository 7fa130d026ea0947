"""dispatch_due_checkins: every due reminder sent exactly once, whatever happens around it."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from notifications import services
from notifications.channels import TransientError
from notifications.models import CheckIn, Message, PushSubscription
from notifications.services import checkins_dispatch
from notifications.sms import OutboxSmsBackend
from notifications.tasks import dispatch_due_checkins, send_checkin_reminder
from symptoms.models import Escalation

pytestmark = pytest.mark.django_db
DAY_1 = datetime(2026, 11, 17, 11, 0, tzinfo=UTC)


def _run_beat(at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        return dispatch_due_checkins()


def test_it_sends_the_due_reminder_once(treatment, eager, sms_outbox):
    assert _run_beat(DAY_1 - timedelta(minutes=1)) == 0
    assert _run_beat(DAY_1) == 1
    assert _run_beat(DAY_1 + timedelta(minutes=1)) == 0
    assert len(sms_outbox) == 1
    day_1 = treatment.checkins.get(kind="day_1")
    assert (day_1.status, day_1.reminders_sent, day_1.claimed_at) == ("sent", 1, None)
    message = Message.objects.get()
    assert (message.channel, message.status, message.language) == ("sms", "sent", "da")


def test_it_carries_no_health_details_and_a_signed_link(treatment, eager, sms_outbox):
    _run_beat(DAY_1)
    text = sms_outbox[0].text
    assert "check-in" in text.lower() or "tjek" in text.lower()
    assert "/api/v1/checkins/" in text
    assert "?token=" in text
    for detail in ("face", "mesotherapy", "Bosphorus", "swelling"):
        assert detail not in text


def test_it_reminds_again_a_few_hours_later(treatment, eager, sms_outbox):
    _run_beat(DAY_1)
    _run_beat(DAY_1 + timedelta(hours=2, minutes=59))
    assert len(sms_outbox) == 1
    _run_beat(DAY_1 + timedelta(hours=3))
    assert len(sms_outbox) == 2
    assert treatment.checkins.get(kind="day_1").reminders_sent == 2


def test_it_does_not_remind_an_answered_checkin(treatment, eager, sms_outbox):
    _run_beat(DAY_1)
    treatment.checkins.filter(kind="day_1").update(status=CheckIn.Status.ANSWERED)
    _run_beat(DAY_1 + timedelta(hours=3))
    assert len(sms_outbox) == 1


def test_it_marks_an_unanswered_checkin_missed_at_the_patients_midnight(treatment, eager):
    _run_beat(DAY_1)
    _run_beat(datetime(2026, 11, 17, 22, 59, tzinfo=UTC))  # 23:59 Copenhagen
    assert treatment.checkins.get(kind="day_1").status == "sent"
    _run_beat(datetime(2026, 11, 17, 23, 0, tzinfo=UTC))
    assert treatment.checkins.get(kind="day_1").status == "missed"
    escalation = Escalation.objects.get(patient=treatment.patient)
    assert (escalation.level, escalation.priority, escalation.status) == (
        "missed_checkin",
        0,
        "open",
    )


def test_it_sends_nothing_without_consent(treatment, eager, sms_outbox):
    treatment.patient.consent_reminders_at = None
    treatment.patient.save()
    _run_beat(DAY_1)
    assert sms_outbox == []
    assert treatment.checkins.get(kind="day_1").status == "pending"


def test_it_falls_back_to_the_next_channel(treatment, eager, sms_outbox, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = "configured"
    settings.WEBPUSH_VAPID_PUBLIC_KEY = "configured"
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:ops@example.com"
    PushSubscription.objects.create(
        user=treatment.patient.user, endpoint="http://127.0.0.1:9/gone", p256dh="x", auth="y"
    )
    _run_beat(DAY_1)
    push, sms = Message.objects.order_by("channel")
    assert (push.channel, push.status) == ("push", "failed")
    assert (sms.channel, sms.status) == ("sms", "sent")
    assert len(sms_outbox) == 1


class FlakySms:
    """An SMS provider that is busy on the first try."""

    calls = 0

    def send(self, message):
        FlakySms.calls += 1
        if FlakySms.calls == 1:
            raise TransientError("provider busy")
        return OutboxSmsBackend().send(message)


def test_it_retries_a_transient_failure_then_sends_once(treatment, sms_outbox, monkeypatch):
    monkeypatch.setattr(services, "get_channel", lambda name: FlakySms())
    with time_machine.travel(DAY_1, tick=False):
        [(checkin_id, step)] = checkins_dispatch(now=DAY_1)
        with pytest.raises(TransientError):
            services.checkin_remind(checkin_id=checkin_id, step=step)
        assert Message.objects.get().status == "queued"
        services.checkin_remind(checkin_id=checkin_id, step=step)
    assert len(sms_outbox) == 1
    assert Message.objects.get().attempts == 2


def test_it_does_not_resend_when_the_task_dies_after_the_provider_accepted(
    treatment, sms_outbox, monkeypatch
):
    real_set_status = services._set_status

    def crash_after_sending(message, status, **kwargs):
        if status == Message.Status.SENT:
            raise ConnectionError("database went away after the provider accepted")
        return real_set_status(message, status, **kwargs)

    with time_machine.travel(DAY_1, tick=False):
        [(checkin_id, step)] = checkins_dispatch(now=DAY_1)
        monkeypatch.setattr(services, "_set_status", crash_after_sending)
        with pytest.raises(ConnectionError):
            send_checkin_reminder.apply(args=(checkin_id, step), throw=True)
        monkeypatch.setattr(services, "_set_status", real_set_status)
        send_checkin_reminder.apply(args=(checkin_id, step), throw=True)  # the retry
    assert len(sms_outbox) == 1
    assert CheckIn.objects.get(pk=checkin_id).status == "sent"


def test_it_reclaims_a_reminder_whose_broker_message_was_lost(treatment, eager, sms_outbox):
    with time_machine.travel(DAY_1, tick=False):
        checkins_dispatch(now=DAY_1)  # claimed, but the send task never arrives
    assert _run_beat(DAY_1 + timedelta(minutes=5)) == 0
    assert _run_beat(DAY_1 + timedelta(minutes=16)) == 1
    assert len(sms_outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_it_never_claims_a_checkin_twice_in_parallel(treatment):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    CheckIn.objects.update(due_at=DAY_1 - timedelta(hours=1))
    barrier = threading.Barrier(2)
    claims: list[list[tuple[int, int]]] = []

    def dispatcher():
        barrier.wait()
        claims.append(checkins_dispatch(now=DAY_1))
        connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = claims[0] + claims[1]
    assert len(everything) == len(set(everything)) == 5

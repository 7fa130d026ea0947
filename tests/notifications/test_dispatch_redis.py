"""The broker is not the source of truth: Redis loses everything, reminders still go once."""

from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.conf import settings

from config.celery import app as celery_app
from notifications.models import CheckIn, Message
from notifications.tasks import dispatch_due_checkins
from patients.services import treatment_create

from .conftest import TREATED_AT

DAY_1 = datetime(2026, 11, 17, 11, 0, tzinfo=UTC)


@pytest.fixture
def broker() -> redis.Redis:
    if not settings.REDIS_URL:
        pytest.skip("needs the Redis broker (REDIS_URL; always set in CI)")
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    return client


def _worker_reconnects() -> None:
    """A worker that reconnects to an empty Redis declares its queue again, as at start-up."""
    with celery_app.connection_for_read() as conn:
        celery_app.amqp.queues["celery"](conn.default_channel).declare()


def _work_off_the_queue() -> None:
    """Do what a worker does: take each task from Redis and run it."""
    with celery_app.connection_for_read() as conn, conn.SimpleQueue("celery") as queue:
        while True:
            try:
                message = queue.get(timeout=0.5)
            except queue.Empty:
                return
            task = celery_app.tasks[message.headers["task"]]
            task.apply(args=message.payload[0], kwargs=message.payload[1], throw=True)
            message.ack()


@pytest.mark.django_db
def test_it_sends_every_due_reminder_once_after_redis_is_flushed(
    treatment, bob, charlie, broker, sms_outbox
):
    with time_machine.travel(TREATED_AT, tick=False):
        treatment_create(patient=bob, clinician=charlie, areas=["face"], treated_at=TREATED_AT)
    with time_machine.travel(DAY_1, tick=False):
        assert dispatch_due_checkins() == 2  # alice's and bob's day-1 check-ins
    assert broker.llen("celery") == 2
    broker.flushdb()  # Redis restarts without persistence: the queued sends are gone
    _worker_reconnects()

    with time_machine.travel(DAY_1 + timedelta(minutes=16), tick=False):
        assert dispatch_due_checkins() == 2
        _work_off_the_queue()
        assert dispatch_due_checkins() == 0
        _work_off_the_queue()
    assert len(sms_outbox) == 2
    assert Message.objects.filter(status="sent").count() == 2
    day_1 = CheckIn.objects.filter(kind="day_1")
    assert set(day_1.values_list("status", flat=True)) == {"sent"}
    assert {m.to for m in sms_outbox} == {"+4520000001", "+4520000002"}

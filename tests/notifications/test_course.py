"""The whole first week after a treatment, on the patient's clock, under time control."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notifications.models import CheckIn, Message
from notifications.tasks import dispatch_due_checkins

pytestmark = pytest.mark.django_db


def _beat_every_quarter_hour(start: datetime, end: datetime) -> None:
    moment = start
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            dispatch_due_checkins()
        moment += timedelta(minutes=15)


def _status(treatment, kind: str) -> str:
    return treatment.checkins.get(kind=kind).status


def test_it_walks_the_first_week(client_for, treatment, eager, sms_outbox):
    client = client_for(treatment.patient)
    # Day 1, 12:00 Copenhagen: the reminder, answered "fine" at once.
    _beat_every_quarter_hour(
        datetime(2026, 11, 17, 8, 0, tzinfo=UTC), datetime(2026, 11, 17, 11, 0, tzinfo=UTC)
    )
    assert len(sms_outbox) == 1
    day_1 = treatment.checkins.get(kind="day_1")
    with time_machine.travel(datetime(2026, 11, 17, 11, 5, tzinfo=UTC), tick=False):
        client.post(f"/api/v1/checkins/{day_1.pk}/respond/", {"status": "fine"}, format="json")
    _beat_every_quarter_hour(
        datetime(2026, 11, 17, 11, 15, tzinfo=UTC), datetime(2026, 11, 18, 0, 0, tzinfo=UTC)
    )
    assert _status(treatment, "day_1") == "answered"
    assert len(sms_outbox) == 1  # no second reminder for an answered check-in

    # Day 3: no answer; a second reminder three hours later, then missed at midnight.
    _beat_every_quarter_hour(
        datetime(2026, 11, 19, 10, 0, tzinfo=UTC), datetime(2026, 11, 19, 23, 15, tzinfo=UTC)
    )
    assert len(sms_outbox) == 3
    assert _status(treatment, "day_3") == "missed"

    # Week 1 falls on the Monday after; reminded, then answered late in the evening.
    _beat_every_quarter_hour(
        datetime(2026, 11, 23, 10, 0, tzinfo=UTC), datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    )
    assert len(sms_outbox) == 4
    week_1 = treatment.checkins.get(kind="week_1")
    with time_machine.travel(datetime(2026, 11, 23, 21, 0, tzinfo=UTC), tick=False):
        client.post(f"/api/v1/checkins/{week_1.pk}/respond/", {"status": "fine"}, format="json")
    assert _status(treatment, "week_1") == "answered"

    assert Message.objects.filter(status="sent").count() == 4
    assert Message.objects.values("key").distinct().count() == 4
    assert _status(treatment, "week_4") == CheckIn.Status.PENDING

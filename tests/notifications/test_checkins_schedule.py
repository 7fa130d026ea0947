from datetime import UTC, datetime

import pytest
import time_machine

from notifications.models import CheckIn
from notifications.services import checkins_cancel, checkins_reschedule
from patients.services import treatment_create

from .conftest import TREATED_AT

pytestmark = pytest.mark.django_db


def _due(treatment) -> dict[str, datetime]:
    return {c.kind: c.due_at.astimezone(UTC) for c in treatment.checkins.all()}


def test_it_schedules_five_checkins_with_the_treatment(treatment):
    # Treated 12:00 Copenhagen time: each check-in at the same hour of the patient's day.
    assert _due(treatment) == {
        "day_1": datetime(2026, 11, 17, 11, 0, tzinfo=UTC),
        "day_3": datetime(2026, 11, 19, 11, 0, tzinfo=UTC),
        "week_1": datetime(2026, 11, 23, 11, 0, tzinfo=UTC),
        "week_4": datetime(2026, 12, 14, 11, 0, tzinfo=UTC),
        "week_12": datetime(2027, 2, 8, 11, 0, tzinfo=UTC),
    }
    assert set(treatment.checkins.values_list("status", flat=True)) == {"pending"}


def test_it_moves_an_evening_treatment_into_the_patients_morning(alice, charlie):
    evening = datetime(2026, 11, 16, 19, 30, tzinfo=UTC)  # 20:30 Copenhagen, 22:30 Istanbul
    with time_machine.travel(evening, tick=False):
        treatment = treatment_create(
            patient=alice, clinician=charlie, areas=["face"], treated_at=evening
        )
    assert _due(treatment)["day_1"] == datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # 09:00 local


def test_it_leaves_out_late_checkins_when_the_clinic_says_so(alice, charlie):
    alice.clinic.procedures_without_late_checkins = ["mesotherapy"]
    alice.clinic.save()
    with time_machine.travel(TREATED_AT, tick=False):
        treatment = treatment_create(
            patient=alice, clinician=charlie, areas=["face"], treated_at=TREATED_AT
        )
    assert set(_due(treatment)) == {"day_1", "day_3", "week_1"}


def test_it_moves_pending_checkins_with_the_treatment(treatment):
    day_1 = treatment.checkins.get(kind="day_1")
    day_1.status = CheckIn.Status.ANSWERED
    day_1.save()
    treatment.treated_at = datetime(2026, 11, 17, 11, 0, tzinfo=UTC)
    treatment.save()
    checkins_reschedule(treatment=treatment)
    due = _due(treatment)
    assert due["day_1"] == datetime(2026, 11, 17, 11, 0, tzinfo=UTC)  # answered: untouched
    assert due["day_3"] == datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def test_it_cancels_open_checkins_with_the_treatment(treatment):
    assert checkins_cancel(treatment=treatment) == 5
    assert set(treatment.checkins.values_list("status", flat=True)) == {"cancelled"}

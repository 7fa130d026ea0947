from datetime import UTC, datetime

import pytest
import time_machine

from patients.models import Patient, Treatment, User
from patients.services import treatment_create

# Treated at 14:00 in Istanbul (11:00 UTC, 12:00 in Copenhagen) on a Monday in November.
TREATED_AT = datetime(2026, 11, 16, 11, 0, tzinfo=UTC)


@pytest.fixture
def treatment(alice: Patient, charlie: User) -> Treatment:
    with time_machine.travel(TREATED_AT, tick=False):
        return treatment_create(
            patient=alice, clinician=charlie, areas=["face"], treated_at=TREATED_AT
        )

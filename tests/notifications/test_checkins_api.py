import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notifications.models import CheckIn
from notifications.services import checkin_link, checkins_cancel
from symptoms.models import SymptomEntry

pytestmark = pytest.mark.django_db
DAY_1 = datetime(2026, 11, 17, 11, 0, tzinfo=UTC)


def _day_1(treatment) -> CheckIn:
    return treatment.checkins.get(kind="day_1")


def _respond(client, checkin, body, token=""):
    url = f"/api/v1/checkins/{checkin.pk}/respond/"
    return client.post(f"{url}?token={token}" if token else url, body, format="json")


def test_it_lists_the_patients_checkins(client_for, treatment):
    body = client_for(treatment.patient).get("/api/v1/checkins/").json()
    assert body["count"] == 5
    first = body["results"][0]
    assert (first["kind"], first["status"], first["treatment"]) == (
        "day_1",
        "pending",
        treatment.pk,
    )
    assert first["due_at"] == "2026-11-17T12:00:00+01:00"


def test_it_hides_other_patients_checkins(client_for, treatment, bob):
    assert client_for(bob).get("/api/v1/checkins/").json()["count"] == 0
    assert client_for(bob).get(f"/api/v1/checkins/{_day_1(treatment).pk}/").status_code == 404
    assert _respond(client_for(bob), _day_1(treatment), {"status": "fine"}).status_code == 404


def test_it_takes_a_one_tap_fine(client_for, treatment):
    with time_machine.travel(DAY_1, tick=False):
        response = _respond(client_for(treatment.patient), _day_1(treatment), {"status": "fine"})
    assert response.status_code == 201
    assert response.json()["triage"]["level"] == "observe"
    assert response.json()["symptoms"] == []
    checkin = _day_1(treatment)
    assert checkin.status == "answered"
    assert checkin.entry_id == response.json()["id"]


def test_it_stores_a_repeated_fine_once(client_for, treatment):
    client = client_for(treatment.patient)
    with time_machine.travel(DAY_1, tick=False):
        _respond(client, _day_1(treatment), {"status": "fine"})
        _respond(client, _day_1(treatment), {"status": "fine"})
    assert SymptomEntry.objects.count() == 1


def test_it_triages_a_full_answer(client_for, treatment):
    entry = {
        "client_id": str(uuid.uuid4()),
        "onset": (DAY_1 - timedelta(hours=2)).isoformat(),
        "area": "face",
        "severity": 5,
        "trend": "worsening",
        "symptoms": ["swelling"],
    }
    with time_machine.travel(DAY_1, tick=False):
        response = _respond(client_for(treatment.patient), _day_1(treatment), entry)
    assert response.status_code == 201
    assert response.json()["triage"]["level"] == "call_clinic"
    assert _day_1(treatment).status == "answered"


def test_it_names_the_field_at_fault(client_for, treatment):
    response = _respond(client_for(treatment.patient), _day_1(treatment), {"status": "great"})
    assert response.status_code == 400
    assert "status" in response.json()
    bad_entry = _respond(client_for(treatment.patient), _day_1(treatment), {"severity": 3})
    assert bad_entry.status_code == 400
    assert "client_id" in bad_entry.json()
    assert _day_1(treatment).status == "pending"


def test_it_refuses_an_answer_to_a_cancelled_checkin(client_for, treatment):
    checkins_cancel(treatment=treatment)
    response = _respond(client_for(treatment.patient), _day_1(treatment), {"status": "fine"})
    assert response.status_code == 400
    assert not SymptomEntry.objects.exists()


def test_it_opens_the_checkin_from_the_reminder_link(api, treatment):
    checkin = _day_1(treatment)
    token = checkin_link(checkin).split("token=")[1]
    assert api.get(f"/api/v1/checkins/{checkin.pk}/?token={token}").status_code == 200
    with time_machine.travel(DAY_1, tick=False):
        assert _respond(api, checkin, {"status": "fine"}, token=token).status_code == 201


def test_it_keeps_the_link_to_its_own_checkin(api, treatment):
    day_1, day_3 = treatment.checkins.all()[:2]
    token = checkin_link(day_1).split("token=")[1]
    assert api.get(f"/api/v1/checkins/{day_3.pk}/?token={token}").status_code == 404
    assert api.get(f"/api/v1/entries/?token={token}").status_code == 401


def test_it_expires_the_link(api, treatment):
    checkin = _day_1(treatment)
    with time_machine.travel(datetime(2026, 11, 17, tzinfo=UTC)):
        token = checkin_link(checkin).split("token=")[1]
    with time_machine.travel(datetime(2026, 11, 20, 1, tzinfo=UTC)):
        assert api.get(f"/api/v1/checkins/{checkin.pk}/?token={token}").status_code == 401


def test_it_rejects_a_tampered_link(api, treatment):
    checkin = _day_1(treatment)
    token = checkin_link(checkin).split("token=")[1]
    assert api.get(f"/api/v1/checkins/{checkin.pk}/?token={token}x").status_code == 401

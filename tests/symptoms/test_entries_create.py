import threading
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from symptoms.models import SymptomEntry
from symptoms.triage import RULESET_VERSION
from tests.factories import TreatmentFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/entries/"


def _body(**overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "onset": (timezone.now() - timedelta(hours=1)).isoformat(),
        "area": "face",
        "severity": 2,
        "trend": "improving",
        "symptoms": ["redness"],
        "note": "",
        **overrides,
    }


def test_it_logs_an_entry_and_answers_with_its_triage(client_for, alice):
    response = client_for(alice).post(URL, _body())
    assert response.status_code == 201
    body = response.json()
    assert body["triage"]["level"] == "observe"
    assert body["triage"]["version"] == RULESET_VERSION
    assert body["treatment"] == alice.treatments.get().pk
    assert body["hours_since_treatment"] == pytest.approx(6, abs=0.01)
    assert body["triage"]["call"] is None


def test_it_tells_the_patient_to_call_the_emergency_number(client_for, alice):
    body = _body(symptoms=["breathing_difficulty"], severity=5)
    triage = client_for(alice).post(URL, body).json()["triage"]
    assert triage["level"] == "emergency"
    assert "E1" in triage["rules"]
    assert triage["call"] == {"kind": "emergency", "number": "112"}
    assert "112" in triage["advice"]


def test_it_gives_reasons_in_the_patients_language(client_for, bob):
    triage = client_for(bob).post(URL, _body(trend="worsening")).json()["triage"]
    assert triage["level"] == "call_clinic"
    assert triage["reasons"][0]["rule"] == "C1"
    assert triage["reasons"][0]["text"].startswith("Your symptoms are getting worse")
    assert triage["call"] == {"kind": "clinic", "number": "+902125550147"}


def test_it_stores_the_triage_it_answered_with(client_for, alice):
    body = client_for(alice).post(URL, _body(severity=8)).json()
    entry = SymptomEntry.objects.get(pk=body["id"])
    assert entry.triage_level == "emergency"
    assert entry.triage_rules == body["triage"]["rules"]
    assert entry.triage_reasons == body["triage"]["reasons"]
    assert entry.triage_version == RULESET_VERSION


def test_it_uses_the_patients_earlier_entries(client_for, alice):
    client = client_for(alice)
    client.post(URL, _body(severity=3, symptoms=["tenderness"], trend="unchanged"))
    later = client.post(URL, _body(severity=5, symptoms=["tenderness"], trend="unchanged"))
    assert "C2" in later.json()["triage"]["rules"]


def test_it_answers_a_replay_with_the_stored_entry(client_for, alice):
    client = client_for(alice)
    body = _body()
    first = client.post(URL, body)
    replay = client.post(URL, {**body, "severity": 9})
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json() == first.json()
    assert SymptomEntry.objects.count() == 1


def test_it_keeps_client_ids_per_patient(client_for, alice, bob):
    body = _body()
    assert client_for(alice).post(URL, body).status_code == 201
    assert client_for(bob).post(URL, body).status_code == 201
    assert SymptomEntry.objects.count() == 2


def test_it_attaches_to_a_named_treatment(client_for, alice):
    older = TreatmentFactory.create(patient=alice, treated_at=timezone.now() - timedelta(days=30))
    onset = (timezone.now() - timedelta(days=20)).isoformat()
    response = client_for(alice).post(URL, _body(treatment=older.pk, onset=onset))
    assert response.status_code == 201
    assert response.json()["treatment"] == older.pk


def test_it_refuses_another_patients_treatment(client_for, alice, bob):
    response = client_for(alice).post(URL, _body(treatment=bob.treatments.get().pk))
    assert response.status_code == 400
    assert "treatment" in response.json()
    assert not SymptomEntry.objects.exists()


def test_it_does_not_let_clinicians_log_for_patients(client_for, charlie, alice):
    assert client_for(charlie).post(URL, _body()).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"severity": 11}, "severity"),
        ({"severity": -1}, "severity"),
        ({"severity": 4.5}, "severity"),
        ({"severity": "5"}, "severity"),
        ({"severity": True}, "severity"),
        ({"area": "elbow"}, "area"),
        ({"area": "scalp"}, "area"),
        ({"trend": "better"}, "trend"),
        ({"symptoms": ["headache"]}, "symptoms"),
        ({"symptoms": "redness"}, "symptoms"),
        ({"onset": "2099-01-01T00:00:00Z"}, "onset"),
        ({"onset": "2000-01-01T00:00:00Z"}, "onset"),
        ({"onset": "yesterday"}, "onset"),
        ({"note": "x" * 2001}, "note"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"client_id": None}, "client_id"),
    ],
)
def test_it_names_the_field_at_fault_and_stores_nothing(client_for, alice, overrides, field):
    response = client_for(alice).post(URL, _body(**overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert not SymptomEntry.objects.exists()


def test_it_allows_a_little_clock_skew(client_for, alice):
    onset = (timezone.now() + timedelta(minutes=3)).isoformat()
    assert client_for(alice).post(URL, _body(onset=onset)).status_code == 201


def test_it_rejects_a_missing_body(client_for, alice):
    response = client_for(alice).post(URL)
    assert response.status_code == 400
    assert {"client_id", "onset", "area", "severity", "trend"} <= response.json().keys()


def test_it_rejects_malformed_json(client_for, alice):
    response = client_for(alice).generic("POST", URL, "{", content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()


def test_it_computes_hours_across_time_zones(client_for, alice):
    treatment = alice.treatments.get()
    with time_machine.travel(treatment.treated_at + timedelta(hours=30), tick=False):
        body = client_for(alice).post(URL, _body()).json()
    assert body["hours_since_treatment"] == 30


@pytest.mark.django_db(transaction=True)
def test_it_stores_one_entry_when_two_uploads_race(alice, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    body = _body()
    clients = [client_for(alice) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def upload(client):
        barrier.wait()
        statuses.append(client.post(URL, body).status_code)
        connection.close()

    threads = [threading.Thread(target=upload, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 201]
    assert SymptomEntry.objects.filter(client_id=body["client_id"]).count() == 1

"""GET /api/v1/escalations/ and the transitions, as clinicians use them."""

import pytest

from patients.models import AuditEvent
from symptoms.models import Escalation

from .conftest import image, post_photo
from .test_escalations import CALL_CLINIC, EMERGENCY, QUEUE, log

pytestmark = pytest.mark.django_db


def test_it_orders_emergencies_first_then_oldest_due(client_for, charlie, alice, bob, clinic):
    log(client_for(bob), CALL_CLINIC)
    log(client_for(alice), EMERGENCY)
    body = client_for(charlie).get(QUEUE, {"status": "open"}).json()
    assert [e["patient_name"] for e in body["results"]] == ["Alice", "Bob"]
    first = body["results"][0]
    assert first["level"] == "emergency"
    assert first["overdue"] is False
    assert first["reasons"][0]["rule"] == "E1"


def test_it_shows_only_the_clinicians_clinic(client_for, dave, alice):
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    client = client_for(dave)
    assert client.get(QUEUE).json()["count"] == 0
    assert client.get(f"{QUEUE}{escalation.pk}/").status_code == 404
    assert client.post(f"{QUEUE}{escalation.pk}/acknowledge/").status_code == 404


def test_it_is_for_clinicians_only(client_for, alice):
    assert client_for(alice).get(QUEUE).status_code == 403


def test_it_audits_every_read(client_for, charlie, alice, bob):
    log(client_for(alice), EMERGENCY)
    log(client_for(bob), CALL_CLINIC)
    client_for(charlie).get(QUEUE)
    reads = AuditEvent.objects.filter(action="read", actor=charlie)
    assert set(reads.values_list("patient_ref", flat=True)) == {alice.pk, bob.pk}


def test_it_shows_the_timeline(client_for, charlie, alice):
    client = client_for(alice)
    log(client, CALL_CLINIC)
    log(client, EMERGENCY)
    escalation = Escalation.objects.get()
    body = client_for(charlie).get(f"{QUEUE}{escalation.pk}/").json()
    assert [e["triage"]["level"] for e in body["timeline"]] == ["emergency", "call_clinic"]
    assert AuditEvent.objects.filter(actor=charlie, object_type="entry").count() == 2


def test_it_lets_one_of_two_clinicians_acknowledge(client_for, charlie, alice, clinic):
    from tests.factories import MembershipFactory

    erin = MembershipFactory.create(clinic=clinic, user__username="erin").user
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    first = client_for(charlie).post(f"{QUEUE}{escalation.pk}/acknowledge/")
    second = client_for(erin).post(f"{QUEUE}{escalation.pk}/acknowledge/")
    assert first.status_code == 200
    assert first.json()["acknowledged_by"] == "charlie"
    assert second.status_code == 409
    assert "charlie" in second.json()["detail"]


def test_it_resolves_with_an_outcome(client_for, charlie, alice):
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    url = f"{QUEUE}{escalation.pk}/resolve/"
    bad = client_for(charlie).post(url, {"outcome": "shrugged"})
    assert bad.status_code == 400
    assert "outcome" in bad.json()
    body = {"outcome": "referred_to_emergency", "note": "Told to call 112"}
    assert client_for(charlie).post(url, body).json()["status"] == "resolved"
    assert client_for(charlie).post(url, body).status_code == 409
    assert client_for(charlie).post(f"{QUEUE}{escalation.pk}/acknowledge/").status_code == 409


def test_it_assigns_only_the_clinics_clinicians(client_for, charlie, dave, alice):
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    url = f"{QUEUE}{escalation.pk}/assign/"
    assert client_for(charlie).post(url, {"clinician": dave.pk}).status_code == 400
    assert (
        client_for(charlie).post(url, {"clinician": charlie.pk}).json()["assigned_to"] == "charlie"
    )


@pytest.mark.parametrize("patients", [1, 8])
def test_it_runs_a_constant_number_of_queries(
    client_for, charlie, clinic, patients, django_assert_num_queries
):
    from tests.factories import PatientFactory, TreatmentFactory

    for _ in range(patients):
        patient = PatientFactory.create(clinic=clinic)
        TreatmentFactory.create(patient=patient)
        log(client_for(patient), EMERGENCY)
        latest = Escalation.objects.get(patient=patient).latest_entry
        post_photo(client_for(patient), latest, image("JPEG", (64, 48)))
    client = client_for(charlie)
    # token and user, knox's token list, membership check, the caller's clinic ids, count,
    # page, photos, "is this a patient?" for the audit, one audit insert
    with django_assert_num_queries(9):
        assert client.get(QUEUE).json()["count"] == patients

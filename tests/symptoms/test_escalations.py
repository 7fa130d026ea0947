"""Escalations open from entries, one per patient, raised but never lowered."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from notifications.models import Message
from notifications.tasks import chase_overdue_escalations
from patients.models import AuditEvent
from symptoms.models import Escalation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
ENTRIES = "/api/v1/entries/"
QUEUE = "/api/v1/escalations/"

EMERGENCY = {"severity": 9, "trend": "worsening", "symptoms": ["breathing_difficulty"]}
CALL_CLINIC = {"severity": 3, "trend": "worsening", "symptoms": ["redness"]}
OBSERVE = {"severity": 2, "trend": "improving", "symptoms": ["redness"]}


def log(client, fields, **extra):
    body = {
        "client_id": str(uuid.uuid4()),
        "onset": (timezone.now() - timedelta(hours=1)).isoformat(),
        "area": "face",
        **fields,
        **extra,
    }
    return client.post(ENTRIES, body, format="json").json()


@pytest.fixture
def staffed(charlie):
    charlie.email = "charlie@clinic.example"
    charlie.phone = "+905321112233"
    charlie.save()
    return charlie


def test_it_opens_no_escalation_for_observe(client_for, alice):
    log(client_for(alice), OBSERVE)
    assert not Escalation.objects.exists()


def test_it_opens_one_escalation_per_patient_and_raises_it(client_for, alice):
    client = client_for(alice)
    log(client, CALL_CLINIC)
    log(client, CALL_CLINIC)
    escalation = Escalation.objects.get()
    assert (escalation.level, escalation.priority) == ("call_clinic", 1)
    due_call_clinic = escalation.due_at
    log(client, EMERGENCY)
    escalation.refresh_from_db()
    assert escalation.level == "emergency"
    assert escalation.due_at < due_call_clinic
    log(client, CALL_CLINIC)
    escalation.refresh_from_db()
    assert escalation.level == "emergency"  # never lowered
    assert Escalation.objects.count() == 1


def test_it_uses_the_clinics_time_limits(client_for, alice):
    alice.clinic.emergency_sla_minutes = 10
    alice.clinic.save()
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    assert escalation.due_at - escalation.opened_at == timedelta(minutes=10)


def test_it_alerts_on_duty_clinicians_after_the_commit(
    client_for, alice, staffed, django_capture_on_commit_callbacks, sms_outbox, eager
):
    off_duty = MembershipFactory.create(clinic=alice.clinic, on_duty=False).user
    off_duty.email = "off@clinic.example"
    off_duty.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log(client_for(alice), EMERGENCY)
    assert len(callbacks) == 1
    sent = Message.objects.filter(status="sent")
    assert {(m.user_id, m.channel) for m in sent} == {(staffed.pk, "email"), (staffed.pk, "sms")}
    assert "Alice" not in sms_outbox[0].text
    assert "breathing" not in sms_outbox[0].text


def test_it_does_not_text_for_call_clinic(
    client_for, alice, staffed, django_capture_on_commit_callbacks, eager
):
    with django_capture_on_commit_callbacks(execute=True):
        log(client_for(alice), CALL_CLINIC)
    assert set(Message.objects.values_list("channel", flat=True)) == {"email"}


def test_it_chases_an_overdue_escalation_once_per_step_then_widens(
    client_for, alice, staffed, django_capture_on_commit_callbacks, eager
):
    admin = MembershipFactory.create(clinic=alice.clinic, on_duty=False, role="admin").user
    admin.email = "admin@clinic.example"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    with time_machine.travel(escalation.due_at - timedelta(seconds=1), tick=False):
        assert chase_overdue_escalations() == 0
    with time_machine.travel(escalation.due_at, tick=False):
        assert chase_overdue_escalations() == 1
        assert chase_overdue_escalations() == 0  # the same step is never sent twice
    escalation.refresh_from_db()
    with time_machine.travel(escalation.due_at, tick=False):
        assert chase_overdue_escalations() == 1
    steps = Message.objects.filter(user=staffed, channel="email").count()
    assert steps == 3
    assert Message.objects.filter(user=admin).exists()  # widened at step 2


def test_it_stops_chasing_once_acknowledged(client_for, alice, staffed, eager):
    log(client_for(alice), EMERGENCY)
    escalation = Escalation.objects.get()
    client_for(staffed).post(f"{QUEUE}{escalation.pk}/acknowledge/")
    with time_machine.travel(escalation.due_at + timedelta(hours=1), tick=False):
        assert chase_overdue_escalations() == 0


def test_it_reopens_as_new_after_resolution(client_for, alice, charlie):
    client = client_for(alice)
    log(client, CALL_CLINIC)
    first = Escalation.objects.get()
    client_for(charlie).post(f"{QUEUE}{first.pk}/resolve/", {"outcome": "advised_by_phone"})
    log(client, CALL_CLINIC)
    assert Escalation.objects.count() == 2
    assert Escalation.objects.exclude(pk=first.pk).get().status == "open"


def test_it_tells_the_patient_the_clinic_has_seen_the_report(client_for, alice, charlie):
    entry = log(client_for(alice), CALL_CLINIC)
    assert entry["escalation"]["status"] == "open"
    escalation = Escalation.objects.get()
    client_for(charlie).post(f"{QUEUE}{escalation.pk}/acknowledge/")
    url = f"{ENTRIES}{entry['id']}/"
    seen = client_for(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").json()["escalation"]
    assert seen["status"] == "acknowledged"
    assert seen["message"] == "The clinic has seen your report."
    danish = client_for(alice).get(url, HTTP_ACCEPT_LANGUAGE="da").json()["escalation"]
    assert danish["message"] == "Klinikken har set din registrering."


def test_it_audits_every_change(client_for, alice, charlie):
    log(client_for(alice), CALL_CLINIC)
    escalation = Escalation.objects.get()
    client_for(charlie).post(f"{QUEUE}{escalation.pk}/acknowledge/")
    event = AuditEvent.objects.get(action="update")
    assert (event.actor, event.object_type, event.patient_ref) == (charlie, "escalation", alice.pk)


def test_it_alerts_again_when_a_later_entry_raises_the_level(
    client_for, alice, staffed, django_capture_on_commit_callbacks, eager
):
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        log(client, CALL_CLINIC)
    client_for(staffed).post(f"{QUEUE}{Escalation.objects.get().pk}/acknowledge/")
    with django_capture_on_commit_callbacks(execute=True):
        log(client, EMERGENCY)
    emails = Message.objects.filter(user=staffed, channel="email", status="sent")
    assert emails.count() == 2
    escalation = Escalation.objects.get()
    assert (escalation.status, escalation.acknowledged_by) == ("open", None)

"""The clinicians' web page at /clinic/: sign in, see the queue, work it with forms."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from patients.models import AuditEvent
from symptoms.models import Escalation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = "/clinic/"
LOGIN = "/clinic/login/"
PASSWORD = "correct horse battery staple"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _entry(**overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "onset": (timezone.now() - timedelta(hours=1)).isoformat(),
        "area": "face",
        **overrides,
    }


def emergency(client_for, patient) -> Escalation:
    body = _entry(severity=9, trend="worsening", symptoms=["breathing_difficulty"])
    assert client_for(patient).post("/api/v1/entries/", body).status_code == 201
    return Escalation.objects.get(patient=patient)


def call_clinic(client_for, patient) -> Escalation:
    body = _entry(severity=3, trend="worsening", symptoms=["redness"])
    assert client_for(patient).post("/api/v1/entries/", body).status_code == 201
    return Escalation.objects.get(patient=patient)


@pytest.fixture
def browser() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def signed_in(charlie, browser) -> Client:
    browser.force_login(charlie, backend=MODEL_BACKEND)
    return browser


def text(response) -> str:
    return response.content.decode()


def test_it_signs_a_clinician_in_through_the_login_page(browser, charlie):
    page = browser.get(LOGIN)
    assert page.status_code == 200
    assert 'name="password"' in text(page)
    response = browser.post(LOGIN, {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert browser.get(QUEUE).status_code == 200


def test_it_refuses_a_wrong_password(browser, charlie):
    response = browser.post(LOGIN, {"username": "charlie", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in text(response)
    assert browser.get(QUEUE).status_code == 302


def test_it_locks_out_after_repeated_failures(browser, charlie):
    for _ in range(5):
        browser.post(LOGIN, {"username": "charlie", "password": "wrong"})
    response = browser.post(LOGIN, {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 429
    assert browser.get(QUEUE).status_code == 302


def test_it_does_not_sign_in_someone_who_is_no_clinician(browser, db):
    UserFactory.create(username="visitor")
    response = browser.post(LOGIN, {"username": "visitor", "password": PASSWORD})
    assert response.status_code == 200
    assert browser.get(QUEUE).status_code == 302


def test_it_signs_out_with_a_post(signed_in):
    response = signed_in.post("/clinic/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in.get(QUEUE).status_code == 302


def test_it_lists_emergencies_before_calls_to_the_clinic(signed_in, client_for, alice, bob):
    call_clinic(client_for, bob)
    emergency(client_for, alice)
    page = text(signed_in.get(QUEUE))
    assert "Bob" in page
    assert "Alice" in page
    assert page.index("Alice") < page.index("Bob")
    assert 'class="badge emergency"' in page


def test_it_shows_the_treatment_in_the_clinics_time_zone(signed_in, client_for, alice):
    escalation = emergency(client_for, alice)
    treated_at = escalation.treatment.treated_at.astimezone(escalation.clinic.zone)
    assert treated_at.strftime("%H:%M") in text(signed_in.get(QUEUE))


def test_it_shows_the_reasons_and_photo_thumbnails(signed_in, client_for, alice):
    escalation = emergency(client_for, alice)
    entry = escalation.latest_entry
    assert entry is not None
    photo = entry.photos.create(
        image="x.jpg", thumbnail="x-thumb.jpg", width=1, height=1, byte_size=1, sha256="0"
    )
    page = text(signed_in.get(QUEUE)).replace("&#x27;", "'")
    assert entry.triage_reasons[0]["rule"] == "E1"
    assert "You have trouble breathing." in page  # in the clinician's language
    assert f"Told the patient: {entry.triage_reasons[0]['text']}" in page  # alice's Danish
    assert f'src="/api/v1/photos/{photo.pk}/?size=thumb"' in page


def test_it_shows_nothing_of_another_clinics_patients(browser, dave, client_for, alice, bob):
    emergency(client_for, alice)
    call_clinic(client_for, bob)
    browser.force_login(dave, backend=MODEL_BACKEND)
    response = browser.get(QUEUE)
    assert response.status_code == 200
    assert "Alice" not in text(response)
    assert "Bob" not in text(response)


def test_it_sends_an_anonymous_visitor_to_the_login_page(browser, client_for, alice):
    emergency(client_for, alice)
    for url in (QUEUE, f"{QUEUE}?partial=1"):
        response = browser.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{LOGIN}?next=")


def test_it_shows_a_patient_nothing(browser, client_for, alice):
    escalation = emergency(client_for, alice)
    browser.force_login(alice.user, backend=MODEL_BACKEND)
    assert browser.get(QUEUE).status_code == 404
    assert browser.get(f"{QUEUE}?partial=1").status_code == 404
    url = f"/clinic/escalations/{escalation.pk}/acknowledge/"
    assert browser.post(url).status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OPEN


def test_it_acknowledges_and_audits_the_change(signed_in, client_for, alice, charlie):
    escalation = emergency(client_for, alice)
    url = f"/clinic/escalations/{escalation.pk}/acknowledge/"
    response = signed_in.post(url, {"status": "open"})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?status=open"
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.ACKNOWLEDGED
    assert escalation.acknowledged_by == charlie
    update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert update.actor == charlie
    assert update.object_id == str(escalation.pk)
    assert update.patient_ref == alice.pk
    assert update.ip_address == "127.0.0.1"


def test_it_tells_the_second_clinician_who_acknowledged_first(
    signed_in, browser, client_for, alice, clinic
):
    escalation = emergency(client_for, alice)
    url = f"/clinic/escalations/{escalation.pk}/acknowledge/"
    signed_in.post(url)
    erin = Client(headers={"accept-language": "en"})
    erin.force_login(MembershipFactory.create(clinic=clinic).user, backend=MODEL_BACKEND)
    response = erin.post(url, {"status": "open"}, follow=True)
    assert response.status_code == 200
    assert "Already acknowledged by charlie" in text(response)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by is not None
    assert escalation.acknowledged_by.username == "charlie"


def test_it_resolves_with_an_outcome_and_a_note(signed_in, client_for, alice, charlie):
    escalation = call_clinic(client_for, alice)
    url = f"/clinic/escalations/{escalation.pk}/resolve/"
    body = {"outcome": "advised_by_phone", "note": "Cold compress; call back if worse."}
    response = signed_in.post(url, body, follow=True)
    assert "Alice: resolved." in text(response)
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED
    assert escalation.outcome == "advised_by_phone"
    assert escalation.note == "Cold compress; call back if worse."
    assert escalation.resolved_by == charlie
    resolved = text(signed_in.get(f"{QUEUE}?status=resolved"))
    assert "Advised by phone" in resolved
    assert "Cold compress" in resolved


def test_it_refuses_a_resolution_without_an_outcome(signed_in, client_for, alice):
    escalation = call_clinic(client_for, alice)
    url = f"/clinic/escalations/{escalation.pk}/resolve/"
    response = signed_in.post(url, {"outcome": "", "note": ""}, follow=True)
    assert "Choose an outcome" in text(response)
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OPEN


def test_it_assigns_to_a_clinician_of_the_clinic(signed_in, client_for, alice, clinic):
    erin = MembershipFactory.create(clinic=clinic, user__username="erin").user
    escalation = emergency(client_for, alice)
    assert f'<option value="{erin.pk}">erin</option>' in text(signed_in.get(QUEUE))
    url = f"/clinic/escalations/{escalation.pk}/assign/"
    response = signed_in.post(url, {"clinician": erin.pk}, follow=True)
    assert "Assigned to erin" in text(response)
    escalation.refresh_from_db()
    assert escalation.assigned_to == erin


def test_it_does_not_assign_to_another_clinics_clinician(signed_in, client_for, alice, dave):
    escalation = emergency(client_for, alice)
    url = f"/clinic/escalations/{escalation.pk}/assign/"
    response = signed_in.post(url, {"clinician": dave.pk}, follow=True)
    assert "Choose a clinician of this clinic" in text(response)
    escalation.refresh_from_db()
    assert escalation.assigned_to is None


def test_it_does_not_let_another_clinic_act(browser, dave, client_for, alice):
    escalation = emergency(client_for, alice)
    browser.force_login(dave, backend=MODEL_BACKEND)
    for action in ("acknowledge", "assign", "resolve"):
        url = f"/clinic/escalations/{escalation.pk}/{action}/"
        assert browser.post(url, {"outcome": "no_action_needed"}).status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OPEN


def test_it_answers_a_get_on_an_action_with_405(signed_in, client_for, alice):
    escalation = emergency(client_for, alice)
    assert signed_in.get(f"/clinic/escalations/{escalation.pk}/acknowledge/").status_code == 405


def test_it_filters_by_status(signed_in, client_for, alice, bob):
    escalation = emergency(client_for, alice)
    call_clinic(client_for, bob)
    signed_in.post(f"/clinic/escalations/{escalation.pk}/acknowledge/", follow=True)
    open_page = text(signed_in.get(QUEUE))
    assert "Bob" in open_page
    assert "Alice" not in open_page
    acknowledged = text(signed_in.get(f"{QUEUE}?status=acknowledged"))
    assert "Alice" in acknowledged
    assert "Acknowledged by charlie" in acknowledged
    assert "Bob" not in acknowledged


def test_it_returns_only_the_table_when_partial(signed_in, client_for, alice):
    emergency(client_for, alice)
    page = text(signed_in.get(f"{QUEUE}?partial=1"))
    assert "<table" in page
    assert "Alice" in page
    assert "<html" not in page
    assert "<nav" not in page
    assert "csrfmiddlewaretoken" in page


def test_it_refreshes_itself(signed_in, db):
    page = text(signed_in.get(QUEUE))
    assert 'data-partial-url="/clinic/?status=open&amp;partial=1"' in page
    assert "clinic/clinic.js" in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript, inside <noscript>
    assert "Updated" in page


def test_it_flags_an_overdue_escalation(signed_in, client_for, alice):
    escalation = emergency(client_for, alice)
    assert 'class="badge overdue"' not in text(signed_in.get(QUEUE))
    with time_machine.travel(escalation.due_at + timedelta(minutes=1), tick=False):
        page = text(signed_in.get(QUEUE))
    assert 'class="badge overdue"' in page
    assert re.search(r"16\xa0minutes|16 minutes", page)


def test_it_audits_every_row_it_shows(signed_in, client_for, alice, bob, charlie):
    alices = emergency(client_for, alice)
    bobs = call_clinic(client_for, bob)
    signed_in.get(QUEUE)
    signed_in.get(f"{QUEUE}?partial=1")
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.READ, object_type="escalation")
    assert reads.count() == 4
    assert {(r.object_id, r.patient_ref) for r in reads} == {
        (str(alices.pk), alice.pk),
        (str(bobs.pk), bob.pk),
    }
    assert {r.actor for r in reads} == {charlie}


def test_it_reads_the_queue_in_constant_queries(
    signed_in, client_for, alice, bob, django_assert_max_num_queries
):
    emergency(client_for, alice)
    call_clinic(client_for, bob)
    with django_assert_max_num_queries(12):
        signed_in.get(QUEUE)

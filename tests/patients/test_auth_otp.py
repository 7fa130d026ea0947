from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from notifications.channels import TransientError
from patients.models import LoginCode
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
OTP = "/api/v1/auth/otp/"
TOKEN = "/api/v1/auth/token/"


def _code_from(text: str) -> str:
    return next(
        word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6
    )


def test_it_sends_a_code_by_sms_in_the_patients_language(api, alice, sms_outbox):
    response = api.post(OTP, {"phone": "+45 20 00 00 01"})
    assert response.status_code == 202
    assert len(sms_outbox) == 1
    assert sms_outbox[0].to == "+4520000001"
    assert "kode" in sms_outbox[0].text  # alice reads Danish


def test_it_stores_only_a_hash_of_the_code(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    stored = LoginCode.objects.get(patient=alice)
    assert code not in stored.code_hash
    assert stored.expires_at - stored.created_at == pytest.approx(
        timedelta(minutes=10), abs=timedelta(seconds=1)
    )


def test_it_answers_the_same_for_unknown_people(api, alice, sms_outbox):
    known = api.post(OTP, {"phone": alice.phone})
    unknown = api.post(OTP, {"phone": "+4599999999"})
    unknown_email = api.post(OTP, {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == unknown_email.status_code == 202
    assert known.json() == unknown.json() == unknown_email.json()
    assert len(sms_outbox) == 1


def test_it_exchanges_the_code_for_a_working_token(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    response = api.post(TOKEN, {"phone": alice.phone, "code": _code_from(sms_outbox[0].text)})
    assert response.status_code == 200
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.status_code == 200
    assert me.json()["patient"]["id"] == alice.pk


def test_it_signs_in_by_email(api, db):
    patient = PatientFactory.create(phone=None, email="mette@example.dk", language="en")
    api.post(OTP, {"email": "Mette@Example.dk"})
    assert mail.outbox[0].to == ["mette@example.dk"]
    code = _code_from(str(mail.outbox[0].body))
    response = api.post(TOKEN, {"email": "mette@example.dk", "code": code})
    assert response.status_code == 200
    assert LoginCode.objects.get(patient=patient).used_at is not None


def test_it_rejects_a_wrong_code(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = api.post(TOKEN, {"phone": alice.phone, "code": wrong})
    assert response.status_code == 400
    assert "code" in response.json()


def test_it_rejects_an_expired_code(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        response = api.post(TOKEN, {"phone": alice.phone, "code": code})
    assert response.status_code == 400


def test_it_accepts_a_code_just_before_expiry(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    with time_machine.travel(timezone.now() + timedelta(minutes=9, seconds=50)):
        response = api.post(TOKEN, {"phone": alice.phone, "code": code})
    assert response.status_code == 200


def test_it_locks_the_code_after_five_wrong_tries(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert api.post(TOKEN, {"phone": alice.phone, "code": wrong}).status_code == 400
    assert api.post(TOKEN, {"phone": alice.phone, "code": code}).status_code == 400
    assert LoginCode.objects.get(patient=alice).attempts == 5


def test_it_does_not_accept_a_code_twice(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    code = _code_from(sms_outbox[0].text)
    assert api.post(TOKEN, {"phone": alice.phone, "code": code}).status_code == 200
    assert api.post(TOKEN, {"phone": alice.phone, "code": code}).status_code == 400


def test_it_only_accepts_the_latest_code(api, alice, sms_outbox):
    api.post(OTP, {"phone": alice.phone})
    api.post(OTP, {"phone": alice.phone})
    first, latest = (_code_from(m.text) for m in sms_outbox)
    if first != latest:
        assert api.post(TOKEN, {"phone": alice.phone, "code": first}).status_code == 400
    assert api.post(TOKEN, {"phone": alice.phone, "code": latest}).status_code == 200


def test_it_answers_an_unknown_person_like_a_wrong_code(api, alice):
    unknown = api.post(TOKEN, {"phone": "+4599999999", "code": "123456"}, HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.status_code == 400
    assert unknown.json() == {"code": ["The code is wrong or has expired. Ask for a new code."]}


def test_it_limits_codes_per_hour_in_the_database(api, alice, sms_outbox, settings):
    settings.LOGIN_CODES_PER_HOUR = 3
    for _ in range(5):
        assert api.post(OTP, {"phone": alice.phone}).status_code == 202
    assert len(sms_outbox) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        api.post(OTP, {"phone": alice.phone})
    assert len(sms_outbox) == 4


def test_it_throttles_requests_per_client(api, alice, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"otp_request": "2/minute"})
    statuses = [api.post(OTP, {"phone": alice.phone}).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "phone"),
        ({"phone": "+4520000001", "email": "a@example.com"}, "phone"),
        ({"phone": "20000001"}, "phone"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_it_names_the_field_at_fault(api, db, body, field):
    response = api.post(OTP, body)
    assert response.status_code == 400
    assert field in response.json()


def test_it_requires_six_digits(api, alice):
    response = api.post(TOKEN, {"phone": alice.phone, "code": "12345"})
    assert response.status_code == 400
    assert "code" in response.json()


def test_it_reports_malformed_json_under_body(api, db):
    response = api.generic("POST", OTP, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()


class DownSms:
    name = "sms"

    def available(self) -> bool:
        return True

    def send(self, message):
        raise TransientError("provider down")


def test_it_answers_the_same_when_the_sms_provider_is_down(api, alice, settings):
    settings.SMS_BACKEND = "tests.patients.test_auth_otp.DownSms"
    response = api.post(OTP, {"phone": alice.phone})
    assert response.status_code == 202
    assert LoginCode.objects.filter(patient=alice).exists()

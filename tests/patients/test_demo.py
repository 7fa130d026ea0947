import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from patients.models import Clinic, Patient, Treatment, User

pytestmark = pytest.mark.django_db


def _demo() -> dict:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return json.loads(out.getvalue())


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Clinic, User, Patient, Treatment))


def test_it_is_idempotent():
    first = _demo()
    counts = _counts()
    second = _demo()
    assert _counts() == counts
    assert second["patient"]["id"] == first["patient"]["id"]
    assert second["patient"]["treatment_id"] == first["patient"]["treatment_id"]


def test_it_prints_working_sign_ins():
    demo = _demo()
    client = APIClient()
    for who in ("patient", "other_patient"):
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {demo[who]['token']}")
        assert client.get("/api/v1/me/").json()["patient"]["id"] == demo[who]["id"]
    login = client.post(
        "/api/v1/auth/login/",
        {"username": demo["clinician"]["username"], "password": demo["clinician"]["password"]},
    )
    assert login.status_code == 200


def test_it_looks_like_the_clinics_real_patients():
    demo = _demo()
    patient = Patient.objects.get(pk=demo["patient"]["id"])
    assert patient.clinic.time_zone == "Europe/Istanbul"
    assert patient.clinic.phone.startswith("+90")
    assert patient.time_zone == "Europe/Copenhagen"
    assert (patient.phone or "").startswith("+45")

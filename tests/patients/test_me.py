import pytest

pytestmark = pytest.mark.django_db


def test_it_describes_a_patient(client_for, alice):
    body = client_for(alice).get("/api/v1/me/").json()
    assert body["kind"] == "patient"
    assert body["patient"]["name"] == "Alice"
    assert body["patient"]["time_zone"] == "Europe/Copenhagen"


def test_it_describes_a_clinician(client_for, charlie):
    body = client_for(charlie).get("/api/v1/me/").json()
    assert body["kind"] == "clinician"
    assert body["patient"] is None
    assert body["clinics"][0]["time_zone"] == "Europe/Istanbul"

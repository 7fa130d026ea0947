import pytest

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login/"
PASSWORD = "correct horse battery staple"


def test_it_gives_a_clinician_a_token(api, charlie):
    response = api.post(LOGIN, {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 200
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.json()["kind"] == "clinician"
    assert me.json()["clinics"][0]["name"] == "Bosphorus Aesthetic Clinic"


def test_it_rejects_a_wrong_password(api, charlie):
    response = api.post(LOGIN, {"username": "charlie", "password": "wrong"})
    assert response.status_code == 400
    assert "password" in response.json()


def test_it_locks_out_after_repeated_failures(api, charlie):
    for _ in range(5):
        api.post(LOGIN, {"username": "charlie", "password": "wrong"})
    response = api.post(LOGIN, {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 429


def test_it_does_not_lock_out_other_clinicians(api, charlie):
    MembershipFactory.create(user__username="erin")
    for _ in range(5):
        api.post(LOGIN, {"username": "charlie", "password": "wrong"})
    assert api.post(LOGIN, {"username": "erin", "password": PASSWORD}).status_code == 200


def test_it_revokes_a_token_on_logout(client_for, charlie):
    client = client_for(charlie)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_it_rejects_a_missing_or_bad_token(api, db):
    assert api.get("/api/v1/me/").status_code == 401
    bad = api.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer nonsense")
    assert bad.status_code == 401

import pytest

from notifications.models import PushSubscription

pytestmark = pytest.mark.django_db
URL = "/api/v1/push/subscriptions/"
BODY = {"endpoint": "https://push.example.com/send/abc", "keys": {"p256dh": "BPk", "auth": "xyz"}}


def test_it_saves_a_browser_subscription(client_for, alice):
    assert client_for(alice).post(URL, BODY, format="json").status_code == 201
    assert PushSubscription.objects.get().user == alice.user


def test_it_saves_the_same_browser_once(client_for, alice, bob):
    client_for(alice).post(URL, BODY, format="json")
    client_for(bob).post(URL, BODY, format="json")  # the phone changed hands
    assert PushSubscription.objects.get().user == bob.user


def test_it_names_the_field_at_fault(client_for, alice):
    response = client_for(alice).post(URL, {"endpoint": "not a url"}, format="json")
    assert response.status_code == 400
    assert {"endpoint", "keys"} <= response.json().keys()


def test_it_tells_the_app_the_public_key(api, db, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = "BPublicKey"
    assert api.get(URL).json() == {"public_key": "BPublicKey"}


def test_it_refuses_an_endpoint_that_is_not_https(client_for, alice):
    body = {**BODY, "endpoint": "http://10.0.0.5/internal"}
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 400
    assert "endpoint" in response.json()

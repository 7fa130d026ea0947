"""Web push against a fake push service on 127.0.0.1, to a subscription with real keys.

pywebpush 2.5 takes an http:// endpoint on 127.0.0.1 with a port as it is: it checks neither
scheme nor host, and the VAPID audience it derives ("http://127.0.0.1:PORT") passes py_vapid's
check. So the fake needs no TLS, and the test can decrypt what a browser would.
"""

import base64
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from py_vapid import Vapid

from notifications.channels import (
    GoneError,
    Outgoing,
    PermanentError,
    TransientError,
    channel_available,
    get_channel,
)
from notifications.push import VapidKeys, b64url, vapid_keys_generate

SUBJECT = "mailto:ops@aftercare.example"


@dataclass(frozen=True)
class Browser:
    """A subscribed browser: a P-256 key pair and an auth secret, as PushManager makes them."""

    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def keys(self) -> dict[str, str]:
        public = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"p256dh": b64url(public), "auth": b64url(self.auth)}

    def read(self, body: bytes) -> dict[str, str]:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth)
        return json.loads(plain)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class FakePushService(ThreadingHTTPServer):
    """Records every request and answers with the status the test sets."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _PushHandler)
        self.status = 201
        self.received: list[Received] = []

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _PushHandler(BaseHTTPRequestHandler):
    server: FakePushService

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append(Received(path=self.path, headers=headers, body=body))
        self.send_response(self.server.status)
        self.send_header("Location", f"{self.server.origin}/message/m-1")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output stays readable."""


@contextmanager
def running() -> Iterator[FakePushService]:
    server = FakePushService()
    # A short poll interval: shutdown() waits up to one interval.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    with running() as server:
        yield server


@pytest.fixture
def vapid(settings) -> VapidKeys:
    keys = vapid_keys_generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = keys.public
    settings.WEBPUSH_VAPID_PRIVATE_KEY = keys.private
    settings.WEBPUSH_VAPID_SUBJECT = SUBJECT
    return keys


def _reminder(endpoint: str, browser: Browser) -> Outgoing:
    return Outgoing(
        to=endpoint,
        subject="",
        text="Time for your check-in.",
        url="https://app.aftercare.example/checkins/1",
        key="checkin:1:step:0:push",
        push_keys=browser.keys(),
    )


def _claims(authorization: str) -> dict[str, str]:
    token = authorization.split("t=")[1].split(",")[0]
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_it_sends_an_encrypted_notification_only_the_browser_can_read(push_service, vapid):
    browser = Browser()
    provider_id = get_channel("push").send(_reminder(f"{push_service.origin}/push/abc", browser))
    assert provider_id == f"{push_service.origin}/message/m-1"
    [request] = push_service.received
    assert request.path == "/push/abc"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert b"check-in" not in request.body
    assert browser.read(request.body) == {
        "title": "Aftercare",
        "body": "Time for your check-in.",
        "url": "https://app.aftercare.example/checkins/1",
    }


def test_it_signs_the_request_with_the_vapid_key(push_service, vapid, settings):
    get_channel("push").send(_reminder(f"{push_service.origin}/push/abc", Browser()))
    authorization = push_service.received[0].headers["authorization"]
    assert authorization.startswith("vapid t=")
    assert authorization.endswith(f",k={vapid.public}")
    assert Vapid.verify(authorization)
    assert _claims(authorization)["aud"] == push_service.origin
    assert _claims(authorization)["sub"] == SUBJECT
    assert push_service.received[0].headers["ttl"] == str(settings.WEBPUSH_TTL)


def test_it_signs_for_each_push_service_its_own_audience(push_service, vapid):
    # pywebpush writes the first audience into the claims it is given; each send starts afresh.
    with running() as other_service:
        for service in (push_service, other_service):
            get_channel("push").send(_reminder(f"{service.origin}/push/abc", Browser()))
        audience = _claims(other_service.received[0].headers["authorization"])["aud"]
    assert audience == other_service.origin


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, GoneError),
        (410, GoneError),
        (429, TransientError),
        (500, TransientError),
        (503, TransientError),
        (400, PermanentError),
        (403, PermanentError),  # e.g. subscribed with another VAPID key
        (413, PermanentError),
    ],
)
def test_it_maps_the_push_services_answer_to_an_error(push_service, vapid, status, error):
    push_service.status = status
    with pytest.raises(error) as raised:
        get_channel("push").send(_reminder(f"{push_service.origin}/push/abc", Browser()))
    assert type(raised.value) is error  # a 400 is not taken for a vanished subscription


def test_it_tries_again_later_when_the_push_service_cannot_be_reached(vapid):
    with socket.socket() as sock:  # a port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{sock.getsockname()[1]}/push/abc"
    with pytest.raises(TransientError, match="ConnectionError"):
        get_channel("push").send(_reminder(endpoint, Browser()))


@pytest.mark.parametrize(
    "push_keys",
    [
        None,
        {"p256dh": "too-short", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
        {"p256dh": "", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
        {
            "p256dh": b64url(b"\x04" + b"\x01" * 64),
            "auth": "AAAAAAAAAAAAAAAAAAAAAA",
        },  # off the curve
    ],
)
def test_it_gives_up_on_a_subscription_with_malformed_keys(push_service, vapid, push_keys):
    message = Outgoing(
        to=f"{push_service.origin}/push/abc", subject="", text="Hi", push_keys=push_keys
    )
    with pytest.raises(PermanentError, match="malformed subscription keys") as raised:
        get_channel("push").send(message)
    assert not isinstance(raised.value, GoneError)
    assert push_service.received == []


def test_it_offers_push_only_with_vapid_keys_and_a_subject(settings, vapid):
    assert channel_available("push")
    settings.WEBPUSH_VAPID_SUBJECT = ""
    assert not channel_available("push")


def test_it_prints_a_vapid_key_pair_for_the_environment():
    out = StringIO()
    call_command("webpush_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert set(lines) == {"WEBPUSH_VAPID_PUBLIC_KEY", "WEBPUSH_VAPID_PRIVATE_KEY"}
    signer = Vapid.from_string(lines["WEBPUSH_VAPID_PRIVATE_KEY"])
    public = signer.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    assert b64url(public) == lines["WEBPUSH_VAPID_PUBLIC_KEY"]

"""SMS over HTTP against a fake provider on 127.0.0.1: real requests, real timeouts."""

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notifications.channels import Outgoing, PermanentError, TransientError, get_channel
from notifications.sms import send_sms

REMINDER = Outgoing(
    to="+4520000001", subject="", text="Time for your check-in.", key="checkin:1:step:0:sms"
)


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes


class FakeProvider(ThreadingHTTPServer):
    """Records every request and answers as the test says; `hang` answers not at all."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProviderHandler)
        self.status = 200
        self.body = b'{"id": "sms-1"}'
        self.hang = False
        self.released = threading.Event()
        self.received: list[Received] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/messages"


class _ProviderHandler(BaseHTTPRequestHandler):
    server: FakeProvider

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append(Received(headers=headers, body=body))
        if self.server.hang:
            self.server.released.wait(timeout=5)
            return
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output stays readable."""


@pytest.fixture
def provider(settings) -> Iterator[FakeProvider]:
    server = FakeProvider()
    # A short poll interval: shutdown() waits up to one interval.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    settings.SMS_BACKEND = "notifications.sms.HttpSmsChannel"
    settings.SMS_PROVIDER_URL = server.url
    settings.SMS_PROVIDER_TOKEN = "provider-token"
    yield server
    server.released.set()
    server.shutdown()
    server.server_close()
    thread.join()


def test_it_posts_the_message_with_its_key_and_returns_the_providers_id(provider):
    assert get_channel("sms").send(REMINDER) == "sms-1"
    [request] = provider.received
    assert json.loads(request.body) == {
        "to": "+4520000001",
        "text": "Time for your check-in.",
        "reference": "checkin:1:step:0:sms",
    }
    assert request.headers["authorization"] == "Bearer provider-token"
    assert request.headers["content-type"] == "application/json"


def test_it_sends_sign_in_codes_through_the_same_backend_without_a_reference(provider):
    assert send_sms(to="+4520000002", text="Your code is 123456.") == "sms-1"
    assert "reference" not in json.loads(provider.received[0].body)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_it_tries_again_later_when_the_provider_is_busy_or_failing(provider, status):
    provider.status, provider.body = status, b'{"error": "Time for your check-in."}'
    with pytest.raises(TransientError) as error:
        get_channel("sms").send(REMINDER)
    assert str(error.value) == f"provider answered {status}"  # not the body quoting the text


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_it_gives_up_when_the_provider_refuses_the_message(provider, status):
    provider.status = status
    with pytest.raises(PermanentError):
        get_channel("sms").send(REMINDER)


def test_it_tries_again_later_when_the_provider_does_not_answer_in_time(provider, settings):
    settings.NOTIFICATION_HTTP_TIMEOUT = 0.2
    provider.hang = True
    with pytest.raises(TransientError, match="ReadTimeout"):
        get_channel("sms").send(REMINDER)
    assert len(provider.received) == 1


def test_it_tries_again_later_when_the_provider_cannot_be_reached(settings):
    with socket.socket() as sock:  # a port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SMS_BACKEND = "notifications.sms.HttpSmsChannel"
    settings.SMS_PROVIDER_URL = f"http://127.0.0.1:{port}/messages"
    with pytest.raises(TransientError, match="ConnectionError"):
        get_channel("sms").send(REMINDER)


def test_it_keeps_a_sent_message_sent_when_the_provider_gives_no_id(provider):
    provider.body = b"OK"
    assert get_channel("sms").send(REMINDER) == ""

"""Choosing channels by settings; the console, outbox and email channels; what gets logged."""

import logging
import socket
import socketserver
import threading
from collections.abc import Iterator

import pytest

from notifications.channels import (
    Outgoing,
    PermanentError,
    TransientError,
    channel_available,
    get_channel,
)
from notifications.sms import send_sms

REMINDER = Outgoing(
    to="+4520000001", subject="", text="Time for your check-in.", key="checkin:1:step:0:sms"
)
EMAIL = Outgoing(
    to="alice@example.com",
    subject="Time for your check-in",
    text="Time for your check-in. https://app.aftercare.example/checkins/1",
    key="checkin:1:step:0:email",
)


def test_it_chooses_each_channels_backend_by_settings(settings):
    settings.NOTIFICATION_CHANNELS = {"push": "notifications.channels.ConsoleChannel"}
    assert get_channel("push").name == "console"
    with pytest.raises(KeyError):
        get_channel("email")


def test_it_sends_reminders_and_sign_in_codes_through_the_one_sms_backend(sms_outbox):
    assert get_channel("sms").send(REMINDER) == "outbox-1"
    assert send_sms(to="+4520000002", text="Your code is 123456.") == "outbox-2"
    assert sms_outbox[0] == REMINDER
    assert (sms_outbox[1].to, sms_outbox[1].text) == ("+4520000002", "Your code is 123456.")


def test_it_prints_to_the_console_in_development(settings, capsys):
    settings.SMS_BACKEND = "notifications.sms.ConsoleSmsBackend"
    get_channel("sms").send(REMINDER)
    get_channel("console").send(EMAIL)
    assert capsys.readouterr().out.splitlines() == [
        "[sms to +4520000001] Time for your check-in.",
        "[console to alice@example.com] " + EMAIL.text,
    ]


def test_it_switches_off_a_channel_left_out_of_the_settings(settings):
    assert channel_available("email")
    settings.NOTIFICATION_CHANNELS = {"console": "notifications.channels.ConsoleChannel"}
    assert not channel_available("email")
    assert channel_available("console")


def test_it_offers_sms_over_http_only_with_a_provider(settings):
    settings.SMS_BACKEND = "notifications.sms.HttpSmsChannel"
    assert not channel_available("sms")
    settings.SMS_PROVIDER_URL = "https://sms.example/messages"
    settings.SMS_PROVIDER_TOKEN = "provider-token"
    assert channel_available("sms")


def test_it_offers_no_push_without_vapid_keys():
    assert not channel_available("push")


def test_it_logs_channel_key_and_outcome_but_never_the_text_or_address(caplog, settings):
    caplog.set_level(logging.INFO, logger="notifications")
    get_channel("sms").send(REMINDER)
    settings.MAILERS = _smtp_mailer(_closed_port())
    with pytest.raises(TransientError):
        get_channel("email").send(EMAIL)
    assert [record.levelname for record in caplog.records] == ["INFO", "WARNING"]
    assert "sms sent key=checkin:1:step:0:sms" in caplog.records[0].getMessage()
    assert "email failed key=checkin:1:step:0:email" in caplog.records[1].getMessage()
    assert "check-in" not in caplog.text
    assert "alice@example.com" not in caplog.text
    assert "+4520000001" not in caplog.text


def test_it_sends_email_through_the_default_mailer(mailoutbox):
    message_id = get_channel("email").send(EMAIL)
    [email] = mailoutbox
    assert (email.subject, email.body, email.to) == (EMAIL.subject, EMAIL.text, [EMAIL.to])
    assert email.from_email == "Aftercare <noreply@aftercare.local>"
    assert email.extra_headers["Message-ID"] == message_id


def test_it_gives_a_retried_email_the_same_message_id(mailoutbox):
    first = get_channel("email").send(EMAIL)
    again = get_channel("email").send(EMAIL)
    other = get_channel("email").send(Outgoing(to=EMAIL.to, subject="", text="", key="other"))
    assert first == again != other
    assert ":" not in first.split("@")[0]  # the key's colons are not valid in a Message-ID


def test_it_tries_email_again_later_when_the_mail_server_is_unreachable(settings):
    settings.MAILERS = _smtp_mailer(_closed_port())
    with pytest.raises(TransientError, match="ConnectionRefusedError"):
        get_channel("email").send(EMAIL)


def test_it_gives_up_on_an_email_address_the_mail_server_refuses(settings, refusing_smtp):
    settings.MAILERS = _smtp_mailer(refusing_smtp)
    with pytest.raises(PermanentError, match="recipient refused"):
        get_channel("email").send(EMAIL)


def test_it_gives_up_on_an_invalid_email_address(settings, refusing_smtp):
    settings.MAILERS = _smtp_mailer(refusing_smtp)
    with pytest.raises(PermanentError, match="invalid address"):
        get_channel("email").send(
            Outgoing(to="alice@example.com, bob@example.com", subject="", text="")
        )


class _RefusingSmtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to refuse every recipient, as a server does an unknown mailbox."""

    def handle(self) -> None:
        self.wfile.write(b"220 fake ESMTP\r\n")
        for line in self.rfile:
            verb = line[:4].upper()
            if verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            self.wfile.write(b"550 5.1.1 no such mailbox\r\n" if verb == b"RCPT" else b"250 ok\r\n")


@pytest.fixture
def refusing_smtp() -> Iterator[int]:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _RefusingSmtp) as server:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
        thread.start()
        yield server.server_address[1]
        server.shutdown()
        thread.join()


def _smtp_mailer(port: int) -> dict[str, dict[str, object]]:
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def _closed_port() -> int:
    with socket.socket() as sock:  # nothing listens on it once closed
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

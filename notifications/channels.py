"""Channels that carry a message to a person: push, SMS, email, or the console in development.

Each channel is a small backend with one `send`; settings choose the backend per channel, like
Django's email backends. A channel maps every failure to TransientError (try again later) or
PermanentError (this message will never go through this channel), so the caller decides what
to do without knowing the provider.

Message text may concern a patient's recovery: it is never logged, nor put in an error.
"""

import hashlib
import logging
import smtplib
import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.core.mail.utils import DNS_NAME
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    to: str  # phone (E.164), email address, or push subscription endpoint
    subject: str  # email subject; other channels ignore it
    text: str  # already translated, and free of health details (the caller checks)
    url: str = ""  # opened when a push notification is clicked
    key: str = ""  # idempotency key, unique per message; given to providers that take one
    push_keys: dict[str, str] | None = None  # the subscription's {"p256dh": ..., "auth": ...}


class ChannelError(Exception):
    """A message was not sent. The error says why, never what the text was."""


class TransientError(ChannelError):
    """Try again later: network error, timeout, provider overloaded (5xx, 429)."""


class PermanentError(ChannelError):
    """Never retry this message on this channel: the provider refused it (4xx, bad address)."""


class GoneError(PermanentError):
    """The push subscription no longer exists (404, 410): the caller deletes it."""


class Channel(Protocol):
    name: str  # "push" | "sms" | "email" | "console"

    def available(self) -> bool:
        """Whether the channel is configured well enough to try (push needs VAPID keys)."""

    def send(self, message: Outgoing) -> str:
        """Send one message; return the provider's id for it or raise a ChannelError."""


def _backends() -> dict[str, str]:
    # SMS_BACKEND alone chooses the SMS backend, so sign-in codes (send_sms) and reminders go
    # the same way: to the console in development and to the outbox in tests.
    return {**settings.NOTIFICATION_CHANNELS, "sms": settings.SMS_BACKEND}


def get_channel(name: str) -> Channel:
    backend: Channel = import_string(_backends()[name])()
    return _Logged(backend)


def channel_available(name: str) -> bool:
    """A channel left out of NOTIFICATION_CHANNELS is switched off."""
    return name in _backends() and get_channel(name).available()


class _Logged:
    """Logs how every send ended, whatever the backend: channel, key and outcome only."""

    def __init__(self, backend: Channel) -> None:
        self.backend = backend
        self.name = backend.name

    def available(self) -> bool:
        return self.backend.available()

    def send(self, message: Outgoing) -> str:
        try:
            provider_id = self.backend.send(message)
        except ChannelError as exc:
            logger.warning("%s failed key=%s: %s", self.name, message.key, exc)
            raise
        logger.info("%s sent key=%s id=%s", self.name, message.key, provider_id)
        return provider_id


class ConsoleChannel:
    """Development: print the message where the developer sees it (`make run` output)."""

    name = "console"

    def available(self) -> bool:
        return True

    def send(self, message: Outgoing) -> str:
        sys.stdout.write(f"[{self.name} to {message.to}] {message.text}\n")
        sys.stdout.flush()
        return "console"


class EmailChannel:
    """Email through Django's default mailer (MAILERS)."""

    name = "email"

    def available(self) -> bool:
        return True

    def send(self, message: Outgoing) -> str:
        message_id = _message_id(message.key)
        email = EmailMessage(
            message.subject, message.text, to=[message.to], headers={"Message-ID": message_id}
        )
        try:
            email.send(using="default")
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError("recipient refused") from exc
        except ValueError as exc:  # Django's check of the address
            raise PermanentError("invalid address") from exc
        except OSError as exc:  # connection errors, and every other SMTPException
            raise TransientError(type(exc).__name__) from exc
        return message_id


def _message_id(key: str) -> str:
    # The same Message-ID on a retry lets mail systems drop the duplicate of a message that did
    # arrive although the first try timed out. Hashed: a key may hold characters a Message-ID
    # may not (such as ":").
    if not key:
        return make_msgid(domain=str(DNS_NAME))
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{DNS_NAME}>"

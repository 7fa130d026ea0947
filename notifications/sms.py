"""Sending SMS through a backend chosen by the SMS_BACKEND setting, like Django's email."""

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> str:
        """Send one message; return the provider's id for it."""


class ConsoleSmsBackend:
    """Development: print the message where the developer sees it (`make run` output)."""

    def send(self, message: SmsMessage) -> str:
        sys.stdout.write(f"[sms to {message.to}] {message.text}\n")
        sys.stdout.flush()
        return "console"


class OutboxSmsBackend:
    """Tests: keep sent messages in a list, like Django's locmem email backend."""

    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> str:
        self.outbox.append(message)
        return f"outbox-{len(self.outbox)}"


def get_sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


def send_sms(*, to: str, text: str) -> str:
    return get_sms_backend().send(SmsMessage(to=to, text=text))

"""SMS backends; the SMS_BACKEND setting chooses one for sign-in codes and reminders alike."""

import requests
from django.conf import settings

from .channels import ConsoleChannel, Outgoing, PermanentError, TransientError, get_channel


def send_sms(*, to: str, text: str) -> str:
    return get_channel("sms").send(Outgoing(to=to, subject="", text=text))


class ConsoleSmsBackend(ConsoleChannel):
    """Development: print each SMS as "[sms to +45...] text"."""

    name = "sms"


class OutboxSmsBackend:
    """Tests: keep sent messages in a list, like Django's locmem email backend."""

    name = "sms"
    outbox: list[Outgoing] = []

    def available(self) -> bool:
        return True

    def send(self, message: Outgoing) -> str:
        self.outbox.append(message)
        return f"outbox-{len(self.outbox)}"


class HttpSmsChannel:
    """An SMS provider with a JSON API: POST {to, text, reference} with a bearer token."""

    name = "sms"

    def available(self) -> bool:
        return bool(settings.SMS_PROVIDER_URL and settings.SMS_PROVIDER_TOKEN)

    def send(self, message: Outgoing) -> str:
        try:
            response = requests.post(
                settings.SMS_PROVIDER_URL,
                json=_payload(message),
                headers={"Authorization": f"Bearer {settings.SMS_PROVIDER_TOKEN}"},
                timeout=settings.NOTIFICATION_HTTP_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise TransientError(type(exc).__name__) from exc
        _raise_for_status(response.status_code)
        return _provider_id(response)


def _payload(message: Outgoing) -> dict[str, str]:
    # The provider drops a second message with a reference it has seen: a retry after a
    # timeout cannot text the patient twice. No key, no reference (sign-in codes).
    reference = {"reference": message.key} if message.key else {}
    return {"to": message.to, "text": message.text, **reference}


def _raise_for_status(status: int) -> None:
    # The provider's error body may quote the text back, so only the status goes in the error.
    if 200 <= status < 300:
        return
    if status == 429 or status >= 500:
        raise TransientError(f"provider answered {status}")
    raise PermanentError(f"provider answered {status}")


def _provider_id(response: requests.Response) -> str:
    # The provider took the message: an odd body must not make the caller send it again.
    try:
        return str(response.json()["id"])
    except (ValueError, KeyError, TypeError):
        return ""

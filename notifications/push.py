"""Web push (RFC 8030) signed with VAPID (RFC 8292), through pywebpush.

pywebpush 2.5 quirks this module works around:
- without a timeout it waits for the push service forever;
- it writes "aud" and "exp" into the vapid_claims it is given, so each send needs a fresh dict;
- network errors come out as requests' own exceptions, answers above 202 as WebPushException;
- malformed subscription keys come out as WebPushException without a response, as ValueError,
  or (an empty p256dh) as IndexError.
"""

import base64
import json
from dataclasses import dataclass

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from pywebpush import WebPushException, webpush

from .channels import ChannelError, GoneError, Outgoing, PermanentError, TransientError


@dataclass(frozen=True)
class VapidKeys:
    public: str  # the browser's applicationServerKey when it subscribes
    private: str  # signs each request to the push service; never leaves the server


def vapid_keys_generate() -> VapidKeys:
    """A fresh P-256 key pair, URL-safe base64 unpadded: the form browsers and py_vapid read."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return VapidKeys(public=b64url(public), private=b64url(private))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class WebPushChannel:
    name = "push"

    def available(self) -> bool:
        return bool(
            settings.WEBPUSH_VAPID_PUBLIC_KEY
            and settings.WEBPUSH_VAPID_PRIVATE_KEY
            and settings.WEBPUSH_VAPID_SUBJECT
        )

    def send(self, message: Outgoing) -> str:
        try:
            response = webpush(
                {"endpoint": message.to, "keys": message.push_keys or {}},
                _payload(message),
                vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                ttl=settings.WEBPUSH_TTL,
                timeout=settings.NOTIFICATION_HTTP_TIMEOUT,
            )
        except WebPushException as exc:
            raise _error(exc.status_code) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientError(type(exc).__name__) from exc
        except requests.RequestException as exc:  # an endpoint that is no URL
            raise PermanentError(type(exc).__name__) from exc
        except (ValueError, IndexError) as exc:  # keys that are no P-256 public key and secret
            raise PermanentError("malformed subscription keys") from exc
        # The push service names the message it accepted by a URL (RFC 8030, section 5).
        return str(response.headers.get("Location", ""))


def _payload(message: Outgoing) -> str:
    # Shown on a lock screen: short and generic; the caller keeps health details out of text.
    content = {"title": "Aftercare", "body": message.text, "url": message.url}
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def _error(status: int | None) -> ChannelError:
    if status is None:  # pywebpush refused before sending: no or malformed subscription keys
        return PermanentError("malformed subscription keys")
    if status in (404, 410):
        return GoneError(f"push service answered {status}")
    if status == 429 or status >= 500:
        return TransientError(f"push service answered {status}")
    return PermanentError(f"push service answered {status}")

"""`python manage.py webpush_keys >> .env`: a VAPID key pair for web push, run once per site.

Keep the pair: browsers subscribe with the public key, and a new pair orphans every
subscription made with the old one.
"""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.push import vapid_keys_generate


class Command(BaseCommand):
    help = (
        "Print a fresh VAPID key pair as environment variables. Set WEBPUSH_VAPID_SUBJECT "
        "too, a mailto: or https: address where push services can reach the operator."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = vapid_keys_generate()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={keys.public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={keys.private}")

"""The test suite. In CI (CI=true) it must run against the real PostgreSQL and Redis."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, REDIS_URL, env

if env.bool("CI", default=False) and not (
    env("DATABASE_URL", default="").startswith("postgres") and REDIS_URL
):
    raise ImproperlyConfigured(
        "CI runs the tests against PostgreSQL and Redis: set DATABASE_URL and REDIS_URL."
    )

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SMS_BACKEND = "notifications.sms.OutboxSmsBackend"
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / "var" / "test-private"},
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "otp_request": "1000/hour",
    "otp_verify": "1000/hour",
    "login": "1000/hour",
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests reach no real push service or SMS provider; a test that needs one starts a fake.
WEBPUSH_VAPID_PUBLIC_KEY = WEBPUSH_VAPID_PRIVATE_KEY = WEBPUSH_VAPID_SUBJECT = ""
SMS_PROVIDER_URL = SMS_PROVIDER_TOKEN = ""

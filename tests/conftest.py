"""Personas: alice and bob are patients of one clinic, carol of another; charlie is alice's
and bob's clinician, dave works at carol's clinic."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from knox.models import AuthToken
from rest_framework.test import APIClient

from config.celery import app as celery_app
from notifications.channels import Outgoing
from notifications.sms import OutboxSmsBackend
from patients.models import Clinic, Patient, User

from .factories import ClinicFactory, MembershipFactory, PatientFactory, TreatmentFactory


@pytest.fixture(scope="session", autouse=True)
def _redis_reachable() -> None:
    """With REDIS_URL set (always in CI) Redis must answer: fail loudly, never fall back."""
    if settings.REDIS_URL:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()


def stored_files() -> list[Path]:
    """What is in the private (photo) storage of the test settings."""
    root = Path(default_storage.path(""))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def _empty_storage() -> None:
    for path in stored_files():
        path.unlink()


@pytest.fixture(autouse=True)
def sms_outbox() -> list[Outgoing]:
    OutboxSmsBackend.outbox = []
    return OutboxSmsBackend.outbox


@pytest.fixture
def clinic(db: None) -> Clinic:
    return ClinicFactory.create(name="Bosphorus Aesthetic Clinic")


@pytest.fixture
def other_clinic(db: None) -> Clinic:
    return ClinicFactory.create(name="Ankara Skin Clinic", time_zone="Europe/Istanbul")


@pytest.fixture
def alice(clinic: Clinic) -> Patient:
    patient = PatientFactory.create(clinic=clinic, name="Alice", phone="+4520000001")
    TreatmentFactory.create(patient=patient)
    return patient


@pytest.fixture
def bob(clinic: Clinic) -> Patient:
    patient = PatientFactory.create(clinic=clinic, name="Bob", phone="+4520000002", language="en")
    TreatmentFactory.create(patient=patient)
    return patient


@pytest.fixture
def carol(other_clinic: Clinic) -> Patient:
    patient = PatientFactory.create(clinic=other_clinic, name="Carol", phone="+4520000003")
    TreatmentFactory.create(patient=patient)
    return patient


@pytest.fixture
def charlie(clinic: Clinic) -> User:
    return MembershipFactory.create(clinic=clinic, user__username="charlie").user


@pytest.fixture
def dave(other_clinic: Clinic) -> User:
    return MembershipFactory.create(clinic=other_clinic, user__username="dave").user


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for() -> Callable[[User | Patient], APIClient]:
    """An API client signed in with a real bearer token, as the phone app would be."""

    def make(who: User | Patient) -> APIClient:
        user = who.user if isinstance(who, Patient) else who
        _, token = AuthToken.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def eager() -> Iterator[None]:
    """Run queued tasks in-process, as a worker would, so a test sees what they send."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False

"""`python manage.py demo`: an Istanbul clinic and two patients recovering at home in Denmark.

Idempotent: running it again finds the same clinic, clinician, patients and treatments, and
only issues fresh credentials (tokens are stored hashed, so old ones cannot be shown again).
"""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from patients.models import Clinic, ClinicMembership, Patient, Treatment, User
from patients.services import api_token_create, patient_create, treatment_create

CLINIC = {
    "name": "Bosphorus Aesthetic Clinic",
    "time_zone": "Europe/Istanbul",
    "phone": "+902125550147",
    "emergency_number": "112",
    "languages": ["da", "en", "tr"],
}
CLINICIAN = {
    "username": "dr.aydin",
    "first_name": "Elif",
    "last_name": "Aydın",
    # Where alerts go; in development they are printed in the `make run` output.
    "email": "elif.aydin@bosphorus-clinic.example",
    "phone": "+905321234567",
}


@dataclass(frozen=True)
class DemoPatient:
    name: str
    phone: str
    language: str
    area: str
    days_since_treatment: int


# Both recover at home in Copenhagen; one reads Danish, the other Turkish.
PATIENTS = [
    DemoPatient("Mette Jensen", "+4520123456", "da", "face", days_since_treatment=1),
    DemoPatient("Deniz Yılmaz", "+4531234567", "tr", "scalp", days_since_treatment=3),
]


class Command(BaseCommand):
    help = "Create (idempotently) a demo clinic, clinician and two patients; print sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        clinic, _ = Clinic.objects.get_or_create(name=CLINIC["name"], defaults=CLINIC)
        clinician, password = self._clinician(clinic)
        patients = [self._patient(clinic, clinician, spec) for spec in PATIENTS]
        output = {
            "base_url": options["base_url"],
            "clinician": {
                "username": clinician.username,
                "password": password,
                "token": self._fresh_token(clinician),
            },
            "patient": self._patient_output(patients[0]),
            "other_patient": self._patient_output(patients[1]),
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False))

    def _clinician(self, clinic: Clinic) -> tuple[User, str]:
        user, _ = User.objects.get_or_create(username=CLINICIAN["username"], defaults=CLINICIAN)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        ClinicMembership.objects.get_or_create(
            clinic=clinic, user=user, defaults={"role": ClinicMembership.Role.ADMIN}
        )
        return user, password

    def _patient(self, clinic: Clinic, clinician: User, spec: DemoPatient) -> Patient:
        patient = Patient.objects.filter(phone=spec.phone).first() or patient_create(
            clinic=clinic,
            name=spec.name,
            phone=spec.phone,
            language=spec.language,
            time_zone="Europe/Copenhagen",
        )
        if patient.consent_reminders_at is None:
            patient.consent_reminders_at = patient.consent_photos_at = timezone.now()
            patient.save(update_fields=["consent_reminders_at", "consent_photos_at"])
        if not patient.treatments.exists():
            treatment_create(
                patient=patient,
                clinician=clinician,
                areas=[spec.area],
                treated_at=_afternoon_in_clinic(clinic, days_ago=spec.days_since_treatment),
                product="Hyaluronic acid, vitamins and amino acids",
            )
        return patient

    def _patient_output(self, patient: Patient) -> dict[str, Any]:
        treatment: Treatment = patient.treatments.order_by("-treated_at").first()  # type: ignore[assignment]
        return {
            "id": patient.pk,
            "phone": patient.phone,
            "token": self._fresh_token(patient.user),
            "treatment_id": treatment.pk,
        }

    def _fresh_token(self, user: User) -> str:
        AuthToken.objects.filter(user=user).delete()
        token, _ = api_token_create(user=user)
        return token


def _afternoon_in_clinic(clinic: Clinic, *, days_ago: int) -> datetime:
    day = timezone.localdate(timezone=clinic.zone) - timedelta(days=days_ago)
    return datetime.combine(day, time(14, 0), tzinfo=clinic.zone)

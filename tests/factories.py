"""factory_boy factories: an Istanbul clinic whose patients recover at home in Denmark."""

from datetime import timedelta

import factory
from django.utils import timezone

from patients.models import Clinic, ClinicMembership, Patient, Treatment, User


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class ClinicFactory(factory.django.DjangoModelFactory[Clinic]):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    time_zone = "Europe/Istanbul"
    phone = "+902125550147"


class MembershipFactory(factory.django.DjangoModelFactory[ClinicMembership]):
    class Meta:
        model = ClinicMembership

    clinic = factory.SubFactory(ClinicFactory)
    user = factory.SubFactory(UserFactory)
    role = ClinicMembership.Role.CLINICIAN


class PatientFactory(factory.django.DjangoModelFactory[Patient]):
    class Meta:
        model = Patient

    user = factory.SubFactory(UserFactory, password=None)
    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Patient {n}")
    phone = factory.Sequence(lambda n: f"+45201{n:05d}")
    language = "da"
    time_zone = "Europe/Copenhagen"
    consent_data_processing_at = factory.LazyFunction(timezone.now)
    consent_reminders_at = factory.LazyFunction(timezone.now)


class TreatmentFactory(factory.django.DjangoModelFactory[Treatment]):
    class Meta:
        model = Treatment

    patient = factory.SubFactory(PatientFactory)
    clinic = factory.SelfAttribute("patient.clinic")
    areas = factory.LazyFunction(lambda: ["face"])
    treated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=6))

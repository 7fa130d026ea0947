"""Reads, and the access gate every other read goes through.

A patient sees only themselves; a clinician only the patients of clinics they belong to.
Anything outside that answers 404, so that nobody learns whether another's object exists.
"""

from django.db.models import QuerySet
from django.http import Http404

from .models import Clinic, ClinicMembership, Patient, Treatment, User


def clinic_ids_of(user: User) -> list[int]:
    return list(ClinicMembership.objects.filter(user=user).values_list("clinic_id", flat=True))


def is_clinician(user: User) -> bool:
    return user.is_authenticated and ClinicMembership.objects.filter(user=user).exists()


def is_clinic_admin(user: User, clinic_id: int) -> bool:
    return ClinicMembership.objects.filter(
        user=user, clinic_id=clinic_id, role=ClinicMembership.Role.ADMIN
    ).exists()


def visible_patients(*, user: User) -> QuerySet[Patient]:
    if not user.is_authenticated:
        return Patient.objects.none()
    if user.is_patient:
        # By primary key, so the planner uses the (patient, -logged_at) indexes downstream.
        return Patient.objects.filter(pk=user.patient.pk)
    return Patient.objects.filter(clinic__memberships__user=user)


def patient_get(*, user: User, patient_id: int) -> Patient:
    try:
        return visible_patients(user=user).get(pk=patient_id)
    except Patient.DoesNotExist:
        raise Http404 from None


def visible_treatments(*, user: User) -> QuerySet[Treatment]:
    return Treatment.objects.filter(patient__in=visible_patients(user=user))


def treatment_get(*, user: User, treatment_id: int) -> Treatment:
    try:
        return visible_treatments(user=user).get(pk=treatment_id)
    except Treatment.DoesNotExist:
        raise Http404 from None


def clinics_of(user: User) -> QuerySet[Clinic]:
    return Clinic.objects.filter(memberships__user=user)


def patient_by_contact(*, phone: str | None, email: str | None) -> Patient | None:
    contact = {"phone": phone} if phone else {"email__iexact": email}
    return Patient.objects.filter(**contact).first()

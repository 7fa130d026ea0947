"""Reads of the symptom log, always through the patients' access gate."""

from django.db.models import QuerySet
from django.http import Http404

from patients.models import Patient, Treatment, User
from patients.selectors import clinic_ids_of, visible_patients

from .models import Escalation, Photo, SymptomEntry


def entry_list(
    *, user: User, patient_id: int | None = None, treatment_id: int | None = None
) -> QuerySet[SymptomEntry]:
    entries = SymptomEntry.objects.filter(patient__in=visible_patients(user=user))
    if patient_id is not None:
        entries = entries.filter(patient_id=patient_id)
    if treatment_id is not None:
        entries = entries.filter(treatment_id=treatment_id)
    return entries.select_related("treatment", "escalation").prefetch_related("photos")


def entry_get(*, user: User, entry_id: int) -> SymptomEntry:
    try:
        return entry_list(user=user).get(pk=entry_id)
    except SymptomEntry.DoesNotExist:
        raise Http404 from None


def photo_get(*, user: User, photo_id: int) -> Photo:
    photos = Photo.objects.filter(entry__patient__in=visible_patients(user=user))
    try:
        return photos.select_related("entry__treatment").get(pk=photo_id)
    except Photo.DoesNotExist:
        raise Http404 from None


def treatment_for_entry(*, patient: Patient, treatment_id: int | None) -> Treatment | None:
    """The treatment an entry belongs to: the one named, if it is the patient's, or the latest."""
    treatments = Treatment.objects.filter(patient=patient)
    if treatment_id is not None:
        return treatments.filter(pk=treatment_id).first()
    return treatments.order_by("-treated_at", "-pk").first()


def escalation_queue(*, user: User, status: str | None = None) -> QuerySet[Escalation]:
    """The clinician's queue: emergencies first, then the longest overdue. Constant queries."""
    # The clinic ids as values, not a join: the planner then walks the queue index in order
    # (see `make bench-queue`).
    escalations = Escalation.objects.filter(clinic_id__in=clinic_ids_of(user))
    if status is not None:
        escalations = escalations.filter(status=status)
    return (
        escalations.select_related("patient", "treatment", "latest_entry", "acknowledged_by")
        .select_related("assigned_to")
        .prefetch_related("latest_entry__photos")
        .order_by("-priority", "due_at", "pk")
    )


def escalation_get(*, user: User, escalation_id: int) -> Escalation:
    try:
        return escalation_queue(user=user).get(pk=escalation_id)
    except Escalation.DoesNotExist:
        raise Http404 from None


def escalation_timeline(*, escalation: Escalation) -> QuerySet[SymptomEntry]:
    # The patient's whole log: entries of another treatment may have joined the escalation.
    entries = SymptomEntry.objects.filter(patient=escalation.patient_id)
    return entries.select_related("treatment").prefetch_related("photos").order_by("-logged_at")

"""Reads of check-ins, through the patients' access gate."""

from django.db.models import QuerySet
from django.http import Http404

from patients.models import User
from patients.selectors import visible_patients

from .models import CheckIn


def checkin_list(*, user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(patient__in=visible_patients(user=user)).order_by("due_at", "pk")


def checkin_get(*, user: User, checkin_id: int) -> CheckIn:
    checkins = checkin_list(user=user).select_related("patient__clinic", "treatment")
    try:
        return checkins.get(pk=checkin_id)
    except CheckIn.DoesNotExist:
        raise Http404 from None

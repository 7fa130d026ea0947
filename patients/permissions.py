from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .selectors import is_clinician


class IsClinician(BasePermission):
    """Staff of at least one clinic; which patients they reach is the selectors' business."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_clinician(request.user)  # type: ignore[arg-type]


class IsPatient(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.is_authenticated and getattr(request.user, "is_patient", False))

"""The signed link in a reminder opens its one check-in without a new sign-in."""

from dataclasses import dataclass

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from patients.models import User

from .models import CheckIn
from .services import checkin_id_from_link


@dataclass(frozen=True)
class CheckInLink:
    """request.auth for a link sign-in: good for this check-in and nothing else."""

    checkin_id: int


class CheckInLinkAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, CheckInLink] | None:
        token = request.query_params.get("token")
        if not token:
            return None
        checkin_id = checkin_id_from_link(token)
        if checkin_id is None:
            return None
        checkin = CheckIn.objects.select_related("patient__user").filter(pk=checkin_id).first()
        if checkin is None:
            return None
        return checkin.patient.user, CheckInLink(checkin.pk)


class CheckInLinkScheme(OpenApiAuthenticationExtension):
    """Documents the link token in the API schema."""

    target_class = CheckInLinkAuthentication
    name = "checkinLink"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {"type": "apiKey", "in": "query", "name": "token"}

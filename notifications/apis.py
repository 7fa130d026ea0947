"""Check-ins for the patient, and the browser push subscriptions that reminders go to."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import Pagination
from patients.models import User
from patients.permissions import IsPatient
from symptoms.apis import EntryListApi, EntryOutputSerializer
from symptoms.models import SymptomEntry

from .authentication import CheckInLink, CheckInLinkAuthentication
from .models import CheckIn
from .selectors import checkin_get, checkin_list
from .services import (
    CheckInClosed,
    checkin_respond_entry,
    checkin_respond_fine,
    push_subscription_save,
)

LINK_TOKEN = OpenApiParameter(
    "token", str, required=False, description="The signed link from a reminder."
)


class CheckInOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "treatment", "kind", "due_at", "status", "answered_at", "entry"]


def _caller(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _checkin_for(request: Request, checkin_id: int) -> CheckIn:
    """A link opens only its own check-in; anything else is a 404 like any foreign object."""
    if isinstance(request.auth, CheckInLink) and request.auth.checkin_id != checkin_id:
        raise Http404
    return checkin_get(user=_caller(request), checkin_id=checkin_id)


class CheckInListApi(APIView):
    @extend_schema(responses={200: CheckInOutputSerializer(many=True)}, summary="Check-ins")
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(checkin_list(user=_caller(request)), request, self)
        return paginator.get_paginated_response(CheckInOutputSerializer(page, many=True).data)


class CheckInDetailApi(APIView):
    authentication_classes = [TokenAuthentication, CheckInLinkAuthentication]

    @extend_schema(
        parameters=[LINK_TOKEN], responses={200: CheckInOutputSerializer}, summary="A check-in"
    )
    def get(self, request: Request, checkin_id: int) -> Response:
        return Response(CheckInOutputSerializer(_checkin_for(request, checkin_id)).data)


class CheckInRespondApi(APIView):
    authentication_classes = [TokenAuthentication, CheckInLinkAuthentication]
    permission_classes = [IsPatient]

    class FineSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=["fine"])

    @extend_schema(
        parameters=[LINK_TOKEN],
        request=inline_serializer(
            "CheckInAnswer",
            {"status": serializers.ChoiceField(choices=["fine"], required=False)},
        ),
        responses={201: EntryOutputSerializer},
        summary='Answer a check-in: {"status": "fine"}, or a full symptom entry',
        description="A full entry takes the fields of POST /api/v1/entries/ and is triaged.",
    )
    def post(self, request: Request, checkin_id: int) -> Response:
        checkin = _checkin_for(request, checkin_id)
        try:
            entry = self._answer(checkin, request.data)
        except CheckInClosed:
            raise ValidationError({"status": [_("This check-in was cancelled.")]}) from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(EntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)

    def _answer(self, checkin: CheckIn, data: Any) -> SymptomEntry:
        if isinstance(data, dict) and data.get("status") is not None:
            self.FineSerializer(data=data).is_valid(raise_exception=True)
            return checkin_respond_fine(checkin=checkin)
        serializer = EntryListApi.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "treatment"}
        return checkin_respond_entry(checkin=checkin, **fields)


class PushSubscriptionApi(APIView):
    class InputSerializer(serializers.Serializer):
        endpoint = serializers.URLField(max_length=1000)

        def validate_endpoint(self, value: str) -> str:
            # Workers POST to this address: only https push services, never internal hosts.
            if not value.startswith("https://"):
                raise serializers.ValidationError(_("A push endpoint must be an https address."))
            return value

        keys = inline_serializer(
            "PushKeys",
            {
                "p256dh": serializers.CharField(max_length=200),
                "auth": serializers.CharField(max_length=100),
            },
        )

    def get_permissions(self) -> list[Any]:
        return [AllowAny() if self.request.method == "GET" else IsAuthenticated()]

    @extend_schema(
        responses={200: inline_serializer("PushKey", {"public_key": serializers.CharField()})},
        summary="The VAPID public key the app subscribes with",
    )
    def get(self, request: Request) -> Response:
        return Response({"public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY})

    @extend_schema(request=InputSerializer, responses={201: None}, summary="Save this browser")
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        push_subscription_save(
            user_id=_caller(request).pk,
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
        )
        return Response(status=status.HTTP_201_CREATED)

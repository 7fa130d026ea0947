"""Sign-in, the caller's profile and treatments. Thin views: serializers in, service, out."""

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LogoutView
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from config.api import Pagination

from .audit import client_ip
from .data_rights import patient_erase, patient_export
from .models import Patient, Procedure, Treatment, User
from .permissions import IsClinician
from .selectors import (
    clinics_of,
    is_clinic_admin,
    patient_get,
    treatment_get,
    visible_treatments,
)
from .services import (
    LoginCodeInvalid,
    api_token_create,
    login_code_redeem,
    login_code_request,
    treatment_cancel,
    treatment_create,
    treatment_update,
)
from .validators import normalize_phone, validate_e164


class ContactSerializer(serializers.Serializer):
    """Exactly one of phone (E.164) or email identifies a patient."""

    phone = serializers.CharField(required=False, max_length=32)
    email = serializers.EmailField(required=False)

    def validate_phone(self, value: str) -> str:
        phone = normalize_phone(value)
        try:
            validate_e164(phone)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return phone

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("phone")) == bool(attrs.get("email")):
            raise serializers.ValidationError(
                {"phone": [_("Send either a phone number or an email address.")]}
            )
        return attrs


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


class OtpRequestApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp_request"

    @extend_schema(
        request=ContactSerializer,
        responses={202: inline_serializer("OtpRequested", {"detail": serializers.CharField()})},
        summary="Send a one-time sign-in code to a patient's phone or email",
    )
    def post(self, request: Request) -> Response:
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        login_code_request(**serializer.validated_data)
        # The same answer whether or not we know the person: no enumeration.
        detail = _("If we know this phone number or email address, a code is on its way.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class OtpTokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp_verify"

    class InputSerializer(ContactSerializer):
        code = serializers.RegexField(r"^\d{6}$", error_messages={"invalid": _("Six digits.")})

    @extend_schema(
        request=InputSerializer,
        responses={200: TokenOutputSerializer},
        summary="Exchange a one-time code for an API token",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            patient = login_code_redeem(**serializer.validated_data)
        except LoginCodeInvalid:
            raise ValidationError(
                {"code": [_("The code is wrong or has expired. Ask for a new code.")]}
            ) from None
        token, expiry = api_token_create(user=patient.user)
        return Response(TokenOutputSerializer({"token": token, "expiry": expiry}).data)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, style={"input_type": "password"})

    @extend_schema(
        request=InputSerializer,
        responses={200: TokenOutputSerializer},
        summary="Clinician sign-in with username and password",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            raise PermissionDenied(_("Too many failed sign-ins. Try again later."))
        if user is None or getattr(user, "is_patient", False):
            raise ValidationError({"password": [_("Wrong username or password.")]})
        token, expiry = api_token_create(user=user)
        return Response(TokenOutputSerializer({"token": token, "expiry": expiry}).data)


class PatientOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = ["id", "name", "phone", "email", "language", "time_zone", "risk_factors", "clinic"]


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=["patient", "clinician"])
        username = serializers.CharField()
        patient = PatientOutputSerializer(allow_null=True)
        clinics = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses={200: OutputSerializer}, summary="Who the token belongs to")
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        patient = user.patient if user.is_patient else None
        clinics = [
            {"id": c.pk, "name": c.name, "phone": c.phone, "time_zone": c.time_zone}
            for c in clinics_of(user)
        ]
        kind = "patient" if patient else "clinician"
        data = {"kind": kind, "username": user.username, "patient": patient, "clinics": clinics}
        return Response(self.OutputSerializer(data).data)


class TreatmentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Treatment
        fields = [
            "id",
            "patient",
            "clinic",
            "procedure",
            "areas",
            "treated_at",
            "clinician",
            "product",
            "notes",
            "cancelled_at",
        ]


class TreatmentListApi(APIView):
    class InputSerializer(serializers.Serializer):
        patient = serializers.IntegerField()
        procedure = serializers.ChoiceField(choices=Procedure.choices)
        areas = serializers.ListField(child=serializers.CharField(), allow_empty=False)
        treated_at = serializers.DateTimeField()
        product = serializers.CharField(required=False, allow_blank=True, max_length=500)
        notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def get_permissions(self) -> list[BasePermission]:
        return [IsClinician() if self.request.method == "POST" else IsAuthenticated()]

    @extend_schema(responses={200: TreatmentOutputSerializer(many=True)}, summary="Treatments")
    def get(self, request: Request) -> Response:
        treatments = visible_treatments(user=request.user).order_by("-treated_at", "-pk")  # type: ignore[arg-type]
        paginator = Pagination()
        page = paginator.paginate_queryset(treatments, request, view=self)
        return paginator.get_paginated_response(TreatmentOutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: TreatmentOutputSerializer},
        summary="Record a treatment for a patient of the clinician's clinic",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        patient = patient_get(user=request.user, patient_id=data.pop("patient"))  # type: ignore[arg-type]
        try:
            treatment = treatment_create(patient=patient, clinician=request.user, **data)  # type: ignore[arg-type]
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(TreatmentOutputSerializer(treatment).data, status=status.HTTP_201_CREATED)


def _may_handle_data_rights(user: User, patient: Patient) -> bool:
    """The patient themselves, or an admin of the patient's clinic."""
    return patient.user_id == user.pk or is_clinic_admin(user, patient.clinic_id)


class PatientExportApi(APIView):
    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        summary="All of a patient's data (JSON and photo files, zipped), for an access request",
    )
    def get(self, request: Request, patient_id: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        patient = patient_get(user=user, patient_id=patient_id)
        if not _may_handle_data_rights(user, patient):
            raise PermissionDenied(_("Only the patient or a clinic admin can export this."))
        archive = patient_export(patient=patient, actor=user, ip=client_ip(request))
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="aftercare-patient-{patient.pk}.zip"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class PatientEraseApi(APIView):
    permission_classes = [IsClinician]

    @extend_schema(request=None, responses={204: None}, summary="Erase a patient (clinic admin)")
    def post(self, request: Request, patient_id: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        patient = patient_get(user=user, patient_id=patient_id)
        if not is_clinic_admin(user, patient.clinic_id):
            raise PermissionDenied(_("Only a clinic admin can erase a patient."))
        patient_erase(patient=patient, actor=user, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=None, responses={204: None}, summary="Revoke the token in use")
class LogoutApi(LogoutView):
    pass


class TreatmentDetailApi(APIView):
    permission_classes = [IsClinician]

    class InputSerializer(serializers.Serializer):
        areas = serializers.ListField(
            child=serializers.CharField(), allow_empty=False, required=False
        )
        treated_at = serializers.DateTimeField(required=False)
        product = serializers.CharField(required=False, allow_blank=True, max_length=500)
        notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    @extend_schema(
        request=InputSerializer,
        responses={200: TreatmentOutputSerializer},
        summary="Correct a treatment; a new time moves its pending check-ins",
    )
    def patch(self, request: Request, treatment_id: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        treatment = treatment_get(user=user, treatment_id=treatment_id)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            treatment_update(treatment=treatment, user=user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(TreatmentOutputSerializer(treatment).data)


class TreatmentCancelApi(APIView):
    permission_classes = [IsClinician]

    @extend_schema(request=None, responses={200: TreatmentOutputSerializer}, summary="Cancel")
    def post(self, request: Request, treatment_id: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        treatment = treatment_get(user=user, treatment_id=treatment_id)
        treatment_cancel(treatment=treatment, user=user)
        return Response(TreatmentOutputSerializer(treatment).data)

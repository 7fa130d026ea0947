"""The symptom log API: patients log entries and photos; clinicians read their clinic's."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import Pagination
from config.schema import FIELD_ERRORS, FORBIDDEN, NOT_FOUND, NOT_SIGNED_IN
from patients.audit import audit_reads, client_ip
from patients.models import Patient, User
from patients.permissions import IsPatient

from .models import NOTE_MAX_LENGTH, Escalation, Photo, SymptomEntry
from .selectors import entry_get, entry_list, photo_get, treatment_for_entry
from .services import entry_create, photo_attach
from .triage.vocabulary import AREAS, SEVERITY_MAX, SEVERITY_MIN, SYMPTOMS, TRENDS

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _caller(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _audit_reads(request: Request, object_type: str, objects: list[tuple[int, int]]) -> None:
    audit_reads(
        actor=_caller(request), object_type=object_type, objects=objects, ip=client_ip(request)
    )


def _patient_of(request: Request) -> Patient:
    return _caller(request).patient


class PhotoOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    hours_since_treatment = serializers.FloatField()

    class Meta:
        model = Photo
        fields = [
            "id",
            "entry",
            "url",
            "thumbnail_url",
            "width",
            "height",
            "byte_size",
            "sha256",
            "taken_at",
            "uploaded_at",
            "hours_since_treatment",
        ]

    def get_url(self, photo: Photo) -> str:
        return reverse("photo-file", args=[photo.pk])

    def get_thumbnail_url(self, photo: Photo) -> str:
        return f"{reverse('photo-file', args=[photo.pk])}?size=thumb"


class TriageOutputSerializer(serializers.Serializer):
    level = serializers.CharField(source="triage_level")
    rules = serializers.ListField(child=serializers.CharField(), source="triage_rules")
    reasons = serializers.ListField(child=serializers.DictField(), source="triage_reasons")
    advice = serializers.CharField(source="triage_advice")
    call = serializers.DictField(source="triage_call", allow_null=True)
    version = serializers.CharField(source="triage_version")


class EscalationStateSerializer(serializers.Serializer):
    """What the patient may know of the clinic's handling of their report."""

    MESSAGES: dict[str, "StrPromise"] = {
        Escalation.Status.OPEN: _("The clinic has been told about your report."),
        Escalation.Status.ACKNOWLEDGED: _("The clinic has seen your report."),
        Escalation.Status.RESOLVED: _("The clinic has handled your report."),
    }

    status = serializers.CharField()
    message = serializers.SerializerMethodField()

    def get_message(self, escalation: Escalation) -> str:
        return str(self.MESSAGES[escalation.status])


class EntryOutputSerializer(serializers.ModelSerializer):
    hours_since_treatment = serializers.FloatField()
    triage = TriageOutputSerializer(source="*")
    photos = PhotoOutputSerializer(many=True)
    escalation = EscalationStateSerializer(allow_null=True)

    class Meta:
        model = SymptomEntry
        fields = [
            "id",
            "client_id",
            "patient",
            "treatment",
            "onset",
            "logged_at",
            "hours_since_treatment",
            "area",
            "severity",
            "trend",
            "symptoms",
            "note",
            "triage",
            "photos",
            "escalation",
        ]


class EntryListApi(APIView):
    class InputSerializer(serializers.Serializer):
        client_id = serializers.UUIDField(help_text="Made on the phone; a retry sends the same.")
        treatment = serializers.IntegerField(required=False, help_text="Default: the latest.")
        onset = serializers.DateTimeField(help_text="When the symptom started.")
        area = serializers.ChoiceField(choices=AREAS)
        severity = serializers.IntegerField(min_value=SEVERITY_MIN, max_value=SEVERITY_MAX)
        trend = serializers.ChoiceField(choices=TRENDS)
        symptoms = serializers.ListField(
            child=serializers.ChoiceField(choices=SYMPTOMS), max_length=len(SYMPTOMS)
        )
        note = serializers.CharField(
            required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, default=""
        )

        def validate_severity(self, value: Any) -> int:
            # DRF takes "5" and 5.0 as 5; a pain score must be sent as a whole number.
            if type(self.initial_data.get("severity")) is not int:
                raise serializers.ValidationError(_("A whole number from 0 to 10."))
            return int(value)

        def validate_symptoms(self, value: list[str]) -> list[str]:
            return list(dict.fromkeys(value))

    class FilterSerializer(serializers.Serializer):
        patient = serializers.IntegerField(required=False)
        treatment = serializers.IntegerField(required=False)

    def get_permissions(self) -> list[BasePermission]:
        return [IsPatient() if self.request.method == "POST" else IsAuthenticated()]

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: EntryOutputSerializer(many=True), 400: FIELD_ERRORS, 401: NOT_SIGNED_IN},
        summary="The caller's entries (a clinician's: their clinic's), newest first",
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        entries = entry_list(
            user=_caller(request),
            patient_id=filters.validated_data.get("patient"),
            treatment_id=filters.validated_data.get("treatment"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(entries, request, view=self) or []
        _audit_reads(request, "entry", [(e.pk, e.patient_id) for e in page])
        return paginator.get_paginated_response(EntryOutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: EntryOutputSerializer,
            200: EntryOutputSerializer,
            400: FIELD_ERRORS,
            401: NOT_SIGNED_IN,
            403: FORBIDDEN,
        },
        summary="Log an entry; answers with its triage (200 with the stored one on a retry)",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        patient = _patient_of(request)
        treatment = treatment_for_entry(patient=patient, treatment_id=data.pop("treatment", None))
        if treatment is None:
            raise ValidationError({"treatment": [_("No such treatment of yours.")]})
        try:
            entry, created = entry_create(patient=patient, treatment=treatment, **data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(EntryOutputSerializer(entry).data, status=code)


class EntryDetailApi(APIView):
    @extend_schema(
        responses={200: EntryOutputSerializer, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
        summary="One entry",
    )
    def get(self, request: Request, entry_id: int) -> Response:
        entry = entry_get(user=_caller(request), entry_id=entry_id)
        _audit_reads(request, "entry", [(entry.pk, entry.patient_id)])
        return Response(EntryOutputSerializer(entry).data)


class PhotoCreateApi(APIView):
    permission_classes = [IsPatient]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        image = serializers.FileField(help_text="JPEG, PNG, WebP or HEIC; at most 15 MB.")

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            201: PhotoOutputSerializer,
            400: OpenApiResponse(
                description="Not a usable photo; nothing was kept. The `image` field says why: "
                "too large, too many pixels, not an image, unsupported type (JPEG, PNG, WebP "
                "and HEIC are), animated, damaged, or too many photos on this entry."
            ),
            401: NOT_SIGNED_IN,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        summary="Attach a photo to one of the caller's entries",
    )
    def post(self, request: Request, entry_id: int) -> Response:
        entry = entry_get(user=_caller(request), entry_id=entry_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            photo = photo_attach(entry=entry, upload=serializer.validated_data["image"])
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(PhotoOutputSerializer(photo).data, status=status.HTTP_201_CREATED)


class PhotoFileApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("size", str, enum=["full", "thumb"], required=False)],
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
        summary="The photo's bytes, only for its patient and their clinic",
    )
    def get(self, request: Request, photo_id: int) -> FileResponse:
        photo = photo_get(user=_caller(request), photo_id=photo_id)
        _audit_reads(request, "photo", [(photo.pk, photo.entry.patient_id)])
        field = photo.thumbnail if request.query_params.get("size") == "thumb" else photo.image
        response = FileResponse(field.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

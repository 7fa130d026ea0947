"""The clinicians' escalation queue: list, look, acknowledge, assign, resolve."""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import Pagination
from patients.audit import audit_reads, client_ip
from patients.models import User
from patients.permissions import IsClinician

from .apis import EntryOutputSerializer, PhotoOutputSerializer
from .escalations import (
    TransitionRefused,
    escalation_acknowledge,
    escalation_assign,
    escalation_resolve,
    is_member,
)
from .models import Escalation
from .selectors import escalation_get, escalation_queue, escalation_timeline

CONFLICT = OpenApiResponse(description="Not allowed in the escalation's current state.")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _caller(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class EscalationOutputSerializer(serializers.ModelSerializer):
    patient_name = serializers.CharField(source="patient.name")
    treatment = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    waited_minutes = serializers.SerializerMethodField()
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", default=None)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None)

    class Meta:
        model = Escalation
        fields = [
            "id",
            "patient",
            "patient_name",
            "treatment",
            "level",
            "status",
            "opened_at",
            "due_at",
            "overdue",
            "waited_minutes",
            "reasons",
            "photos",
            "acknowledged_by",
            "acknowledged_at",
            "assigned_to",
            "resolved_at",
            "outcome",
            "note",
        ]

    def get_treatment(self, escalation: Escalation) -> dict[str, Any]:
        treatment = escalation.treatment
        return {
            "id": treatment.pk,
            "procedure": treatment.procedure,
            "treated_at": treatment.treated_at,
        }

    def get_reasons(self, escalation: Escalation) -> list[dict[str, str]]:
        entry = escalation.latest_entry
        return entry.triage_reasons if entry else []

    def get_photos(self, escalation: Escalation) -> list[str]:
        entry = escalation.latest_entry
        photos = entry.photos.all() if entry else []
        return [PhotoOutputSerializer().get_thumbnail_url(photo) for photo in photos]

    def get_overdue(self, escalation: Escalation) -> bool:
        return escalation.is_overdue(timezone.now())

    def get_waited_minutes(self, escalation: Escalation) -> int:
        end = escalation.waited_until(timezone.now())
        return int((end - escalation.opened_at).total_seconds() // 60)


class EscalationListApi(APIView):
    permission_classes = [IsClinician]

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Escalation.Status.choices, required=False)

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: EscalationOutputSerializer(many=True)},
        summary="The queue: emergencies first, then oldest due first",
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queue = escalation_queue(user=_caller(request), status=filters.validated_data.get("status"))
        paginator = Pagination()
        page = paginator.paginate_queryset(queue, request, view=self) or []
        audit_reads(
            actor=_caller(request),
            object_type="escalation",
            objects=[(e.pk, e.patient_id) for e in page],
            ip=client_ip(request),
        )
        return paginator.get_paginated_response(EscalationOutputSerializer(page, many=True).data)


class EscalationDetailApi(APIView):
    permission_classes = [IsClinician]

    class OutputSerializer(EscalationOutputSerializer):
        timeline = serializers.SerializerMethodField()

        class Meta(EscalationOutputSerializer.Meta):
            fields = [*EscalationOutputSerializer.Meta.fields, "timeline"]

        def get_timeline(self, escalation: Escalation) -> Any:
            entries = escalation_timeline(escalation=escalation)
            request = self.context["request"]
            audit_reads(
                actor=request.user,
                object_type="entry",
                objects=[(entry.pk, entry.patient_id) for entry in entries],
                ip=client_ip(request),
            )
            return EntryOutputSerializer(entries, many=True).data

    @extend_schema(responses={200: OutputSerializer}, summary="An escalation with its timeline")
    def get(self, request: Request, escalation_id: int) -> Response:
        escalation = escalation_get(user=_caller(request), escalation_id=escalation_id)
        audit_reads(
            actor=_caller(request),
            object_type="escalation",
            objects=[(escalation.pk, escalation.patient_id)],
            ip=client_ip(request),
        )
        return Response(self.OutputSerializer(escalation, context={"request": request}).data)


class EscalationAcknowledgeApi(APIView):
    permission_classes = [IsClinician]

    @extend_schema(request=None, responses={200: EscalationOutputSerializer, 409: CONFLICT})
    def post(self, request: Request, escalation_id: int) -> Response:
        escalation = escalation_get(user=_caller(request), escalation_id=escalation_id)
        try:
            escalation_acknowledge(
                escalation=escalation, user=_caller(request), ip=client_ip(request)
            )
        except TransitionRefused as refused:
            raise Conflict(str(refused)) from None
        return _fresh(request, escalation_id)


class EscalationResolveApi(APIView):
    permission_classes = [IsClinician]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=Escalation.Outcome.choices)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(
        request=InputSerializer, responses={200: EscalationOutputSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, escalation_id: int) -> Response:
        escalation = escalation_get(user=_caller(request), escalation_id=escalation_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            escalation_resolve(
                escalation=escalation,
                user=_caller(request),
                ip=client_ip(request),
                **serializer.validated_data,
            )
        except TransitionRefused as refused:
            raise Conflict(str(refused)) from None
        return _fresh(request, escalation_id)


class EscalationAssignApi(APIView):
    permission_classes = [IsClinician]

    class InputSerializer(serializers.Serializer):
        clinician = serializers.IntegerField()

    @extend_schema(
        request=InputSerializer, responses={200: EscalationOutputSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, escalation_id: int) -> Response:
        escalation = escalation_get(user=_caller(request), escalation_id=escalation_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clinician_id = serializer.validated_data["clinician"]
        if not is_member(clinic_id=escalation.clinic_id, user_id=clinician_id):
            raise ValidationError({"clinician": [_("Not a clinician of this clinic.")]})
        clinician = get_user_model().objects.get(pk=clinician_id)
        try:
            escalation_assign(
                escalation=escalation,
                user=_caller(request),
                clinician=clinician,
                ip=client_ip(request),
            )
        except TransitionRefused as refused:
            raise Conflict(str(refused)) from None
        return _fresh(request, escalation_id)


def _fresh(request: Request, escalation_id: int) -> Response:
    escalation = escalation_get(user=_caller(request), escalation_id=escalation_id)
    return Response(EscalationOutputSerializer(escalation).data, status=status.HTTP_200_OK)

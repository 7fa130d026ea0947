"""The clinicians' web page: sign in, see the escalation queue and work it with plain forms.

Server-rendered and session-authenticated. Reads go through the selectors (every row shown is
audited), changes through the escalation services; each POST redirects back to the queue.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Concatenate
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from patients.audit import audit_reads, client_ip
from patients.models import ClinicMembership, User
from patients.selectors import clinics_of, is_clinician

from .escalations import (
    TransitionRefused,
    escalation_acknowledge,
    escalation_assign,
    escalation_resolve,
)
from .models import Escalation
from .selectors import escalation_get, escalation_queue
from .triage_text import REASONS

# The page shows at most this many rows of a tab; the API pages through all of them.
QUEUE_LIMIT = 100
REFRESH_SECONDS = 15


def clinician_required[**P](
    view: Callable[Concatenate[HttpRequest, User, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Anonymous callers go to the sign-in page; anyone signed in but not a clinician gets 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            back = request.get_full_path() if request.method == "GET" else reverse("clinic-queue")
            return redirect_to_login(back, reverse("clinic-login"))
        if not is_clinician(user):
            raise Http404
        return view(request, user, *args, **kwargs)

    return wrapper


# --- signing in -------------------------------------------------------------------------------


class ClinicianAuthenticationForm(AuthenticationForm):
    """Only clinicians may sign in here; anyone else gets the usual, uninformative refusal."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not is_clinician(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class ClinicLoginView(LoginView):
    template_name = "clinic/login.html"
    authentication_form = ClinicianAuthenticationForm
    next_page = "clinic-queue"


# --- the queue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One escalation as the page shows it."""

    escalation: Escalation
    zone: ZoneInfo
    overdue: bool
    waited_until: datetime
    reasons: list[dict[str, str]]  # rule, text (the clinician's language), given (the patient's)
    photos: list[tuple[str, str]]  # (thumbnail URL, full-size URL)
    clinicians: list[tuple[int, str]]  # who it can be assigned to: (user id, name)
    acknowledged_by: str
    assigned_to: str
    resolved_by: str


@require_GET
@never_cache
@clinician_required
def queue(request: HttpRequest, user: User) -> HttpResponse:
    status = _status(request.GET.get("status"))
    escalations = list(
        escalation_queue(user=user, status=status).select_related("clinic", "resolved_by")[
            : QUEUE_LIMIT + 1
        ]
    )
    shown = escalations[:QUEUE_LIMIT]
    audit_reads(
        actor=user,
        object_type="escalation",
        objects=[(e.pk, e.patient_id) for e in shown],
        ip=client_ip(request),
    )
    zones = sorted({clinic.time_zone for clinic in clinics_of(user)})
    context = {
        "status": status,
        "statuses": Escalation.Status.choices,
        "outcomes": Escalation.Outcome.choices,
        "rows": _rows(shown, now=timezone.now()),
        "more": len(escalations) > QUEUE_LIMIT,
        "limit": QUEUE_LIMIT,
        "now": timezone.now(),
        "zone": ZoneInfo(zones[0]) if zones else timezone.get_current_timezone(),
        "zones": zones,
        "refresh_seconds": REFRESH_SECONDS,
    }
    partial = bool(request.GET.get("partial"))
    return render(request, "clinic/_queue.html" if partial else "clinic/queue.html", context)


def _status(value: str | None) -> str:
    return value if value in Escalation.Status.values else Escalation.Status.OPEN


def _rows(escalations: list[Escalation], *, now: datetime) -> list[Row]:
    clinicians = _clinicians_by_clinic({e.clinic_id for e in escalations})
    rows = []
    for escalation in escalations:
        entry = escalation.latest_entry
        photos = list(entry.photos.all()) if entry else []
        rows.append(
            Row(
                escalation=escalation,
                zone=escalation.clinic.zone,
                overdue=escalation.is_overdue(now),
                waited_until=escalation.waited_until(now),
                reasons=_reasons(entry.triage_reasons) if entry else [],
                photos=[(_photo_url(p.pk) + "?size=thumb", _photo_url(p.pk)) for p in photos],
                clinicians=clinicians.get(escalation.clinic_id, []),
                acknowledged_by=_name(escalation.acknowledged_by),
                assigned_to=_name(escalation.assigned_to),
                resolved_by=_name(escalation.resolved_by),
            )
        )
    return rows


def _reasons(given: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each reason in the clinician's language, with the words the patient was given."""
    return [
        {
            "rule": reason["rule"],
            "text": str(REASONS[reason["rule"]]) if reason["rule"] in REASONS else reason["text"],
            "given": reason["text"],
        }
        for reason in given
    ]


def _clinicians_by_clinic(clinic_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    memberships = (
        ClinicMembership.objects.filter(clinic_id__in=clinic_ids)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for membership in memberships:
        found.setdefault(membership.clinic_id, []).append(
            (membership.user_id, _name(membership.user))
        )
    return found


def _photo_url(photo_id: int) -> str:
    return reverse("photo-file", args=[photo_id])


def _name(user: User | None) -> str:
    return user.display_name if user else ""


# --- working the queue ------------------------------------------------------------------------


class AssignForm(forms.Form):
    clinician = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args: Any, clinic_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared just above
        field.queryset = User.objects.filter(memberships__clinic_id=clinic_id)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=Escalation.Outcome.choices)
    note = forms.CharField(required=False, max_length=2000)


@require_POST
@never_cache
@clinician_required
def acknowledge(request: HttpRequest, user: User, escalation_id: int) -> HttpResponse:
    escalation = escalation_get(user=user, escalation_id=escalation_id)
    try:
        escalation_acknowledge(escalation=escalation, user=user, ip=client_ip(request))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("%(patient)s: acknowledged.") % {"patient": escalation.patient.name}
        )
    return _back(request)


@require_POST
@never_cache
@clinician_required
def assign(request: HttpRequest, user: User, escalation_id: int) -> HttpResponse:
    escalation = escalation_get(user=user, escalation_id=escalation_id)
    form = AssignForm(request.POST, clinic_id=escalation.clinic_id)
    if not form.is_valid():
        messages.error(request, _("Choose a clinician of this clinic."))
        return _back(request)
    clinician: User = form.cleaned_data["clinician"]
    try:
        escalation_assign(
            escalation=escalation, user=user, clinician=clinician, ip=client_ip(request)
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(patient)s: assigned to %(who)s.")
            % {"patient": escalation.patient.name, "who": _name(clinician)},
        )
    return _back(request)


@require_POST
@never_cache
@clinician_required
def resolve(request: HttpRequest, user: User, escalation_id: int) -> HttpResponse:
    escalation = escalation_get(user=user, escalation_id=escalation_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome; a note can be at most 2000 characters."))
        return _back(request)
    try:
        escalation_resolve(
            escalation=escalation,
            user=user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            ip=client_ip(request),
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("%(patient)s: resolved.") % {"patient": escalation.patient.name}
        )
    return _back(request)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the tab the form was sent from."""
    status = _status(request.POST.get("status"))
    return HttpResponseRedirect(f"{reverse('clinic-queue')}?{urlencode({'status': status})}")

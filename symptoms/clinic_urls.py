"""The clinicians' web page under /clinic/ (the JSON API is under /api/v1/)."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import clinic_views

urlpatterns = [
    path("", clinic_views.queue, name="clinic-queue"),
    path("login/", clinic_views.ClinicLoginView.as_view(), name="clinic-login"),
    path("logout/", LogoutView.as_view(next_page="clinic-login"), name="clinic-logout"),
    path(
        "escalations/<int:escalation_id>/acknowledge/",
        clinic_views.acknowledge,
        name="clinic-acknowledge",
    ),
    path("escalations/<int:escalation_id>/assign/", clinic_views.assign, name="clinic-assign"),
    path("escalations/<int:escalation_id>/resolve/", clinic_views.resolve, name="clinic-resolve"),
]

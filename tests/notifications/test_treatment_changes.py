"""Changing or cancelling a treatment through the API moves or cancels its check-ins."""

from datetime import UTC, datetime

import pytest

from patients.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_moves_pending_checkins_when_the_time_is_corrected(client_for, charlie, treatment):
    response = client_for(charlie).patch(
        f"/api/v1/treatments/{treatment.pk}/",
        {"treated_at": "2026-11-16T16:00:00+03:00"},  # 13:00 UTC: two hours later
        format="json",
    )
    assert response.status_code == 200
    day_1 = treatment.checkins.get(kind="day_1")
    assert day_1.due_at == datetime(2026, 11, 17, 13, 0, tzinfo=UTC)
    assert AuditEvent.objects.filter(action="update", object_type="treatment").exists()


def test_it_cancels_the_checkins_with_the_treatment(client_for, charlie, treatment):
    response = client_for(charlie).post(f"/api/v1/treatments/{treatment.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["cancelled_at"] is not None
    assert set(treatment.checkins.values_list("status", flat=True)) == {"cancelled"}
    again = client_for(charlie).patch(
        f"/api/v1/treatments/{treatment.pk}/", {"notes": "x"}, format="json"
    )
    assert again.status_code == 400


def test_it_hides_another_clinics_treatment(client_for, dave, treatment):
    assert client_for(dave).post(f"/api/v1/treatments/{treatment.pk}/cancel/").status_code == 404
    url = f"/api/v1/treatments/{treatment.pk}/"
    assert client_for(dave).patch(url, {"notes": "x"}, format="json").status_code == 404


def test_it_is_for_clinicians(client_for, treatment):
    url = f"/api/v1/treatments/{treatment.pk}/cancel/"
    assert client_for(treatment.patient).post(url).status_code == 403

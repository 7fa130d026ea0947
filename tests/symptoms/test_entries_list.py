import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from symptoms.models import SymptomEntry
from tests.factories import TreatmentFactory

from .conftest import image, post_photo

pytestmark = pytest.mark.django_db
URL = "/api/v1/entries/"


def _log(client, **overrides):
    body = {
        "client_id": str(uuid.uuid4()),
        "onset": (timezone.now() - timedelta(hours=1)).isoformat(),
        "area": "face",
        "severity": 2,
        "trend": "improving",
        "symptoms": ["redness"],
        **overrides,
    }
    return client.post(URL, body).json()


def test_it_lists_the_patients_own_entries_newest_first(client_for, alice, bob):
    client = client_for(alice)
    first, second = _log(client), _log(client, severity=3)
    _log(client_for(bob))
    body = client.get(URL).json()
    assert body["count"] == 2
    assert [e["id"] for e in body["results"]] == [second["id"], first["id"]]


def test_it_paginates(client_for, alice):
    client = client_for(alice)
    for _ in range(3):
        _log(client)
    body = client.get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_it_lets_clinicians_filter_by_patient_and_treatment(client_for, charlie, alice, bob):
    _log(client_for(alice))
    _log(client_for(bob))
    client = client_for(charlie)
    assert client.get(URL).json()["count"] == 2
    assert client.get(URL, {"patient": alice.pk}).json()["count"] == 1
    treatment = bob.treatments.get().pk
    assert client.get(URL, {"treatment": treatment}).json()["results"][0]["patient"] == bob.pk


def test_it_hides_other_clinics_entries(client_for, dave, alice):
    entry = _log(client_for(alice))
    client = client_for(dave)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{entry['id']}/").status_code == 404


def test_it_hides_another_patients_entry(client_for, alice, bob):
    entry = _log(client_for(alice))
    assert client_for(bob).get(f"{URL}{entry['id']}/").status_code == 404
    assert client_for(alice).get(f"{URL}{entry['id']}/").status_code == 200


def test_it_reports_a_bad_filter(client_for, charlie):
    response = client_for(charlie).get(URL, {"patient": "x"})
    assert response.status_code == 400
    assert "patient" in response.json()


@pytest.mark.parametrize("entries", [1, 10])
def test_it_runs_a_constant_number_of_queries(
    client_for, alice, entries, django_assert_num_queries
):
    client = client_for(alice)
    treatment = TreatmentFactory.create(patient=alice)
    for _ in range(entries):
        logged = _log(client, treatment=treatment.pk)
        post_photo(client, SymptomEntry.objects.get(pk=logged["id"]), image("JPEG", (64, 48)))
    # token and user, the user's tokens (knox), patient, count, page, photos
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == entries


def test_it_audits_a_clinicians_reads_but_not_the_patients(client_for, charlie, alice):
    from patients.models import AuditEvent

    entry = _log(client_for(alice))
    client_for(alice).get(URL)
    assert not AuditEvent.objects.exists()
    client_for(charlie).get(URL)
    client_for(charlie).get(f"{URL}{entry['id']}/")
    reads = AuditEvent.objects.filter(actor=charlie, action="read", object_type="entry")
    assert reads.count() == 2
    assert set(reads.values_list("patient_ref", flat=True)) == {alice.pk}

import io
import json
import zipfile

import pytest
from PIL import Image

from patients.models import AuditEvent, Patient, User
from symptoms.models import Escalation, Photo, SymptomEntry
from tests.factories import MembershipFactory
from tests.symptoms.conftest import image, post_photo, stored_files
from tests.symptoms.test_escalations import CALL_CLINIC, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(clinic) -> User:
    return MembershipFactory.create(clinic=clinic, role="admin", user__username="ada").user


@pytest.fixture
def alice_with_data(client_for, alice) -> Patient:
    entry = log(client_for(alice), CALL_CLINIC)
    post_photo(client_for(alice), SymptomEntry.objects.get(pk=entry["id"]), image("JPEG"))
    return alice


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_it_exports_everything_for_the_patient(client_for, alice_with_data):
    response = client_for(alice_with_data).get(f"/api/v1/patients/{alice_with_data.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = _archive(response)
    data = json.loads(archive.read("patient.json"))
    assert data["patient"]["name"] == "Alice"
    assert len(data["entries"]) == 1
    assert len(data["escalations"]) == 1
    photo_file = data["photos"][0]["file"]
    assert Image.open(io.BytesIO(archive.read(photo_file))).format == "JPEG"


def test_it_lets_a_clinic_admin_export_and_audits_it(client_for, admin, alice_with_data):
    assert (
        client_for(admin).get(f"/api/v1/patients/{alice_with_data.pk}/export/").status_code == 200
    )
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.patient_ref) == (admin, alice_with_data.pk)


def test_it_refuses_export_to_others(client_for, charlie, dave, bob, alice):
    url = f"/api/v1/patients/{alice.pk}/export/"
    assert client_for(charlie).get(url).status_code == 403  # a clinician, not an admin
    assert client_for(dave).get(url).status_code == 404
    assert client_for(bob).get(url).status_code == 404


def test_it_erases_a_patient_and_their_photos(client_for, admin, alice_with_data):
    patient_id = alice_with_data.pk
    user_id = alice_with_data.user_id
    assert len(stored_files()) == 2
    response = client_for(admin).post(f"/api/v1/patients/{patient_id}/erase/")
    assert response.status_code == 204
    assert not Patient.objects.filter(pk=patient_id).exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not SymptomEntry.objects.exists()
    assert not Photo.objects.exists()
    assert not Escalation.objects.exists()
    event = AuditEvent.objects.get(action="erase")
    assert (event.actor, event.patient_ref) == (admin, patient_id)


def test_it_deletes_the_files_once_the_erasure_commits(
    client_for, admin, alice_with_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(f"/api/v1/patients/{alice_with_data.pk}/erase/")
    assert stored_files() == []


def test_it_lets_only_a_clinic_admin_erase(client_for, charlie, dave, alice):
    assert client_for(charlie).post(f"/api/v1/patients/{alice.pk}/erase/").status_code == 403
    assert client_for(dave).post(f"/api/v1/patients/{alice.pk}/erase/").status_code == 404
    assert client_for(alice).post(f"/api/v1/patients/{alice.pk}/erase/").status_code == 403
    assert Patient.objects.filter(pk=alice.pk).exists()

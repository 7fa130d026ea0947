import io

import pytest
from PIL import Image

from .conftest import image as _image
from .conftest import post_photo as _post

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo_id(client_for, alice, entry) -> int:
    return _post(client_for(alice), entry, _image("JPEG")).json()["id"]


def test_it_streams_the_photo_to_its_patient(client_for, alice, photo_id):
    response = client_for(alice).get(f"/api/v1/photos/{photo_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (900, 1200)


def test_it_streams_the_thumbnail(client_for, alice, photo_id):
    response = client_for(alice).get(f"/api/v1/photos/{photo_id}/?size=thumb")
    assert max(Image.open(io.BytesIO(b"".join(response.streaming_content))).size) == 320


def test_it_streams_the_photo_to_the_patients_clinic(client_for, charlie, photo_id):
    assert client_for(charlie).get(f"/api/v1/photos/{photo_id}/").status_code == 200


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_it_hides_the_photo_from_anyone_else(client_for, request, photo_id, who):
    stranger = request.getfixturevalue(who)
    assert client_for(stranger).get(f"/api/v1/photos/{photo_id}/").status_code == 404


def test_it_is_not_under_a_public_media_url(client, photo_id):
    assert client.get(f"/api/v1/photos/{photo_id}/").status_code == 401


def test_it_audits_a_clinicians_view_of_the_photo(client_for, charlie, alice, photo_id):
    from patients.models import AuditEvent

    client_for(charlie).get(f"/api/v1/photos/{photo_id}/")
    event = AuditEvent.objects.get(object_type="photo")
    assert (event.actor, event.object_id, event.patient_ref) == (charlie, str(photo_id), alice.pk)

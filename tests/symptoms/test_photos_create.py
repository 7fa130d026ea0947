import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from PIL import Image

from symptoms.models import Photo

from .conftest import image as _image
from .conftest import post_photo as _post
from .conftest import stored_files as _stored_files

pytestmark = pytest.mark.django_db


def test_it_attaches_an_iphone_heic_without_its_metadata(client_for, alice, entry):
    response = _post(client_for(alice), entry, _image("HEIF", quality=80), "IMG_0001.HEIC")
    assert response.status_code == 201
    photo = Photo.objects.get(pk=response.json()["id"])
    stored = photo.image.read()
    assert b"Apple" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert response.json()["hours_since_treatment"] > 0


def test_it_strips_gps_and_device_from_a_jpeg(client_for, alice, entry):
    response = _post(client_for(alice), entry, _image("JPEG"))
    photo = Photo.objects.get(pk=response.json()["id"])
    assert (photo.width, photo.height) == (900, 1200)  # EXIF orientation applied first
    for field in (photo.image, photo.thumbnail):
        img = Image.open(field.open("rb"))
        assert not img.getexif()
        assert "exif" not in img.info


def test_it_keeps_the_capture_time_only_with_consent(client_for, alice, entry):
    photo = Photo.objects.get(pk=_post(client_for(alice), entry, _image("JPEG")).json()["id"])
    assert photo.taken_at is None
    alice.consent_photos_at = timezone.now()
    alice.save()
    entry.refresh_from_db()
    photo = Photo.objects.get(pk=_post(client_for(alice), entry, _image("JPEG")).json()["id"])
    # 08:30 on the phone's clock in Copenhagen
    assert photo.taken_at == datetime(2026, 11, 21, 7, 30, tzinfo=UTC)


def test_it_decides_the_type_by_content_not_name(client_for, alice, entry):
    response = _post(client_for(alice), entry, _image("PNG"), "photo.jpg", "image/jpeg")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 not a photo", "scan.jpg"),
        (b"", "empty.jpg"),
        (_image("JPEG")[:2000], "truncated.jpg"),
        (_image("GIF"), "anim.gif"),
    ],
)
def test_it_refuses_what_is_not_a_photo_and_keeps_nothing(client_for, alice, entry, data, name):
    response = _post(client_for(alice), entry, data, name)
    assert response.status_code == 400
    assert "image" in response.json()
    assert not Photo.objects.exists()
    assert _stored_files() == []


def test_it_refuses_a_decompression_bomb(client_for, alice, entry, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    bomb = io.BytesIO()
    Image.new("1", (4000, 4000)).save(bomb, "PNG", optimize=True)
    response = _post(client_for(alice), entry, bomb.getvalue(), "bomb.png")
    assert response.status_code == 400
    assert "pixels" in response.json()["image"][0]


def test_it_refuses_a_photo_over_the_byte_limit(client_for, alice, entry, settings):
    settings.PHOTO_MAX_BYTES = 10_000
    response = _post(client_for(alice), entry, _image("JPEG", quality=100))
    assert response.status_code == 400
    assert not Photo.objects.exists()


def test_it_limits_photos_per_entry(client_for, alice, entry, settings):
    settings.PHOTOS_PER_ENTRY = 2
    client = client_for(alice)
    statuses = [_post(client, entry, _image("JPEG")).status_code for _ in range(3)]
    assert statuses == [201, 201, 400]
    assert len(_stored_files()) == 4


def test_it_requires_the_image_field(client_for, alice, entry):
    response = client_for(alice).post(f"/api/v1/entries/{entry.pk}/photos/", {}, format="multipart")
    assert response.status_code == 400
    assert "image" in response.json()


def test_it_hides_another_patients_entry(client_for, bob, entry):
    assert _post(client_for(bob), entry, _image("JPEG")).status_code == 404


def test_it_does_not_let_clinicians_upload(client_for, charlie, entry):
    assert _post(client_for(charlie), entry, _image("JPEG")).status_code == 403

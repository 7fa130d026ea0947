"""Entries and photos for the symptom tests; photos land in the test's private storage."""

import io
import uuid
from datetime import timedelta

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from patients.models import Patient
from symptoms.models import SymptomEntry
from tests.conftest import stored_files

__all__ = ["image", "post_photo", "stored_files"]

pillow_heif.register_heif_opener()


def image(fmt: str, size: tuple[int, int] = (1200, 900), **params: object) -> bytes:
    """A phone photo: landscape pixels shown portrait (Orientation 6), with GPS and device."""
    img = Image.new("RGB", size, (180, 140, 120))
    img.paste((255, 0, 0), (0, 0, 60, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:21 08:30:00"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (55.0, 40.0, 30.0)
    out = io.BytesIO()
    img.save(out, fmt, exif=exif, **params)
    return out.getvalue()


def post_photo(client, entry, data, name="photo.jpg", content_type="image/jpeg"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    url = f"/api/v1/entries/{entry.pk}/photos/"
    return client.post(url, {"image": upload}, format="multipart")


@pytest.fixture
def entry(alice: Patient) -> SymptomEntry:
    return SymptomEntry.objects.create(
        patient=alice,
        treatment=alice.treatments.get(),
        client_id=uuid.uuid4(),
        onset=timezone.now() - timedelta(hours=1),
        area="face",
        severity=3,
        trend="unchanged",
        symptoms=["redness"],
        triage_level="observe",
        triage_advice="",
        triage_version="2026.1",
    )

"""symptoms.imaging: every image here is generated with Pillow/pillow_heif at test time."""

import hashlib
import io
import struct
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile, JpegImagePlugin

from symptoms.imaging import PhotoRejected, ProcessedPhoto, process_photo

PARIS = ZoneInfo("Europe/Paris")
MB = 1024 * 1024
RED = (220, 20, 20)
GREY = (128, 128, 128)


# --------------------------------------------------------------------------- helpers


def run(data: bytes, **kwargs: Any) -> ProcessedPhoto:
    options: dict[str, Any] = {"max_bytes": 20 * MB, "max_pixels": 40_000_000, "default_tz": PARIS}
    options.update(kwargs)
    return process_photo(io.BytesIO(data), **options)


def rejection(data: bytes, **kwargs: Any) -> str:
    with pytest.raises(PhotoRejected) as excinfo:
        run(data, **kwargs)
    return excinfo.value.code


def encode(img: Image.Image, fmt: str, **params: Any) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def reopen(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def pixel(img: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = img.convert("RGB").getpixel(xy)
    assert isinstance(value, tuple)
    return value


def close_to(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def jpeg_markers(data: bytes) -> list[int]:
    """Marker bytes of every JPEG segment before the image data (SOS)."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: metadata can only come before it
            return markers
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    raise AssertionError("no SOS marker")


def photo_like(size: tuple[int, int]) -> Image.Image:
    """Noisy RGB content: flat colours would make JPEG decoding unrealistically cheap."""
    noise = Image.effect_noise(size, 60).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def jpeg_with_date(when: str | bytes | None, offset: str | None = None) -> bytes:
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if when is not None:
        exif_ifd[ExifTags.Base.DateTimeOriginal] = when
    if offset is not None:
        exif_ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    return encode(Image.new("RGB", (32, 32), GREY), "JPEG", exif=exif)


def rgb_icc_profile(description: bytes, columns: list[tuple[float, float, float]]) -> bytes:
    """A minimal ICC v2 matrix/TRC display profile (Pillow can only create sRGB itself)."""

    def s15(*values: float) -> bytes:
        return b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    def xyz(*values: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(*values)

    desc = b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description + b"\0"
    desc += b"\0" * 8 + b"\0\0\0" + b"\0" * 67  # empty Unicode and ScriptCode parts
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249))]
    tags += [
        (sig, xyz(*col)) for sig, col in zip((b"rXYZ", b"gXYZ", b"bXYZ"), columns, strict=True)
    ]
    tags += [(sig, curve) for sig in (b"rTRC", b"gTRC", b"bTRC")]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for sig, payload in tags:
        payload += b"\0" * (-len(payload) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(payload))
        body += payload
    header = bytearray(128)
    header[8:12] = b"\x02\x10\x00\x00"
    header[12:24] = b"mntrRGB XYZ "
    header[36:40] = b"acsp"
    header[68:80] = s15(0.9642, 1.0, 0.8249)
    profile = bytes(header) + table + body
    return struct.pack(">I", len(profile)) + profile[4:]


SRGB_D50_COLUMNS = [(0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def twelve_megapixel_jpeg() -> bytes:
    return encode(photo_like((4000, 3000)), "JPEG", quality=90)


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    # 400 MP of one colour: a few dozen KB on disk, 400 MB (L) or 1.2 GB (RGB) once decoded.
    return encode(Image.new("1", (20000, 20000), 1), "PNG", optimize=True)


@pytest.fixture
def forbid_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels must not be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", fail)


@pytest.fixture
def metadata_jpeg() -> bytes:
    """Stored landscape 400x200 with a red top-left corner, displayed rotated (Orientation 6)."""
    img = Image.new("RGB", (400, 200), GREY)
    img.paste(RED, (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.Model] = "PrivateModel-X"
    exif[ExifTags.Base.Orientation] = 6
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.DateTimeOriginal] = "2024:05:01 14:30:00"
    exif_ifd[ExifTags.Base.OffsetTimeOriginal] = "+02:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    gps[ExifTags.GPS.GPSMapDatum] = "WGS-84-HOME-ADDRESS"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        img,
        "JPEG",
        exif=exif,
        icc_profile=srgb,
        comment=b"patient-comment",
        xmp=b"<x:xmpmeta><secret-xmp/></x:xmpmeta>",
    )


# --------------------------------------------------------------------------- metadata & orientation


SECRETS = (
    b"Exif",
    b"SecretPhoneMaker",
    b"PrivateModel-X",
    b"WGS-84-HOME-ADDRESS",
    b"ICC_PROFILE",
    b"patient-comment",
    b"secret-xmp",
    b"http://ns.adobe.com/xap",
)


def test_it_generates_a_source_that_really_carries_the_metadata(metadata_jpeg: bytes) -> None:
    # Guards the next test against passing vacuously.
    assert all(secret in metadata_jpeg for secret in SECRETS)
    source = Image.open(io.BytesIO(metadata_jpeg))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "icc_profile", "comment", "xmp"} <= source.info.keys()


def test_it_strips_all_metadata(metadata_jpeg: bytes) -> None:
    photo = run(metadata_jpeg)

    for output in (photo.image, photo.thumbnail):
        for secret in SECRETS:
            assert secret not in output
        # Only JFIF (APP0), quantisation/Huffman tables, frame header and scan: no APP1 (EXIF/
        # XMP), APP2 (ICC), APPn or COM segments at all.
        assert set(jpeg_markers(output)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xDD, 0xDA}
        img = Image.open(io.BytesIO(output))
        assert not img.getexif()
        assert not {"exif", "icc_profile", "comment", "xmp"} & img.info.keys()


def test_it_applies_the_exif_orientation_before_resizing(metadata_jpeg: bytes) -> None:
    photo = run(metadata_jpeg, long_side=100, thumb_side=50)

    # Orientation 6 = rotate 90 degrees clockwise for display: 400x200 becomes 200x400 and the
    # stored top-left corner ends up top-right.
    assert (photo.width, photo.height) == (50, 100)
    assert (photo.thumb_width, photo.thumb_height) == (25, 50)
    img = reopen(photo.image)
    assert img.size == (50, 100)
    assert close_to(pixel(img, (47, 2)), RED, tolerance=40)
    assert close_to(pixel(img, (2, 2)), GREY)
    assert close_to(pixel(img, (47, 97)), GREY)


def test_it_reads_the_capture_time_with_its_offset(metadata_jpeg: bytes) -> None:
    taken_at = run(metadata_jpeg).taken_at

    assert taken_at == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert taken_at is not None
    assert taken_at.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("when", "offset", "expected"),
    [
        ("2024:01:15 09:05:07", None, datetime(2024, 1, 15, 9, 5, 7, tzinfo=PARIS)),
        ("2024:01:15 09:05:07", "-05:30", datetime(2024, 1, 15, 14, 35, 7, tzinfo=UTC)),
        ("2024:01:15 09:05:07\x00", "+00:00", datetime(2024, 1, 15, 9, 5, 7, tzinfo=UTC)),
        # A malformed offset is ignored: the local time is still worth keeping.
        ("2024:01:15 09:05:07", "+25:00", datetime(2024, 1, 15, 9, 5, 7, tzinfo=PARIS)),
        ("2024:01:15 09:05:07", "garbage", datetime(2024, 1, 15, 9, 5, 7, tzinfo=PARIS)),
        ("0000:00:00 00:00:00", None, None),
        ("    :  :     :  :  ", None, None),
        ("2024:02:30 10:00:00", None, None),
        ("yesterday", None, None),
        ("", None, None),
        (None, "+02:00", None),
    ],
)
def test_it_parses_capture_times_defensively(
    when: str | None, offset: str | None, expected: datetime | None
) -> None:
    taken_at = run(jpeg_with_date(when, offset)).taken_at

    assert taken_at == expected
    if taken_at is not None:
        assert taken_at.tzinfo is not None


def test_it_uses_the_default_timezone_for_local_capture_times() -> None:
    taken_at = run(jpeg_with_date("2024:07:01 12:00:00"), default_tz=PARIS).taken_at

    assert taken_at is not None
    assert taken_at.utcoffset() == timedelta(hours=2)  # Paris summer time


def test_it_ignores_a_corrupt_exif_block() -> None:
    broken_exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff\x00\x01"
    data = encode(Image.new("RGB", (64, 48), GREY), "JPEG", exif=broken_exif)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow: "Corrupt EXIF data"
        photo = run(data)

    assert photo.taken_at is None
    assert (photo.width, photo.height) == (64, 48)


# --------------------------------------------------------------------------- sizes & speed


def test_it_downscales_a_12_megapixel_jpeg_quickly(twelve_megapixel_jpeg: bytes) -> None:
    started = time.perf_counter()
    photo = run(twelve_megapixel_jpeg)
    elapsed = time.perf_counter() - started

    print(f"12 MP JPEG processed in {elapsed * 1000:.0f} ms")  # shown with pytest -s
    assert elapsed < 3.0
    assert (photo.width, photo.height) == (2048, 1536)
    assert (photo.thumb_width, photo.thumb_height) == (320, 240)
    assert reopen(photo.image).size == (2048, 1536)
    assert reopen(photo.thumbnail).size == (320, 240)
    assert photo.source_format == "JPEG"


def test_it_hashes_the_stored_image_and_makes_a_smaller_thumbnail(
    twelve_megapixel_jpeg: bytes,
) -> None:
    photo = run(twelve_megapixel_jpeg)

    assert photo.sha256 == hashlib.sha256(photo.image).hexdigest()
    assert len(photo.thumbnail) < len(photo.image)
    assert photo.thumb_width * photo.thumb_height < photo.width * photo.height


def test_it_decodes_large_jpegs_at_reduced_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str | None, tuple[int, int] | None]] = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: Any) -> Any:
        calls.append((mode, size))
        return original(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    photo = run(encode(photo_like((1600, 1200)), "JPEG"), long_side=400, thumb_side=100)

    assert calls == [("RGB", (400, 300))]  # libjpeg decodes 1/4 scale, nothing left to resize
    assert (photo.width, photo.height) == (400, 300)
    assert (photo.thumb_width, photo.thumb_height) == (100, 75)


def test_it_never_upscales_small_images() -> None:
    photo = run(encode(Image.new("RGB", (100, 50), GREY), "PNG"))

    assert (photo.width, photo.height) == (100, 50)
    assert (photo.thumb_width, photo.thumb_height) == (100, 50)


# --------------------------------------------------------------------------- formats & modes


def test_it_flattens_a_transparent_png_onto_white() -> None:
    img = Image.new("RGBA", (300, 200), (255, 0, 0, 0))  # invisible red must not show
    img.paste((0, 0, 255, 255), (100, 50, 200, 150))

    photo = run(encode(img, "PNG"))

    out = reopen(photo.image)
    assert photo.source_format == "PNG"
    assert out.mode == "RGB"
    assert close_to(pixel(out, (10, 10)), (255, 255, 255))
    assert close_to(pixel(out, (150, 100)), (0, 0, 255))


def test_it_flattens_a_palette_png_with_a_transparent_colour() -> None:
    img = Image.new("P", (64, 64), 0)
    img.putpalette([0, 0, 0, 0, 200, 0] + [0] * 762)
    img.paste(1, (16, 16, 48, 48))

    photo = run(encode(img, "PNG", transparency=0))

    out = reopen(photo.image)
    assert close_to(pixel(out, (2, 2)), (255, 255, 255))
    assert close_to(pixel(out, (32, 32)), (0, 200, 0))


def test_it_scales_16_bit_greyscale_instead_of_clipping_it() -> None:
    img = Image.new("I;16", (64, 64), 32768)  # 50 % grey in 16 bits

    out = reopen(run(encode(img, "PNG")).image)

    assert close_to(pixel(out, (32, 32)), (128, 128, 128), tolerance=3)


def test_it_converts_cmyk_jpegs_to_rgb() -> None:
    photo = run(encode(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG"))

    out = reopen(photo.image)
    assert out.mode == "RGB"
    assert close_to(pixel(out, (32, 32)), (255, 0, 0))


def test_it_converts_a_wide_gamut_profile_to_srgb() -> None:
    # A profile whose red and green primaries are swapped makes the conversion unmistakable:
    # its pure "red" is sRGB green. A real-world case is Display P3 from iPhones.
    red, green, blue = SRGB_D50_COLUMNS
    profile = rgb_icc_profile(b"Swapped primaries test", [green, red, blue])
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))

    photo = run(encode(Image.new("RGB", (64, 64), (255, 0, 0)), "PNG", icc_profile=profile))

    out = reopen(photo.image)
    assert "icc_profile" not in out.info
    assert close_to(pixel(out, (32, 32)), (0, 255, 0), tolerance=40)


def test_it_keeps_srgb_pixels_unchanged() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

    photo = run(encode(Image.new("RGB", (64, 64), RED), "PNG", icc_profile=srgb))

    assert close_to(pixel(reopen(photo.image), (32, 32)), RED, tolerance=8)


def test_it_accepts_webp() -> None:
    photo = run(encode(photo_like((800, 600)), "WEBP", quality=80), long_side=400)

    assert photo.source_format == "WEBP"
    assert (photo.width, photo.height) == (400, 300)
    assert reopen(photo.image).format == "JPEG"


def test_it_accepts_heic_from_iphones() -> None:
    # The bundled libheif has the x265 encoder, so a real HEVC-coded HEIC can be written.
    assert pillow_heif.libheif_info()["HEIF"]
    img = Image.new("RGB", (640, 480), GREY)
    img.paste(RED, (0, 0, 64, 64))
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2023:12:24 18:00:00"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.OffsetTimeOriginal] = "+01:00"
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    data = encode(img, "HEIF", quality=90, exif=exif)
    assert data[4:12] == b"ftypheic"

    photo = run(data, long_side=320)

    assert photo.source_format == "HEIF"
    assert (photo.width, photo.height) == (320, 240)
    assert photo.taken_at == datetime(2023, 12, 24, 17, 0, tzinfo=UTC)
    assert b"SecretPhoneMaker" not in photo.image
    assert not reopen(photo.image).getexif()
    assert close_to(pixel(reopen(photo.image), (8, 8)), RED, tolerance=40)


def test_it_applies_heic_rotation_exactly_once() -> None:
    # Like iPhones, pillow_heif stores the orientation as an HEIF transform (irot) which libheif
    # applies on decode; the plugin then resets the EXIF tag to 1 so exif_transpose must not
    # rotate again. (pillow_heif only writes irot when `exif` is given as bytes.)
    img = Image.new("RGB", (400, 200), GREY)
    img.paste(RED, (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6

    photo = run(encode(img, "HEIF", quality=90, exif=exif.tobytes()))

    out = reopen(photo.image)
    assert out.size == (200, 400)
    assert close_to(pixel(out, (190, 10)), RED, tolerance=40)


def test_it_treats_a_multi_picture_jpeg_as_a_plain_jpeg() -> None:
    # Many phones write MPO (JPEG + depth/gain map); Pillow reports it as a 2-frame "MPO".
    primary = Image.new("RGB", (320, 240), RED)
    data = encode(primary, "MPO", save_all=True, append_images=[Image.new("RGB", (80, 60))])
    assert Image.open(io.BytesIO(data)).format == "MPO"

    photo = run(data)

    assert photo.source_format == "JPEG"
    assert (photo.width, photo.height) == (320, 240)
    assert close_to(pixel(reopen(photo.image), (160, 120)), RED)


# --------------------------------------------------------------------------- rejections


def test_it_rejects_uploads_over_the_byte_limit() -> None:
    data = encode(Image.new("RGB", (64, 64), GREY), "PNG")

    assert rejection(data, max_bytes=len(data) - 1) == "too_large"
    assert run(data, max_bytes=len(data)).width == 64  # exactly at the limit is fine


def test_it_reads_at_most_one_byte_past_the_limit() -> None:
    stream = io.BytesIO(b"\0" * (5 * MB))

    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(stream, max_bytes=1000, max_pixels=10, default_tz=UTC)

    assert excinfo.value.code == "too_large"
    assert stream.tell() == 1001


def test_it_rejects_a_decompression_bomb_without_decoding_it(
    bomb_png: bytes, forbid_decoding: None
) -> None:
    assert len(bomb_png) < 200_000

    assert rejection(bomb_png, max_pixels=40_000_000) == "too_many_pixels"


def test_it_rejects_images_over_the_pixel_budget_before_decoding(forbid_decoding: None) -> None:
    data = encode(Image.new("1", (7000, 7000), 1), "PNG", optimize=True)  # 49 MP

    assert rejection(data, max_pixels=40_000_000) == "too_many_pixels"
    assert rejection(encode(Image.new("RGB", (300, 200)), "PNG"), max_pixels=59_999) == (
        "too_many_pixels"
    )


def test_it_turns_pillows_bomb_warning_into_a_rejection_without_leaking_the_filter(
    forbid_decoding: None,
) -> None:
    # 81 MP: above Image.MAX_IMAGE_PIXELS (64 MP, warning only) but below twice it (error).
    data = encode(Image.new("1", (9000, 9000), 1), "PNG", optimize=True)
    filters_before = list(warnings.filters)

    assert rejection(data, max_pixels=10**9) == "too_many_pixels"
    assert warnings.filters == filters_before


def truncated_jpeg() -> bytes:
    data = encode(photo_like((640, 480)), "JPEG")
    return data[: len(data) // 2]


def truncated_png() -> bytes:
    data = encode(photo_like((640, 480)), "PNG")
    return data[: len(data) // 2]


def truncated_heic() -> bytes:
    data = encode(photo_like((640, 480)), "HEIF", quality=80)
    return data[: len(data) // 2]


def heic_sequence() -> bytes:
    frames = [Image.new("RGB", (64, 64), colour) for colour in (RED, GREY)]
    return encode(frames[0], "HEIF", save_all=True, append_images=frames[1:])


def animated(fmt: str, **params: Any) -> bytes:
    frames = [Image.new("RGB", (64, 64), colour) for colour in (RED, GREY, (0, 0, 255))]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, **params)


def avif_with_heif_brand() -> bytes:
    # AV1 content labelled with the generic "mif1" brand, so pillow_heif claims it and only
    # fails at decode time (no AV1 decoder in its libheif build).
    data = bytearray(encode(Image.new("RGB", (64, 64), GREY), "AVIF"))
    data[8:12] = b"mif1"
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"", "not_an_image"),
        (lambda: b"Dear clinic, my cheek is still swollen.\n" * 20, "not_an_image"),
        (
            lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "not_an_image",
        ),
        (lambda: bytes(range(256)) * 8, "not_an_image"),
        (lambda: encode(Image.new("RGB", (64, 64), RED), "GIF"), "unsupported_format"),
        (lambda: encode(Image.new("RGB", (64, 64), RED), "BMP"), "unsupported_format"),
        (lambda: encode(Image.new("RGB", (64, 64), RED), "TIFF"), "unsupported_format"),
        (lambda: encode(Image.new("RGB", (64, 64), RED), "AVIF"), "unsupported_format"),
        # GIF is refused by type before animation is even looked at.
        (lambda: animated("GIF"), "unsupported_format"),
        (lambda: animated("WEBP"), "animated"),
        (lambda: animated("PNG"), "animated"),
        (heic_sequence, "animated"),
        (truncated_jpeg, "corrupt"),
        (truncated_png, "corrupt"),
        (truncated_heic, "corrupt"),
        (lambda: encode(Image.new("RGB", (8, 8)), "PNG")[:20], "corrupt"),  # header only
        (lambda: b"\xff\xd8\xff\xe0" + b"\0" * 200, "corrupt"),  # JPEG magic, garbage after
        (avif_with_heif_brand, "corrupt"),
    ],
    ids=[
        "empty",
        "text",
        "pdf",
        "random-bytes",
        "gif",
        "bmp",
        "tiff",
        "avif",
        "animated-gif",
        "animated-webp",
        "apng",
        "heif-sequence",
        "truncated-jpeg",
        "truncated-png",
        "truncated-heic",
        "png-header-only",
        "jpeg-magic-only",
        "avif-with-mif1-brand",
    ],
)
def test_it_rejects_bad_uploads_with_a_specific_code(make: Callable[[], bytes], code: str) -> None:
    assert rejection(make()) == code


def test_it_rejects_with_a_value_error_carrying_a_developer_message() -> None:
    with pytest.raises(ValueError, match="not a recognisable image") as excinfo:
        run(b"hello")

    assert isinstance(excinfo.value, PhotoRejected)
    assert excinfo.value.code == "not_an_image"


def test_it_keeps_pillow_strict_about_truncated_files() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert Image.MAX_IMAGE_PIXELS == 64_000_000


def test_it_accepts_positive_offsets_up_to_fourteen_hours() -> None:
    taken_at = run(jpeg_with_date("2024:01:01 00:00:00", "+14:00")).taken_at

    assert taken_at is not None
    assert taken_at.utcoffset() == timedelta(hours=14)
    assert taken_at.tzinfo == timezone(timedelta(hours=14))

"""Normalise patient photos: validate by content, strip metadata, downscale, re-encode as JPEG.

Pure Pillow + pillow_heif, no Django: the view/task layer owns storage, settings and HTTP errors.
Photos are private health data, so nothing here logs or prints image content or metadata.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import BinaryIO, Final, Literal

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

__all__ = ["PhotoRejected", "ProcessedPhoto", "RejectionCode", "process_photo"]

# Process-wide backstop, independent of Pillow's default (~89.5 MP warning, ~179 MP error) which
# may change between releases. It also protects any other Pillow use in this process (e.g. an
# ImageField) that has no explicit pixel check. 64 MP covers 48-50 MP phone sensors; Pillow
# warns above it (made an error inside process_photo) and refuses outright above twice it.
# process_photo's `max_pixels` is the real policy, so values above this ceiling have no effect.
Image.MAX_IMAGE_PIXELS = 64_000_000

# Never accept half-decoded photos: a partly grey wound photo could mislead a clinician.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# HEIC/HEIF (iPhones). pillow_heif 1.x only opens HEVC-coded HEIF and reports format "HEIF";
# AVIF is handled by Pillow's own plugin and stays out of the allow-list. Depth/aux images and
# embedded thumbnails are never used here, so don't parse them (less work on untrusted input).
# These options are global to pillow_heif.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

_ALLOWED_FORMATS: Final = ("JPEG", "PNG", "WEBP", "HEIF")
_FULL_QUALITY: Final = 85
_THUMB_QUALITY: Final = 80
# BICUBIC after an integer `reduce` (reducing_gap=2.0): ~1/3 faster than LANCZOS on a 12 MP
# photo, visually equivalent at these scale factors.
_RESAMPLE: Final = Image.Resampling.BICUBIC
_REDUCING_GAP: Final = 2.0
_READ_CHUNK: Final = 1 << 20
_EXIF_DATETIME_ORIGINAL: Final = 36867
_EXIF_OFFSET_TIME_ORIGINAL: Final = 36881
_EXIF_DATETIME_RE: Final = re.compile(r"(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET_RE: Final = re.compile(r"([+-])(\d{2}):(\d{2})")

# What Pillow/pillow_heif raise for broken data while parsing or decoding. ValueError and
# RuntimeError are in here because pillow_heif raises them for libheif decode failures.
_DECODE_ERRORS: Final = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    TypeError,
    KeyError,
    RuntimeError,
    ZeroDivisionError,
)
# What malformed EXIF can raise; never reject a photo only because its metadata is bad.
_EXIF_ERRORS: Final = (ValueError, TypeError, KeyError, IndexError, EOFError, struct.error)

RejectionCode = Literal[
    "too_large", "too_many_pixels", "not_an_image", "unsupported_format", "animated", "corrupt"
]


class PhotoRejected(ValueError):
    """The upload cannot be accepted; `code` is stable for API clients, the message is for devs."""

    code: RejectionCode

    def __init__(self, code: RejectionCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    image: bytes  # normalised full image, JPEG, no metadata
    thumbnail: bytes  # JPEG, no metadata
    width: int  # of `image`
    height: int
    thumb_width: int
    thumb_height: int
    source_format: str  # "JPEG" | "PNG" | "WEBP" | "HEIF"
    sha256: str  # hex digest of `image`
    taken_at: datetime | None  # EXIF DateTimeOriginal, always aware when set


def process_photo(
    stream: BinaryIO,
    *,
    max_bytes: int,
    max_pixels: int,
    default_tz: tzinfo,
    long_side: int = 2048,
    thumb_side: int = 320,
) -> ProcessedPhoto:
    """Validate and normalise one uploaded photo read from `stream` (from its current position).

    The type is decided by content only. Raises PhotoRejected; never returns partial results.
    """
    data = _read_limited(stream, max_bytes)
    try:
        # Scoped: Pillow's bomb *warning* must reject the photo, not just log. Note that on
        # Python 3.12 catch_warnings swaps the process-global filter list for the duration.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open(data) as img:
                return _process(img, max_pixels, default_tz, long_side, thumb_side)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected("too_many_pixels", "image exceeds Pillow's pixel limit") from exc
    except _DECODE_ERRORS as exc:
        raise PhotoRejected("corrupt", "image is truncated or cannot be decoded") from exc


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    # Read one byte past the limit so "exactly max_bytes" passes and anything bigger is caught
    # without buffering the whole upload. Loop: a raw stream may return short reads.
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = stream.read(min(remaining, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise PhotoRejected("too_large", f"upload is larger than {max_bytes} bytes")
    if not data:
        raise PhotoRejected("not_an_image", "upload is empty")
    return data


def _open(data: bytes) -> ImageFile.ImageFile:
    # Only the allow-listed parsers ever see the bytes here; Pillow reads just the header.
    try:
        return Image.open(io.BytesIO(data), formats=_ALLOWED_FORMATS)
    except UnidentifiedImageError:
        raise _classify_unidentified(data) from None


def _classify_unidentified(data: bytes) -> PhotoRejected:
    """Turn "none of the allowed parsers took it" into a helpful code for the client."""
    prefix = data[:16]
    for fmt in _ALLOWED_FORMATS:
        accept = Image.OPEN[fmt][1]
        if accept is not None and accept(prefix) is True:
            # Right magic bytes but the header did not parse: a broken file, not a wrong type.
            return PhotoRejected("corrupt", f"{fmt} header cannot be parsed")
    try:
        # Classification only: parse the header with every Pillow plugin, never decode pixels
        # (e.g. EPS would only run Ghostscript on load()).
        with Image.open(io.BytesIO(data)) as other:
            found = other.format or "unknown"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        found = "oversized image"
    except Exception:  # best effort: whatever a foreign plugin raises means "not recognised"
        return PhotoRejected("not_an_image", "content is not a recognisable image")
    return PhotoRejected("unsupported_format", f"{found} is not accepted (JPEG/PNG/WebP/HEIF)")


def _process(
    img: ImageFile.ImageFile, max_pixels: int, default_tz: tzinfo, long_side: int, thumb_side: int
) -> ProcessedPhoto:
    # MPO = JPEG with extra pictures (depth/gain maps, stereo) that many phones write; the
    # first frame is the photo, so it is a JPEG for us and never "animated".
    source_format = "JPEG" if img.format == "MPO" else str(img.format)
    _check_dimensions(img, max_pixels)
    if source_format != "JPEG" and (
        getattr(img, "n_frames", 1) > 1 or getattr(img, "is_animated", False)
    ):
        raise PhotoRejected("animated", "animated or multi-frame images are not accepted")
    # Header-only work first: draft before any decoding, EXIF before metadata is dropped.
    if source_format == "JPEG":
        _jpeg_draft(img, long_side)
    taken_at = _taken_at(img, default_tz)
    icc_profile = img.info.get("icc_profile")

    img.load()
    ImageOps.exif_transpose(img, in_place=True)  # before resizing, so boxes match the display
    full = _to_srgb(_shrink(_to_rgb(img), long_side), icc_profile)
    full.info = {}  # drop EXIF/GPS/XMP/ICC/comments: JPEG save falls back to im.info["comment"]
    thumb = _shrink(full, thumb_side)

    image_bytes = _encode_jpeg(full, _FULL_QUALITY)
    return ProcessedPhoto(
        image=image_bytes,
        thumbnail=_encode_jpeg(thumb, _THUMB_QUALITY),
        width=full.width,
        height=full.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        source_format=source_format,
        sha256=hashlib.sha256(image_bytes).hexdigest(),
        taken_at=taken_at,
    )


def _check_dimensions(img: Image.Image, max_pixels: int) -> None:
    # Header dimensions only: nothing has been decoded yet, so a bomb costs nothing.
    width, height = img.size
    if width <= 0 or height <= 0:
        raise PhotoRejected("corrupt", "image has no pixels")
    if width * height > max_pixels:
        raise PhotoRejected("too_many_pixels", f"image has more than {max_pixels} pixels")


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """Size bounded to `side` on the long edge, aspect kept, never upscaled."""
    width, height = size
    longest = max(width, height)
    if longest <= side:
        return size
    scale = side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def _jpeg_draft(img: ImageFile.ImageFile, long_side: int) -> None:
    # libjpeg can decode at 1/2, 1/4 or 1/8 scale directly (DCT scaling): far less work and
    # memory for 48 MP photos. Pillow picks the largest reduction still >= the target size,
    # so the final resize never upscales. Rotation doesn't matter: the long side is the same.
    target = _fit(img.size, long_side)
    if target != img.size:
        img.draft("RGB", target)


def _shrink(img: Image.Image, side: int) -> Image.Image:
    target = _fit(img.size, side)
    if target == img.size:
        return img
    # reducing_gap: cheap integer box `reduce` first, then the real filter on a smaller image.
    return img.resize(target, _RESAMPLE, reducing_gap=_REDUCING_GAP)


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        return img
    if img.has_transparency_data:
        # Transparent areas would turn black in JPEG; clinicians expect a white background.
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode == "I" or img.mode.startswith("I;16"):
        # 16-bit greyscale: a plain convert clips everything above 255 to white, so scale.
        img = img.point(lambda value: value / 256).convert("L")
    return img.convert("RGB")


def _to_srgb(img: Image.Image, icc_profile: bytes | None) -> Image.Image:
    # Phones tag photos with wide-gamut profiles (iPhone: Display P3). Dropping the profile
    # without converting would desaturate reds, which matters for judging redness/bruising.
    # Done after downscaling, so it costs ~40 ms on 3 MP instead of ~160 ms on 12 MP.
    if not icc_profile or img.mode != "RGB":
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if source.profile.xcolor_space.strip() != "RGB":
            return img  # e.g. a CMYK/grey profile: the pixels were converted naively already
        if "srgb" in (source.profile.profile_description or "").lower():
            return img  # already sRGB: skip a near-identity transform
        # A fresh sRGB profile per call: lcms objects are not shared between threads.
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        converted = ImageCms.profileToProfile(img, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return img  # unusable profile: keep the pixels rather than reject the photo
    return converted if converted is not None else img


def _taken_at(img: Image.Image, default_tz: tzinfo) -> datetime | None:
    try:
        exif_ifd = img.getexif().get_ifd(ExifTags.IFD.Exif)
        raw_when = exif_ifd.get(_EXIF_DATETIME_ORIGINAL)
        raw_offset = exif_ifd.get(_EXIF_OFFSET_TIME_ORIGINAL)
    except _EXIF_ERRORS:
        return None
    return _parse_exif_datetime(raw_when, raw_offset, default_tz)


def _parse_exif_datetime(
    raw_when: object, raw_offset: object, default_tz: tzinfo
) -> datetime | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" + optional "+HH:MM"; anything odd gives None, never raises."""
    match = _EXIF_DATETIME_RE.fullmatch(_exif_text(raw_when))
    if match is None:
        return None
    # A bad offset is ignored rather than discarding a good local time.
    tz = _parse_exif_offset(_exif_text(raw_offset)) or default_tz
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:  # "0000:00:00 00:00:00" and other impossible dates
        return None


def _parse_exif_offset(text: str) -> timezone | None:
    match = _EXIF_OFFSET_RE.fullmatch(text)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if hours > 14 or minutes > 59:  # real UTC offsets span -12:00..+14:00
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if sign == "-" else offset)


def _exif_text(value: object) -> str:
    # EXIF ASCII values come back as str, sometimes bytes, often NUL/space padded.
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _encode_jpeg(img: Image.Image, quality: int) -> bytes:
    # Explicit arguments only: empty EXIF, no icc_profile/xmp/comment. optimize=True costs
    # ~10 ms on 3 MP for ~12 % smaller files (patients upload/download on mobile data);
    # progressive would cost ~35 ms more for a similar gain, so it stays off.
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=False, exif=b"")
    return buffer.getvalue()

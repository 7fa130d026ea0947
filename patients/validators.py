"""Validators for the people side of the model: phone numbers, time zones, code lists."""

import re
import zoneinfo
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def normalize_phone(raw: str) -> str:
    """People type numbers with spaces, dashes and brackets; store them as E.164."""
    return re.sub(r"[\s\-().]", "", raw)


def validate_e164(value: str) -> None:
    if not E164.match(value):
        raise ValidationError(
            _("Enter the phone number in international format, e.g. +4520123456."),
            code="invalid_phone",
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


@deconstructible
class CodeListValidator:
    """A JSON list that may only hold known codes, each once (symptoms, areas, risk factors)."""

    def __init__(self, allowed: Collection[str]) -> None:
        self.allowed = tuple(allowed)

    def __call__(self, value: object) -> None:
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(_("Expected a list of codes."), code="invalid_list")
        unknown = sorted(set(value) - set(self.allowed))
        if unknown:
            raise ValidationError(
                _("Unknown codes: %(codes)s"), params={"codes": ", ".join(unknown)}, code="unknown"
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A code is listed twice."), code="duplicate")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeListValidator) and other.allowed == self.allowed

    def __hash__(self) -> int:
        return hash(self.allowed)

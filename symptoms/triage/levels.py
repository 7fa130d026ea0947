"""Triage levels, from least to most urgent."""

import enum
from collections.abc import Iterable


class Level(enum.StrEnum):
    OBSERVE = "observe"
    CALL_CLINIC = "call_clinic"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        """0 for observe, 1 for call_clinic, 2 for emergency."""
        return _RANKS[self]


_RANKS = {level: rank for rank, level in enumerate(Level)}


def highest(levels: Iterable[Level]) -> Level:
    """The most urgent of `levels`; observe when there are none."""
    return max(levels, key=_RANKS.__getitem__, default=Level.OBSERVE)

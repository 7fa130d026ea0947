"""What the classifier reads (Observation) and what it returns (Triage)."""

from dataclasses import dataclass

from symptoms.triage.levels import Level


@dataclass(frozen=True, slots=True)
class Observation:
    """One symptom entry as the classifier sees it. All times are hours after the treatment."""

    area: str
    severity: int
    trend: str
    symptoms: frozenset[str]
    onset_hours: float  # when the symptom began
    hours_since_treatment: float  # when the entry was logged
    note: str = ""


@dataclass(frozen=True, slots=True)
class Triage:
    level: Level
    rules: tuple[str, ...]  # IDs of every rule that fired, in table order
    version: str

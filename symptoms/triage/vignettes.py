"""Vignettes: JSON lines in the shape of shared/vignettes/dev.jsonl, read into classifier input.

One line: {"id", "hours_since_treatment", "patient": {"risk_factors": [...]},
"entry": {area, onset_hours, severity, trend, symptoms, note}, "history": [...], "expected"?}.
History items have the entry's keys plus their own "hours_since_treatment".
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from symptoms.triage.classifier import classify
from symptoms.triage.levels import Level
from symptoms.triage.records import Observation, Triage


@dataclass(frozen=True, slots=True)
class Vignette:
    id: str
    entry: Observation
    risk_factors: frozenset[str]
    history: tuple[Observation, ...]
    expected: Level | None = None

    def classify(self) -> Triage:
        return classify(self.entry, risk_factors=self.risk_factors, history=self.history)


def observation(data: Mapping[str, Any], *, hours_since_treatment: float) -> Observation:
    """One entry (or history item) of a vignette as an Observation."""
    return Observation(
        area=str(data["area"]),
        severity=int(data["severity"]),
        trend=str(data["trend"]),
        symptoms=frozenset(str(code) for code in data["symptoms"]),
        onset_hours=float(data["onset_hours"]),
        hours_since_treatment=float(hours_since_treatment),
        note=str(data.get("note", "")),
    )


def parse_vignette(line: str) -> Vignette:
    """One JSON line as a Vignette."""
    data = json.loads(line)
    expected = data.get("expected")
    return Vignette(
        id=str(data["id"]),
        entry=observation(data["entry"], hours_since_treatment=data["hours_since_treatment"]),
        risk_factors=frozenset(data.get("patient", {}).get("risk_factors", ())),
        history=tuple(
            observation(item, hours_since_treatment=item["hours_since_treatment"])
            for item in data.get("history", ())
        ),
        expected=None if expected is None else Level(expected),
    )


def read_vignettes(lines: Iterable[str]) -> Iterator[Vignette]:
    """Every non-blank line as a Vignette. Raises ValueError naming the line when malformed."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse_vignette(line)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"line {number}: not a valid vignette: {error!r}") from error

"""classify(): apply the rule table to one entry. Pure: no clock, no I/O."""

from collections.abc import Collection, Sequence

from symptoms.triage.levels import highest
from symptoms.triage.records import Observation, Triage
from symptoms.triage.rules import RISE_WINDOW, RULES, RULESET_VERSION, Facts
from symptoms.triage.vocabulary import SYMPTOMS, TRENDS

_KNOWN_SYMPTOMS = frozenset(SYMPTOMS)
_KNOWN_TRENDS = frozenset(TRENDS)


def classify(
    entry: Observation, *, risk_factors: Collection[str], history: Sequence[Observation]
) -> Triage:
    """Triage `entry`; `history` holds the same treatment's other entries, in any order."""
    facts = facts_for(entry, risk_factors=risk_factors, history=history)
    fired = [rule for rule in RULES if rule.condition(facts)]
    return Triage(
        level=highest(rule.level for rule in fired),
        rules=tuple(rule.id for rule in fired),
        version=RULESET_VERSION,
    )


def facts_for(
    entry: Observation, *, risk_factors: Collection[str], history: Sequence[Observation]
) -> Facts:
    """What the rules look at. Only history logged before `entry`, for the same area, counts."""
    earlier = [
        past
        for past in history
        if past.area == entry.area and past.hours_since_treatment < entry.hours_since_treatment
    ]
    previous = _previous(entry, earlier)
    return Facts(
        area=entry.area,
        severity=entry.severity,
        trend=entry.trend if entry.trend in _KNOWN_TRENDS else "worsening",
        symptoms=_known_symptoms(entry.symptoms),
        onset_hours=entry.onset_hours,
        hours_since_treatment=entry.hours_since_treatment,
        note=entry.note,
        risk_factors=frozenset(risk_factors),
        previous_severity=None if previous is None else previous.severity,
        earlier_symptoms=frozenset().union(*(past.symptoms for past in earlier)),
    )


def _known_symptoms(codes: frozenset[str]) -> frozenset[str]:
    """Unknown codes lean upward: they are read as `other`."""
    if codes <= _KNOWN_SYMPTOMS:
        return codes
    return (codes & _KNOWN_SYMPTOMS) | {"other"}


def _previous(entry: Observation, earlier: list[Observation]) -> Observation | None:
    """The most recent earlier entry within RISE_WINDOW hours (C2); on a tie, the lower one."""
    window = [
        past
        for past in earlier
        if entry.hours_since_treatment - past.hours_since_treatment <= RISE_WINDOW
    ]
    return max(window, key=lambda past: (past.hours_since_treatment, -past.severity), default=None)

"""Triage classifier for symptom entries after a treatment (pure Python, no Django).

The rules are those of shared/clinical-rules.md; see rules.RULES for the table.
"""

from symptoms.triage.classifier import classify
from symptoms.triage.levels import Level, highest
from symptoms.triage.records import Observation, Triage
from symptoms.triage.rules import RULES, RULESET_VERSION, Rule

__all__ = [
    "RULES",
    "RULESET_VERSION",
    "Level",
    "Observation",
    "Rule",
    "Triage",
    "classify",
    "highest",
]

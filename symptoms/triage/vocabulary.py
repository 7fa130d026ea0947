"""Codes of the triage vocabulary (see shared/clinical-rules.md, "Vocabulary").

Other parts of the project import these for model choices and API validation, so the
names and the order (the specification's order) are part of the public API.
"""

from typing import Final

AREAS: Final[tuple[str, ...]] = ("face", "scalp", "neck", "decollete", "hands", "body", "other")
TRENDS: Final[tuple[str, ...]] = ("improving", "unchanged", "worsening")

SEVERITY_MIN: Final[int] = 0
SEVERITY_MAX: Final[int] = 10

EXPECTED_SYMPTOMS: Final[tuple[str, ...]] = (
    "redness",
    "bumps",
    "tenderness",
    "bruising",
    "itching",
    "burning",
    "swelling",
)
WARNING_SYMPTOMS: Final[tuple[str, ...]] = (
    "discoloration",
    "asymmetry",
    "nodules",
    "drainage",
    "pus",
    "spreading_redness",
    "warmth",
    "blisters",
    "feeling_unwell",
    "dizziness",
    "palpitations",
    "other",
)
EMERGENCY_SYMPTOMS: Final[tuple[str, ...]] = (
    "breathing_difficulty",
    "widespread_allergy",
    "rapid_swelling",
    "vision_change",
    "neurological",
    "fever",
    "chest_pain",
)
SYMPTOMS: Final[tuple[str, ...]] = EXPECTED_SYMPTOMS + WARNING_SYMPTOMS + EMERGENCY_SYMPTOMS

INFECTION_SIGNS: Final[frozenset[str]] = frozenset(
    {"warmth", "drainage", "pus", "spreading_redness", "fever"}
)

RISK_FACTORS: Final[tuple[str, ...]] = (
    "diabetes",
    "liver_disease",
    "kidney_disease",
    "heart_disease",
    "immunosuppression",
    "anticoagulants",
    "pregnancy_or_breastfeeding",
    "allergy_history",
    "scalp_condition",
    "isotretinoin",
)
IMPAIRED_HEALING: Final[frozenset[str]] = frozenset(
    {"diabetes", "liver_disease", "kidney_disease", "immunosuppression"}
)

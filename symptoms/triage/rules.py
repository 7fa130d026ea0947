"""The rule table of shared/clinical-rules.md, one small predicate per rule ID.

Read RULES (at the bottom) beside the specification: same IDs, same order, same levels.
Each predicate's docstring is the specification's "fires when".
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from symptoms.triage.levels import Level
from symptoms.triage.phrases import has_emergency_phrase
from symptoms.triage.vocabulary import IMPAIRED_HEALING, INFECTION_SIGNS

RULESET_VERSION: Final = "2026.1"

MODERATE: Final = range(4, 7)  # severity band 4-6 (mild 0-3, severe 7-10)
DAY_3: Final = 72  # hours after treatment: "2-3 dage: Ømhed eller følsomhed bør falde"
WEEK_1: Final = 7 * 24  # "1 uge: Området skal være mere roligt"
LATE_ONSET: Final = 72  # C13: a symptom beginning this late is not part of the normal course
RISE_WINDOW: Final = 72  # C2: compare with the previous entry logged within this many hours
LATE_SIGNS: Final = frozenset({"redness", "swelling", "nodules", "tenderness"})


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the rules look at, derived once per entry (see classifier.facts_for)."""

    area: str
    severity: int
    trend: str  # an unknown trend is read as "worsening"
    symptoms: frozenset[str]  # unknown codes are read as "other"
    onset_hours: float
    hours_since_treatment: float
    note: str
    risk_factors: frozenset[str]
    previous_severity: int | None  # previous entry, same area, within RISE_WINDOW hours
    earlier_symptoms: frozenset[str]  # every code in any earlier entry for the same area


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    condition: Callable[[Facts], bool]


def _infection_sign(f: Facts) -> bool:
    return not INFECTION_SIGNS.isdisjoint(f.symptoms)


def _impaired_healing(f: Facts) -> bool:
    return not IMPAIRED_HEALING.isdisjoint(f.risk_factors)


# Emergency rules


def breathing_difficulty(f: Facts) -> bool:
    """`breathing_difficulty`"""
    return "breathing_difficulty" in f.symptoms


def widespread_allergy(f: Facts) -> bool:
    """`widespread_allergy`"""
    return "widespread_allergy" in f.symptoms


def rapid_swelling(f: Facts) -> bool:
    """`rapid_swelling`"""
    return "rapid_swelling" in f.symptoms


def vision_change(f: Facts) -> bool:
    """`vision_change`"""
    return "vision_change" in f.symptoms


def neurological(f: Facts) -> bool:
    """`neurological`"""
    return "neurological" in f.symptoms


def fever(f: Facts) -> bool:
    """`fever`"""
    return "fever" in f.symptoms


def pus(f: Facts) -> bool:
    """`pus`"""
    return "pus" in f.symptoms


def spreading_redness(f: Facts) -> bool:
    """`spreading_redness` (the Advarselstegn table's call_clinic is resolved upward)"""
    return "spreading_redness" in f.symptoms


def severe_pain(f: Facts) -> bool:
    """severity >= 8 ("stærke smerter")"""
    return f.severity >= 8


def severe_not_improving(f: Facts) -> bool:
    """severity = 7 and trend is not `improving`"""
    return f.severity == 7 and f.trend != "improving"


def chest_pain(f: Facts) -> bool:
    """`chest_pain`"""
    return "chest_pain" in f.symptoms


def worsening_infection(f: Facts) -> bool:
    """an infection sign (`warmth` or `drainage`) together with trend `worsening`"""
    return f.trend == "worsening" and not f.symptoms.isdisjoint({"warmth", "drainage"})


def emergency_phrase_in_note(f: Facts) -> bool:
    """free-text note contains an emergency phrase (see phrases.py)"""
    return has_emergency_phrase(f.note)


# Call-clinic rules


def worsening(f: Facts) -> bool:
    """trend `worsening`"""
    return f.trend == "worsening"


def severity_rose(f: Facts) -> bool:
    """severity rose by 2 or more since the previous entry for the same area within 72 h"""
    return f.previous_severity is not None and f.severity - f.previous_severity >= 2


def marked_swelling(f: Facts) -> bool:
    """`swelling` with severity >= 4"""
    return "swelling" in f.symptoms and f.severity >= 4


def discoloration(f: Facts) -> bool:
    """`discoloration`"""
    return "discoloration" in f.symptoms


def asymmetry(f: Facts) -> bool:
    """`asymmetry`"""
    return "asymmetry" in f.symptoms


def nodules(f: Facts) -> bool:
    """`nodules`"""
    return "nodules" in f.symptoms


def drainage(f: Facts) -> bool:
    """`drainage`"""
    return "drainage" in f.symptoms


def warmth_or_blisters(f: Facts) -> bool:
    """`warmth` or `blisters`"""
    return not f.symptoms.isdisjoint({"warmth", "blisters"})


def general_health_affected(f: Facts) -> bool:
    """`feeling_unwell`, `dizziness` or `palpitations`"""
    return not f.symptoms.isdisjoint({"feeling_unwell", "dizziness", "palpitations"})


def severe_improving(f: Facts) -> bool:
    """severity = 7 and trend `improving`"""
    return f.severity == 7 and f.trend == "improving"


def moderate_unchanged_day_3(f: Facts) -> bool:
    """moderate severity (4-6) and trend `unchanged`, logged 72 h or more after treatment"""
    return f.severity in MODERATE and f.trend == "unchanged" and f.hours_since_treatment >= DAY_3


def moderate_week_1(f: Facts) -> bool:
    """moderate severity (4-6), logged 7 days or more after treatment, whatever the trend"""
    return f.severity in MODERATE and f.hours_since_treatment >= WEEK_1


def late_new_symptom(f: Facts) -> bool:
    """onset >= 72 h of redness, swelling, nodules or tenderness not in an earlier entry"""
    return f.onset_hours >= LATE_ONSET and not (f.symptoms & LATE_SIGNS) <= f.earlier_symptoms


def other_moderate(f: Facts) -> bool:
    """`other` with severity >= 4"""
    return "other" in f.symptoms and f.severity >= 4


# Risk-factor rules


def impaired_healing_infection(f: Facts) -> bool:
    """impaired-healing group and any infection sign"""
    return _impaired_healing(f) and _infection_sign(f)


def impaired_healing_slow_course(f: Facts) -> bool:
    """impaired-healing group and `redness` or `swelling`, trend `unchanged` or `worsening`,
    logged 72 h or more after treatment"""
    return (
        _impaired_healing(f)
        and not f.symptoms.isdisjoint({"redness", "swelling"})
        and f.trend in {"unchanged", "worsening"}
        and f.hours_since_treatment >= DAY_3
    )


def anticoagulants_expanding_swelling(f: Facts) -> bool:
    """`anticoagulants` and `swelling` with trend `worsening` (expanding haematoma)"""
    return "anticoagulants" in f.risk_factors and "swelling" in f.symptoms and worsening(f)


def anticoagulants_bruising(f: Facts) -> bool:
    """`anticoagulants` and `bruising` with severity >= 4"""
    return "anticoagulants" in f.risk_factors and "bruising" in f.symptoms and f.severity >= 4


def heart_disease_dizziness(f: Facts) -> bool:
    """`heart_disease` and (`dizziness` or `palpitations`)"""
    return "heart_disease" in f.risk_factors and not f.symptoms.isdisjoint(
        {"dizziness", "palpitations"}
    )


def pregnancy_moderate(f: Facts) -> bool:
    """`pregnancy_or_breastfeeding` and severity >= 4"""
    return "pregnancy_or_breastfeeding" in f.risk_factors and f.severity >= 4


def allergy_worsening_swelling_itching(f: Facts) -> bool:
    """`allergy_history` and (`swelling` or `itching`) with trend `worsening`"""
    return (
        "allergy_history" in f.risk_factors
        and not f.symptoms.isdisjoint({"swelling", "itching"})
        and worsening(f)
    )


def scalp_condition_infection(f: Facts) -> bool:
    """`scalp_condition`, area `scalp` and any infection sign"""
    return "scalp_condition" in f.risk_factors and f.area == "scalp" and _infection_sign(f)


RULES: Final[tuple[Rule, ...]] = (
    Rule(id="E1", level=Level.EMERGENCY, condition=breathing_difficulty),
    Rule(id="E2", level=Level.EMERGENCY, condition=widespread_allergy),
    Rule(id="E3", level=Level.EMERGENCY, condition=rapid_swelling),
    Rule(id="E4", level=Level.EMERGENCY, condition=vision_change),
    Rule(id="E5", level=Level.EMERGENCY, condition=neurological),
    Rule(id="E6", level=Level.EMERGENCY, condition=fever),
    Rule(id="E7", level=Level.EMERGENCY, condition=pus),
    Rule(id="E8", level=Level.EMERGENCY, condition=spreading_redness),
    Rule(id="E9", level=Level.EMERGENCY, condition=severe_pain),
    Rule(id="E10", level=Level.EMERGENCY, condition=severe_not_improving),
    Rule(id="E11", level=Level.EMERGENCY, condition=chest_pain),
    Rule(id="E12", level=Level.EMERGENCY, condition=worsening_infection),
    Rule(id="E13", level=Level.EMERGENCY, condition=emergency_phrase_in_note),
    Rule(id="C1", level=Level.CALL_CLINIC, condition=worsening),
    Rule(id="C2", level=Level.CALL_CLINIC, condition=severity_rose),
    Rule(id="C3", level=Level.CALL_CLINIC, condition=marked_swelling),
    Rule(id="C4", level=Level.CALL_CLINIC, condition=discoloration),
    Rule(id="C5", level=Level.CALL_CLINIC, condition=asymmetry),
    Rule(id="C6", level=Level.CALL_CLINIC, condition=nodules),
    Rule(id="C7", level=Level.CALL_CLINIC, condition=drainage),
    Rule(id="C8", level=Level.CALL_CLINIC, condition=warmth_or_blisters),
    Rule(id="C9", level=Level.CALL_CLINIC, condition=general_health_affected),
    Rule(id="C10", level=Level.CALL_CLINIC, condition=severe_improving),
    Rule(id="C11", level=Level.CALL_CLINIC, condition=moderate_unchanged_day_3),
    Rule(id="C12", level=Level.CALL_CLINIC, condition=moderate_week_1),
    Rule(id="C13", level=Level.CALL_CLINIC, condition=late_new_symptom),
    Rule(id="C14", level=Level.CALL_CLINIC, condition=other_moderate),
    Rule(id="R1", level=Level.EMERGENCY, condition=impaired_healing_infection),
    Rule(id="R2", level=Level.CALL_CLINIC, condition=impaired_healing_slow_course),
    Rule(id="R3", level=Level.EMERGENCY, condition=anticoagulants_expanding_swelling),
    Rule(id="R4", level=Level.CALL_CLINIC, condition=anticoagulants_bruising),
    Rule(id="R5", level=Level.EMERGENCY, condition=heart_disease_dizziness),
    Rule(id="R6", level=Level.CALL_CLINIC, condition=pregnancy_moderate),
    Rule(id="R7", level=Level.EMERGENCY, condition=allergy_worsening_swelling_itching),
    Rule(id="R8", level=Level.EMERGENCY, condition=scalp_condition_infection),
)

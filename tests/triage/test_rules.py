"""One test per rule ID of shared/clinical-rules.md: it fires, and not just below its threshold."""

import pytest

from symptoms.triage import RULES, RULESET_VERSION, Level, Observation, Triage, classify
from symptoms.triage.phrases import EMERGENCY_PHRASES, has_emergency_phrase
from symptoms.triage.vocabulary import IMPAIRED_HEALING


def obs(
    *symptoms: str,
    severity: int = 2,
    trend: str = "improving",
    area: str = "face",
    onset: float = 2,
    hours: float = 10,
    note: str = "",
) -> Observation:
    return Observation(
        area=area,
        severity=severity,
        trend=trend,
        symptoms=frozenset(symptoms),
        onset_hours=onset,
        hours_since_treatment=hours,
        note=note,
    )


def triage(
    entry: Observation, *, risks: tuple[str, ...] = (), history: tuple[Observation, ...] = ()
) -> Triage:
    return classify(entry, risk_factors=risks, history=history)


def fired(
    entry: Observation, *, risks: tuple[str, ...] = (), history: tuple[Observation, ...] = ()
) -> tuple[str, ...]:
    return triage(entry, risks=risks, history=history).rules


# Emergency rules


def test_e1_breathing_difficulty():
    assert triage(obs("breathing_difficulty")) == Triage(Level.EMERGENCY, ("E1",), "2026.1")
    assert "E1" not in fired(obs("redness"))


def test_e2_widespread_allergy():
    assert fired(obs("widespread_allergy")) == ("E2",)
    assert "E2" not in fired(obs("itching"))


def test_e3_rapid_swelling():
    assert fired(obs("rapid_swelling")) == ("E3",)
    assert "E3" not in fired(obs("swelling"))


def test_e4_vision_change():
    assert fired(obs("vision_change")) == ("E4",)
    assert "E4" not in fired(obs("redness"))


def test_e5_neurological():
    assert fired(obs("neurological")) == ("E5",)
    assert "E5" not in fired(obs("tenderness"))


def test_e6_fever():
    assert fired(obs("fever")) == ("E6",)
    assert "E6" not in fired(obs("warmth"))


def test_e7_pus():
    assert fired(obs("pus")) == ("E7",)
    assert "E7" not in fired(obs("bumps"))


def test_e8_spreading_redness_resolved_upward():
    assert triage(obs("spreading_redness")).level == Level.EMERGENCY
    assert "E8" not in fired(obs("redness"))


def test_e9_severity_8_or_more():
    assert fired(obs(severity=8)) == ("E9",)
    assert fired(obs(severity=10)) == ("E9",)
    assert "E9" not in fired(obs(severity=7))


def test_e10_severity_7_not_improving():
    assert fired(obs(severity=7, trend="unchanged")) == ("E10",)
    assert fired(obs(severity=7, trend="worsening")) == ("E10", "C1")
    assert "E10" not in fired(obs(severity=7, trend="improving"))
    assert "E10" not in fired(obs(severity=6, trend="unchanged"))
    assert "E10" not in fired(obs(severity=8, trend="unchanged"))


def test_e11_chest_pain():
    assert fired(obs("chest_pain")) == ("E11",)
    assert "E11" not in fired(obs("palpitations"))


def test_e12_worsening_infection_sign():
    assert fired(obs("warmth", trend="worsening")) == ("E12", "C1", "C8")
    assert fired(obs("drainage", trend="worsening")) == ("E12", "C1", "C7")
    assert "E12" not in fired(obs("warmth", trend="unchanged"))
    assert "E12" not in fired(obs("redness", trend="worsening"))


def test_e13_emergency_phrase_in_note():
    assert triage(obs("redness", note="I can't breathe")) == Triage(
        Level.EMERGENCY, ("E13",), RULESET_VERSION
    )
    assert "E13" not in fired(obs("redness", note="Lidt rød men bedre end i morges"))
    assert "E13" not in fired(obs("redness"))


# Call-clinic rules


def test_c1_worsening():
    assert triage(obs("redness", trend="worsening")) == Triage(
        Level.CALL_CLINIC, ("C1",), RULESET_VERSION
    )
    assert "C1" not in fired(obs("redness", trend="unchanged"))


def test_c2_severity_rose_by_2_within_72_hours():
    before = obs("tenderness", severity=3, hours=10)
    assert fired(obs("tenderness", severity=5, hours=30), history=(before,)) == ("C2",)
    # whatever the stated trend, and exactly 72 h earlier still counts
    assert fired(obs(severity=5, hours=82), history=(before,)) == ("C2",)
    # a rise of 1, or a previous entry 73 h earlier, does not
    assert "C2" not in fired(obs(severity=4, hours=30), history=(before,))
    assert "C2" not in fired(obs(severity=5, hours=83), history=(before,))
    # another area, or an entry logged later, is not the previous entry
    assert "C2" not in fired(obs(severity=5, hours=30), history=(obs(area="neck", severity=1),))
    assert "C2" not in fired(obs(severity=5, hours=30), history=(obs(severity=1, hours=40),))


def test_c2_compares_with_the_most_recent_entry_in_any_order():
    history = (obs(severity=4, hours=20), obs(severity=1, hours=5))
    assert "C2" not in fired(obs(severity=5, hours=30), history=history)
    assert "C2" not in fired(obs(severity=5, hours=30), history=history[::-1])
    assert "C2" in fired(obs(severity=6, hours=30), history=history[::-1])


def test_c3_marked_swelling():
    assert fired(obs("swelling", severity=4)) == ("C3",)
    assert "C3" not in fired(obs("swelling", severity=3))
    assert "C3" not in fired(obs("redness", severity=4))


def test_c4_discoloration():
    assert fired(obs("discoloration")) == ("C4",)
    assert "C4" not in fired(obs("bruising"))


def test_c5_asymmetry():
    assert fired(obs("asymmetry")) == ("C5",)
    assert "C5" not in fired(obs("swelling"))


def test_c6_nodules():
    assert fired(obs("nodules")) == ("C6",)
    assert "C6" not in fired(obs("bumps"))


def test_c7_drainage():
    assert fired(obs("drainage")) == ("C7",)
    assert "C7" not in fired(obs("bumps"))


def test_c8_warmth_or_blisters():
    assert fired(obs("warmth")) == ("C8",)
    assert fired(obs("blisters")) == ("C8",)
    assert "C8" not in fired(obs("burning"))


@pytest.mark.parametrize("symptom", ["feeling_unwell", "dizziness", "palpitations"])
def test_c9_general_health_affected(symptom: str):
    assert fired(obs(symptom)) == ("C9",)
    assert "C9" not in fired(obs("tenderness"))


def test_c10_severity_7_improving():
    assert fired(obs(severity=7, trend="improving")) == ("C10",)
    assert "C10" not in fired(obs(severity=6, trend="improving"))
    assert "C10" not in fired(obs(severity=7, trend="unchanged"))


def test_c11_moderate_unchanged_from_72_hours():
    assert fired(obs("tenderness", severity=5, trend="unchanged", hours=72)) == ("C11",)
    assert fired(obs(severity=4, trend="unchanged", hours=72)) == ("C11",)
    assert "C11" not in fired(obs(severity=5, trend="unchanged", hours=71))
    assert "C11" not in fired(obs(severity=3, trend="unchanged", hours=72))
    assert "C11" not in fired(obs(severity=7, trend="unchanged", hours=72))
    assert "C11" not in fired(obs(severity=5, trend="improving", hours=72))


def test_c12_moderate_after_one_week():
    assert fired(obs("redness", severity=4, trend="improving", hours=168)) == ("C12",)
    assert "C12" in fired(obs(severity=6, trend="worsening", hours=200))
    assert "C12" not in fired(obs(severity=4, hours=167))
    assert "C12" not in fired(obs(severity=3, hours=168))
    assert "C12" not in fired(obs(severity=7, hours=168))


def test_c13_late_new_symptom():
    assert fired(obs("redness", onset=72, hours=80)) == ("C13",)
    assert "C13" not in fired(obs("redness", onset=71, hours=80))
    assert "C13" not in fired(obs("bumps", onset=72, hours=80))
    seen = obs("redness", "bumps", hours=20)
    assert "C13" not in fired(obs("redness", onset=72, hours=80), history=(seen,))
    assert "C13" in fired(obs("redness", "nodules", onset=72, hours=80), history=(seen,))
    # only earlier entries for the same area count
    assert "C13" in fired(
        obs("redness", onset=72, hours=80), history=(obs("redness", area="neck"),)
    )
    assert "C13" in fired(obs("redness", onset=72, hours=80), history=(obs("redness", hours=90),))


def test_c14_other_with_severity_4():
    assert fired(obs("other", severity=4)) == ("C14",)
    assert "C14" not in fired(obs("other", severity=3))
    assert "C14" not in fired(obs("redness", severity=4))


# Risk-factor rules


@pytest.mark.parametrize("risk", sorted(IMPAIRED_HEALING))
def test_r1_impaired_healing_and_infection_sign(risk: str):
    assert fired(obs("warmth"), risks=(risk,)) == ("C8", "R1")
    assert triage(obs("warmth"), risks=(risk,)).level == Level.EMERGENCY
    assert "R1" not in fired(obs("warmth"))
    assert "R1" not in fired(obs("warmth"), risks=("heart_disease",))
    assert "R1" not in fired(obs("redness"), risks=(risk,))


def test_r2_impaired_healing_slow_course_from_72_hours():
    assert fired(obs("redness", trend="unchanged", hours=72), risks=("diabetes",)) == ("R2",)
    assert "R2" in fired(obs("swelling", trend="worsening", hours=100), risks=("kidney_disease",))
    assert "R2" not in fired(obs("redness", trend="unchanged", hours=71), risks=("diabetes",))
    assert "R2" not in fired(obs("redness", trend="improving", hours=72), risks=("diabetes",))
    assert "R2" not in fired(obs("bumps", trend="unchanged", hours=72), risks=("diabetes",))
    assert "R2" not in fired(obs("redness", trend="unchanged", hours=72))


def test_r3_anticoagulants_expanding_swelling():
    assert fired(obs("swelling", trend="worsening"), risks=("anticoagulants",)) == ("C1", "R3")
    assert "R3" not in fired(obs("swelling", trend="unchanged"), risks=("anticoagulants",))
    assert "R3" not in fired(obs("swelling", trend="worsening"))


def test_r4_anticoagulants_bruising_severity_4():
    assert fired(obs("bruising", severity=4), risks=("anticoagulants",)) == ("R4",)
    assert "R4" not in fired(obs("bruising", severity=3), risks=("anticoagulants",))
    assert "R4" not in fired(obs("bruising", severity=4))


@pytest.mark.parametrize("symptom", ["dizziness", "palpitations"])
def test_r5_heart_disease_dizziness_or_palpitations(symptom: str):
    assert triage(obs(symptom), risks=("heart_disease",)).rules == ("C9", "R5")
    assert triage(obs(symptom), risks=("heart_disease",)).level == Level.EMERGENCY
    assert "R5" not in fired(obs(symptom))
    assert "R5" not in fired(obs("feeling_unwell"), risks=("heart_disease",))


def test_r6_pregnancy_severity_4():
    assert fired(obs(severity=4), risks=("pregnancy_or_breastfeeding",)) == ("R6",)
    assert "R6" not in fired(obs(severity=3), risks=("pregnancy_or_breastfeeding",))
    assert "R6" not in fired(obs(severity=4))


@pytest.mark.parametrize("symptom", ["swelling", "itching"])
def test_r7_allergy_worsening_swelling_or_itching(symptom: str):
    assert fired(obs(symptom, trend="worsening"), risks=("allergy_history",)) == ("C1", "R7")
    assert "R7" not in fired(obs(symptom, trend="unchanged"), risks=("allergy_history",))
    assert "R7" not in fired(obs("redness", trend="worsening"), risks=("allergy_history",))
    assert "R7" not in fired(obs(symptom, trend="worsening"))


def test_r8_scalp_condition_scalp_infection_sign():
    scalp = obs("drainage", area="scalp")
    assert fired(scalp, risks=("scalp_condition",)) == ("C7", "R8")
    assert "R8" not in fired(obs("drainage", area="face"), risks=("scalp_condition",))
    assert "R8" not in fired(obs("redness", area="scalp"), risks=("scalp_condition",))
    assert "R8" not in fired(scalp)


# The table as a whole


def test_it_has_every_rule_in_spec_order():
    ids = [rule.id for rule in RULES]
    expected = (
        [f"E{n}" for n in range(1, 14)]
        + [f"C{n}" for n in range(1, 15)]
        + [f"R{n}" for n in range(1, 9)]
    )
    assert ids == expected
    assert {rule.level for rule in RULES if rule.id[0] == "E"} == {Level.EMERGENCY}
    assert {rule.level for rule in RULES if rule.id[0] == "C"} == {Level.CALL_CLINIC}


def test_it_has_a_reason_for_every_rule():
    from symptoms.triage_text import REASONS

    assert set(REASONS) == {rule.id for rule in RULES}


def test_it_observes_when_nothing_fires():
    assert triage(obs()) == Triage(Level.OBSERVE, (), RULESET_VERSION)
    assert triage(obs("redness", "bumps", "itching", severity=3, trend="unchanged")).rules == ()


def test_it_lets_the_highest_level_win():
    result = triage(obs("fever", "discoloration", trend="worsening", severity=5))
    assert result.level == Level.EMERGENCY
    assert result.rules == ("E6", "C1", "C4")


def test_it_reads_an_unknown_symptom_as_other():
    assert triage(obs("redness", severity=5)).level == Level.OBSERVE
    assert triage(obs("redness", "purple_spots", severity=5)).rules == ("C14",)
    assert triage(obs("purple_spots", severity=5)).level == Level.CALL_CLINIC


def test_it_reads_an_unknown_trend_as_worsening():
    assert triage(obs("redness", trend="getting_worse")).rules == ("C1",)


def test_it_orders_levels():
    assert [level.rank for level in Level] == [0, 1, 2]
    assert Level.OBSERVE.rank < Level.CALL_CLINIC.rank < Level.EMERGENCY.rank


# E13 in the patient's own words


EMERGENCY_NOTES = {
    "da": [
        "Jeg kan ikke trække vejret",
        "jeg kan ikke traekke vejret",
        "Jeg har svært ved at trække vejret",
        "har svaert ved at traekke vejret",
        "Jeg har åndenød",
        "jeg har aandenoed",
        "jeg har andenod",
        "Min datter er besvimet",
        "Jeg ser dobbelt",
        "Jeg kan ikke se ud af venstre øje",
        "jeg kan ikke se ud af venstre oje",
        "Halsen snører sig sammen",
        "Det føles som om halsen lukker sig",
        "Mundvigen hænger i den ene side",
        "mundvigen haenger i den ene side",
        "Jeg kan ikke bevæge ansigtet",
        "SLØRET SYN siden i morges",
    ],
    "en": [
        "I can't breathe",
        "I can’t breathe properly",
        "I cannot breathe",
        "I'm short of breath",
        "My throat is closing",
        "I passed out this morning",
        "She fainted",
        "I can't see out of my left eye",
        "I lost vision in one eye",
        "My vision is blurry",
        "I have double vision",
        "My face is drooping on one side",
        "I can't move my face",
        "CAN'T BREATHE",
    ],
    "tr": [
        "Nefes alamıyorum",
        "nefes alamiyorum",
        "NEFES ALAMIYORUM",
        "Nefes darlığı var",
        "nefes darligi var",
        "Boğazım kapanıyor",
        "bogazim kapaniyor",
        "Bayıldım",
        "bayildim",
        "BAYILDIM",
        "Göremiyorum",
        "goremiyorum",
        "GÖREMİYORUM",
        "Yüzümde felç var",
        "yuzumde felc var",
        "Her şeyi çift görüyorum",
    ],
}

HARMLESS_NOTES = [
    "Lidt rød men bedre end i morges",
    "Jeg kan ikke se nogen forskel endnu",
    "Man kan ikke se blå mærket mere",
    "Jeg ser ikke noget til hævelsen mere",
    "Getting the blackheads out helped",
    "Ingen åndenød, kun lidt rødme",
    "I can't see any difference yet",
    "Faint redness around the area",
    "No shortness of breath, just itchy",
    "Henüz bir fark göremiyorum",
    "Nefes darlığı yok, sadece kızarıklık",
    "Biraz kızarıklık var ama iyiyim",
    "",
]


@pytest.mark.parametrize("note", [note for notes in EMERGENCY_NOTES.values() for note in notes])
def test_it_finds_emergency_phrases_in_danish_english_and_turkish(note: str):
    assert has_emergency_phrase(note)
    assert triage(obs("redness", note=note)).rules == ("E13",)


@pytest.mark.parametrize("note", HARMLESS_NOTES)
def test_it_ignores_harmless_notes(note: str):
    assert not has_emergency_phrase(note)


def test_it_does_not_let_a_phrase_or_exclusion_span_sentences():
    assert has_emergency_phrase("I can't see. Any difference is hard to tell")
    assert not has_emergency_phrase("Det strammer lidt. I halsen er alt fint")


def test_it_matches_every_listed_phrase_as_written():
    for languages in EMERGENCY_PHRASES.values():
        for phrases in languages.values():
            for phrase in phrases:
                written = " ".join(word.rstrip("*") for word in phrase.split() if word != "..")
                assert has_emergency_phrase(written), phrase


def test_it_never_lowers_a_level_with_e13():
    note = "I can't breathe"
    assert triage(obs("fever", note=note)).rules == ("E6", "E13")
    assert triage(obs("fever", note="all fine, nothing to worry about")).level == Level.EMERGENCY
    assert triage(obs("asymmetry", note="everything is fine")).level == Level.CALL_CLINIC

"""Micro-benchmark of classify(); run with `make bench` (pytest ... --benchmark-enable)."""

from dataclasses import replace

from symptoms.triage import Level, Observation, classify

HISTORY = (
    Observation("face", 3, "unchanged", frozenset({"redness", "tenderness"}), 1, 6),
    Observation("face", 4, "improving", frozenset({"redness", "swelling"}), 1, 24),
    Observation("face", 3, "improving", frozenset({"redness"}), 1, 48, "Bedre i dag"),
    Observation("neck", 2, "improving", frozenset({"bruising"}), 1, 30),
)
ENTRY = Observation("face", 5, "unchanged", frozenset({"redness", "tenderness", "itching"}), 1, 80)
NOTE = (
    "Rødmen er lidt bedre i dag, men det klør stadig lidt ved kinden "
    "og jeg har lagt en kold klud på."
)


def test_it_classifies_an_entry_without_a_note(benchmark):
    result = benchmark(classify, ENTRY, risk_factors=("diabetes",), history=HISTORY)
    assert result.rules == ("C2", "C11", "R2")


def test_it_classifies_an_entry_with_a_note(benchmark):
    entry = replace(ENTRY, note=NOTE)
    result = benchmark(classify, entry, risk_factors=("diabetes",), history=HISTORY)
    assert result.level == Level.CALL_CLINIC

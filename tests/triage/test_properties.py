"""Properties of the classifier: no added finding ever lowers the level."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from symptoms.triage import RULES, Observation, Triage, classify, highest
from symptoms.triage.vocabulary import AREAS, RISK_FACTORS, SEVERITY_MAX, SEVERITY_MIN, SYMPTOMS

NOTES = [
    "",
    "Lidt rød men bedre end i morges",
    "Jeg kan ikke se nogen forskel",
    "jeg kan ikke se",
    "ingen åndenød",
    "åndenød",
    "I can't see any difference",
    "I can't breathe",
    "fark göremiyorum",
    "bayıldım",
]

codes = st.sampled_from(SYMPTOMS) | st.sampled_from(["unknown_code", "Redness"])
notes = st.sampled_from(NOTES) | st.text(max_size=30)
hours = st.floats(min_value=0, max_value=400)

observations = st.builds(
    Observation,
    area=st.sampled_from(AREAS),
    severity=st.integers(SEVERITY_MIN, SEVERITY_MAX),
    trend=st.sampled_from(["improving", "unchanged", "worsening"]),
    symptoms=st.frozensets(codes, max_size=4),
    onset_hours=hours,
    hours_since_treatment=hours,
    note=notes,
)
risk_sets = st.frozensets(st.sampled_from(RISK_FACTORS), max_size=3)
histories = st.lists(observations, max_size=4)


def run(entry: Observation, risks: frozenset[str], history: list[Observation]) -> Triage:
    return classify(entry, risk_factors=risks, history=history)


def rank(entry: Observation, risks: frozenset[str], history: list[Observation]) -> int:
    return run(entry, risks, history).level.rank


@given(observations, risk_sets, histories, codes)
def test_it_never_lowers_when_a_symptom_is_added(entry, risks, history, code):
    more = replace(entry, symptoms=entry.symptoms | {code})
    assert rank(more, risks, history) >= rank(entry, risks, history)


@given(observations, risk_sets, histories, st.sampled_from(RISK_FACTORS))
def test_it_never_lowers_when_a_risk_factor_is_added(entry, risks, history, risk):
    assert rank(entry, risks | {risk}, history) >= rank(entry, risks, history)


@given(observations, risk_sets, histories, st.integers(1, SEVERITY_MAX))
def test_it_never_lowers_when_severity_rises(entry, risks, history, rise):
    higher = replace(entry, severity=min(entry.severity + rise, SEVERITY_MAX))
    assert rank(higher, risks, history) >= rank(entry, risks, history)


@given(observations, risk_sets, histories, notes)
def test_it_never_lowers_when_note_text_is_added(entry, risks, history, extra):
    before = rank(entry, risks, history)
    assert rank(replace(entry, note=f"{entry.note}\n{extra}"), risks, history) >= before
    assert rank(replace(entry, note=f"{extra}. {entry.note}"), risks, history) >= before


@given(observations, risk_sets, st.lists(observations, max_size=5), st.randoms())
def test_it_does_not_depend_on_the_order_of_history(entry, risks, history, random):
    shuffled = list(history)
    random.shuffle(shuffled)
    assert run(entry, risks, shuffled) == run(entry, risks, history)


@given(observations, risk_sets, histories)
def test_it_returns_the_highest_level_of_the_rules_that_fired(entry, risks, history):
    result = run(entry, risks, history)
    levels = {rule.id: rule.level for rule in RULES}
    assert result.level == highest(levels[rule_id] for rule_id in result.rules)
    assert list(result.rules) == [rule_id for rule_id in levels if rule_id in result.rules]

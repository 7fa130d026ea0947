"""The 40 development vignettes (a copy of shared/vignettes/dev.jsonl)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from symptoms.triage import Level
from symptoms.triage.vignettes import Vignette, read_vignettes

DATA = Path(__file__).parent / "data" / "dev_vignettes.jsonl"


def load() -> list[Vignette]:
    with DATA.open(encoding="utf-8") as lines:
        return list(read_vignettes(lines))


VIGNETTES = load()


def test_it_has_40_dev_vignettes():
    assert len(VIGNETTES) == 40
    assert all(vignette.expected is not None for vignette in VIGNETTES)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda vignette: vignette.id)
def test_it_passes_each_dev_vignette(vignette: Vignette):
    assert vignette.classify().level == vignette.expected


def test_it_reads_history_and_risk_factors():
    d24 = next(vignette for vignette in VIGNETTES if vignette.id == "d24")
    assert d24.history[0].hours_since_treatment == 10
    assert d24.history[0].severity == 3
    assert d24.entry.hours_since_treatment == 30
    d27 = next(vignette for vignette in VIGNETTES if vignette.id == "d27")
    assert d27.risk_factors == {"diabetes"}
    assert d27.expected == Level.EMERGENCY


def test_it_names_the_line_of_a_malformed_vignette():
    with pytest.raises(ValueError, match="line 2"):
        list(read_vignettes(["", '{"id": "x"}']))


def test_it_runs_the_vignette_command_with_check():
    out = io.StringIO()
    call_command("triage_vignettes", str(DATA), "--check", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 41
    assert lines[-1] == "40 passed, 0 failed"
    assert json.loads(lines[0]) == {"id": "d01", "level": "observe", "rules": []}
    assert json.loads(lines[26]) == {"id": "d27", "level": "emergency", "rules": ["C8", "R1"]}


def test_it_fails_the_vignette_command_on_a_wrong_level(tmp_path: Path):
    line = json.loads(DATA.read_text(encoding="utf-8").splitlines()[0])
    line["expected"] = "emergency"
    path = tmp_path / "wrong.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 vignette"):
        call_command("triage_vignettes", str(path), "--check", stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 passed, 1 failed"

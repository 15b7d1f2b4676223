"""`scorebook eligibility --programme ID FILE [--as-of DATE] [--json]`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples" / "facts"
ACCIDENT = EXAMPLES / "major-safety-accident.toml"
DATA = ROOT / "tests" / "data"


def _assert_excluded_by_article_17(data: dict[str, object]) -> None:
    assert data["overall"] == "not_eligible" and data["eligible"] is False
    assert data["programme"] == "baotou-mayor" and data["as_of"] == "2025-10-15"
    findings = data["findings"]
    assert isinstance(findings, list)
    failed = [f for f in findings if f["outcome"] == "not_met"]
    assert [f["rule"] for f in failed] == ["x-incidents"]
    cite = failed[0]
    assert cite["document"] == "包府办发〔2025〕57号" and cite["article"].startswith("第十七条")
    assert cite["citation"] == "包府办发〔2025〕57号 第十七条（三）"
    assert "A major safety incident on 2023-10-10" in cite["reason"]


def test_major_accident_two_years_ago_is_not_eligible_for_baotou_mayor(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eligibility", "--programme", "baotou-mayor", str(ACCIDENT), "--json"]) == 0
    _assert_excluded_by_article_17(json.loads(capsys.readouterr().out))


def test_acceptance_through_a_real_process() -> None:
    env = {**os.environ, "SCOREBOOK_LANG": "en", "LANGUAGE": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", "eligibility", "--programme", "baotou-mayor",
         str(ACCIDENT), "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False)
    assert done.returncode == 0, done.stderr
    _assert_excluded_by_article_17(json.loads(done.stdout))


def test_human_output_lists_failures_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eligibility", "--programme", "baotou-mayor", str(ACCIDENT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "not eligible" in lines[0] and "包府办发〔2025〕57号" in lines[0]
    assert lines[1].startswith("  [NOT MET] 第十七条（三）")
    assert "2023-10-10" in lines[2]


def test_as_of_on_the_command_line_wins(capsys: pytest.CaptureFixture[str]) -> None:
    # three years after the accident the exclusion no longer applies
    assert main(["eligibility", "--programme", "baotou-mayor", str(ACCIDENT), "--json",
                 "--as-of", "2026-10-11"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-10-11"
    outcome = next(f for f in data["findings"] if f["rule"] == "x-incidents")["outcome"]
    assert outcome == "met"


def test_eligible_and_individual_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eligibility", "--programme", "baotou-mayor",
                 str(EXAMPLES / "eligible-organisation.toml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"] == "eligible"
    assert main(["eligibility", "--programme", "hohhot-mayor",
                 str(EXAMPLES / "eligible-organisation.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"] == "eligible"
    assert main(["eligibility", "--programme", "xilingol-league",
                 str(EXAMPLES / "individual.toml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applicant_kind"] == "individual" and data["overall"] == "eligible"
    assert "registered" in data["not_applicable"]


@pytest.mark.parametrize(("name", "field"), [
    ("facts-bad-severity.toml", "incidents[0].severity"),
    ("facts-unknown-field.toml", "years_operatin"),
    ("facts-bad-date.json", "incidents[0].date"),
    ("facts-missing-kind.toml", "kind"),
    ("facts-syntax-error.toml", "(syntax)"),
])
def test_bad_facts_exit_3_naming_file_and_field(name: str, field: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / name
    assert main(["eligibility", "--programme", "baotou-mayor", str(path), "--json"]) == 3
    captured = capsys.readouterr()
    assert captured.out == "" and f"{path}: {field}: " in captured.err


def test_bad_as_of_unknown_programme_and_missing_file(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eligibility", "--programme", "baotou-mayor", str(ACCIDENT),
                 "--as-of", "2025-02-30"]) == 3
    assert "--as-of: '2025-02-30' is not a date" in capsys.readouterr().err
    assert main(["eligibility", "--programme", "nowhere", str(ACCIDENT)]) == 3
    assert "Unknown programme 'nowhere'" in capsys.readouterr().err
    missing = DATA / "no-such-facts.toml"
    assert main(["eligibility", "--programme", "baotou-mayor", str(missing)]) == 3
    assert f"{missing}: (file): no such file" in capsys.readouterr().err


def test_programme_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["eligibility", str(ACCIDENT)])
    assert info.value.code == 2

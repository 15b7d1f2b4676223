"""``scorebook case team …``: the team leader's verbs on real case files and bundles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.services.office import merge
from tests.services.test_leader import FLAGGED, PASS, Team, _bundles, team  # noqa: F401


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else None, out.err


def test_team_verbs(team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    files = _bundles(team)
    case = ["--case", str(team.cases["R4"])]
    a0 = team.app(0)

    code, data, _ = _run(capsys, "case", "team", "import", *map(str, files.values()), *case)
    assert code == 0 and data["counts"]["new"] == 3 and data["held_bundles"] == 3

    code, data, _ = _run(capsys, "case", "team", "divergence", "--stage", "material", *case)
    assert code == 0 and {r["applicant_id"] for r in data} == {team.app(i) for i in range(3)}
    assert all(r["flagged"] == 1 and not r["final"] for r in data)

    code, data, _ = _run(capsys, "case", "team", "divergence", "--applicant", a0, "--stage",
                         "material", *case)
    assert code == 0 and data["flagged"] == [FLAGGED] and data["reviewers"] == ["R1", "R2",
                                                                                 "R3"]
    assert data["rule_source"] == "office"  # the office's (default-valued) rule, from the package

    code, _, err = _run(capsys, "case", "team", "consensus", "--applicant", a0, "--stage",
                        "material", "--finalise", *case)
    assert code == 3 and FLAGGED in err
    items = tmp_path / "consensus.txt"  # rationales from a file, not the command line
    items.write_text(f"# 组长填写\n\n{FLAGGED}=:组内讨论: 取均值\n", encoding="utf-8")
    code, data, _ = _run(capsys, "case", "team", "consensus", "--applicant", a0, "--stage",
                         "material", "--items-file", str(items), "--finalise", *case)
    assert code == 0 and data["final"] and data["missing_rationale"] == []
    assert data["items"][0]["rationale"] == "组内讨论: 取均值" and data["items"][0]["pct"] is None

    out = tmp_path / "stick"
    out.mkdir()
    code, data, _ = _run(capsys, "case", "team", "export", "--to", str(out), *case)
    assert code == 0 and data["applicants"] == [a0] and data["verified"]
    merged = merge.merge_files(team.ws, [Path(data["path"])])
    assert merged.files[0].outcome == "new" and merged.files[0].kind == "consensus"

    # a reviewer who is not the leader is refused with the rule, exit 3
    code, _, err = _run(capsys, "case", "team", "divergence", "--case", str(team.cases["R2"]))
    assert code == 3 and "team leader" in err


def test_team_fork_list_and_resolve(team: Team, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.services.test_leader_forks import make_fork

    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    files, other = make_fork(team)
    case = ["--case", str(team.cases["R4"])]
    code, data, err = _run(capsys, "case", "team", "import", *map(str, files.values()),
                           str(other), *case)
    # A fork needs the leader's decision: exit 3, after the full report.
    assert code == 3 and data["counts"]["fork"] == 1 and data["counts"]["new"] >= 1
    assert "1 fork waits for a person's decision; " in err and err.count("\n") == 1

    code, data, _ = _run(capsys, "case", "team", "fork", "list", *case)
    assert code == 0 and len(data) == 1 and data[0]["chosen"] is None
    assert data[0]["reviewer"] == "R3" and len(data[0]["sides"]) == 2

    code, _, err = _run(capsys, "case", "team", "fork", "resolve", other.name, "--reason",
                        " ", *case)
    assert code == 3 and "reason" in err
    code, data, _ = _run(capsys, "case", "team", "fork", "resolve", other.name, "--reason",
                         "以第二台电脑为准", *case)
    assert code == 0 and data["reason"] == "以第二台电脑为准" and data["chosen"]
    assert main(["case", "team", "fork", "list", *case]) == 0  # the human text
    text = capsys.readouterr().out
    assert "resolved" in text and "以第二台电脑为准" in text and other.name in text

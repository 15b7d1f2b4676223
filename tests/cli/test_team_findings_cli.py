"""``scorebook case team finding …``: the team leader's consolidation on real case files and
bundles (texts from files, never secrets on the command line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.models import case as cm
from desktop.services.case import open_case
from tests.services.test_leader import FW, PASS, Team, _bundles, team  # noqa: F401
from tests.services.test_leader_findings import SECRET, _comment_and_export

ITEM = FW.items[0].id


def _run(capsys: pytest.CaptureFixture[str], *argv: str, as_json: bool = True
         ) -> tuple[int, Any, str]:
    code = main([*argv, "--json"] if as_json else list(argv))
    out = capsys.readouterr()
    if not as_json:
        return code, out.out, out.err
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def test_finding_verbs(team: Team, tmp_path: Path,  # noqa: F811
                       capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    files = _comment_and_export(team, _bundles(team))
    case = ["--case", str(team.cases["R4"])]
    a0 = team.app(0)
    at = ["--applicant", a0, "--stage", "material"]
    assert _run(capsys, "case", "team", "import", *map(str, files.values()), *case)[0] == 0

    code, data, _ = _run(capsys, "case", "team", "finding", "comments", *at, "--item", ITEM,
                         *case)
    assert code == 0 and [c["ref"] for c in data][:3] == ["R1:1", "R1:2", "R1:3"]
    assert data[0]["pages"] == [12] and data[0]["reviewer"]["name"] == "评审员1"
    assert data[1]["marks"] == [[0, len(SECRET)]]
    code, human, _ = _run(capsys, "case", "team", "finding", "comments", *at, "--item", ITEM,
                          *case, as_json=False)
    assert code == 0 and "R1:2" in human and "评审员2" in human

    code, data, _ = _run(capsys, "case", "team", "finding", "pick", *at, "--item", ITEM,
                         "--kind", "strength", "--from", "R1:2", "--from", "R2:1", *case)
    assert code == 0 and [s["reviewer_id"] for s in data["sources"]] == ["R1", "R2"]
    assert data["marks"] == [[0, len(SECRET)]]
    picked = data["id"]

    words = tmp_path / "theme.txt"
    words.write_text("战略目标与质量目标一致\n", encoding="utf-8")
    for kind in ("theme_strength", "theme_improvement"):
        code, data, _ = _run(capsys, "case", "team", "finding", "add", *at, "--kind", kind,
                             "--text-file", str(words), *case)
        assert code == 0 and data["kind"] == kind and data["text"] == "战略目标与质量目标一致"
    code, data, _ = _run(capsys, "case", "team", "finding", "add", *at, "--kind", "verify",
                         "--item", ITEM, "--text", "核实目标分解", *case)
    assert code == 0 and data["issue_id"].startswith("SI-")
    code, _, err = _run(capsys, "case", "team", "finding", "add", "--applicant", a0,
                        "--stage", "onsite", "--kind", "clarify", "--item", ITEM, "--text",
                        "澄清", *case)
    assert code == 3 and "material review" in err

    edit = tmp_path / "edit.txt"
    edit.write_text("组内一致：" + SECRET + "已纳入控制", encoding="utf-8")
    code, data, _ = _run(capsys, "case", "team", "finding", "edit", str(picked),
                         "--text-file", str(edit), *case)
    assert code == 0 and data["marks"] == [[5, 5 + len(SECRET)]]

    code, data, _ = _run(capsys, "case", "team", "finding", "list", *at, *case)
    assert code == 0 and [f["kind"] for f in data] == ["theme_strength", "theme_improvement",
                                                       "strength", "verify"]
    code, human, _ = _run(capsys, "case", "team", "finding", "list", *at, *case,
                          as_json=False)
    assert code == 0 and "Key strength" in human and "评审员1" in human

    code, data, _ = _run(capsys, "case", "team", "finding", "status", *at, *case)
    assert code == 3 and not data["complete"] and data["key_themes"] and not data["final"]
    code, _, _ = _run(capsys, "case", "team", "finding", "remove", str(picked), *case)
    assert code == 0
    code, data, _ = _run(capsys, "case", "team", "finding", "list", *at, *case)
    assert picked not in {f["id"] for f in data}
    code, _, err = _run(capsys, "case", "team", "finding", "remove", str(picked), *case)
    assert code != 0 and str(picked) in err


def test_issue_board_and_resolve(team: Team, tmp_path: Path,  # noqa: F811
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    a0 = team.app(0)
    with open_case(team.cases["R4"], PASS) as session:
        session.run(lambda s: s.add(cm.SiteIssue(issue_id="SI-0123456789", applicant_id=a0,
                                              item_id=ITEM, kind="verify",
                                              text="核实质量目标分解到班组")))
    case = ["--case", str(team.cases["R4"])]
    code, data, _ = _run(capsys, "case", "team", "finding", "issue-board", "--applicant", a0,
                         *case)
    assert code == 0 and data[0]["issue"]["issue_id"] == "SI-0123456789"
    assert data[0]["resolution"] is None
    found = tmp_path / "found.txt"
    found.write_text("班组目标卡齐全", encoding="utf-8")
    code, data, _ = _run(capsys, "case", "team", "finding", "resolve", "SI-0123456789",
                         "--outcome", "confirmed", "--text-file", str(found), *case)
    assert code == 0 and data["kind"] == "resolution" and data["stage_id"] == "onsite"
    code, human, _ = _run(capsys, "case", "team", "finding", "issue-board", "--applicant", a0,
                          *case, as_json=False)
    assert code == 0 and "Confirmed" in human and "班组目标卡齐全" in human
    code, _, err = _run(capsys, "case", "team", "finding", "resolve", "SI-ffffffffff",
                        "--outcome", "confirmed", "--text", "x", *case)
    assert code != 0 and "SI-ffffffffff" in err

"""The office verbs end to end on a real workspace: init, applicants, enrolment, team,
conflicts, packages, merge (with a tampered file), rank, notice, history — all with --json."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from tests.services.office.helpers import scores_for


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_office_verbs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    out = run(capsys, "office", "init", "--programme", "hohhot-mayor", "--number", "2025")
    assert out["cycle"]["cycle"] == "hohhot-mayor.2025"
    rng = random.Random(3)
    codes = [credit_code.generate(rng, "150100") for _ in range(2)]
    for i, code in enumerate(codes):
        run(capsys, "office", "applicant", "add", f"示例{i}有限公司", "--award",
            "organisation", "--credit-code", code, "--industry", "制造业")
    assert main(["office", "applicant", "add", "坏", "--award", "organisation",
                 "--credit-code", codes[0][:-1] + "0"]) == 3
    assert "check" in capsys.readouterr().err
    ids = {}
    for k in range(4):
        rid = f"R{k + 1}"
        ids[rid] = ReviewerIdentity.generate(rid, f"评审员{k}")
        card = tmp_path / f"{rid}.card"
        card.write_bytes(make_card(ids[rid]))
        extra = ["--past-organisation", "示例1有限公司"] if k == 0 else []
        run(capsys, "office", "reviewer", "enrol", str(card), "--fingerprint",
            ids[rid].fingerprint, *extra)
    # The document is silent on the conflict window: the step says so until the office decides.
    assert main(["office", "conflict", "suggest"]) == 3
    err = capsys.readouterr().err
    assert "呼和浩特市市长质量奖评审办法" in err and "conflict_window_years" in err
    decided = run(capsys, "office", "cycle", "set", "conflict_window_years", "suggested",
                  "--by", "张办事员")
    assert decided["value"] == 3 and decided["decided_by"] == "张办事员"
    rest = run(capsys, "office", "cycle", "decide", "--all-suggested")
    assert {r["key"] for r in rest} >= {"weights", "divergence", "pass_threshold"}
    shown = run(capsys, "office", "cycle", "show")
    assert all(s["decided"] for s in shown["settings"])
    sug = run(capsys, "office", "conflict", "suggest")
    assert [(s["reviewer"], s["applicant"]) for s in sug] == [("R1", "A002")]
    run(capsys, "office", "conflict", "add", "R1", "A002", "--kind", "employment")
    listed = run(capsys, "office", "conflict", "list")
    assert listed[0]["conflicted"] is True
    run(capsys, "office", "team", "T1", "--members", "R1", "R2", "R3", "R4", "--leader", "R4",
        "--industry", "制造业", "--assign", "A001", "A002")
    issued = run(capsys, "office", "package", "--to", str(tmp_path / "usb"))
    assert len(issued) == 4
    # Two reviewers' bundles, one tampered.
    from desktop.services.office.workspace import open_workspace

    with open_workspace(tmp_path / "office", "pw") as ws:
        office_enc = ws.identity().enc_pub
        from desktop.services.office.applicants import list_applicants

        apps = {a.ref: a.id for a in list_applicants(ws)}
    files = []
    for rid in ("R2", "R3"):
        m = new_manifest(kind="scores", cycle_id="hohhot-mayor.2025", stage_id="material",
                         reviewer_id=rid, revision=1, prev_hash="", audit_head="",
                         snapshot={"scores": scores_for(list(apps.values()), "material", 2),
                                   "panel_scores": [], "recusals": [], "feedback": []})
        path = tmp_path / f"{rid}.sbb"
        path.write_bytes(build_bundle(ids[rid], m, [office_enc]))
        files.append(path)
    bad = tmp_path / "bad.sbb"
    bad.write_bytes(files[0].read_bytes()[:-5] + b"xxxxx")
    # The tampered file makes the verb exit 3; the good ones are applied, the report printed.
    assert main(["office", "merge", *map(str, files), str(bad), "--json"]) == 3
    captured = capsys.readouterr()
    merged = json.loads(captured.out)
    assert merged["counts"]["new"] == 2 and merged["counts"]["rejected"] == 1
    assert captured.err == "error: 1 bundle was rejected; 2 other bundles were applied (see " \
                           "the report)\n"
    again = run(capsys, "office", "merge", *map(str, files))  # duplicates: not a failure
    assert again["counts"]["duplicate"] == 2
    ranked = run(capsys, "office", "rank")
    assert ranked["applicants"][0]["stages"]["material"]["source"] == "mean"
    # the ranking lists what is unresolved: eligibility not reviewed, no site-visit scores
    assert {(u["kind"], u["applicants"][0]["ref"]) for u in ranked["unresolved"]} == {
        ("eligibility", "A001"), ("eligibility", "A002"), ("missing_scores", "A001"),
        ("missing_scores", "A002")}
    assert main(["office", "rank"]) == 0
    shown = capsys.readouterr().out
    assert shown.index("4 matters are unresolved:") > shown.index("Comprehensive score")
    assert "  - A001 示例0有限公司: no score yet for stage On-site review" in shown
    assert "Reviewers recused (left out of every stage total):" in shown
    assert "  A002 示例1有限公司: R1 recused" in shown  # the conflict recorded above
    div = run(capsys, "office", "divergence", "A001", "--stage", "material")
    assert len(div["items"]) == 23 and div["recused"] == []
    notice = ["office", "notice", "proposed-winners", "--published", "2025-09-26",
              "--applicants", "A001"]
    # a step that decides refuses with the list (exit 3) unless the office confirms
    assert main(notice) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: Publishing the notice after ")  # the stage's official name
    assert " is refused while matters are unresolved.\n4 matters are unresolved:\n" in err
    assert "  - Eligibility of A002 示例1有限公司 is not reviewed yet\n" in err
    assert "--confirm-unresolved" in err
    n = run(capsys, *notice, "--confirm-unresolved")
    assert n["working_days"] == 10  # 呼和浩特 第十九条: 十个工作日
    hist = run(capsys, "office", "history")
    assert any(h["action"] == "merge" for h in hist)
    (confirmed,) = [h["detail"] for h in hist if h["action"] == "notice.confirm_unresolved"]
    assert confirmed["notice"] == "proposed-winners" and len(confirmed["unresolved"]) == 4
    assert "pw" not in json.dumps(hist)

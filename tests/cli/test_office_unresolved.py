"""What is unresolved, and field recusals, at the command line: ``office rank`` lists what is
unresolved after its tables; ``office vote`` refuses with the list (exit 3, nothing counted)
unless ``--confirm-unresolved``; a recusal declared in the field shows in the conflicts register,
the divergence view and the ranking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office import merge, reviewers
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import bundle, small_cycle, write

PASS = "pass phrase"
MEMBERS = ["主任甲", "委员乙", "委员丙"]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three reviewers scored the material review; R3 then recused from A003 on site (kinship
    declared in the field) although its material scores for A003 were merged."""
    ws = init_workspace(tmp_path / "office", PASS, "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        ids = [a.id for a in small.apps]
        merge.merge_files(ws, [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids,
                                                                   seed=k + 1))
                               for k, r in enumerate(("R2", "R3", "R4"))])
        merge.merge_files(ws, [write(tmp_path, "R3-onsite.sbb", bundle(
            small, "R3", "onsite", ids[:2], seed=4, recusals=[ids[2]]))])
        for n, name in enumerate(MEMBERS):
            reviewers.add_committee_member(ws, name, role="chair" if n == 0 else "member")
    finally:
        ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    return {"args": ["--office", str(tmp_path / "office")], "tmp": tmp_path,
            "apps": {a.ref: a.name for a in small.apps}}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rank_prints_the_ranking_then_what_is_unresolved(
        office: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "office", "rank", *office["args"])
    assert code == 0
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.endswith("matters are unresolved:"))
    assert head > next(i for i, line in enumerate(lines) if "Comprehensive score" in line)
    listed = [line for line in lines[head + 1:] if line.startswith("  - ")]
    name = office["apps"]["A003"]
    assert f"  - Reviewer R3 recused from A003 {name} in the field yet has scores for it in a " \
           "bundle: the office decides (pin the pair)" in listed
    assert f"  - Eligibility of A001 {office['apps']['A001']} is not reviewed yet" in listed
    assert f"  A003 {name}: R3 recused" in lines  # the field recusal, left out of the totals
    code, out, _err = _run(capsys, "office", "rank", "--json", *office["args"])
    data = json.loads(out)
    assert sum(1 for u in data["unresolved"] if u["kind"] == "recusal_with_scores") == 1
    a3 = next(a for a in data["applicants"] if a["applicant"] == "A003")
    assert a3["stages"]["material"]["recused"] == ["R3"]


def test_field_recusal_in_the_register_and_the_divergence_view(
        office: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "office", "conflict", "list", "--json", *office["args"])
    rows = {(r["reviewer"], r["applicant"]): r for r in json.loads(out)}
    r3 = rows[("R3", "A003")]
    assert r3["to_decide"] and r3["declarations"][0]["source"] == "bundle"
    assert r3["declarations"][0]["bundle"] == "R3-onsite.sbb"
    code, out, _err = _run(capsys, "office", "conflict", "list", *office["args"])
    line = next(line for line in out.splitlines() if line.startswith("R3"))
    assert "the reviewer's bundle" in line and "the office decides" in line
    assert "曾任职 (declared in R3-onsite.sbb, Jul 1, 2025)" in line  # the statement, where, when
    assert "the reviewer has scores for this applicant" in line
    code, out, _err = _run(capsys, "office", "divergence", "A003", "--stage", "material",
                           *office["args"])
    assert code == 0
    assert out.rstrip().splitlines()[-1] == \
        "Recused: R3 (Employment (now or in recent years), the reviewer's bundle)"


def test_vote_refuses_with_the_list_unless_confirmed(
        office: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    ballots = office["tmp"] / "ballots.json"
    ballots.write_text(json.dumps({m: {"A001": "for"} for m in MEMBERS}, ensure_ascii=False),
                       encoding="utf-8")
    vote = ["office", "vote", "organisation", "--present", *MEMBERS, "--ballots", str(ballots),
            "--held-on", "2025-09-20", *office["args"]]
    code, out, err = _run(capsys, *vote)
    assert code == 3 and out == ""
    assert err.startswith("error: Counting the vote on 市长质量奖组织奖 is refused while matters "
                          "are unresolved.\n")
    assert "matters are unresolved:\n  - " in err and "Reviewer R3 recused from A003" in err
    assert err.rstrip().endswith("Resolve them, or go ahead with --confirm-unresolved (the "
                                 "confirmation is kept in the history).")
    code, out, _err = _run(capsys, "office", "history", "--json", *office["args"])
    assert not [h for h in json.loads(out) if h["action"].startswith("vote")]

    code, out, err = _run(capsys, *vote, "--confirm-unresolved", "--json")
    assert code == 0, err
    assert json.loads(out)["elected"] == ["A001"]
    code, out, _err = _run(capsys, "office", "history", "--json", *office["args"])
    (kept,) = [h["detail"] for h in json.loads(out)
               if h["action"] == "vote.confirm_unresolved"]
    assert {"kind": "recusal_with_scores", "applicants": ["A003"], "reviewer": "R3"} in \
        kept["unresolved"]

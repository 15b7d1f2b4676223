"""The team leader's broken chains, with real case files and bundles: a member's bundle whose
``prev_hash`` does not reach the bundle the leader holds (an export that never reached the
leader) does not win by its number — it waits, listed, while the bundle held stays in force; the
leader keeps the one held or takes the new one, with a reason kept in the case's audit log, and
can decide again. Also on the command line (``case team chain list|resolve``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.domain.errors import InputRejected, RuleViolation
from desktop.models import case as cm
from desktop.services.leader import CHAIN_ACTION, TeamLeader
from tests.services.test_leader import PASS, Team, score_and_export, team  # noqa: F401


def _three(team: Team) -> list[Path]:  # noqa: F811
    """R2 exports revisions 1, 2 and 3 (each to its own folder: one file each)."""
    return [score_and_export(team, "R2", team.root / f"out{n}", shift=5 * n) for n in (1, 2, 3)]


def _current(leader: TeamLeader) -> int:
    return next(rid[3] for key, rid in leader.state().current.items() if key[0] == "R2")


def test_a_chain_that_misses_the_held_bundle_waits_and_the_leader_chooses(
        team: Team) -> None:  # noqa: F811
    one, _lost, three = _three(team)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        assert leader.import_bundles([one]).files[0].outcome == "new"
        result = leader.import_bundles([three])  # revision 2 never reached the leader
        (f,) = result.files
        assert f.outcome == "fork" and result.forks == 1
        assert f.reason is not None and "does not win by its number" in f.reason.render()
        assert _current(leader) == 1  # the bundle held stays in force meanwhile

        (b,) = leader.list_breaks()
        assert (b.reviewer, b.stage, b.kind) == ("R2", "material", "scores")
        assert b.held is not None and b.held.revision == 1 and b.held.file == one.name
        assert [w.revision for w in b.waiting] == [3] and b.chosen is None
        assert "does not win by its number" in b.reason.render()
        assert leader.list_forks() == []  # not a fork: the fork list does not show it

        with pytest.raises(InputRejected):
            leader.resolve_chain(three.name, "  ")
        kept = leader.resolve_chain(one.name, "revision 3 came on a stick R2 does not know")
        assert kept.chosen == b.held.content_hash and kept.waiting == b.waiting
        assert leader.list_breaks() == [] and _current(leader) == 1
        assert {h.file: h.status for h in leader.held()}[three.name] == "superseded"

        taken = leader.resolve_chain(three.name, "R2 confirmed revision 3 by phone")
        assert taken.chosen == b.waiting[0].content_hash
        assert leader.list_breaks() == [] and _current(leader) == 3

        with pytest.raises(RuleViolation):  # nothing competes for another member
            other = score_and_export(team, "R3", team.root / "r3")
            leader.import_bundles([other])
            leader.resolve_chain(other.name, "no")

        rows = case.run(lambda s: list(s.scalars(select(cm.AuditEntry).filter_by(
            action=CHAIN_ACTION).order_by(cm.AuditEntry.seq))))
        assert [(json.loads(r.new or "{}")["revision"], r.why) for r in rows] == [
            (1, "revision 3 came on a stick R2 does not know"),
            (3, "R2 confirmed revision 3 by phone")]
        assert case.verify_audit().ok


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else None, out.err


def test_team_chain_list_and_resolve_on_the_command_line(
        team: Team, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    one, _lost, three = _three(team)
    case = ["--case", str(team.cases["R4"])]
    assert _run(capsys, "case", "team", "import", str(one), *case)[0] == 0
    code, data, _ = _run(capsys, "case", "team", "import", str(three), *case)
    assert code == 3 and data["counts"]["fork"] == 1

    code, data, _ = _run(capsys, "case", "team", "chain", "list", *case)
    assert code == 0 and len(data) == 1
    assert data[0]["held"]["revision"] == 1 and data[0]["waiting"][0]["revision"] == 3

    reason = tmp_path / "why.txt"
    reason.write_text("组员电话确认第3版\n", encoding="utf-8")
    code, data, _ = _run(capsys, "case", "team", "chain", "resolve", three.name[:12],
                         "--reason-file", str(reason), *case)
    assert code == 0 and data["chosen"] and data["why"] == "组员电话确认第3版"
    code, data, _ = _run(capsys, "case", "team", "chain", "list", *case)
    assert code == 0 and data == []
    code, _, err = _run(capsys, "case", "team", "chain", "resolve", "nosuchbundle",
                        "--reason", "x", *case)
    assert code == 3 and "nosuchbundle" in err
    assert main(["case", "team", "chain", "list", *case]) == 0  # the human text
    assert "No broken chains" in capsys.readouterr().out

"""The team leader resolves forks (two contents at one revision of one member) with a reason,
audited in the case's hash-chained audit log, mirroring the office's ``merge.resolve_fork``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.models import case as cm
from desktop.services.leader import FORK_ACTION, TeamLeader
from tests.services.test_leader import FLAGGED, Team, _bundles, score_and_export, team  # noqa: F401

SECOND_ITEM_INDEX = 1


def make_fork(team: Team) -> tuple[dict[str, Path], Path]:  # noqa: F811
    """R3's first laptop exports revision 1; a second case for R3 (the same package) scores
    other values and exports revision 1 too: a fork."""
    files = _bundles(team)
    first = team.cases["R3"]
    team.cases["R3"] = team.root / "cases" / "R3-second"
    team.new_case("R3", team.cases["R3"]).close()
    other = score_and_export(team, "R3", team.root / "usb-other", shift=10)
    team.cases["R3"] = first
    return files, other


def test_list_and_resolve_a_fork(team: Team) -> None:  # noqa: F811
    files, other = make_fork(team)
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        result = leader.import_bundles([*files.values(), other])
        assert [f.outcome for f in result.files] == ["new", "new", "new", "fork"]
        forks = leader.list_forks()
        assert len(forks) == 1
        fork = forks[0]
        assert (fork.reviewer, fork.stage, fork.kind, fork.revision) == \
            ("R3", "material", "scores", 1)
        assert fork.chosen is None and fork.in_force is None and len(fork.sides) == 2
        assert {s.file for s in fork.sides} == {files["R3"].name, other.name}
        view = leader.divergence(a0, "material")
        assert view.forked == ("R3",) and view.reviewers == ("R1", "R2")

        with pytest.raises(InputRejected):
            leader.resolve_fork(other.name, "  ")
        with pytest.raises(NotFound):
            leader.resolve_fork("no-such.sbb", "why")
        with pytest.raises(RuleViolation, match="not part of a fork"):
            leader.resolve_fork(files["R2"].name, "why")

        side = next(s for s in fork.sides if s.file == other.name)
        done = leader.resolve_fork(side.sha256[:12], "第二台电脑为评审员确认的最终记录")
        assert done.chosen == side.content_hash
        assert done.reason == "第二台电脑为评审员确认的最终记录"
        view = leader.divergence(a0, "material")
        assert view.forked == () and view.reviewers == ("R1", "R2", "R3")
        assert dict(view.items[SECOND_ITEM_INDEX].stats.pcts)["R3"] == 70  # the shifted side

        # change the decision: the first laptop's bundle stands; a final consensus outdates
        leader.set_consensus(a0, "material", FLAGGED, rationale="讨论")
        leader.finalise(a0, "material")
        again = leader.resolve_fork(files["R3"].name, "评审员更正：以第一台电脑为准")
        assert again.chosen != side.content_hash
        view = leader.divergence(a0, "material")
        assert dict(view.items[SECOND_ITEM_INDEX].stats.pcts)["R3"] == 60
        assert view.final and view.outdated

        # re-importing keeps the decision; the audit log holds both, with reasons, intact
        assert {f.outcome for f in leader.import_bundles([other, files["R3"]]).files} == \
            {"duplicate"}
        assert leader.list_forks()[0].chosen == again.chosen
        assert case.verify_audit().ok
        with case.engine.connect() as conn:
            rows = conn.execute(select(cm.AuditEntry.__table__).where(
                cm.AuditEntry.__table__.c.action == FORK_ACTION)).all()
        assert [r.why for r in rows] == ["第二台电脑为评审员确认的最终记录",
                                         "评审员更正：以第一台电脑为准"]
        assert json.loads(rows[1].old)["content_hash"] == side.content_hash

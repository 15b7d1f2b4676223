"""Equivocation is caught (issue 17, deliver 4), with real case files, keys and bundles.

The consensus manifest lists (reviewer, stage, revision, content hash) of every member bundle the
leader built it from; the office cross-checks the list against the bundles it holds. A reviewer
who seals one bundle to the leader and another, at the same revision, to the office is flagged:
on the merge report, in the history and among the unresolved matters.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from desktop.crypto.bundle import open_bundle
from desktop.domain.readiness import UnresolvedKind
from desktop.models.office.decision import HistoryEntry
from desktop.services.leader import TeamLeader
from desktop.services.office import merge, readiness
from desktop.services.office.common import resolve_cycle
from desktop.services.office.packages import current_roster
from tests.services.office.helpers import bundle, write
from tests.services.test_leader import FLAGGED, Team, score_and_export
from tests.services.test_leader import team as team  # the fixture


def _consensus(team: Team, files: list[Path]) -> Path:
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(files)
        leader.set_consensus(a0, "material", FLAGGED, rationale="组内讨论：按现场证据取50%")
        leader.finalise(a0, "material")
        out = team.root / "usb-out"
        out.mkdir(exist_ok=True)
        return leader.export_consensus(out, "material").path


def test_a_reviewer_equivocating_between_leader_and_office_is_flagged(team: Team) -> None:
    usb = team.root / "usb"
    real = {rid: score_and_export(team, rid, usb) for rid in ("R1", "R2", "R3")}
    # R2 seals another bundle at the same revision, to the office only (scores 10, not 30)
    ids = [str(a.id) for a in team.small.apps]
    other = write(team.root / "office-usb", "r2-other.sbb",
                  bundle(team.small, "R2", "material", ids[:1], 1, seed=9))
    first = merge.merge_files(team.ws, [real["R1"], other, real["R3"]])
    assert [f.outcome for f in first.files] == ["new", "new", "new"]
    assert first.equivocations == ()

    consensus = _consensus(team, [real["R1"], real["R2"], real["R3"]])
    with team.ws.uow() as s:
        held_roster = current_roster(s, resolve_cycle(s))
    assert held_roster is not None
    opened = open_bundle(consensus.read_bytes(), team.ws.identity(), held_roster[0])
    members = opened.manifest["members"]
    assert {(m["reviewer_id"], m["revision"]) for m in members} == {
        ("R1", 1), ("R2", 1), ("R3", 1)}

    result = merge.merge_files(team.ws, [consensus])
    (f,) = result.files
    assert f.outcome == "new"
    assert len(result.equivocations) == 1
    text = result.equivocations[0].render()
    assert "R2" in text and "R4" in text and "revision 1" in text
    assert any("Equivocation" in w.render() for w in f.warnings)
    found = [i for i in readiness.unresolved(team.ws).items
             if i.kind is UnresolvedKind.EQUIVOCATION]
    assert [(i.reviewer, i.revision, i.detail) for i in found] == [("R2", 1, "R4")]
    with team.ws.uow() as s:
        logged = [json.loads(h.detail) for h in s.execute(
            select(HistoryEntry).where(HistoryEntry.action == "equivocation")).scalars()]
    assert [(e["reviewer"], e["revision"], e["leader"]) for e in logged] == [("R2", 1, "R4")]

    # once the office holds R2's other bundle too, the two sides are a fork for a person
    again = merge.merge_files(team.ws, [real["R2"]])
    assert again.files[0].outcome == "fork"
    assert UnresolvedKind.FORK in {i.kind for i in readiness.unresolved(team.ws).items}


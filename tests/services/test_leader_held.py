"""What the team leader's case file holds, read back: every bundle kept (with whether it stands)
and the consensus bundles exported, across a closed and reopened case."""

from __future__ import annotations

import pytest

from desktop.domain.errors import ScorebookError
from desktop.services.leader import TeamLeader
from tests.services.test_leader import FLAGGED, Team, _bundles, score_and_export, team  # noqa: F401


def test_held_bundles_and_exports_survive_reopening(team: Team) -> None:  # noqa: F811
    files = _bundles(team)
    r2_v2 = score_and_export(team, "R2", team.root / "usb2", shift=5)  # revision 2
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        assert leader.held() == [] and leader.exports() == []
        leader.import_bundles([*files.values(), r2_v2])
        leader.set_consensus(a0, "material", FLAGGED, rationale="讨论")
        leader.finalise(a0, "material")
        (team.root / "out").mkdir()
        exported = leader.export_consensus(team.root / "out", "material")
    with team.open("R4") as case:
        leader = TeamLeader(case)
        held = leader.held()
        assert sorted((h.file, h.reviewer_id, h.revision, h.status) for h in held) == sorted([
            (files["R1"].name, "R1", 1, "current"), (files["R2"].name, "R2", 1, "superseded"),
            (files["R3"].name, "R3", 1, "current"), (r2_v2.name, "R2", 2, "current")])
        assert {h.stage_id for h in held} == {"material"} and {h.kind for h in held} == {"scores"}
        assert all(h.display_name and h.received_at is not None for h in held)
        [last] = leader.exports("material")
        assert (last.revision, last.file, last.applicants) == (1, exported.path.name, 1)
        assert last.content_hash == exported.content_hash
        assert leader.exports("no-such-stage") == []


def test_a_failed_consensus_export_records_nothing(team: Team) -> None:  # noqa: F811
    files = _bundles(team)
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        leader.set_consensus(a0, "material", FLAGGED, rationale="讨论")
        leader.finalise(a0, "material")
        audit_rows = case.audit_count()
        with pytest.raises(ScorebookError):
            leader.export_consensus(team.root / "no-such-stick", "material")
        assert leader.exports("material") == [] and case.audit_count() == audit_rows
        (team.root / "stick").mkdir()
        exported = leader.export_consensus(team.root / "stick", "material")
        assert exported.revision == 1 and exported.path.is_file()
        assert case.audit_count() == audit_rows + 1
        assert [e.revision for e in leader.exports("material")] == [1]

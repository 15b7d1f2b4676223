"""The team leader's findings edits undo and redo in the core (``leader_edits``): the findings
of the applicant and stage come back exactly (ids, order, text), audited both ways; real case
files, real bundles imported."""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.findings import FindingKind
from desktop.domain.messages import Msg
from desktop.models import case as cm
from desktop.services import leader_edits
from desktop.services import leader_findings as lf
from desktop.services.case_undo import history
from desktop.services.leader import TeamLeader
from tests.services.test_leader import Team, _bundles, team  # noqa: F401
from tests.services.test_leader_findings import ITEM, _comment_and_export


def test_findings_edits_undo_and_redo(team: Team) -> None:  # noqa: F811
    files = _comment_and_export(team, _bundles(team))
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        h = history(case)

        def texts() -> list[tuple[int, str]]:
            return [(f.id, f.text) for f in lf.findings(leader, a0, "material")]

        label = Msg("Findings of {applicant}", {"applicant": "A"})
        first = leader_edits.recorded(leader, a0, "material", label, lambda: lf.pick(
            leader, a0, "material", ITEM, FindingKind.STRENGTH, ["R2:1"]))
        assert first.changes.findings and first.step is not None
        picked = texts()
        edited = leader_edits.recorded(leader, a0, "material", label, lambda: lf.edit_finding(
            leader, first.result.id, "改写后的优势"))
        assert edited.result.text == "改写后的优势"
        leader_edits.recorded(leader, a0, "material", label,
                              lambda: lf.remove_finding(leader, first.result.id))
        assert texts() == []
        h.undo()
        assert texts() == [(first.result.id, "改写后的优势")]  # the same id again
        h.undo()
        assert texts() == picked
        h.undo()
        assert texts() == []
        h.redo()
        h.redo()
        assert texts() == [(first.result.id, "改写后的优势")]
        actions = case.run(lambda s: list(s.scalars(select(cm.AuditEntry.action))))
        assert actions.count("team_findings.undo") == 3
        assert actions.count("team_findings.redo") == 2
        assert case.verify_audit().ok


def test_a_consensus_entry_undoes_and_reopens_nothing_it_should_not(
        team: Team) -> None:  # noqa: F811
    files = _comment_and_export(team, _bundles(team))
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        h = history(case)
        label = Msg("Consensus of {applicant}, item {item}", {"applicant": "A", "item": ITEM})

        def entry() -> tuple[int | None, str] | None:
            rows = case.run(lambda s: [(r.pct, r.rationale) for r in s.scalars(
                select(cm.ConsensusEntry).filter_by(applicant_id=a0, item_id=ITEM))])
            return rows[0] if rows and rows[0] != (None, "") else None

        first = leader_edits.set_consensus(leader, a0, "material", ITEM, 60, None, False, label)
        assert first.changes.consensus and first.result.pct == 60
        leader_edits.set_consensus(leader, a0, "material", ITEM, None, "讨论后一致", False,
                                   label)
        assert entry() == (60, "讨论后一致")
        h.undo()
        assert entry() == (60, "")
        h.undo()
        assert entry() is None  # nothing was entered: the default again
        h.redo()
        assert entry() == (60, "")
        assert case.verify_audit().ok

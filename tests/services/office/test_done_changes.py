"""An operation's ``Done`` names every area it wrote (review of the change sets): deriving the
merged state from the held bundles writes the merged scores, the field consensus, the teams'
findings, the field recusals and feedback, so an import and a key revoked (which derives again
without the revoked key's bundles) both name the consensus and the findings they changed, and
the tables read back show that they did change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from desktop.models.office.review import ConsensusItem, TeamFinding
from desktop.services.office.changes import DERIVED
from desktop.services.office.results_bundles import import_bundles
from desktop.services.office.revocation import revoke_key
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write
from tests.services.office.test_findings import full_report, with_findings


def _rows(ws: Workspace) -> tuple[int, int]:
    with ws.uow() as s:
        return (s.scalar(select(func.count()).select_from(ConsensusItem)) or 0,
                s.scalar(select(func.count()).select_from(TeamFinding)) or 0)


def test_an_import_and_a_revocation_name_the_consensus_and_findings_they_derive(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    a0 = small.apps[0].id
    c = write(tmp_path, "R4-c.sbb", bundle(
        small, "R4", "material", [a.id for a in small.apps], kind="consensus",
        change=with_findings(full_report(a0))))
    before = _rows(ws)
    merge_done = import_bundles(ws, [c])
    assert merge_done.result.files[0].outcome == "new"
    after = _rows(ws)
    assert after[0] > before[0] and after[1] > before[1]  # consensus items and findings written
    changes = merge_done.changes
    assert changes.bundles and changes.consensus and changes.findings and changes.history
    assert (changes & DERIVED) == DERIVED

    # the leader's key lost before it signed: its consensus waits for a decision, the derive
    # drops the consensus items and findings it gave
    revoked = revoke_key(ws, "R4", "笔记本电脑丢失", datetime.now(UTC), 0)
    assert revoked.result.awaiting == 1
    assert _rows(ws) != after
    assert revoked.changes.consensus and revoked.changes.findings and revoked.changes.bundles
    assert revoked.changes.people and revoked.changes.keys

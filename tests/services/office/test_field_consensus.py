"""The later of the team's signed consensus and the office's hand entry stands, however often
the held bundles are derived again (a duplicate imported, a conflict recorded): an office entry
was lost when a duplicate import put the older field consensus back over it."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.consensus import Choice
from desktop.services.office import consensus, merge, ranking, reads
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, write
from tests.services.office.test_decisions import merged


def _signed_and_total(ws: Workspace, ref: str) -> tuple[bool, object]:
    status = reads.consensus_status(ws)[(ref, "material")]
    row = ranking.rank(ws).applicant(ref)
    assert row is not None and row.stages["material"].source == "consensus"
    return status.signed, row.stages["material"].total


def test_the_later_consensus_stands_over_any_derive(ws: Workspace, tmp_path: Path) -> None:
    small = merged(ws, tmp_path)
    ids = [a.id for a in small.apps]
    ref = small.apps[0].ref
    field = write(tmp_path, "R4-c1.sbb", bundle(small, "R4", "material", ids, seed=9,
                                                kind="consensus"))
    assert merge.merge_files(ws, [field]).files[0].outcome == "new"
    signed, field_total = _signed_and_total(ws, ref)
    assert signed

    # the office records the team's consensus by hand afterwards: it stands
    view = consensus.divergence_view(ws, ref, "material")
    choices = {i.item: Choice(pct=100, rationale="评审组复议") for i in view.stats}
    hand_total = consensus.record_consensus(ws, ref, "material", choices).result.total
    assert hand_total != field_total
    assert _signed_and_total(ws, ref) == (False, hand_total)

    # a duplicate of the field consensus imported again derives everything: the entry stays
    assert merge.merge_files(ws, [field]).files[0].outcome == "duplicate"
    assert _signed_and_total(ws, ref) == (False, hand_total)
    merge.rederive(ws)
    assert _signed_and_total(ws, ref) == (False, hand_total)

    # a newer signed consensus from the team, received later, replaces the office's entry
    newer = write(tmp_path, "R4-c2.sbb", bundle(small, "R4", "material", ids, revision=2,
                                                seed=9, kind="consensus"))
    assert merge.merge_files(ws, [newer]).files[0].outcome == "updated"
    assert _signed_and_total(ws, ref) == (True, field_total)

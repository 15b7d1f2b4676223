"""The cycle setting ``normalisation_official`` on both backends: off, a stage total is the mean
of the reviewers' raw totals; on, of their normalised totals — the ranking says which basis it
used, the ranks can differ, the normalisation view's ``official`` column is the ranking's
number, and a recused reviewer never counts (nor moves anyone's normalised total)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.domain.normalisation import normalise
from desktop.models.office.review import ReceivedBundle
from desktop.services.catalogue import framework
from desktop.services.office import conflicts, cycle, merge, ranking
from desktop.services.office.results_decide import Ranking, StageResult
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, small_cycle, write

# Percentages per reviewer and applicant (every item the same): R2 spreads widely, R3 narrowly
# the other way, R4 is lenient on A2 — but declares a conflict with it after the merge. R1 is
# conflicted with A1 in the office register: that sheet is refused at the merge.
PCT = {"R1": (80, 100, 60), "R2": (90, 10, 50), "R3": (50, 60, 70), "R4": (55, 65, 100)}


def sheet_bundle(small: Small, rid: str, pcts: tuple[int, ...], revision: int = 1,
                 prev_hash: str = "") -> bytes:
    ids = [a.id for a in small.apps]
    scores = [{"applicant_id": aid, "stage_id": "material", "item_id": it.id, "pct": pct,
               "strengths": "优势", "improvements": "改进", "secret_marks": []}
              for aid, pct in zip(ids, pcts, strict=True) for it in framework().items]
    manifest = new_manifest(kind="scores", cycle_id=small.cycle, stage_id="material",
                            reviewer_id=rid, revision=revision, prev_hash=prev_hash,
                            audit_head="",
                            snapshot={"scores": scores, "panel_scores": [], "recusals": [],
                                      "feedback": []})
    return build_bundle(small.ids[rid], manifest, [small.office_enc])


def scored(ws: Workspace, tmp_path: Path) -> Small:
    small = small_cycle(ws)
    cycle.set_setting(ws, "weights", {"material": 1, "onsite": 0})
    result = merge.merge_files(ws, [write(tmp_path, f"{r}.sbb", sheet_bundle(small, r, p))
                                    for r, p in PCT.items()])
    assert result.refused_sheets == 1  # R1's sheet for A1
    conflicts.add_conflict(ws, "R4", small.apps[2].ref, "consulting", "reviewer")
    return small


def material(view: Ranking) -> dict[str, StageResult]:
    return {a.ref: a.stages["material"] for a in view.applicants}


def order(view: Ranking) -> list[tuple[str, int | None]]:
    rows = next(c for c in view.categories if c.award_id == "organisation").rows
    return [(r.ref, r.rank) for r in rows]


def expected(small: Small) -> dict[str, Decimal]:
    """The domain's normalisation of the kept sheets (recused pairs given to it to drop)."""
    ids = [a.id for a in small.apps]
    raw = {(rid, aid): Decimal(pct * 10) for rid, pcts in PCT.items()
           for aid, pct in zip(ids, pcts, strict=True)}
    view = normalise(raw, Decimal(1000), {("R1", ids[1]), ("R4", ids[2])})
    refs = {a.id: a.ref for a in small.apps}
    return {refs[a.applicant_id]: a.normalised_mean for a in view.applicants}


def test_raw_and_normalised_bases_rank_differently(ws: Workspace, tmp_path: Path) -> None:
    small = scored(ws, tmp_path)
    a0, a1, a2 = (a.ref for a in small.apps)

    raw = ranking.rank(ws)
    assert raw.basis == "raw" and raw.basis_source == "office"
    totals = material(raw)
    assert {r: t.total for r, t in totals.items()} == {
        a0: Decimal("687.50"), a1: Decimal("450.00"), a2: Decimal("600.00")}
    assert {t.source for t in totals.values()} == {"mean"}
    assert order(raw) == [(a0, 1), (a2, 2), (a1, 3)]

    cycle.set_setting(ws, "normalisation_official", True)
    norm = ranking.rank(ws)
    assert norm.basis == "normalised"
    totals = material(norm)
    assert {r: t.total for r, t in totals.items()} == expected(small) == {
        a0: Decimal("590.00"), a1: Decimal("574.76"), a2: Decimal("605.24")}
    assert {t.source for t in totals.values()} == {"normalised_mean"}
    assert order(norm) == [(a2, 1), (a0, 2), (a1, 3)]
    assert [a.comprehensive for a in norm.applicants] == [
        totals[a0].total, totals[a1].total, totals[a2].total]
    # Recused reviewers never count, on either basis.
    for view in (raw, norm):
        stages = material(view)
        assert stages[a1].reviewers == ("R2", "R3", "R4")
        assert stages[a2].reviewers == ("R1", "R2", "R3")
        assert stages[a2].recused == ("R4",)
    # The view's official column is the ranking's number.
    nv = ranking.normalisation_view(ws, "material")
    assert nv.official_uses_normalised is True
    assert {a.ref: a.official for a in nv.applicants} == {r: t.total for r, t in totals.items()}
    assert all(x.reviewer != "R4" for x in nv.scores if x.ref == a2)

    cycle.set_setting(ws, "normalisation_official", False)
    assert ranking.rank(ws) == raw


def test_a_recused_score_moves_no_normalised_total(ws: Workspace, tmp_path: Path) -> None:
    """R4 sends a new revision with a very different score for the applicant it is recused
    from: neither basis changes — the score enters no mean and no reviewer's scale."""
    small = scored(ws, tmp_path)
    cycle.set_setting(ws, "normalisation_official", True)
    before = ranking.rank(ws)
    with ws.uow() as s:  # revision 2 chains to revision 1 (prev_hash), as a laptop makes it
        first = s.execute(select(ReceivedBundle.content_hash)
                          .where(ReceivedBundle.signer_id == "R4")).scalar_one()
    changed = merge.merge_files(ws, [write(tmp_path, "R4-2.sbb", sheet_bundle(
        small, "R4", (55, 65, 0), revision=2, prev_hash=first))])
    assert changed.counts["updated"] == 1 and changed.refused_sheets == 2  # R1→A1, R4→A2
    after = ranking.rank(ws)
    assert after.categories == before.categories
    assert {r: (t.total, t.reviewers) for r, t in material(after).items()} == \
        {r: (t.total, t.reviewers) for r, t in material(before).items()}
    cycle.set_setting(ws, "normalisation_official", False)
    assert material(ranking.rank(ws))[small.apps[2].ref].total == Decimal("600.00")

"""What is unresolved before the office decides, on both backends: each kind appears and goes
away once resolved; the vote and the notice refuse with the list unless the office confirms, and
a confirmation is kept in the history. Field recusals reach the conflicts register, the ranking,
the divergence view and the consensus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.consensus import Choice
from desktop.domain.readiness import (
    NEEDS_EVIDENCE,
    NOT_EVALUATED,
    UnresolvedKind,
    UnresolvedMatters,
)
from desktop.services.office import (
    conflicts,
    consensus,
    eligibility,
    merge,
    notice,
    ranking,
    readiness,
    reviewers,
    vote,
)
from desktop.services.office.results_conflicts import FieldDeclaration
from desktop.services.office.results_decide import Recusal
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write


def _kinds(ws: Workspace) -> dict[UnresolvedKind, list[tuple[tuple[str, ...], str | None]]]:
    out: dict[UnresolvedKind, list[tuple[tuple[str, ...], str | None]]] = {}
    for item in readiness.unresolved(ws).items:
        out.setdefault(item.kind, []).append((tuple(a.ref for a in item.applicants),
                                              item.stage))
    return out


def _scored(ws: Workspace, tmp_path: Path) -> Small:
    """R2, R3 and R4 score every applicant at the material stage (seeds spread items)."""
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids,
                                                               seed=k + 1))
                           for k, r in enumerate(("R2", "R3", "R4"))])
    return small


def test_each_kind_of_unresolved_item_appears_and_goes(ws: Workspace, tmp_path: Path) -> None:
    small = _scored(ws, tmp_path)
    a0, a1, a2 = (a.ref for a in small.apps)
    ids = [a.id for a in small.apps]
    found = _kinds(ws)
    # every applicant: eligibility not reviewed, no site-visit score yet, flagged items
    assert found[UnresolvedKind.ELIGIBILITY] == [((a0,), None), ((a1,), None), ((a2,), None)]
    assert found[UnresolvedKind.MISSING_SCORES] == [((a0,), "onsite"), ((a1,), "onsite"),
                                                    ((a2,), "onsite")]
    assert ((a0,), "material") in found[UnresolvedKind.FLAGGED]
    assert UnresolvedKind.FORK not in found and UnresolvedKind.RECUSAL_WITH_SCORES not in found
    listed = readiness.unresolved(ws)
    assert {i.detail for i in listed.of_kind(UnresolvedKind.ELIGIBILITY)} == {NOT_EVALUATED}
    flagged = next(i for i in listed.of_kind(UnresolvedKind.FLAGGED)
                   if i.applicants[0].ref == a0)
    assert flagged.applicants[0].name == small.apps[0].name
    assert flagged.items == consensus.divergence_view(ws, a0, "material").flagged
    # the ranking carries the same list (JSON-ready), after its existing keys
    ranked = ranking.rank(ws)
    assert [u["kind"] for u in ranked.unresolved] == [i.kind.value for i in listed.items]
    assert ranked.matters == listed

    # resolved one by one: facts evaluated (awaiting evidence), a consensus, the weights
    eligibility.record_facts(ws, a0, {"schema": "scorebook.facts/1", "name": "x",
                                      "kind": "organisation"})
    consensus.record_consensus(ws, a0, "material", {
        k: Choice(rationale="讨论") for k in flagged.items})
    listed = readiness.unresolved(ws)
    assert [i.detail for i in listed.of_kind(UnresolvedKind.ELIGIBILITY)
            if i.applicants[0].ref == a0] == [NEEDS_EVIDENCE]
    assert all(i.applicants[0].ref != a0 for i in listed.of_kind(UnresolvedKind.FLAGGED))

    # a conflict recorded after the merge: that reviewer's percentages no longer count
    conflicts.add_conflict(ws, "R3", a2, "kinship", "office")
    flags = {i.applicants[0].ref: list(i.items)
             for i in readiness.unresolved(ws).of_kind(UnresolvedKind.FLAGGED)}
    assert flags.get(a2, []) == list(consensus.divergence_view(ws, a2, "material").flagged)
    assert flags[a1] == list(consensus.divergence_view(ws, a1, "material").flagged)

    # a fork: revision 2 of R2 in two contents, the scores differ for every applicant
    merge.merge_files(ws, [write(tmp_path, "R2-2a.sbb", bundle(small, "R2", "material", ids,
                                                                2, seed=5)),
                           write(tmp_path, "R2-2b.sbb", bundle(small, "R2", "material", ids,
                                                                2, seed=6))])
    fork = readiness.unresolved(ws).of_kind(UnresolvedKind.FORK)
    assert [(f.reviewer, f.stage, f.revision, f.detail) for f in fork] == [
        ("R2", "material", 2, "scores")]
    assert [a.ref for a in fork[0].applicants] == [a0, a1, a2]
    assert "R2" in str(fork[0].message())
    merge.resolve_fork(ws, "R2-2a.sbb", "the first copy stands")
    assert not readiness.unresolved(ws).of_kind(UnresolvedKind.FORK)


def test_a_field_recusal_reaches_the_register_ranking_and_views(ws: Workspace,
                                                                tmp_path: Path) -> None:
    small = _scored(ws, tmp_path)
    a0, a1, a2 = (a.ref for a in small.apps)
    ids = [a.id for a in small.apps]
    # R3 scored A003 at the material stage, then recused from it on site (kinship)
    onsite = bundle(small, "R3", "onsite", ids[:2], seed=4, recusals=[ids[2]])
    merge.merge_files(ws, [write(tmp_path, "R3-onsite.sbb", onsite)])
    listed = {(c.reviewer, c.applicant): c for c in conflicts.list_conflicts(ws)}
    row = listed[("R3", a2)]
    assert row.conflicted and row.pinned is None and row.to_decide
    (decl,) = row.declarations
    assert isinstance(decl, FieldDeclaration)
    assert (decl.kind, decl.source, decl.note, decl.bundle, decl.scored) == (
        "employment", "bundle", "曾任职", "R3-onsite.sbb", True)
    assert listed[("R1", a1)].to_decide is False  # the office's own conflict
    # ranking: named as recused at every stage, its material scores left out
    stages = {a.ref: a.stages for a in ranking.rank(ws).applicants}
    assert stages[a2]["material"].recused == ("R3",)
    assert stages[a2]["material"].reviewers == ("R2", "R4")
    assert stages[a1]["material"].recused == ("R1",)  # the office register's conflict
    # divergence and consensus name the recused reviewers with their source
    view = consensus.divergence_view(ws, a2, "material")
    assert view.recused == (Recusal("R3", "employment", "bundle"),)
    assert all(i.count == 2 for i in view.stats)
    recorded = consensus.record_consensus(ws, a2, "material", {
        k: Choice(rationale="讨论") for k in view.flagged}).result
    assert recorded.recused == view.recused
    # flagged for the office: the reviewer has scores for the applicant
    flagged = readiness.unresolved(ws).of_kind(UnresolvedKind.RECUSAL_WITH_SCORES)
    assert [(f.reviewer, f.applicants[0].ref) for f in flagged] == [("R3", a2)]
    # derived again, the refusal still names the reviewer's own recusal, not the register
    refused = [r for r in merge.rederive(ws).refused if r.reviewer_id == "R3"]
    assert refused and all("recused from" in r.reason.render() for r in refused)
    # the office decides: the recusal stands (pinned); the flag goes, the register keeps both
    conflicts.pin(ws, "R3", a2, True, note="回避成立")
    assert not readiness.unresolved(ws).of_kind(UnresolvedKind.RECUSAL_WITH_SCORES)
    row = next(c for c in conflicts.list_conflicts(ws)
               if (c.reviewer, c.applicant) == ("R3", a2))
    assert row.pinned == "conflicted" and not row.to_decide
    assert [d.source for d in row.declarations] == ["bundle"]
    # merging again keeps one field recusal (derived, not added twice)
    merge.merge_files(ws, [write(tmp_path, "R3-onsite.sbb", onsite)])
    assert sum(1 for c in conflicts.list_conflicts(ws) for d in c.declarations
               if d.source == "bundle") == 1
    # a person cannot record a conflict as if it came from a bundle
    with pytest.raises(Exception, match="source"):
        conflicts.add_conflict(ws, "R2", a0, "kinship", "bundle")


def test_a_recusal_without_scores_is_recorded_not_flagged(ws: Workspace,
                                                         tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "R2.sbb", bundle(small, "R2", "material", ids[1:],
                                                             recusals=[ids[0]]))])
    row = next(c for c in conflicts.list_conflicts(ws) if c.reviewer == "R2")
    assert row.applicant == small.apps[0].ref and not row.to_decide
    assert not readiness.unresolved(ws).of_kind(UnresolvedKind.RECUSAL_WITH_SCORES)


def _committee(ws: Workspace) -> list[str]:
    names = ["主任甲", "委员乙", "委员丙"]
    for n, name in enumerate(names):
        reviewers.add_committee_member(ws, name, role="chair" if n == 0 else "member")
    return names


def _history(ws: Workspace, action: str) -> list[dict[str, object]]:
    return [h.detail for h in notice.history(ws) if h.action == action]


def test_vote_and_notice_refuse_with_the_list_unless_confirmed(ws: Workspace,
                                                              tmp_path: Path) -> None:
    small = _scored(ws, tmp_path)
    a0 = small.apps[0].ref
    names = _committee(ws)
    ballots = {n: {a0: "for"} for n in names}
    with pytest.raises(UnresolvedMatters) as refused:
        vote.hold_vote(ws, "organisation", names, ballots)
    listed = refused.value.unresolved
    assert listed and listed == readiness.unresolved(ws)
    text = str(refused.value.message)
    assert text.startswith("Counting the vote on 市长质量奖组织奖 needs the office's confirmation")
    assert f"Eligibility of {a0} {small.apps[0].name} is not reviewed yet" in text
    assert not _history(ws, "vote") and not _history(ws, "vote.confirm_unresolved")

    out = vote.hold_vote(ws, "organisation", names, ballots, held_on=date(2025, 9, 20),
                         confirm_unresolved=True).result
    assert out.elected == (a0,)
    (kept,) = _history(ws, "vote.confirm_unresolved")
    assert kept["award"] == "organisation"
    assert kept["unresolved"] == [i.history() for i in listed.items]
    assert {"kind": "eligibility", "applicants": [a0], "detail": "not_evaluated"} in \
        kept["unresolved"]

    with pytest.raises(UnresolvedMatters, match="Publishing the notice after "):
        notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), [a0])
    published = notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), [a0],
                                      confirm_unresolved=True).result
    assert published.working_days == 10
    (kept,) = _history(ws, "notice.confirm_unresolved")
    assert kept["notice"] == "proposed-winners" and kept["unresolved"]


def test_nothing_unresolved_needs_no_confirmation(ws: Workspace) -> None:
    from desktop.services.office import cycle

    cycle.open_cycle(ws, "hohhot-mayor", 2025, opened_on=date(2025, 6, 2))
    cycle.decide_suggested(ws)
    assert not readiness.unresolved(ws) and ranking.rank(ws).unresolved == ()
    names = _committee(ws)
    out = vote.hold_vote(ws, "organisation", names, {}).result
    assert out.elected == ()
    assert not _history(ws, "vote.confirm_unresolved")

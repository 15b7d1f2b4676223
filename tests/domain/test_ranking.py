"""Stage totals, weights, shortlist, category ranking with ties, repeat winners and backfill."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.consensus import Choice, divergence, finalise
from desktop.domain.errors import RuleViolation
from desktop.domain.merge import SCORES, BundleRecord, MergeContext, Sheet, merged_state
from desktop.domain.programmes import (
    AwardCategory,
    AwardKind,
    Backfill,
    Citation,
    RepeatWinners,
)
from desktop.domain.ranking import (
    Place,
    ShortlistRule,
    StageWeights,
    TotalSource,
    competition_ranks,
    comprehensive,
    rank_category,
    reviewer_total,
    shortlist,
    stage_total,
)
from desktop.domain.scoring import ItemEntry, summarise
from desktop.services import catalogue

D = Decimal
FW = catalogue.framework()
CITE = Citation("高新区办法", "第四条")
ORG = AwardCategory("org", AwardKind.ORGANISATION, "高新质量奖", "Quality award", CITE, quota=3,
                    vacancy_allowed=True)
BACKFILL = Backfill(True, Citation("高新区办法", "第十九条"))


def test_stage_total_prefers_consensus_else_mean_of_non_recused() -> None:
    totals = {"r1": D("600"), "r2": D("700"), "r3": D("100")}
    t = stage_total("a1", "onsite", totals, recused={"r3"})
    assert t.total == D("650.00") and t.source is TotalSource.MEAN
    assert t.reviewers == ("r1", "r2") and t.recused == ("r3",)
    c = stage_total("a1", "onsite", totals, consensus=D("655.5"), consensus_by="r1")
    assert c.total == D("655.50") and c.source is TotalSource.CONSENSUS
    # a consensus led by a recused reviewer is not used
    x = stage_total("a1", "onsite", totals, consensus=D("900"), consensus_by="r3",
                    recused={"r3"})
    assert x.source is TotalSource.MEAN and x.total == D("650.00")
    assert stage_total("a1", "onsite", {}).total is None


def test_stage_total_of_normalised_totals_says_so_and_still_leaves_out_the_recused() -> None:
    totals = {"r1": D("610.4"), "r2": D("689.6"), "r3": D("100")}
    n = stage_total("a1", "onsite", totals, recused={"r3"}, normalised=True)
    assert n.total == D("650.00") and n.source is TotalSource.NORMALISED_MEAN
    assert n.reviewers == ("r1", "r2") and n.recused == ("r3",)
    # a consensus still stands over the reviewers' totals, normalised or not
    c = stage_total("a1", "onsite", totals, consensus=D("640"), consensus_by="r1",
                    normalised=True)
    assert c.source is TotalSource.CONSENSUS and c.total == D("640.00")


def test_weights_must_sum_to_one_or_be_normalised_explicitly() -> None:
    with pytest.raises(RuleViolation, match=r"add up to 1\.1"):
        StageWeights({"material": D("0.5"), "onsite": D("0.6")})
    with pytest.raises(RuleViolation):
        StageWeights({"material": D("-0.5"), "onsite": D("1.5")})
    w = StageWeights.normalised({"material": D(4), "onsite": D(4), "defense": D(2)})
    assert sum(w.weights.values()) == 1
    assert w.weights["material"] == D("0.4") and w.normalised_from == {
        "material": D(4), "onsite": D(4), "defense": D(2)}
    thirds = StageWeights.normalised({"a": D(1), "b": D(1), "c": D(1)})
    assert sum(thirds.weights.values()) == 1


def test_comprehensive_rescales_each_stage_to_the_common_scale() -> None:
    w = StageWeights({"material": D("0.4"), "onsite": D("0.4"), "defense": D("0.2")})
    maxima = {"material": D(1000), "onsite": D(1000), "defense": D(100)}
    c = comprehensive("a1", {"material": D(600), "onsite": D(700), "defense": D(90)}, w, maxima)
    # 0.4×600 + 0.4×700 + 0.2×900
    assert c.score == D("700.00")
    assert [p.on_scale for p in c.parts if p.stage_id == "defense"] == [D("900.00")]
    missing = comprehensive("a2", {"material": D(600)}, w, maxima)
    assert missing.score is None and missing.missing == ("defense", "onsite")


def test_competition_ranks_share_ranks() -> None:
    ranks = competition_ranks({"a": D(90), "b": D(80), "c": D(80), "d": D(70)})
    assert [(k, r) for k, _, r in ranks] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_shortlist_top_n_with_tie_at_line_and_threshold() -> None:
    scores = {"a": D(900), "b": D(800), "c": D(700), "d": D(700), "e": D(600), "f": None}
    s = shortlist(scores, ShortlistRule(top_n=3))
    assert s.selected == ("a", "b") and s.tied_at_line == ("c", "d") and s.open_places == 1
    assert s.not_selected == ("e",) and s.unscored == ("f",)
    t = shortlist(scores, ShortlistRule(min_score=D(700)))
    assert t.selected == ("a", "b", "c", "d") and t.tied_at_line == ()
    both = shortlist(scores, ShortlistRule(top_n=5, min_score=D(750)))
    assert both.selected == ("a", "b")
    with pytest.raises(RuleViolation):
        ShortlistRule()


def test_rank_category_within_quota_and_tie_at_the_line() -> None:
    scores = {"a": D(900), "b": D(850), "c": D(800), "d": D(800), "e": D(700)}
    r = rank_category(ORG, scores)
    assert r.within == ("a", "b") and r.tied_at_line == ("c", "d")
    assert r.row("c").rank == r.row("d").rank == 3
    assert r.row("c").place is Place.TIE_AT_QUOTA_LINE
    assert r.row("e").place is Place.BELOW_QUOTA
    assert r.open_places_for_tie == 1 and r.vacancies == 0
    assert any("Tie at the quota line" in str(n) for n in r.notes)


def test_fewer_candidates_than_quota_is_a_vacancy_and_checked_against_the_programme() -> None:
    r = rank_category(ORG, {"a": D(900)}, min_award_score=D(500))
    assert r.vacancies == 2 and not any("does not allow" in str(n) for n in r.notes)
    strict = AwardCategory("x", AwardKind.ORGANISATION, "x", "x", CITE, quota=2,
                           vacancy_allowed=False)
    r2 = rank_category(strict, {"a": D(900), "b": D(400)}, min_award_score=D(500))
    assert r2.row("b").place is Place.BELOW_THRESHOLD
    assert r2.vacancies == 1 and any("does not allow" in str(n) for n in r2.notes)


def test_repeat_winners_sit_outside_the_quota() -> None:
    scores = {"old": D(950), "a": D(900), "b": D(850), "c": D(800), "d": D(700)}
    rule = RepeatWinners(outside_quota=True, prize=False, cite=CITE)
    r = rank_category(ORG, scores, repeat_winners={"old"}, repeat_rule=rule)
    assert r.row("old").place is Place.OUTSIDE_QUOTA and r.row("old").rank == 1
    assert r.within == ("a", "b", "c")
    plain = rank_category(ORG, scores, repeat_winners={"old"}, repeat_rule=None)
    assert plain.within == ("old", "a", "b")


def test_backfill_where_allowed_else_vacant() -> None:
    scores = {"a": D(900), "b": D(850), "c": D(800), "d": D(750), "e": D(700)}
    filled = rank_category(ORG, scores, removed={"b"}, backfill=BACKFILL)
    assert filled.within == ("a", "c", "d")
    assert filled.row("d").backfilled and filled.row("b").place is Place.REMOVED
    assert filled.vacancies == 0 and any("第十九条" in str(n) for n in filled.notes)
    empty = rank_category(ORG, scores, removed={"b"}, backfill=Backfill(False, None))
    assert empty.within == ("a", "c") and empty.vacancies == 1
    assert empty.row("d").place is Place.BELOW_QUOTA
    none = rank_category(ORG, scores, removed={"b"}, backfill=None)
    assert none.vacancies == 1 and any("does not provide" in str(n) for n in none.notes)


def test_backfill_into_a_tie_is_flagged_not_broken() -> None:
    scores = {"a": D(900), "b": D(850), "c": D(800), "d": D(750), "e": D(750)}
    r = rank_category(ORG, scores, removed={"a"}, backfill=BACKFILL)
    assert r.within == ("b", "c") and r.tied_at_line == ("d", "e")


def test_no_quota_means_no_line() -> None:
    cat = AwardCategory("n", AwardKind.NOMINATION, "提名奖", "Nomination", CITE, quota=None)
    r = rank_category(cat, {"a": D(1), "b": D(2)})
    assert set(r.within) == {"a", "b"} and any("no quota" in str(n) for n in r.notes)


# --- a recused reviewer's scores never reach a mean, a consensus or a rank --------------------

REVIEWERS = ("r1", "r2", "r3", "r4")
APPS = ("a1", "a2", "a3", "a4")
ASSIGNED = frozenset(("onsite", r, a) for r in REVIEWERS for a in APPS)
pct = st.integers(0, 20).map(lambda n: n * 5)


def _pipeline(grid: dict[tuple[str, str], int], recused_pairs: frozenset[tuple[str, str]],
              own_recusal: tuple[str, str] | None) -> tuple[object, ...]:
    bundles = []
    for r in REVIEWERS:
        sheets = tuple(Sheet(a, tuple(ItemEntry(it.id, grid[(r, a)]) for it in FW.items))
                       for a in APPS)
        rec = (own_recusal[1],) if own_recusal and own_recusal[0] == r else ()
        bundles.append(BundleRecord(f"{r}.sbb", r, "c", "onsite", SCORES, 1,
                                    f"h-{r}-{hash(sheets)}", sheets, rec))
    state = merged_state(bundles, MergeContext("c", frozenset({"onsite"}), ASSIGNED,
                                               recused_pairs))
    out: list[object] = []
    totals: dict[str, Decimal] = {}
    for a in APPS:
        entries = {r: s.entries for r, s in state.sheets_for("onsite", a).items()}
        recused = {r for r, x in state.recusals if x == a}
        stats = divergence(FW, entries, recused=recused)
        leader = next(r for r in REVIEWERS if r not in recused)
        choices = {it: Choice(None, "discussed") for it, s in stats.items() if s.flagged}
        cons = finalise(FW, a, "onsite", leader, stats, choices)
        means = stage_total(a, "onsite",
                            {r: summarise(FW, e).total for r, e in entries.items()},
                            recused=recused)
        totals[a] = cons.total
        out += [stats, cons.total, means.total]
    out.append(rank_category(ORG, totals))
    return tuple(out)


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({(r, a): pct for r in REVIEWERS for a in APPS}),
       st.sampled_from(REVIEWERS), st.sampled_from(APPS), pct, st.booleans())
def test_recused_scores_never_reach_mean_consensus_or_rank(
        grid: dict[tuple[str, str], int], reviewer: str, applicant: str, other: int,
        by_office: bool) -> None:
    office = frozenset({(reviewer, applicant)}) if by_office else frozenset()
    own = None if by_office else (reviewer, applicant)
    changed = {**grid, (reviewer, applicant): other}
    assert _pipeline(grid, office, own) == _pipeline(changed, office, own)


def test_the_pipeline_property_can_fail() -> None:
    grid = {(r, a): 50 for r in REVIEWERS for a in APPS}
    changed = {**grid, ("r1", "a1"): 100}
    assert _pipeline(grid, frozenset(), None) != _pipeline(changed, frozenset(), None)


@given(st.lists(st.integers(0, 20).map(lambda n: n * 5), min_size=len(FW.items),
                max_size=len(FW.items)))
def test_reviewer_total_equals_summarise(pcts: list[int]) -> None:
    entries = [ItemEntry(it.id, p) for it, p in zip(FW.items, pcts, strict=True)]
    assert reviewer_total(FW, entries) == summarise(FW, entries).total
    assert reviewer_total(FW, entries[1:]) is None


@given(st.lists(st.one_of(st.none(), st.integers(0, 20).map(lambda n: n * 5)),
                min_size=len(FW.items), max_size=len(FW.items)),
       st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_reviewer_total_in_any_order_matches_a_plain_sum(
        pcts: list[int | None], rnd: object, shuffle: bool, twice: bool) -> None:
    entries = [ItemEntry(it.id, p) for it, p in zip(FW.items, pcts, strict=True)]
    if twice:  # a later entry of an item replaces the earlier one, as in a mapping
        entries.append(ItemEntry(FW.items[0].id, 35))
        pcts = [35, *pcts[1:]]
    if shuffle and not twice:
        rnd.shuffle(entries)  # type: ignore[attr-defined]
    expected = None if None in pcts else Decimal(sum(
        it.points * p for it, p in zip(FW.items, pcts, strict=True) if p is not None)) / 100
    got = reviewer_total(FW, iter(entries))
    assert got == expected
    assert got is None or str(got) == f"{expected:.2f}"

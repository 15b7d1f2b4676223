"""Stage totals, the comprehensive score, the site-visit shortlist and rankings against quotas.

- ``stage_total``: the team's consensus total where there is one (and its leader is not recused),
  else the mean of the non-recused reviewers' totals. Recused reviewers never count. Where the
  cycle makes normalised scores official, the totals given are the reviewers' normalised ones
  (``normalisation``) and the source says so.
- ``StageWeights``: the cycle's stage weights (an office setting, the documents fix none). They
  must add up to exactly 1; ``StageWeights.normalised`` divides raw weights by their sum, and
  only when the office asks for it explicitly (``normalised_from`` keeps the raw values).
  Each stage total is first put on a common ``scale`` (default 1000, the framework's total) so a
  100-point defense and a 1000-point material review combine fairly:
  ``comprehensive = Σ weight × total × scale / stage maximum``.
- ``shortlist``: the site visits from the material ranking (top N and/or a score threshold, an
  office setting). A tie across the line is shown as such and left for a person to decide.
- ``rank_category``: per award category against ``AwardCategory.quota``; ties share a rank
  (competition ranking 1, 2, 2, 4) and a tie across the quota line is flagged, never broken;
  repeat winners sit outside the quota where ``RepeatWinners.outside_quota``; a removed candidate
  (upheld objection) is replaced by the next in rank where ``Backfill.allowed``, else the place
  stays vacant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from operator import itemgetter, mul

from desktop.domain.consensus_rows import row_pcts
from desktop.domain.criteria import Framework
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import AwardCategory, Backfill, RepeatWinners
from desktop.domain.scoring import ItemEntry

Q2 = Decimal("0.01")
Q6 = Decimal("0.000001")


def _q(value: Decimal) -> Decimal:
    return value.quantize(Q2, rounding=ROUND_HALF_UP)


# --- stage totals -----------------------------------------------------------------------------


class TotalSource(StrEnum):
    CONSENSUS = "consensus"
    MEAN = "mean"
    NORMALISED_MEAN = "normalised_mean"  # the mean of the reviewers' normalised totals
    NONE = "none"


@dataclass(frozen=True)
class StageTotal:
    applicant_id: str
    stage_id: str
    total: Decimal | None
    source: TotalSource
    reviewers: tuple[str, ...]  # whose totals made the mean (empty for a consensus)
    recused: tuple[str, ...]  # reviewers left out because they are recused


def stage_total(applicant_id: str, stage_id: str, reviewer_totals: Mapping[str, Decimal],
                consensus: Decimal | None = None, consensus_by: str | None = None,
                recused: Iterable[str] = (), *, normalised: bool = False) -> StageTotal:
    """The stage total of one applicant: consensus, else the mean of non-recused reviewers.

    ``normalised``: the reviewer totals given are normalised ones (the source then says so)."""
    out = recused if isinstance(recused, set | frozenset) else set(recused)
    left_out = tuple(sorted(r for r in reviewer_totals if r in out)) if out else ()
    if consensus is not None and (consensus_by is None or consensus_by not in out):
        return StageTotal(applicant_id, stage_id, _q(consensus), TotalSource.CONSENSUS, (),
                          left_out)
    kept = sorted((r, t) for r, t in reviewer_totals.items() if r not in out) if out else \
        sorted(reviewer_totals.items())
    if not kept:
        return StageTotal(applicant_id, stage_id, None, TotalSource.NONE, (), left_out)
    mean = sum(map(_second, kept), Decimal(0)) / len(kept)
    return StageTotal(applicant_id, stage_id, _q(mean),
                      TotalSource.NORMALISED_MEAN if normalised else TotalSource.MEAN,
                      tuple(map(_first, kept)), left_out)


_first, _second = itemgetter(0), itemgetter(1)


def reviewer_total(framework: Framework, entries: Iterable[ItemEntry]) -> Decimal | None:
    """A reviewer's total for one scorebook, or None while an item is unscored.

    Equal to ``scoring.summarise(framework, entries).total`` for a complete scorebook (each item
    score points × pct / 100 is exact to two places, so the sum is done on integers). A
    scorebook with one entry per item in the framework's order (how they are stored) is summed
    by C-level ``map``; any other order goes through a mapping item_id -> pct (the last entry of
    an item counts).
    """
    ids, points = _items(framework)
    pcts = row_pcts(entries, ids)  # as ``divergence`` reads a row
    if None in pcts:
        return None
    hundredths = sum(map(mul, points, pcts))
    total = _TOTALS.get(hundredths)
    if total is None:
        if len(_TOTALS) >= 65536:
            _TOTALS.clear()
        total = _TOTALS[hundredths] = Decimal(hundredths).scaleb(-2).quantize(Q2)
    return total


# Σ points × pct (hundredths of a point) -> the total, made and quantized once each (bounded)
_TOTALS: dict[int, Decimal] = {}
# framework -> (item ids, item points) in order; keyed by id, the framework kept beside them so
# an id is never reused while the entry lives
_ITEMS: dict[int, tuple[Framework, list[str], list[int]]] = {}


def _items(framework: Framework) -> tuple[list[str], list[int]]:
    entry = _ITEMS.get(id(framework))
    if entry is None or entry[0] is not framework:
        entry = _ITEMS[id(framework)] = (framework, [it.id for it in framework.items],
                                         [it.points for it in framework.items])
    return entry[1], entry[2]


# --- comprehensive score ----------------------------------------------------------------------


@dataclass(frozen=True)
class StageWeights:
    """Stage id -> weight; exactly 1 in total (refused otherwise)."""

    weights: Mapping[str, Decimal]
    scale: Decimal = Decimal(1000)
    normalised_from: Mapping[str, Decimal] | None = None  # raw weights, if normalised on request

    def __post_init__(self) -> None:
        if not self.weights:
            raise RuleViolation(Msg(N_("No stage weights are set for this cycle")))
        for stage, w in self.weights.items():
            if not w.is_finite() or w < 0:
                raise RuleViolation(Msg(N_("The weight of stage {stage} must be 0 or more"),
                                        {"stage": stage}))
        total = sum(self.weights.values(), Decimal(0))
        if total.quantize(Q6) != Decimal(1).quantize(Q6):
            raise RuleViolation(Msg(
                N_("Stage weights add up to {total}, not 1: correct them, or normalise them "
                   "explicitly"), {"total": total}))
        if self.scale <= 0:
            raise RuleViolation(Msg(N_("The common scale must be positive")))

    @classmethod
    def normalised(cls, raw: Mapping[str, Decimal], scale: Decimal = Decimal(1000)
                   ) -> StageWeights:
        """Divide raw weights (e.g. 4, 4, 2) by their sum; the raw values stay on record."""
        total = sum(raw.values(), Decimal(0))
        if total <= 0:
            raise RuleViolation(Msg(N_("Stage weights add up to {total}; nothing to normalise"),
                                    {"total": total}))
        stages = sorted(raw)
        weights = {s: (raw[s] / total).quantize(Q6, ROUND_HALF_UP) for s in stages}
        # Put the rounding remainder on the last stage so the sum is exactly 1.
        weights[stages[-1]] += Decimal(1) - sum(weights.values(), Decimal(0))
        return cls(weights, scale, dict(raw))


@dataclass(frozen=True)
class Contribution:
    stage_id: str
    total: Decimal
    on_scale: Decimal  # total × scale / stage maximum
    weight: Decimal
    contribution: Decimal


@dataclass(frozen=True)
class Comprehensive:
    applicant_id: str
    score: Decimal | None  # None while a weighted stage has no total
    parts: tuple[Contribution, ...]
    missing: tuple[str, ...]


def comprehensive(applicant_id: str, totals: Mapping[str, StageTotal | Decimal | None],
                  weights: StageWeights, stage_max: Mapping[str, Decimal]) -> Comprehensive:
    """Weighted sum of stage totals on the common scale (stages with weight 0 may be absent)."""
    found: list[tuple[str, Decimal, Decimal, Decimal, Decimal]] = []  # each Contribution's
    missing: list[str] = []  # fields, the contribution not rounded yet
    scale = weights.scale
    for stage, w in sorted(weights.weights.items()):
        raw = totals.get(stage)
        value = raw.total if isinstance(raw, StageTotal) else raw
        if value is None:
            if w != 0:
                missing.append(stage)
            continue
        maximum = stage_max.get(stage)
        if maximum is None or maximum <= 0:
            raise RuleViolation(Msg(N_("Stage {stage} has no maximum score to scale by"),
                                    {"stage": stage}))
        on_scale = value * scale / maximum
        found.append((stage, value, _q(on_scale), w, on_scale * w))
    if missing:
        return Comprehensive(applicant_id, None, tuple(Contribution(*f) for f in found),
                             tuple(missing))
    score = _q(sum((f[4] for f in found), Decimal(0)))
    return Comprehensive(applicant_id, score, tuple(
        Contribution(stage, value, on_scale, w, _q(c)) for stage, value, on_scale, w, c in found),
        ())


# --- ranks ------------------------------------------------------------------------------------


def competition_ranks(scores: Mapping[str, Decimal]) -> list[tuple[str, Decimal, int]]:
    """(id, score, rank) best first; equal scores share a rank (1, 2, 2, 4).

    Within a tie the listing order is by id, for display only: the rank is shared.
    """
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[tuple[str, Decimal, int]] = []
    for i, (key, score) in enumerate(ordered):
        rank = out[-1][2] if out and out[-1][1] == score else i + 1
        out.append((key, score, rank))
    return out


def _groups(ranked: Sequence[tuple[str, Decimal, int]]) -> list[list[tuple[str, Decimal, int]]]:
    groups: list[list[tuple[str, Decimal, int]]] = []
    for row in ranked:
        if groups and groups[-1][0][1] == row[1]:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


# --- shortlist --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortlistRule:
    """An office setting: the best ``top_n``, and/or everyone at or above ``min_score``."""

    top_n: int | None = None
    min_score: Decimal | None = None

    def __post_init__(self) -> None:
        if self.top_n is None and self.min_score is None:
            raise RuleViolation(Msg(N_("A shortlist rule needs a number of places or a "
                                       "minimum score")))
        if self.top_n is not None and self.top_n < 0:
            raise RuleViolation(Msg(N_("The number of shortlist places cannot be negative")))


@dataclass(frozen=True)
class Shortlist:
    rule: ShortlistRule
    ranked: tuple[tuple[str, Decimal, int], ...]
    selected: tuple[str, ...]
    tied_at_line: tuple[str, ...]  # a tie across the top-N line: a person decides
    open_places: int  # places left for the tied group
    not_selected: tuple[str, ...]
    unscored: tuple[str, ...]


def shortlist(scores: Mapping[str, Decimal | None], rule: ShortlistRule) -> Shortlist:
    """Who goes to the site visit, from the material-review scores."""
    unscored = tuple(sorted(k for k, v in scores.items() if v is None))
    ranked = competition_ranks({k: v for k, v in scores.items() if v is not None})
    selected: list[str] = []
    tied: list[str] = []
    rest: list[str] = []
    places = rule.top_n
    open_places = 0
    line_drawn = False
    for group in _groups(ranked):
        ids = [g[0] for g in group]
        if line_drawn or (rule.min_score is not None and group[0][1] < rule.min_score):
            rest.extend(ids)
        elif places is None or len(selected) + len(ids) <= places:
            selected.extend(ids)
        else:  # this group crosses the line (a tie) or starts below it
            line_drawn = True
            if len(selected) < places:
                tied.extend(ids)
                open_places = places - len(selected)
            else:
                rest.extend(ids)
    return Shortlist(rule, tuple(ranked), tuple(selected), tuple(tied), open_places,
                     tuple(rest), unscored)


# --- ranking per award category ---------------------------------------------------------------


class Place(StrEnum):
    WITHIN_QUOTA = "within_quota"
    TIE_AT_QUOTA_LINE = "tie_at_quota_line"  # shown, never broken silently
    BELOW_QUOTA = "below_quota"
    OUTSIDE_QUOTA = "outside_quota"  # a repeat winner who takes no place (RepeatWinners)
    BELOW_THRESHOLD = "below_threshold"  # under the office's minimum award score
    REMOVED = "removed"  # an upheld objection


@dataclass(frozen=True)
class Ranked:
    applicant_id: str
    score: Decimal
    rank: int
    place: Place
    backfilled: bool = False  # took a place freed by a removed candidate


@dataclass(frozen=True)
class CategoryRanking:
    category_id: str
    quota: int | None
    rows: tuple[Ranked, ...]
    within: tuple[str, ...]
    tied_at_line: tuple[str, ...]
    open_places_for_tie: int
    vacancies: int
    notes: tuple[Msg, ...] = field(default_factory=tuple)

    def row(self, applicant_id: str) -> Ranked:
        return next(r for r in self.rows if r.applicant_id == applicant_id)


def _draw_line(ids: Sequence[str], ranked: Mapping[str, tuple[Decimal, int]],
               quota: int | None) -> tuple[list[str], list[str], int, list[str]]:
    """(within, tied, open places for the tie, below) over ``ids`` (already best first)."""
    within: list[str] = []
    tied: list[str] = []
    below: list[str] = []
    open_places = 0
    line_drawn = False
    rows = [(i, ranked[i][0], ranked[i][1]) for i in ids]
    for group in _groups(rows):
        gids = [g[0] for g in group]
        if line_drawn:
            below.extend(gids)
        elif quota is None or len(within) + len(gids) <= quota:
            within.extend(gids)
        else:  # this group crosses the quota line (a tie) or starts below it
            line_drawn = True
            if len(within) < quota:
                tied.extend(gids)
                open_places = quota - len(within)
            else:
                below.extend(gids)
    return within, tied, open_places, below


def rank_category(
    category: AwardCategory,
    scores: Mapping[str, Decimal],
    *,
    repeat_winners: Iterable[str] = (),
    repeat_rule: RepeatWinners | None = None,
    removed: Iterable[str] = (),
    backfill: Backfill | None = None,
    min_award_score: Decimal | None = None,
) -> CategoryRanking:
    """Rank one award category's candidates against its quota. See the module docstring."""
    ranked_list = competition_ranks(scores)
    ranked = {k: (s, r) for k, s, r in ranked_list}
    repeats = set(repeat_winners) & set(scores)
    gone = set(removed) & set(scores)
    notes: list[Msg] = []
    places: dict[str, Place] = {}
    outside = repeat_rule is not None and repeat_rule.outside_quota
    competing: list[str] = []
    for key, score, _ in ranked_list:
        if min_award_score is not None and score < min_award_score:
            places[key] = Place.BELOW_THRESHOLD
        elif key in repeats and outside:
            places[key] = Place.OUTSIDE_QUOTA
        else:
            competing.append(key)
    if repeats and outside and repeat_rule is not None:
        notes.append(Msg(N_("Repeat winners are ranked outside the quota ({cite})"),
                         {"cite": str(repeat_rule.cite) if repeat_rule.cite else "-"}))

    quota = category.quota
    before = _draw_line(competing, ranked, quota)
    may_backfill = backfill is not None and backfill.allowed
    if gone and may_backfill:
        within, tied, open_places, below = _draw_line(
            [c for c in competing if c not in gone], ranked, quota)
        backfilled = {c for c in within if c not in before[0]}
        if backfilled:
            notes.append(Msg(N_("{count} place(s) filled by the next in rank ({cite})"),
                             {"count": len(backfilled),
                              "cite": str(backfill.cite) if backfill and backfill.cite else "-"}))
    else:
        within, tied, open_places, below = before
        backfilled = set()
        vacated = [c for c in gone if c in within]
        within = [c for c in within if c not in gone]
        tied = [c for c in tied if c not in gone]
        if tied and len(tied) <= open_places:  # a removal settled the tie
            within, tied = within + tied, []
        if vacated:
            cite = str(backfill.cite) if backfill and backfill.cite else None
            notes.append(Msg(
                N_("{count} place(s) left vacant by removal: the programme does not allow "
                   "backfilling ({cite})") if cite else
                N_("{count} place(s) left vacant by removal: the programme does not provide "
                   "for backfilling"),
                {"count": len(vacated), "cite": cite or "-"}))
    for c in within:
        places[c] = Place.WITHIN_QUOTA
    for c in tied:
        places[c] = Place.TIE_AT_QUOTA_LINE
    for c in below:
        places.setdefault(c, Place.BELOW_QUOTA)
    for c in gone:
        places[c] = Place.REMOVED

    if tied:
        notes.append(Msg(N_("Tie at the quota line: {count} candidates share rank {rank} for "
                            "{places} place(s); the committee decides"),
                         {"count": len(tied), "rank": ranked[tied[0]][1],
                          "places": open_places}))
    vacancies = 0
    if quota is not None:
        vacancies = quota - len(within) - (min(open_places, len(tied)) if tied else 0)
        if vacancies > 0:
            if category.vacancy_allowed is False:
                notes.append(Msg(N_("{count} place(s) unfilled, but the programme does not "
                                    "allow vacancies ({cite})"),
                                 {"count": vacancies, "cite": str(category.cite)}))
            elif category.vacancy_allowed is None:
                notes.append(Msg(N_("{count} place(s) unfilled; the programme does not say "
                                    "whether the award may stay vacant"), {"count": vacancies}))
    else:
        notes.append(Msg(N_("The programme sets no quota for this category ({cite})"),
                         {"cite": str(category.cite)}))

    rows = tuple(Ranked(k, s, r, places[k], k in backfilled) for k, s, r in ranked_list)
    return CategoryRanking(category.id, quota, rows, tuple(within), tuple(tied),
                           open_places if tied else 0, max(vacancies, 0), tuple(notes))

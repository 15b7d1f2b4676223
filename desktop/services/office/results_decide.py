"""Typed results of the office's decision side: the ranking (stage totals, the comprehensive
score, the shortlist, each award category against its quota), the normalisation view, the
divergence view, a consensus recorded, the committee's vote, and the reads the window shows
beside them (a vote held earlier, the consensus status, notices, objections, the committee).

Frozen values carrying names and the programme beside the ids and references, so the window and
the CLI's text read attributes and look nothing up again. ``--json`` keeps the keys of the dicts
returned before (``results_base``: ``key`` renames, ``EXTRA`` stays out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.domain.errors import NotFound
from desktop.domain.messages import Msg
from desktop.domain.programmes import AwardCategory, Programme
from desktop.domain.readiness import Unresolved
from desktop.services.office.results_base import EXTRA, Keyed, key

# --- the ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult(Keyed):
    """An applicant's total at one stage: the consensus, a mean of reviewers, or none."""

    total: Decimal | None
    source: str  # "consensus" | "mean" | "none" …
    reviewers: tuple[str, ...] = ()
    recused: tuple[str, ...] = ()  # the reviewers left out (conflicts, set aside)


@dataclass(frozen=True)
class RankedApplicant(Keyed):
    """An applicant's stage totals and comprehensive score."""

    ref: str = field(metadata=key("applicant"))
    name: str
    award_id: str = field(metadata=key("award"))
    stages: Mapping[str, StageResult] = field(default_factory=dict)
    comprehensive: Decimal | None = None
    missing: tuple[str, ...] = ()  # the weighted stages without a total


@dataclass(frozen=True)
class RankRow(Keyed):
    """An applicant's place in its award category."""

    ref: str = field(metadata=key("applicant"))
    name: str
    score: Decimal | None
    rank: int | None
    place: str  # domain.ranking.Place's value
    backfilled: bool = False
    repeat_winner: bool = False


@dataclass(frozen=True)
class CategoryRanking(Keyed):
    """One award category ranked against its quota."""

    award_id: str = field(metadata=key("award"))
    name_zh: str
    quota: int | None
    quota_cite: str
    vacancies: int
    within: tuple[str, ...] = ()  # references within the quota
    tied_at_line: tuple[str, ...] = ()
    rows: tuple[RankRow, ...] = ()
    notes: tuple[Msg | str, ...] = ()
    next_below: tuple[str, ...] = ()  # who stands next below the line (nominations)
    nominated: tuple[str, ...] = ()  # the nominations the office assigned
    award: AwardCategory | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


@dataclass(frozen=True)
class Shortlist(Keyed):
    """The site-visit shortlist from the material stage."""

    stage: str
    selected: tuple[str, ...]
    tied_at_line: tuple[str, ...]
    not_selected: tuple[str, ...]
    unscored: tuple[str, ...]


@dataclass(frozen=True)
class Ranking(Keyed):
    """A cycle's ranking, with what is still unresolved before the office decides."""

    cycle: str
    weights: Mapping[str, str]  # stage -> weight (exact text)
    weights_source: str
    weights_decided_by: str | None
    weights_decided_on: date | None
    comprehensive_stages: tuple[str, ...]
    comprehensive_cite: str | None
    disqualified: tuple[Msg, ...]
    basis: str  # "raw" | "normalised"
    basis_source: str
    applicants: tuple[RankedApplicant, ...]
    shortlist: Shortlist | None
    categories: tuple[CategoryRanking, ...]
    matters: Unresolved | None = field(default=None, compare=False, repr=False,
                                       metadata=EXTRA)
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)
    # ``matters`` as --json wrote it (each with its ``message``): worded when first read
    # (``__getattr__``), never by the ranking itself — the window and the text read
    # ``matters``; the same tuple ``matters.as_list()`` makes, compared and written as a field.
    unresolved: tuple[Mapping[str, Any], ...] = field(init=False)

    def __getattr__(self, name: str) -> Any:
        if name != "unresolved":  # only a field not set yet comes here
            raise AttributeError(name)
        worded = tuple(self.matters.as_list()) if self.matters is not None else ()
        object.__setattr__(self, "unresolved", worded)
        return worded

    def applicant(self, ref: str) -> RankedApplicant | None:
        return next((a for a in self.applicants if a.ref == ref), None)

    def category(self, award_id: str) -> CategoryRanking | None:
        return next((c for c in self.categories if c.award_id == award_id), None)

    @property
    def names(self) -> dict[str, str]:
        """Applicant reference -> name."""
        return {a.ref: a.name for a in self.applicants}


# --- the normalisation view -------------------------------------------------------------------


@dataclass(frozen=True)
class NormalisedApplicant(Keyed):
    ref: str = field(metadata=key("applicant"))
    raw_mean: Decimal | None
    normalised_mean: Decimal | None
    official: Decimal | None
    name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class NormalisedScore(Keyed):
    ref: str = field(metadata=key("applicant"))
    reviewer: str
    raw: Decimal
    z: Any
    normalised: Decimal | None
    name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class NormalisationView(Keyed):
    """Per reviewer z-scores rescaled to the stage's range, beside the raw and the mean."""

    stage: str
    official_uses_normalised: bool
    warning: Msg | str | None
    applicants: tuple[NormalisedApplicant, ...]
    scores: tuple[NormalisedScore, ...]
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


# --- divergence and consensus -----------------------------------------------------------------


@dataclass(frozen=True)
class Recusal(Keyed):
    """A reviewer recused from an applicant: the conflict's kind and where it was declared."""

    reviewer: str
    kind: str
    source: str


@dataclass(frozen=True)
class ItemDivergence(Keyed):
    """One item's statistics over the reviewers' percentages."""

    item: str
    count: int
    mean: Decimal | None
    median: Decimal | None
    lowest: int | None = field(metadata=key("min"))
    highest: int | None = field(metadata=key("max"))
    spread: int | None
    bands: tuple[int, ...]
    flagged: bool


@dataclass(frozen=True)
class DivergenceView(Keyed):
    """An applicant's items at a stage, flagged by the cycle's divergence rule."""

    ref: str = field(metadata=key("applicant"))
    stage: str
    rule: Msg
    stats: tuple[ItemDivergence, ...] = field(metadata=key("items"))
    flagged: tuple[str, ...]
    recused: tuple[Recusal, ...]
    disqualified: tuple[Msg, ...]
    name: str = field(default="", metadata=EXTRA)
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


@dataclass(frozen=True)
class ConsensusItemView(Keyed):
    item: str
    pct: int | None
    default: int | None
    flagged: bool
    score: Decimal | None
    rationale: str


@dataclass(frozen=True)
class HeldConsensusItem(Keyed):
    """An item's consensus as recorded for an applicant and stage (what the editor starts
    from)."""

    item: str
    pct: int
    rationale: str


@dataclass(frozen=True)
class ConsensusRecorded(Keyed):
    """The team's consensus for an applicant and stage, as recorded."""

    ref: str = field(metadata=key("applicant"))
    stage: str
    leader: str
    total: Decimal | None
    entries: tuple[ConsensusItemView, ...] = field(metadata=key("items"))
    recused: tuple[Recusal, ...] = ()
    name: str = field(default="", metadata=EXTRA)
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


@dataclass(frozen=True)
class ConsensusStatus:
    """What is recorded for an applicant and stage: items, the leader, signed in the field."""

    items: int = 0
    leader: str | None = None
    signed: bool = False


# --- the vote ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally(Keyed):
    """A candidate's votes."""

    ref: str = field(metadata=key("applicant"))
    votes_for: int = field(metadata=key("for"))
    against: int
    abstain: int
    invalid: int
    recused: int
    denominator: int
    share: str | None
    passed: bool
    rank: int | None
    name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class InvalidBallot(Keyed):
    member: str
    reason: Any  # Msg, or the text an older row stored


@dataclass(frozen=True)
class VoteRecusal(Keyed):
    """A committee member who took no part in the vote on an applicant."""

    member: str  # the member's name
    applicant: str  # reference


@dataclass(frozen=True)
class VoteResult(Keyed):
    """The committee's vote on an award category counted."""

    award_id: str = field(metadata=key("award"))
    quota: int | None
    members: int
    present: int
    quorum_met: bool
    rule: Msg | str
    rule_sources: Mapping[str, Any]
    cite: str | None
    abstentions_count: bool | None
    recused_in_denominator: bool
    limited_voting: bool
    tally: tuple[Tally, ...]
    invalid_ballots: tuple[InvalidBallot, ...]
    elected: tuple[str, ...]
    tied_at_line: tuple[str, ...]
    notes: tuple[Msg | str, ...]
    recusals: tuple[VoteRecusal, ...] = ()  # members who took no part on an applicant
    # a vote read back (``reads.latest_votes``): when, who was present, the ballots
    held_on: date | None = field(default=None, metadata=EXTRA)
    present_names: tuple[str, ...] = field(default=(), metadata=EXTRA)
    ballots: Mapping[str, Mapping[str, str]] = field(default_factory=dict, metadata=EXTRA)
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)

    @property
    def award(self) -> AwardCategory | None:
        if self.programme is None:
            return None
        try:
            return self.programme.award(self.award_id)
        except NotFound:
            return None


def vote_from_stored(data: Mapping[str, Any], names: Mapping[str, str] | None = None,
                     programme: Programme | None = None, **extra: Any) -> VoteResult:
    """A vote's result as stored (``hold_vote`` keeps its JSON; messages revived), typed."""
    names = names or {}
    return VoteResult(
        award_id=str(data.get("award", "")), quota=data.get("quota"),
        members=int(data.get("members", 0)), present=int(data.get("present", 0)),
        quorum_met=bool(data.get("quorum_met")), rule=data.get("rule", ""),
        rule_sources=dict(data.get("rule_sources") or {}), cite=data.get("cite"),
        abstentions_count=data.get("abstentions_count"),
        recused_in_denominator=bool(data.get("recused_in_denominator")),
        limited_voting=bool(data.get("limited_voting")),
        tally=tuple(Tally(t["applicant"], t.get("for", 0), t.get("against", 0),
                          t.get("abstain", 0), t.get("invalid", 0), t.get("recused", 0),
                          t.get("denominator", 0), t.get("share"), bool(t.get("passed")),
                          t.get("rank"), names.get(t["applicant"], ""))
                    for t in data.get("tally", ())),
        invalid_ballots=tuple(InvalidBallot(b.get("member", ""), b.get("reason", ""))
                              for b in data.get("invalid_ballots", ())),
        elected=tuple(data.get("elected", ())), tied_at_line=tuple(data.get("tied_at_line", ())),
        notes=tuple(data.get("notes", ())), programme=programme, **extra)


# --- reads beside the decisions ---------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeMember(Keyed):
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class NoticeRow(Keyed):
    """A notice recorded: its period and the applicants on it."""

    notice: str
    first_day: date
    last_day: date
    working_days: int
    convention: str
    applicants: tuple[str, ...]  # references
    applicant_names: tuple[str, ...] = field(default=(), metadata=EXTRA)


@dataclass(frozen=True)
class ObjectionRow(Keyed):
    """An objection received, and its decision once made."""

    objection: str  # its id
    applicant: str  # reference
    received_on: date
    summary: str
    outcome: str
    decided_on: date | None
    note: str | None
    backfill: str | None  # the reference that filled a place an upheld one freed
    applicant_name: str = field(default="", metadata=EXTRA)

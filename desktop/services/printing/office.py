"""The one way to print a document from the office workspace, for the window's Print page and
``scorebook print KIND --office DIR`` alike: an ``OfficeRequest`` names the document and its
options, ``office_document`` renders it in memory (the preview), ``save`` writes those very
bytes, ``print_office`` does both; ``office_choices`` says what the workspace can fill (the
window's choices)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.ranking import Place
from desktop.domain.redaction import Audience
from desktop.domain.scoring import FormKind
from desktop.models.office.decision import NoticeRecord, VoteSession
from desktop.models.office.people import Applicant, Eligibility, Reviewer
from desktop.models.office.review import ConsensusItem, ItemScore, TeamFinding
from desktop.services.office.common import programme_of, resolve_cycle
from desktop.services.office.conflicts import register
from desktop.services.office.ranking import ranking as office_ranking
from desktop.services.office.workspace import Workspace
from desktop.services.printing import from_office, review_reports
from desktop.services.printing.common import (
    Printed,
    PrintOptions,
    PrintRefused,
    Rendered,
    destination,
    save,
)

# every document the office prints, and the options each takes (besides audience, recipient
# and the cycle), in the order the window offers them
OFFICE_KINDS: dict[str, tuple[str, ...]] = {
    "ranking": (),
    "ballots": ("award", "copies"),
    "minutes": ("award",),
    "notice": ("notice",),
    "feedback": ("applicant", "stage"),
    "review-report": ("applicant", "stage"),
    "summary-report": (),
    "consensus": ("applicant", "stage"),
    "score-sheet": ("applicant", "stage", "reviewer"),
    "eligibility": ("applicant",),
    "blank-sheet": ("applicant", "stage"),
}


@dataclass(frozen=True)
class OfficeRequest:
    """One office document and its options; None takes the document's default (the only award
    category, the latest notice, the first stage scored by items — for a consensus the last
    stage that has one —, one ballot per committee member, a blank sheet with no applicant)."""

    kind: str
    applicant: str | None = None  # office reference (A001)
    stage: str | None = None
    reviewer: str | None = None  # reviewer id (score sheet)
    award: str | None = None  # award category id (ballots; minutes: None for every category)
    notice: str | None = None  # the programme's notice id
    copies: int | None = None  # ballots
    cycle: str | None = None  # cycle code; None: the cycle in force


def default_audience(kind: str) -> Audience:
    """Who a document is for unless the office says otherwise."""
    _check_kind(kind)
    return review_reports.DEFAULT_AUDIENCE.get(kind) or from_office.DEFAULT_AUDIENCE[kind]


def _check_kind(kind: str) -> None:
    if kind not in OFFICE_KINDS:
        raise NotFound(Msg(N_("Unknown document '{kind}'"), {"kind": kind}))


def _needed(value: str | None, what: Msg) -> str:
    if not value:
        raise PrintRefused(what)
    return value


def office_document(ws: Workspace, request: OfficeRequest, opts: PrintOptions) -> Rendered:
    """The document rendered in memory (nothing is written; typed errors when the workspace
    cannot fill it)."""
    r, kind = request, request.kind
    _check_kind(kind)
    if kind == "ranking":
        return from_office.ranking(ws, opts, r.cycle)
    if kind == "ballots":
        return from_office.ballots(ws, r.award, opts, r.copies, r.cycle)
    if kind == "minutes":
        return from_office.minutes(ws, r.award, opts, r.cycle)
    if kind == "notice":
        return from_office.notice(ws, r.notice, opts, r.cycle)
    if kind == "summary-report":
        return review_reports.summary_report(ws, opts, r.cycle)
    if kind == "blank-sheet":
        return from_office.blank_sheet(ws, r.applicant or None, r.stage, opts, r.cycle)
    applicant = _needed(r.applicant, Msg(N_("Choose the applicant to print this document for")))
    if kind == "feedback":
        return review_reports.feedback(ws, applicant, r.stage, opts, r.cycle)
    if kind == "review-report":
        return review_reports.review_report(ws, applicant, r.stage, opts, r.cycle)
    if kind == "consensus":
        return from_office.consensus(ws, applicant, r.stage, opts, r.cycle)
    if kind == "eligibility":
        return from_office.eligibility(ws, applicant, opts, r.cycle)
    reviewer = _needed(r.reviewer, Msg(N_("Choose the reviewer whose score sheet to print")))
    return from_office.score_sheet(ws, applicant, r.stage, reviewer, opts, r.cycle)


def print_office(ws: Workspace, request: OfficeRequest, opts: PrintOptions) -> Printed:
    """Render the document and write it atomically to ``opts.out``."""
    path = destination(opts)
    return save(office_document(ws, request, opts), path)


# --- what the workspace can print --------------------------------------------------------------


@dataclass(frozen=True)
class OfficeChoices:
    """What the office can print now, for the window's choices (ids; the window names them).
    ``applicants`` and ``reviewers`` map ids to names, in reference order."""

    programme: Programme = field(repr=False)
    cycle: str
    applicants: dict[str, str] = field(default_factory=dict)  # ref -> name
    reviewers: dict[str, str] = field(default_factory=dict)  # id -> name (merged scores)
    stages: tuple[str, ...] = ()  # the stages scored by items, in order
    scored: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # ^ (applicant ref, stage) -> the reviewers whose merged scores print (none recused)
    consensus: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ref -> stages
    reports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # ^ ref -> the material / on-site stages a review team reported on (review reports)
    eligibility: tuple[str, ...] = ()  # applicants with a stored eligibility result
    ballot_awards: tuple[str, ...] = ()  # award categories with candidates
    vote_awards: tuple[str, ...] = ()  # award categories with a counted vote
    notices: tuple[str, ...] = ()  # notice ids published, the latest first


def office_choices(ws: Workspace, cycle: str | None = None) -> OfficeChoices:
    """Applicants, reviewers, stages, award categories and notices the documents can be
    printed for (one unit of work; nothing is written)."""
    with ws.uow() as s:
        c = resolve_cycle(s, cycle)
        programme = programme_of(c.programme_id)
        apps = list(s.execute(select(Applicant).where(Applicant.cycle_id == c.id)
                              .order_by(Applicant.ref)).scalars())
        ref_of = {a.id: a.ref for a in apps}
        stages = tuple(st.id for st in programme.scored_stages
                       if st.form.kind is FormKind.ITEMS)
        recused = {(rid, aid) for rid, aid in register(s, c).conflicted_pairs()}
        scored: dict[tuple[str, str], set[str]] = defaultdict(set)
        for app_id, stage_id, reviewer_id in s.execute(
                select(ItemScore.applicant_id, ItemScore.stage_id, ItemScore.reviewer_id)
                .where(ItemScore.cycle_id == c.id).distinct()):
            if app_id in ref_of and (reviewer_id, str(app_id)) not in recused and \
                    stage_id in stages:
                scored[(ref_of[app_id], stage_id)].add(reviewer_id)
        held: dict[str, set[str]] = defaultdict(set)
        for app_id, stage_id in s.execute(
                select(ConsensusItem.applicant_id, ConsensusItem.stage_id)
                .where(ConsensusItem.cycle_id == c.id).distinct()):
            if app_id in ref_of and stage_id in stages:
                held[ref_of[app_id]].add(stage_id)
        reported: dict[str, set[str]] = defaultdict(set)
        for app_id, stage_id in s.execute(
                select(TeamFinding.applicant_id, TeamFinding.stage_id)
                .where(TeamFinding.cycle_id == c.id).distinct()):
            if app_id in ref_of:
                reported[ref_of[app_id]].add(stage_id)
        report_stages = [st.id for st in programme.scored_stages
                         if st.id in stages and st.kind.value in ("material", "onsite")]
        reviewer_ids = sorted({r for rs in scored.values() for r in rs})
        names = {rid: name for rid, name in s.execute(
            select(Reviewer.id, Reviewer.name).where(Reviewer.id.in_(reviewer_ids)))}
        eligible = tuple(a.ref for a in apps if _has_findings(s.get(Eligibility, a.id)))
        categories = office_ranking(s, c).categories
        ballots = tuple(cat.award_id for cat in categories if any(
            r.place not in (Place.REMOVED.value, Place.BELOW_THRESHOLD.value)
            for r in cat.rows))
        voted = set(s.execute(select(VoteSession.award_id)
                              .where(VoteSession.cycle_id == c.id)).scalars())
        notices: list[str] = []
        for notice_id in s.execute(select(NoticeRecord.notice_id)
                                   .where(NoticeRecord.cycle_id == c.id)
                                   .order_by(NoticeRecord.recorded_at.desc())).scalars():
            if notice_id not in notices:
                notices.append(notice_id)
        return OfficeChoices(
            programme, f"{c.programme_id}.{c.number}",
            applicants={a.ref: a.name for a in apps},
            reviewers={r: names.get(r, r) for r in reviewer_ids}, stages=stages,
            scored={k: tuple(sorted(v)) for k, v in sorted(scored.items())},
            consensus={ref: tuple(st for st in stages if st in held[ref]) for ref in
                       sorted(held)},
            reports={ref: tuple(st for st in report_stages if st in reported[ref])
                     for ref in sorted(reported)
                     if any(st in reported[ref] for st in report_stages)},
            eligibility=eligible, ballot_awards=ballots,
            vote_awards=tuple(a.id for a in programme.awards if a.id in voted),
            notices=tuple(notices))


def _has_findings(row: Eligibility | None) -> bool:
    if row is None or not row.result_json:
        return False
    return bool(json.loads(row.result_json).get("findings"))


__all__ = ["OFFICE_KINDS", "OfficeChoices", "OfficeRequest", "default_audience",
           "office_choices", "office_document", "print_office"]

"""Documents from a reviewer's case file: the filled score sheet and the feedback report.

A case file holds one reviewer's own scores only, so the feedback report's grey bars are the
median of the applicants this reviewer scored at that stage, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Audience, Mark, Secrets
from desktop.domain.scoring import FormKind, ItemEntry
from desktop.models import case as m
from desktop.reports.inputs import (
    ConsensusInput,
    ConsensusRow,
    FeedbackInput,
    Party,
    ScoreSheetInput,
)
from desktop.reports.labels import Labels
from desktop.services.case import CaseSession
from desktop.services.printing.common import (
    Printed,
    PrintOptions,
    PrintRefused,
    Rendered,
    category_shares,
    check_cycle,
    cycle_number,
    destination,
    finish,
    marks_of,
    median_shares,
    programme_name,
    render,
    save,
)
from desktop.services.programmes import programme


@dataclass(frozen=True)
class CaseFacts:
    """What a case file says about itself and one applicant and stage."""

    programme_id: str
    cycle_id: str
    reviewer: Party
    applicant: Party
    stage_id: str
    stage_name_zh: str
    stage_name_en: str
    declared: tuple[str, ...]
    recused: bool


def _applicant(s: Session, ref: str) -> m.Applicant:
    """An applicant by its id, a unique id prefix (4+ characters) or its exact name."""
    row = s.get(m.Applicant, ref)
    if row is not None:
        return row
    rows = list(s.scalars(select(m.Applicant)))
    found = [a for a in rows if a.name == ref] or \
        ([a for a in rows if a.applicant_id.startswith(ref)] if len(ref) >= 4 else [])
    if len(found) != 1:
        raise NotFound(Msg(N_("No applicant '{applicant}' in this case"), {"applicant": ref}))
    return found[0]


def case_facts(case: CaseSession, applicant: str, stage: str | None,
               cycle: str | None = None) -> CaseFacts:
    """The case's programme, cycle, reviewer, and the applicant and (items) stage asked for."""

    def work(s: Session) -> CaseFacts:
        meta = s.get_one(m.CaseMeta, 1)
        check_cycle(meta.cycle_id, cycle)
        app = _applicant(s, applicant)
        stage_id = stage or meta.current_stage_id
        st = s.get(m.Stage, stage_id)
        if st is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))
        if st.form_kind != FormKind.ITEMS.value:
            raise PrintRefused(Msg(N_("Stage {stage} is not scored by items: it has no score "
                                      "sheet"), {"stage": stage_id}))
        declared = tuple(d.passage for d in s.scalars(
            select(m.DeclaredSecret).filter_by(applicant_id=app.applicant_id)
            .order_by(m.DeclaredSecret.id)))
        recused = s.get(m.Recusal, app.applicant_id) is not None
        return CaseFacts(meta.programme_id, meta.cycle_id,
                         Party(meta.reviewer_id, meta.display_name),
                         Party(app.applicant_id, app.name), stage_id, st.name_zh, st.name_en,
                         declared, recused)

    return case.run(work)


def _sheet(case: CaseSession, facts: CaseFacts) -> tuple[tuple[ItemEntry, ...], Secrets]:
    if facts.recused:
        raise RuleViolation(Msg(N_("You recused yourself from {applicant}: there is no score "
                                   "sheet to print"), {"applicant": facts.applicant.name}))
    views = sorted(case.scores(facts.applicant.id, facts.stage_id),
                   key=lambda v: case.framework.items.index(case.framework.item(v.item_id)))
    entries = tuple(ItemEntry(v.item_id, v.pct, v.strengths, v.improvements) for v in views)
    marks: list[Mark] = []
    for v in views:
        marks += marks_of(v.item_id, ((k.field, k.start, k.end) for k in v.marks), {})
    return entries, Secrets(declared=facts.declared, marks=tuple(marks))


def score_sheet(case: CaseSession, applicant: str, stage: str | None, opts: PrintOptions,
                cycle: str | None = None) -> Printed:
    """The reviewer's filled score sheet for one applicant and stage (refused while any item
    has no score)."""
    facts = case_facts(case, applicant, stage, cycle)
    entries, secrets = _sheet(case, facts)
    labels = Labels(opts.language)
    p = programme(facts.programme_id)
    inp = ScoreSheetInput(
        programme_name=programme_name(p, labels), cycle=cycle_number(facts.cycle_id),
        stage=labels.pick(facts.stage_name_zh, facts.stage_name_en),
        applicant=facts.applicant, reviewer=facts.reviewer, framework=case.framework,
        entries=entries, secrets=secrets)
    return finish("score-sheet", inp, opts, Audience.EXTERNAL, facts.reviewer.name,
                  applicant=facts.applicant.id, stage=facts.stage_id)


def blank_sheet(case: CaseSession, applicant: str, stage: str | None, opts: PrintOptions,
                cycle: str | None = None) -> Printed:
    """A blank score sheet for an applicant of the case at a stage scored by items (default:
    the case's current stage), e.g. to score on paper first; refused if the reviewer recused."""
    facts = case_facts(case, applicant, stage, cycle)
    if facts.recused:
        raise RuleViolation(Msg(N_("You recused yourself from {applicant}: there is no score "
                                   "sheet to print"), {"applicant": facts.applicant.name}))
    labels = Labels(opts.language)
    inp = ScoreSheetInput(
        programme_name=programme_name(programme(facts.programme_id), labels),
        cycle=cycle_number(facts.cycle_id),
        stage=labels.pick(facts.stage_name_zh, facts.stage_name_en),
        applicant=facts.applicant, reviewer=facts.reviewer, framework=case.framework,
        blank=True)
    return finish("blank-sheet", inp, opts, Audience.INTERNAL, facts.reviewer.name,
                  applicant=facts.applicant.id, stage=facts.stage_id)


def _own_median(case: CaseSession, stage_id: str) -> dict[str, Decimal]:
    """The median category shares over the applicants this reviewer scored completely."""
    shares = []
    for a in case.status().applicants:
        if a.recused:
            continue
        entries = [ItemEntry(v.item_id, v.pct) for v in case.scores(a.applicant_id, stage_id)]
        got = category_shares(case.framework, entries)
        if got is not None:
            shares.append(got)
    return median_shares(case.framework, shares)


def feedback(case: CaseSession, applicant: str, stage: str | None, opts: PrintOptions,
             cycle: str | None = None) -> Printed:
    """The feedback report built from this reviewer's sheet. The comparison bars are the
    median of the applicants this reviewer scored (the panel's median is not in a case file)."""
    facts = case_facts(case, applicant, stage, cycle)
    entries, secrets = _sheet(case, facts)
    labels = Labels(opts.language)
    p = programme(facts.programme_id)
    median = _own_median(case, facts.stage_id)
    _ = labels
    inp = FeedbackInput(
        programme_name=programme_name(p, labels), cycle=cycle_number(facts.cycle_id),
        stage=labels.pick(facts.stage_name_zh, facts.stage_name_en),
        applicant=facts.applicant, framework=case.framework, entries=entries,
        panel_median=median,
        median_label=_("Median of the applicants this reviewer scored"),
        median_note=_("This report is built from one reviewer's case file. The panel's median "
                      "is not known there: the grey bars show the median of the applicants "
                      "this reviewer scored at this stage."),
        secrets=secrets)
    return finish("feedback", inp, opts, Audience.EXTERNAL, facts.reviewer.name,
                  applicant=facts.applicant.id, stage=facts.stage_id)


def consensus(case: CaseSession, applicant: str, stage: str | None, opts: PrintOptions,
              cycle: str | None = None) -> Printed:
    """The team consensus sheet from the team leader's case file (``services.leader``): the
    consensus must be final and made from the sheets now held."""
    return save(consensus_document(case, applicant, stage, opts, cycle), destination(opts))


def consensus_document(case: CaseSession, applicant: str, stage: str | None,
                       opts: PrintOptions, cycle: str | None = None) -> Rendered:
    """The consensus sheet rendered in memory (the window prints it on paper); ``consensus``
    writes the very same document to ``opts.out``."""
    from desktop.services.leader import TeamLeader

    facts = case_facts(case, applicant, stage, cycle)
    view = TeamLeader(case).divergence(facts.applicant.id, facts.stage_id)
    if not view.final or view.outdated:
        raise PrintRefused(Msg(N_("The consensus of {applicant} at stage {stage} is not final: "
                                  "finalise it before printing"),
                               {"applicant": facts.applicant.name, "stage": facts.stage_id}))
    names = dict(case.run(lambda s: [(t.reviewer_id, t.display_name)
                                     for t in s.scalars(select(m.TeamMember))]))
    reviewers = tuple(Party(r, names.get(r, r)) for r in view.reviewers)
    rows = tuple(ConsensusRow(
        r.stats.item_id, {rid: pct for rid, pct in r.stats.pcts if rid in view.reviewers},
        r.stats.spread_pct or 0, r.flagged, r.consensus_pct, r.rationale) for r in view.items)
    labels = Labels(opts.language)
    p = programme(facts.programme_id)
    inp = ConsensusInput(
        programme_name=programme_name(p, labels), cycle=cycle_number(facts.cycle_id),
        stage=labels.pick(facts.stage_name_zh, facts.stage_name_en),
        applicant=facts.applicant, leader=facts.reviewer, reviewers=reviewers,
        framework=case.framework, rows=rows, secrets=Secrets(declared=facts.declared))
    return render("consensus", inp, opts, Audience.INTERNAL, facts.reviewer.name,
                  applicant=facts.applicant.id, stage=facts.stage_id)

"""Stage totals, the comprehensive score, the site-visit shortlist, rankings against quotas,
and the normalisation view — all derived from the merged scores (recused reviewers excluded).

The basis of the official totals is the cycle setting ``normalisation_official`` (an office
setting, off by default; the programmes' documents say nothing about normalisation): off, a
stage total is the team's consensus, else the mean of the reviewers' raw totals; on, the mean
is of the reviewers' NORMALISED totals (``domain.normalisation``: per reviewer and stage, over
every complete sheet of the stage, recused pairs dropped first) — the consensus, a decision of
the team, still stands where there is one. The ranking records which basis it used, and the
normalisation view's ``official`` column is the same number the ranking uses.

Repeat winners (高新区 第四条): where the programme places them outside the quota, the award
history names them (``applicants.repeat_winners``: an unrevoked earlier award of a programme the
rule counts) and the category ranking gives them no place within the quota.

Every ranking carries the list of what is still unresolved (``readiness``: forks, eligibility
not reviewed, flagged items without a consensus, missing stage scores, field recusals from
applicants the reviewer has scores for); the reviewers recused from an applicant (the office's
conflicts and the recusals declared in the field) are named per stage."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Select, case, select
from sqlalchemy.orm import Session

from desktop.domain.normalisation import normalise
from desktop.domain.ranking import (
    Comprehensive,
    Place,
    StageTotal,
    TotalSource,
    comprehensive,
    rank_category,
    shortlist,
)
from desktop.domain.readiness import Named
from desktop.models.office.decision import Objection
from desktop.models.office.people import Applicant, Eligibility
from desktop.models.office.setup import Cycle
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.applicants import repeat_winners
from desktop.services.office.common import cycle_code, programme_of, resolve_cycle
from desktop.services.office.conflicts import recused_by_applicant, register, register_and_recusals
from desktop.services.office.cycle import setting_rows, settings, shortlist_rule, weights
from desktop.services.office.disqualification import note, views
from desktop.services.office.gc_pause import paused
from desktop.services.office.id_text import as_text, id_of
from desktop.services.office.readiness import find_unresolved
from desktop.services.office.results_decide import (
    CategoryRanking,
    NormalisationView,
    NormalisedApplicant,
    NormalisedScore,
    RankedApplicant,
    Ranking,
    RankRow,
    Shortlist,
    StageResult,
)
from desktop.services.office.standing import next_below, nominated
from desktop.services.office.totals import (
    StillHeld,
    consensus_rows,
    held_state,
    normalised_totals,
    reviewer_totals,
    stage_max,
    stage_totals,
    uses_normalised,
)
from desktop.services.office.totals_rows import driver_rows
from desktop.services.office.workspace import Workspace

__all__ = ["normalisation_view", "normalised_totals", "rank", "ranking", "reviewer_totals",
           "stage_max", "stage_totals", "uses_normalised"]


class _App(NamedTuple):
    """What the ranking reads of an applicant (columns, not the mapped object)."""

    ref: str
    name: str
    award_id: str


def _recused(left_out: tuple[str, ...], registered: set[str] | None) -> tuple[str, ...]:
    """The reviewers recused from a stage: those the stage total left out and the register's."""
    if not left_out and not registered:
        return ()
    return tuple(sorted(set(left_out) | (registered or set())))


def _applicants(cycle: Cycle) -> Select[tuple[str, str, str, str, int, str | None]]:
    """The cycle's applicants in one read: the id (as the database's text), reference, name and
    award category, 1 where an upheld objection removed the applicant (else 0), and the
    eligibility result as stored (None: none) — three reads before (a test compares them)."""
    upheld = Applicant.id.in_(select(Objection.applicant_id).where(
        Objection.cycle_id == cycle.id, Objection.outcome == "upheld"))
    return select(as_text(Applicant.id), Applicant.ref, Applicant.name, Applicant.award_id,
                  case((upheld, 1), else_=0), Eligibility.result_json).outerjoin(
        Eligibility, Eligibility.applicant_id == Applicant.id).where(
        Applicant.cycle_id == cycle.id)


# an enum member's value, looked up (``.value`` is a descriptor: thousands of reads a ranking)
_VALUE: dict[TotalSource | Place, str] = {m: m.value for e in (TotalSource, Place) for m in e}


def ranking(s: Session, cycle: Cycle) -> Ranking:
    p = programme_of(cycle.programme_id)
    # The cycle's setting rows, read once: its settings, and the admissions and the revoked
    # keys' decisions the unresolved list reads.
    stored = setting_rows(s, cycle)
    values = settings(s, cycle, stored)
    w = weights(values)
    maxima = stage_max(p, cycle)
    use = bool(values["normalisation_official"].value)
    rows = list(driver_rows(s, _applicants(cycle)))
    ids = {raw: id_of(raw) for raw, *_rest in rows}  # the database's text -> the id
    apps = {ids[raw]: _App(ref, name, award) for raw, ref, name, award, _up, _el in rows}
    removed = {ids[raw] for raw, _ref, _name, _award, upheld, _el in rows if upheld}
    eligibility = {ids[raw]: result for raw, *_rest, result in rows}
    # The register and the field recusals, in one read: the totals and the unresolved list
    # use them.
    reg, fields = register_and_recusals(s, cycle)
    # The derive's kept state, held to the end (totals.held_state: read once, not three times).
    state = held_state(s, cycle)
    # The disqualifications, read once: shown, and the reviewers whose earlier scores the
    # office set aside (``disqualification.set_aside``) left out of the totals.
    disqualified = views(s, cycle)
    agreed = consensus_rows(s, cycle)  # the totals count them, the unresolved list too
    # The applicants whose recused reviewer still has item scores held (the unresolved list
    # counts their flagged items one by one): looked for among the sheets the totals read.
    held = StillHeld(sorted(reg.conflicted_pairs()))
    totals = stage_totals(s, cycle, use, reg=reg, ids=ids, kept=state is not None,
                          voided={v.reviewer for v in disqualified if v.earlier == "void"},
                          agreed=agreed, held=held)
    comp = {aid: comprehensive(aid, totals[aid], w, maxima) for aid in apps}
    material = next((st.id for st in p.scored_stages), None)
    short = shortlist({aid: totals[aid][material].total for aid in apps},
                      shortlist_rule(values["shortlist"])) \
        if material and "shortlist" in values else None
    recused = recused_by_applicant(s, cycle, reg)
    repeats = repeat_winners(s, cycle, s.execute(select(Applicant).where(
        Applicant.cycle_id == cycle.id)).scalars()) if p.repeat_winners is not None else set()
    min_score = values["min_award_score"].value
    ranked = []
    for award in p.awards:
        scores = {aid: c.score for aid, c in comp.items()
                  if c.score is not None and apps[aid].award_id == award.id}
        ranked.append((award, rank_category(
            award, scores, removed=removed, backfill=p.backfill, repeat_winners=repeats,
            repeat_rule=p.repeat_winners,
            min_award_score=None if min_score is None else Decimal(str(min_score)))))
    # Who stands next below each award line (where the programme has nominations) and the
    # nominations the office assigned.
    standing = next_below(((award.id, [(apps[x.applicant_id].ref, _VALUE[x.place])
                                       for x in r.rows]) for award, r in ranked), p)
    assigned = nominated(s, cycle)
    categories = tuple(CategoryRanking(
        award_id=award.id, name_zh=award.name_zh, quota=award.quota,
        quota_cite=str(award.cite), vacancies=r.vacancies,
        within=tuple(apps[a].ref for a in r.within),
        tied_at_line=tuple(apps[a].ref for a in r.tied_at_line),
        rows=tuple(RankRow(apps[x.applicant_id].ref, apps[x.applicant_id].name, x.score,
                           x.rank, _VALUE[x.place], x.backfilled, x.applicant_id in repeats)
                   for x in r.rows),
        notes=tuple(r.notes), next_below=tuple(standing.get(award.id, ())),
        nominated=tuple(sorted(apps[a].ref for a, nom in assigned.items() if nom == award.id)),
        award=award) for award, r in ranked)
    decided = values["weights"]
    comp_stage = p.comprehensive_stage
    matters = find_unresolved(s, cycle, totals,
                              {aid: Named(a.ref, a.name) for aid, a in apps.items()},
                              values=values, reg=reg, removed=removed,
                              settled={(a, st, it) for a, st, it, _pct, _by in agreed},
                              eligibility=eligibility, still_held=held.found, fields=fields,
                              stored=stored, ids=ids)
    return Ranking(
        cycle=cycle_code(cycle),
        weights={k: str(v) for k, v in w.weights.items()}, weights_source="office",
        # Who decided the weights and when (no document gives them), and the article that
        # names the stages of the comprehensive score.
        weights_decided_by=decided.decided_by,
        weights_decided_on=decided.decided_at.date() if decided.decided_at else None,
        comprehensive_stages=tuple(st.id for st in p.comprehensive_stages),
        comprehensive_cite=str(comp_stage.cite) if comp_stage else None,
        disqualified=tuple(note(v) for v in disqualified),
        # What a mean of reviewers is taken of: their raw totals, or their normalised totals
        # (the office setting normalisation_official); a consensus stands either way.
        basis="normalised" if use else "raw", basis_source="office",
        applicants=_ranked(apps, totals, comp, recused),
        shortlist=None if short is None or material is None else Shortlist(
            material, tuple(apps[a].ref for a in short.selected),
            tuple(apps[a].ref for a in short.tied_at_line),
            tuple(apps[a].ref for a in short.not_selected),
            tuple(apps[a].ref for a in short.unscored)),
        categories=categories,
        # What is unresolved before the office decides (readiness), shown with every ranking.
        # (worded as ``unresolved`` only when read: ``results_decide.Ranking``).
        matters=matters, programme=p)


def _ranked(apps: dict[str, _App], totals: dict[str, dict[str, StageTotal]],
            comp: dict[str, Comprehensive], recused: dict[str, set[str]]
            ) -> tuple[RankedApplicant, ...]:
    """Each applicant's stage results and comprehensive score, by reference. A reviewers'
    tuple equal to one made already is that one (a tuple of texts: equal is the same), so the
    ranking holds one of each list of reviewers, not one per applicant and stage."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    out = []
    for aid, app in sorted(apps.items(), key=lambda pair: pair[1].ref):
        registered = recused.get(aid)
        stages = {}
        for st, t in totals[aid].items():
            reviewers = shared.setdefault(t.reviewers, t.reviewers)
            stages[st] = StageResult(t.total, _VALUE[t.source], reviewers,
                                     _recused(t.recused, registered))
        c = comp[aid]
        out.append(RankedApplicant(app.ref, app.name, app.award_id, stages, c.score,
                                   tuple(c.missing)))
    return tuple(out)


def rank(ws: Workspace, cycle_ref: str | None = None) -> Ranking:
    # One consistent state beside a merge on another machine; the cyclic collector paused
    # meanwhile (office.gc_pause: the ranking makes ~14,000 tracked objects that live to its
    # end, and freed no cycle — the collector would walk them some twenty times as they come).
    with paused(), ws.snapshot() as s:
        return ranking(s, resolve_cycle(s, cycle_ref))


def normalisation_view(ws: Workspace, stage_id: str, cycle_ref: str | None = None
                       ) -> NormalisationView:
    """Per-reviewer z-scores rescaled to the original range, beside raw and mean; official
    only if the cycle setting says so."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        fw = framework_for_ref(cycle.framework_ref)
        # The totals the ranking uses: complete item sheets and panel scores.
        raw = {(rid, aid): value
               for (aid, stage), by in reviewer_totals(s, cycle, fw).items()
               if stage == stage_id for rid, value in by.items()}
        use = uses_normalised(s, cycle)
        view = normalise(raw, stage_max(p, cycle)[stage_id],
                         register(s, cycle).conflicted_pairs(), use)
        apps = {str(a.id): a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        return NormalisationView(
            stage_id, use, view.warning,
            tuple(NormalisedApplicant(apps[a.applicant_id].ref, a.raw_mean, a.normalised_mean,
                                      a.official, apps[a.applicant_id].name)
                  for a in view.applicants),
            tuple(NormalisedScore(apps[x.applicant_id].ref, x.reviewer_id, x.raw, x.z,
                                  x.normalised, apps[x.applicant_id].name)
                  for x in view.scores), programme=p)

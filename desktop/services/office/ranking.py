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

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import Session

from desktop.domain.criteria import Framework
from desktop.domain.normalisation import normalise
from desktop.domain.programmes import Programme
from desktop.domain.ranking import (
    StageTotal,
    comprehensive,
    rank_category,
    shortlist,
    stage_total,
)
from desktop.domain.scoring import FormKind, ItemEntry, summarise
from desktop.models.office.decision import Objection
from desktop.models.office.people import Applicant
from desktop.models.office.review import ConsensusItem, ItemScore, PanelScore, SheetTotal
from desktop.models.office.setup import Cycle
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.applicants import repeat_winners
from desktop.services.office.common import cycle_code, programme_of, resolve_cycle
from desktop.services.office.conflicts import recused_by_applicant, register
from desktop.services.office.cycle import settings, shortlist_rule, weights
from desktop.services.office.derived_state import has_totals
from desktop.services.office.disqualification import note, set_aside, views
from desktop.services.office.nominations import next_below, nominated
from desktop.services.office.readiness import find_unresolved
from desktop.services.office.workspace import Workspace


def stage_max(p: Programme, cycle: Cycle) -> dict[str, Decimal]:
    fw = framework_for_ref(cycle.framework_ref)
    out = {}
    for st in p.scored_stages:
        if st.form.kind is FormKind.ITEMS:
            out[st.id] = Decimal(fw.total_points)
        elif st.form.max_points is not None:
            out[st.id] = st.form.max_points
    return out


def reviewer_totals(s: Session, cycle: Cycle, fw: Framework
                    ) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(applicant id, stage) -> reviewer -> total of each COMPLETE item sheet, and every panel
    score.

    One row per sheet: Σ points × pct over the framework's items, in hundredths — exactly
    ``ranking.reviewer_total`` (a test compares them) — and a sheet counts only when every item
    has a percentage. The derive keeps these sums (``sheet_total``, 0011); a cycle derived
    before has them summed by the database from the item rows. Reading 100,000 item rows into
    Python instead costs seconds at office scale.
    """
    points = case({it.id: it.points for it in fw.items}, value=ItemScore.item_id, else_=None)
    scored = func.count(case((and_(ItemScore.item_id.in_([it.id for it in fw.items]),
                                   ItemScore.pct.is_not(None)), 1), else_=None))
    out: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    conn = s.connection()  # plain rows: no ORM result machinery for thousands of sheets
    # Applicant ids travel as the database's own text (no uuid object per row), mapped back.
    ids = {raw: str(aid) for aid, raw in conn.execute(
        select(Applicant.id, cast(Applicant.id, String)).where(Applicant.cycle_id == cycle.id))}
    if has_totals(s, cycle):  # kept per sheet by the derive (office.derived_state): a row each
        query = select(cast(SheetTotal.applicant_id, String), SheetTotal.stage_id,
                       SheetTotal.reviewer_id, SheetTotal.hundredths, SheetTotal.scored
                       ).where(SheetTotal.cycle_id == cycle.id)
    else:  # derived before 0011: summed from the item rows
        raw_app = cast(ItemScore.applicant_id, String)
        query = select(raw_app, ItemScore.stage_id, ItemScore.reviewer_id,
                       func.sum(ItemScore.pct * points), scored
                       ).where(ItemScore.cycle_id == cycle.id).group_by(
            ItemScore.applicant_id, ItemScore.stage_id, ItemScore.reviewer_id)
    for raw, stage, rid, hundredths, n in conn.execute(query):
        if n == len(fw.items) and hundredths is not None and raw in ids:
            out[(ids[raw], stage)][rid] = Decimal(int(hundredths)).scaleb(-2)
    for aid, stage, rid, value in conn.execute(
            select(PanelScore.applicant_id, PanelScore.stage_id, PanelScore.reviewer_id,
                   PanelScore.value).where(PanelScore.cycle_id == cycle.id)):
        out[(str(aid), stage)][rid] = value
    return out


def uses_normalised(s: Session, cycle: Cycle) -> bool:
    """Whether the cycle's official totals are the normalised ones (office setting)."""
    return bool(settings(s, cycle)["normalisation_official"].value)


def normalised_totals(totals: dict[tuple[str, str], dict[str, Decimal]],
                      maxima: dict[str, Decimal], recused: set[tuple[str, str]]
                      ) -> dict[tuple[str, str], dict[str, Decimal]]:
    """The same shape as ``reviewer_totals`` with every kept total replaced by its normalised
    value, stage by stage; a recused reviewer's raw total stays (it is left out later, and
    shown as left out) but never enters the normalisation."""
    by_stage: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for (aid, stage), by in totals.items():
        for rid, value in by.items():
            by_stage[stage][(rid, aid)] = value
    out = {key: dict(by) for key, by in totals.items()}
    for stage, raw in by_stage.items():
        if stage not in maxima:
            continue
        for x in normalise(raw, maxima[stage], recused).scores:
            out[(x.applicant_id, stage)][x.reviewer_id] = x.normalised
    return out


def stage_totals(s: Session, cycle: Cycle, normalised: bool | None = None
                 ) -> dict[str, dict[str, StageTotal]]:
    """applicant id -> stage -> total (consensus where complete, else the mean of the
    non-recused reviewers' totals — raw, or normalised when the cycle says so; ``normalised``
    overrides the setting for a comparison)."""
    p = programme_of(cycle.programme_id)
    fw = framework_for_ref(cycle.framework_ref)
    recused = register(s, cycle).conflicted_pairs()
    left_out: dict[str, set[str]] = defaultdict(set)
    totals = reviewer_totals(s, cycle, fw)
    # A disqualified reviewer whose earlier scores the office set aside is left out everywhere.
    voided = set_aside(s, cycle)
    recused = frozenset(recused) | {(rid, aid) for (aid, _st), by in totals.items()
                                    for rid in by if rid in voided}
    for rid, aid in recused:
        left_out[aid].add(rid)
    use = uses_normalised(s, cycle) if normalised is None else normalised
    if use:
        totals = normalised_totals(totals, stage_max(p, cycle), set(recused))
    cons: dict[tuple[str, str], list[ConsensusItem]] = defaultdict(list)
    for c in s.execute(select(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id)
                       ).scalars():
        cons[(str(c.applicant_id), c.stage_id)].append(c)
    apps = [str(a) for a in s.execute(select(Applicant.id)
                                      .where(Applicant.cycle_id == cycle.id)).scalars()]
    out: dict[str, dict[str, StageTotal]] = {}
    for aid in apps:
        out[aid] = {}
        for st in p.scored_stages:
            rows = cons.get((aid, st.id), [])
            summary = summarise(fw, [ItemEntry(c.item_id, c.pct) for c in rows]) if rows \
                else None
            consensus = summary.total if summary and summary.complete else None
            by = rows[0].leader_id if rows else None
            out[aid][st.id] = stage_total(aid, st.id, totals.get((aid, st.id), {}),
                                          consensus, by, left_out.get(aid, set()),
                                          normalised=use)
    return out


def _removed(s: Session, cycle: Cycle) -> set[str]:
    return {str(o.applicant_id) for o in s.execute(
        select(Objection).where(Objection.cycle_id == cycle.id,
                                Objection.outcome == "upheld")).scalars()}


def ranking(s: Session, cycle: Cycle) -> dict[str, Any]:
    p = programme_of(cycle.programme_id)
    values = settings(s, cycle)
    w = weights(values)
    maxima = stage_max(p, cycle)
    use = bool(values["normalisation_official"].value)
    totals = stage_totals(s, cycle, use)
    apps = {str(a.id): a for a in s.execute(select(Applicant)
                                            .where(Applicant.cycle_id == cycle.id)).scalars()}
    comp = {aid: comprehensive(aid, totals[aid], w, maxima) for aid in apps}
    material = next((st.id for st in p.scored_stages), None)
    short = shortlist({aid: totals[aid][material].total for aid in apps},
                      shortlist_rule(values["shortlist"])) \
        if material and "shortlist" in values else None
    removed = _removed(s, cycle)
    recused = recused_by_applicant(s, cycle)
    repeats = repeat_winners(s, cycle, apps.values())
    min_score = values["min_award_score"].value
    categories = []
    for award in p.awards:
        scores = {aid: c.score for aid, c in comp.items()
                  if c.score is not None and apps[aid].award_id == award.id}
        r = rank_category(award, scores, removed=removed, backfill=p.backfill,
                          repeat_winners=repeats, repeat_rule=p.repeat_winners,
                          min_award_score=None if min_score is None else Decimal(str(min_score)))
        categories.append({
            "award": award.id, "name_zh": award.name_zh, "quota": award.quota,
            "quota_cite": str(award.cite), "vacancies": r.vacancies,
            "within": [apps[a].ref for a in r.within],
            "tied_at_line": [apps[a].ref for a in r.tied_at_line],
            "rows": [{"applicant": apps[x.applicant_id].ref, "name": apps[x.applicant_id].name,
                      "score": x.score, "rank": x.rank, "place": x.place.value,
                      "backfilled": x.backfilled,
                      "repeat_winner": x.applicant_id in repeats} for x in r.rows],
            "notes": list(r.notes)})
    # Who stands next below each award line (where the programme has nominations) and the
    # nominations the office assigned.
    standing = next_below(categories, p)
    assigned = nominated(s, cycle)
    for c in categories:
        c["next_below"] = standing.get(str(c["award"]), [])
        c["nominated"] = sorted(apps[a].ref for a, award in assigned.items()
                                if award == c["award"])
    decided = values["weights"]
    comp_stage = p.comprehensive_stage
    return {
        "cycle": cycle_code(cycle),
        "weights": {k: str(v) for k, v in w.weights.items()}, "weights_source": "office",
        # Who decided the weights and when (no document gives them), and the article that
        # names the stages of the comprehensive score.
        "weights_decided_by": decided.decided_by,
        "weights_decided_on": decided.decided_at.date() if decided.decided_at else None,
        "comprehensive_stages": [st.id for st in p.comprehensive_stages],
        "comprehensive_cite": str(comp_stage.cite) if comp_stage else None,
        "disqualified": [note(v) for v in views(s, cycle)],
        # What a mean of reviewers is taken of: their raw totals, or their normalised totals
        # (the office setting normalisation_official); a consensus stands either way.
        "basis": "normalised" if use else "raw", "basis_source": "office",
        "applicants": [{"applicant": apps[aid].ref, "name": apps[aid].name,
                        "award": apps[aid].award_id,
                        "stages": {st: {"total": t.total, "source": t.source.value,
                                        "reviewers": list(t.reviewers),
                                        "recused": sorted(set(t.recused) | recused[aid])}
                                   for st, t in totals[aid].items()},
                        "comprehensive": comp[aid].score,
                        "missing": list(comp[aid].missing)}
                       for aid in sorted(apps, key=lambda a: apps[a].ref)],
        "shortlist": None if short is None else {
            "stage": material, "selected": [apps[a].ref for a in short.selected],
            "tied_at_line": [apps[a].ref for a in short.tied_at_line],
            "not_selected": [apps[a].ref for a in short.not_selected],
            "unscored": [apps[a].ref for a in short.unscored]},
        "categories": categories,
        # What is unresolved before the office decides (readiness), shown with every ranking.
        "unresolved": find_unresolved(s, cycle, totals).as_list(),
    }


def rank(ws: Workspace, cycle_ref: str | None = None) -> dict[str, Any]:
    with ws.snapshot() as s:  # one consistent state beside a merge on another machine
        return ranking(s, resolve_cycle(s, cycle_ref))


def normalisation_view(ws: Workspace, stage_id: str, cycle_ref: str | None = None
                       ) -> dict[str, Any]:
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
        refs = {str(a.id): a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        return {"stage": stage_id, "official_uses_normalised": use, "warning": view.warning,
                "applicants": [{"applicant": refs[a.applicant_id], "raw_mean": a.raw_mean,
                                "normalised_mean": a.normalised_mean, "official": a.official}
                               for a in view.applicants],
                "scores": [{"applicant": refs[x.applicant_id], "reviewer": x.reviewer_id,
                            "raw": x.raw, "z": x.z, "normalised": x.normalised}
                           for x in view.scores]}

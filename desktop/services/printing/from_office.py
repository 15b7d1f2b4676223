"""Documents from the office workspace: one reviewer's filled score sheet from the merged scores,
the panel's sheet and median the feedback report is built from (``review_reports.feedback``),
the team consensus sheet, the eligibility review form, the comprehensive ranking, committee
ballots, the vote minutes and the public notice. Each reads in one unit of work and renders the
PDF in memory (``office.office_document`` is the one way in, for the window and the command line
alike)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import Framework
from desktop.domain.errors import NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme, Threshold
from desktop.domain.ranking import Place
from desktop.domain.redaction import Audience, Mark, Secrets
from desktop.domain.scoring import FormKind, ItemEntry
from desktop.domain.voting import VoteRule
from desktop.models.office.decision import NoticeRecord, VoteSession
from desktop.models.office.people import (
    Applicant,
    DeclaredSecret,
    Eligibility,
    Material,
    Reviewer,
)
from desktop.models.office.review import ConsensusItem, ItemScore, ReceivedBundle
from desktop.models.office.setup import Cycle, WorkspaceInfo
from desktop.reports import inputs as i
from desktop.reports.labels import Labels
from desktop.services.catalogue import framework_for_ref
from desktop.services.office import consensus as office_consensus
from desktop.services.office.common import (
    find_applicant,
    find_reviewer,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.conflicts import recused_by_applicant
from desktop.services.office.cycle import settings, weights
from desktop.services.office.disqualification import note as dq_note
from desktop.services.office.disqualification import views as dq_views
from desktop.services.office.ranking import ranking as office_ranking
from desktop.services.office.results_decide import CategoryRanking
from desktop.services.office.reviewers import committee
from desktop.services.office.standing import nominated
from desktop.services.office.vote import vote_rule
from desktop.services.office.workspace import Workspace
from desktop.services.printing.common import (
    JoinedComments,
    PrintOptions,
    PrintRefused,
    Rendered,
    category_shares,
    marks_of,
    median_shares,
    programme_name,
    render,
    rounded_pct,
)

# who each document is for unless the office says otherwise: the applicant's and the public's
# copies lose every secret, the office's and the panel's are watermarked with the recipient
DEFAULT_AUDIENCE = {"ranking": Audience.INTERNAL, "ballots": Audience.INTERNAL,
                    "minutes": Audience.INTERNAL, "notice": Audience.EXTERNAL,
                    "feedback": Audience.EXTERNAL, "consensus": Audience.INTERNAL,
                    "score-sheet": Audience.EXTERNAL, "eligibility": Audience.INTERNAL,
                    "blank-sheet": Audience.INTERNAL}

# the eligibility outcomes of the domain as the form prints them
_FINDINGS = {"met": i.Finding.MET, "not_met": i.Finding.NOT_MET,
             "needs_evidence": i.Finding.UNDETERMINED}


class _Context:
    """The cycle in force, its programme and framework, the office's name, the labels."""

    def __init__(self, s: Session, cycle_ref: str | None, opts: PrintOptions) -> None:
        self.session = s
        self.cycle: Cycle = resolve_cycle(s, cycle_ref)
        self.programme: Programme = programme_of(self.cycle.programme_id)
        self.framework: Framework = framework_for_ref(self.cycle.framework_ref)
        self.office: str = s.execute(select(WorkspaceInfo.office_name)).scalar_one()
        self.labels = Labels(opts.language)

    def base(self, stage: str = "") -> dict[str, Any]:
        return {"programme_name": programme_name(self.programme, self.labels),
                "cycle": str(self.cycle.number), "stage": stage}

    def stage_name(self, stage_id: str) -> str:
        st = self.programme.stage(stage_id)
        return self.labels.pick(st.name_zh, st.name_en)

    def items_stage(self, stage_id: str | None) -> str:
        """The stage asked for (an items stage), else the first scored items stage."""
        items = [st.id for st in self.programme.scored_stages if st.form.kind is FormKind.ITEMS]
        if stage_id is None:
            if not items:
                raise PrintRefused(Msg(N_("Programme {programme} has no stage scored by items"),
                                       {"programme": self.programme.id}))
            return items[0]
        self.programme.stage(stage_id)  # NotFound for an unknown stage
        if stage_id not in items:
            raise PrintRefused(Msg(N_("Stage {stage} is not scored by items: it has no score "
                                      "sheet"), {"stage": stage_id}))
        return stage_id

    def party(self, app: Applicant) -> i.Party:
        return i.Party(app.ref, app.name, app.employer or "")

    def reviewer(self, reviewer_id: str) -> i.Party:
        row = self.session.get(Reviewer, reviewer_id)
        return i.Party(reviewer_id, row.name if row else reviewer_id,
                       row.organisation if row else "")

    def award_name(self, award_id: str) -> str:
        award = self.programme.award(award_id)
        return self.labels.pick(award.name_zh, award.name_en)


def _rendered(kind: str, inp: i.DocumentInput, opts: PrintOptions, office: str, *,
              applicant: str = "", stage: str = "") -> Rendered:
    """The PDF in memory, for the document's default audience unless ``opts`` names one; an
    internal copy names the office unless ``opts`` names a recipient."""
    return render(kind, inp, opts, DEFAULT_AUDIENCE[kind], office, applicant=applicant,
                  stage=stage)


def _declared(s: Session, app: Applicant) -> tuple[str, ...]:
    return tuple(s.execute(select(DeclaredSecret.passage).join(
        Material, Material.id == DeclaredSecret.material_id)
        .where(Material.applicant_id == app.id).order_by(DeclaredSecret.passage)).scalars())


# --- the panel's view of one applicant at one stage ------------------------------------------


def _bundle_marks(s: Session, bundle_ids: set[Any]) -> dict[tuple[Any, str, str, str],
                                                             list[tuple[str, int, int]]]:
    """(bundle, applicant, stage, item) → the reviewer's secret marks, from the bundles kept."""
    out: dict[tuple[Any, str, str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for row in s.execute(select(ReceivedBundle).where(ReceivedBundle.id.in_(bundle_ids))
                         ).scalars():
        for sc in json.loads(row.manifest_json)["snapshot"]["scores"]:
            for k in sc.get("secret_marks") or ():
                out[(row.id, sc["applicant_id"], sc["stage_id"], sc["item_id"])].append(
                    (str(k["field"]), int(k["start"]), int(k["end"])))
    return out


def _panel_sheet(ctx: _Context, app: Applicant, stage_id: str, comments: bool
                 ) -> tuple[list[ItemEntry], list[Mark]]:
    """The applicant's panel result at a stage: the consensus percentage where the team's
    consensus is complete, else the rounded mean of the reviewers' percentages (recused
    reviewers never count); with ``comments``, every reviewer's comments joined per item."""
    s, fw = ctx.session, ctx.framework
    recused = office_consensus.recused_for(s, ctx.cycle, app)
    rows = [r for r in s.execute(select(ItemScore).where(
        ItemScore.cycle_id == ctx.cycle.id, ItemScore.applicant_id == app.id,
        ItemScore.stage_id == stage_id).order_by(ItemScore.reviewer_id)).scalars()
        if r.reviewer_id not in recused]
    cons = {c.item_id: c.pct for c in s.execute(select(ConsensusItem).where(
        ConsensusItem.cycle_id == ctx.cycle.id, ConsensusItem.applicant_id == app.id,
        ConsensusItem.stage_id == stage_id)).scalars()}
    use_consensus = all(it.id in cons for it in fw.items)
    pcts: dict[str, list[int]] = defaultdict(list)
    joined: dict[str, JoinedComments] = defaultdict(JoinedComments)
    marks = _bundle_marks(s, {r.bundle_id for r in rows}) if comments else {}
    for r in rows:
        if r.pct is not None:
            pcts[r.item_id].append(r.pct)
        if comments:
            joined[r.item_id].add(r.strengths, r.improvements,
                                  marks.get((r.bundle_id, str(app.id), stage_id, r.item_id), []))
    entries, out_marks = [], []
    for it in fw.items:
        pct = cons[it.id] if use_consensus else rounded_pct(fw, pcts.get(it.id, []))
        text = joined.get(it.id, JoinedComments())
        entries.append(ItemEntry(it.id, pct, text.strengths, text.improvements))
        out_marks += marks_of(it.id, text.marks, {})
    return entries, out_marks


def _panel_median(ctx: _Context, stage_id: str) -> dict[str, Decimal]:
    """Per category, the median share over every applicant of the cycle with a complete panel
    result at the stage."""
    shares = []
    for app in ctx.session.execute(select(Applicant).where(
            Applicant.cycle_id == ctx.cycle.id)).scalars():
        entries, _m = _panel_sheet(ctx, app, stage_id, comments=False)
        got = category_shares(ctx.framework, entries)
        if got is not None:
            shares.append(got)
    return median_shares(ctx.framework, shares)


# --- one reviewer's score sheet --------------------------------------------------------------


def score_sheet(ws: Workspace, applicant: str, stage: str | None, reviewer: str,
                opts: PrintOptions, cycle: str | None = None) -> Rendered:
    """One reviewer's filled score sheet for an applicant at a stage (default: the first stage
    scored by items) from the scores, strengths, improvements and secret marks the office
    merged from that reviewer's bundles; refused for a recused reviewer, when nothing of theirs
    has been merged, and (by the document) while any item has no score."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        app = find_applicant(s, ctx.cycle, applicant)
        rev = find_reviewer(s, reviewer)
        stage_id = ctx.items_stage(stage)
        if rev.id in office_consensus.recused_for(s, ctx.cycle, app):
            raise RuleViolation(Msg(N_("Reviewer {reviewer} is recused from applicant "
                                       "{applicant}: there is no score sheet to print"),
                                    {"reviewer": rev.id, "applicant": app.ref}))
        rows = {r.item_id: r for r in s.execute(select(ItemScore).where(
            ItemScore.cycle_id == ctx.cycle.id, ItemScore.applicant_id == app.id,
            ItemScore.stage_id == stage_id, ItemScore.reviewer_id == rev.id)).scalars()}
        if not rows:
            raise PrintRefused(Msg(N_("No scores of reviewer {reviewer} for applicant "
                                      "{applicant} at stage {stage} have been merged"),
                                   {"reviewer": rev.id, "applicant": app.ref,
                                    "stage": stage_id}))
        marks = _bundle_marks(s, {r.bundle_id for r in rows.values()})
        entries, out_marks = [], []
        for it in ctx.framework.items:
            r = rows.get(it.id)
            if r is None:
                entries.append(ItemEntry(it.id, None))
                continue
            entries.append(ItemEntry(it.id, r.pct, r.strengths, r.improvements))
            out_marks += marks_of(it.id, marks.get((r.bundle_id, str(app.id), stage_id,
                                                     it.id), []), {})
        inp = i.ScoreSheetInput(**ctx.base(ctx.stage_name(stage_id)), applicant=ctx.party(app),
                                reviewer=ctx.reviewer(rev.id), framework=ctx.framework,
                                entries=tuple(entries),
                                secrets=Secrets(_declared(s, app), tuple(out_marks)))
        office = ctx.office
    return _rendered("score-sheet", inp, opts, office, applicant=app.ref, stage=stage_id)


def blank_sheet(ws: Workspace, applicant: str | None, stage: str | None, opts: PrintOptions,
                cycle: str | None = None) -> Rendered:
    """A blank score sheet of the cycle's programme for a stage scored by items (default: the
    first), headed with the applicant's name when one is given."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        party = ctx.party(find_applicant(s, ctx.cycle, applicant)) if applicant else \
            i.Party("", "")
        stage_id = ctx.items_stage(stage)
        inp = i.ScoreSheetInput(**ctx.base(ctx.stage_name(stage_id)), applicant=party,
                                reviewer=None, framework=ctx.framework, blank=True)
        office = ctx.office
    return _rendered("blank-sheet", inp, opts, office, applicant=party.id, stage=stage_id)


# --- the team consensus sheet ----------------------------------------------------------------


def consensus(ws: Workspace, applicant: str, stage: str | None, opts: PrintOptions,
              cycle: str | None = None) -> Rendered:
    """The team consensus sheet of an applicant at a stage (default: the last stage with a
    consensus): each reviewer's percentage, spread, flag, consensus and rationale."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        app = find_applicant(s, ctx.cycle, applicant)
        held = {c.stage_id for c in s.execute(select(ConsensusItem).where(
            ConsensusItem.cycle_id == ctx.cycle.id, ConsensusItem.applicant_id == app.id)
        ).scalars()}
        if stage is None:
            order = [st.id for st in ctx.programme.stages if st.id in held]
            stage = order[-1] if order else None
        if stage is None or stage not in held:
            raise PrintRefused(Msg(N_("No team consensus is recorded for applicant {applicant}"
                                      " at stage {stage}"),
                                   {"applicant": app.ref, "stage": stage or "—"}))
        ctx.items_stage(stage)
        items = {c.item_id: c for c in s.execute(select(ConsensusItem).where(
            ConsensusItem.cycle_id == ctx.cycle.id, ConsensusItem.applicant_id == app.id,
            ConsensusItem.stage_id == stage)).scalars()}
        recused = office_consensus.recused_for(s, ctx.cycle, app)
        sheets = {rid: {e.item_id: e.pct for e in es} for rid, es in
                  office_consensus.sheets(s, ctx.cycle, app, stage).items()
                  if rid not in recused}
        stats = office_consensus.stats(s, ctx.cycle, app, stage)
        rows = []
        for it in ctx.framework.items:
            c = items.get(it.id)
            st = stats.get(it.id)
            rows.append(i.ConsensusRow(
                it.id, {rid: sheet.get(it.id) for rid, sheet in sorted(sheets.items())},
                (st.spread_pct or 0) if st else 0, bool(st and st.flagged),
                c.pct if c else None, c.rationale if c else ""))
        leader_id = next(iter(items.values())).leader_id
        inp = i.ConsensusInput(**ctx.base(ctx.stage_name(stage)), applicant=ctx.party(app),
                               leader=ctx.reviewer(leader_id),
                               reviewers=tuple(ctx.reviewer(r) for r in sorted(sheets)),
                               framework=ctx.framework, rows=tuple(rows),
                               secrets=Secrets(_declared(s, app)))
        office = ctx.office
    return _rendered("consensus", inp, opts, office, applicant=app.ref, stage=stage)


# --- eligibility -----------------------------------------------------------------------------


def eligibility(ws: Workspace, applicant: str, opts: PrintOptions,
                cycle: str | None = None) -> Rendered:
    """The eligibility review form from the result the office stored with the facts."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        app = find_applicant(s, ctx.cycle, applicant)
        row = s.get(Eligibility, app.id)
        result = json.loads(row.result_json) if row and row.result_json else None
        if not result or not result.get("findings"):
            raise PrintRefused(Msg(N_("No eligibility facts are recorded for applicant "
                                      "{applicant}"), {"applicant": app.ref}))
        rules = {r.id: r for r in ctx.programme.conditions}
        _ = ctx.labels
        rows = []
        for f in result["findings"]:
            rule = rules.get(f["rule"])
            condition = rule.text_zh if rule else _("Award category")
            rows.append(i.EligibilityRow(condition, str(f.get("cite") or ""),
                                         _FINDINGS.get(f["outcome"], i.Finding.UNDETERMINED),
                                         str(f.get("reason") or "")))
        stage = next((st for st in ctx.programme.stages if st.kind.value == "eligibility"),
                     None)
        inp = i.EligibilityInput(**ctx.base(ctx.stage_name(stage.id) if stage else ""),
                                 applicant=ctx.party(app), reviewer=None, rows=tuple(rows),
                                 secrets=Secrets(_declared(s, app)))
        office = ctx.office
    return _rendered("eligibility", inp, opts, office, applicant=app.ref)


# --- ranking, ballots, minutes, notice -------------------------------------------------------


def _basis(ctx: _Context) -> str:
    _ = ctx.labels
    decided = settings(ctx.session, ctx.cycle)["weights"]
    w = weights({"weights": decided}).weights
    parts = [f"{ctx.stage_name(k)} {(Decimal(v) * 100).quantize(Decimal('0.1')).normalize()}%"
             for k, v in w.items() if Decimal(v)]
    when = decided.decided_at.date().isoformat() if decided.decided_at else ""
    note = _("(weights decided by {who} on {date}; the document gives none)").format(
        who=decided.decided_by or "", date=when)
    return " + ".join(parts) + " " + note if parts else ""


def _categories(ctx: _Context) -> tuple[CategoryRanking, ...]:
    return office_ranking(ctx.session, ctx.cycle).categories


def ranking(ws: Workspace, opts: PrintOptions, cycle: str | None = None) -> Rendered:
    """The comprehensive ranking of every award category with its quota line and ties."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        cats = []
        for cat in _categories(ctx):
            ranks = [r.rank for r in cat.rows]
            rows = tuple(i.RankingRow(
                int(r.rank or 0), i.Party(r.ref, r.name), Decimal(str(r.score)),
                ranks.count(r.rank) > 1 or r.place == Place.TIE_AT_QUOTA_LINE.value)
                for r in cat.rows if r.score is not None)
            cats.append(i.RankingCategory(ctx.award_name(cat.award_id), cat.quota, rows))
        if not any(c.rows for c in cats):
            raise PrintRefused(Msg(N_("No applicant of cycle {cycle} has a comprehensive score "
                                      "yet"), {"cycle": ctx.cycle.label}))
        inp = i.RankingInput(**ctx.base(), categories=tuple(cats), basis=_basis(ctx))
        office = ctx.office
    return _rendered("ranking", inp, opts, office)


def _committee_name(ctx: _Context) -> str:
    return ctx.programme.committee.body_zh if ctx.programme.committee else \
        ctx.labels("Committee")


def _pick_award(ctx: _Context, award: str | None, have: Sequence[str]) -> str:
    if award is not None:
        ctx.programme.award(award)  # NotFound for an unknown category
        return award
    if len(have) == 1:
        return have[0]
    if not have:
        raise PrintRefused(Msg(N_("No award category of cycle {cycle} has candidates yet"),
                               {"cycle": ctx.cycle.label}))
    raise PrintRefused(Msg(N_("Cycle {cycle} has several award categories: name one with "
                              "--award ({awards})"),
                           {"cycle": ctx.cycle.label, "awards": ", ".join(have)}))


def ballots(ws: Workspace, award: str | None, opts: PrintOptions, copies: int | None = None,
            cycle: str | None = None) -> Rendered:
    """Ballots for one award category: the ranked candidates, at most ``quota`` marks; one
    copy per committee member unless ``copies`` says otherwise."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        cats = {c.award_id: c for c in _categories(ctx)
                if any(r.place not in (Place.REMOVED.value, Place.BELOW_THRESHOLD.value)
                       for r in c.rows)}
        award_id = _pick_award(ctx, award, list(cats))
        cat = cats.get(award_id)
        if cat is None:
            raise PrintRefused(Msg(N_("Award category {award} has no candidates"),
                                   {"award": award_id}))
        apps = {a.ref: a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == ctx.cycle.id)).scalars()}
        candidates = tuple(ctx.party(apps[r.ref]) for r in cat.rows
                           if r.place not in (Place.REMOVED.value,
                                              Place.BELOW_THRESHOLD.value))
        quota = cat.quota or len(candidates)
        stage = next((st for st in ctx.programme.stages if st.kind.value == "committee"), None)
        inp = i.BallotInput(**ctx.base(ctx.stage_name(stage.id) if stage else ""),
                            committee=_committee_name(ctx), award=ctx.award_name(award_id),
                            quota=quota, candidates=candidates,
                            copies=copies or max(1, len(committee(s, ctx.cycle))))
        office = ctx.office
    return _rendered("ballots", inp, opts, office)


def _threshold(labels: Labels, t: Threshold | None) -> str:
    """A threshold in words (the fonts have no "≥")."""
    _ = labels
    if t is None:
        return _("not stated by the programme")
    if t.of == "members":
        text = _("at least {fraction} of the members") if t.inclusive else \
            _("more than {fraction} of the members")
    else:
        text = _("at least {fraction} of those present") if t.inclusive else \
            _("more than {fraction} of those present")
    return text.format(fraction=t.fraction)


def _pass_rule(labels: Labels, rule: VoteRule) -> str:
    _ = labels
    abst = _("abstentions count in the denominator") if rule.abstentions_count else \
        _("abstentions do not count in the denominator")
    return f"{_threshold(labels, rule.pass_threshold)}; {abst}"


def minutes(ws: Workspace, award: str | None, opts: PrintOptions,
            cycle: str | None = None) -> Rendered:
    """The vote minutes: quorum, tally and outcome of the latest vote on each award category
    (or on ``award``); votes held on different days or with different members need ``award``."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        _ = ctx.labels
        latest: dict[str, VoteSession] = {}
        for v in s.execute(select(VoteSession).where(VoteSession.cycle_id == ctx.cycle.id)
                           .order_by(VoteSession.recorded_at)).scalars():
            latest[v.award_id] = v
        if award is not None:
            ctx.programme.award(award)
            latest = {k: v for k, v in latest.items() if k == award}
        if not latest:
            raise PrintRefused(Msg(N_("No committee vote is recorded for cycle {cycle}"),
                                   {"cycle": ctx.cycle.label}))
        sessions = list(latest.values())
        if len({(v.held_on, v.present_json, v.members_total) for v in sessions}) > 1:
            raise PrintRefused(Msg(N_("The votes of cycle {cycle} were held at different "
                                      "meetings: name one award category with --award"),
                                   {"cycle": ctx.cycle.label}))
        apps = {a.ref: a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == ctx.cycle.id)).scalars()}
        recused = recused_by_applicant(s, ctx.cycle)
        tally, elected, quorum_met = [], [], True
        for v in sessions:
            result = json.loads(v.result_json)
            quorum_met = quorum_met and bool(result["quorum_met"])
            for t in result["tally"]:
                tally.append(i.TallyRow(ctx.party(apps[t["applicant"]]),
                                        ctx.award_name(v.award_id), int(t["for"]),
                                        int(t["against"]), int(t["abstain"]),
                                        bool(t["passed"])))
            elected += [apps[ref].name for ref in result["elected"]]
        committee_rule = ctx.programme.committee
        rule = vote_rule(s, ctx.cycle)
        cite = f" ({committee_rule.cite})" if committee_rule else ""
        outcome = _("Elected: {names}.").format(names=_.join(elected)) if elected else \
            _("No candidate received the votes needed.")
        outcome += "".join(" " + _(m.template).format(**m.params)  # qualifications taken away
                           for m in (dq_note(v) for v in dq_views(s, ctx.cycle)))
        members = committee(s, ctx.cycle)
        chair = next((m.name for m in members if m.role == "chair"), "")
        stage = next((st for st in ctx.programme.stages if st.kind.value == "committee"), None)
        first = sessions[0]
        inp = i.MinutesInput(
            **ctx.base(ctx.stage_name(stage.id) if stage else ""),
            committee=_committee_name(ctx), meeting=first.held_on,
            members=first.members_total, present=len(json.loads(first.present_json)),
            quorum_rule=_threshold(_, committee_rule.quorum if committee_rule else None) + cite,
            quorum_met=quorum_met, pass_rule=_pass_rule(_, rule) + cite,
            tally=tuple(tally), outcome=outcome, chair=chair,
            recusals=tuple(i.RecusalLine(row.applicant, tuple(
                ctx.reviewer(rid).name for rid in sorted(recused[str(apps[ref].id)])))
                for ref, row in {t.applicant.id: t for t in tally}.items()
                if recused.get(str(apps[ref].id))))
        office = ctx.office
    return _rendered("minutes", inp, opts, office)


def notice(ws: Workspace, notice_id: str | None, opts: PrintOptions,
           cycle: str | None = None) -> Rendered:
    """The public notice of the latest published notice (or ``notice_id``): the applicants,
    their award category, the start and end dates the office computed."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        _ = ctx.labels
        q = select(NoticeRecord).where(NoticeRecord.cycle_id == ctx.cycle.id)
        if notice_id is not None:
            q = q.where(NoticeRecord.notice_id == notice_id)
        record = s.execute(q.order_by(NoticeRecord.recorded_at.desc()).limit(1)).scalar()
        if record is None:
            raise NotFound(Msg(N_("No notice '{notice}' has been published in cycle {cycle}"),
                               {"notice": notice_id or "—", "cycle": ctx.cycle.label}))
        rule = next((n for n in ctx.programme.notices if n.id == record.notice_id), None)
        by_id = {str(a.id): a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == ctx.cycle.id)).scalars()}
        nominations = nominated(s, ctx.cycle)  # a nomination the office assigned is named
        rows = tuple(i.NoticeRow(ctx.party(by_id[a]), ctx.award_name(
            nominations.get(a, by_id[a].award_id))) for a in json.loads(record.applicants_json))
        name = programme_name(ctx.programme, _)
        title = _("Public notice")
        intro = _("Under {cite}, the following applicants are proposed for {programme} "
                  "{cycle} and are hereby made public.").format(
            cite=str(rule.cite) if rule else ctx.programme.document.number, programme=name,
            cycle=ctx.cycle.number)
        inp = i.NoticeInput(**ctx.base(ctx.stage_name(rule.after) if rule else ""),
                            title=f"{name} {ctx.cycle.number} {title}",
                            issuer=ctx.office, intro=intro, rows=rows, start=record.starts_on,
                            end=record.ends_on, working_days=record.working_days,
                            issued=record.published_on)
        office = ctx.office
    return _rendered("notice", inp, opts, office)


__all__ = ["DEFAULT_AUDIENCE", "ballots", "blank_sheet", "consensus", "eligibility", "minutes",
           "notice", "ranking", "score_sheet"]

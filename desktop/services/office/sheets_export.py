"""The office's results as Excel workbooks: ranking, scores, divergence, consensus, vote,
notices, conflicts — and the blank applicant template sent to the 盟市 and 旗县区.

One function per kind reads in one unit of work (the same reads the pages and ``office`` verbs
use) and gives the sheets; ``export_sheet`` writes them (``sheets_write``) for the window and the
command line alike. Headers are in the language asked for; every sheet names the programme, the
cycle and the office. A workbook leaves the panel: reviewers' comments and the consensus
rationales are redacted as for an external PDF (declared secret passages, quotes of them and the
spans reviewers marked become the marker), and a final check refuses a workbook in which a
declared passage would still occur.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import AwardKind, Programme
from desktop.domain.redaction import MARKER, Audience, Mark, Secrets, field_key, leaks, redact
from desktop.domain.scoring import FormKind
from desktop.i18n.data_names import CONFLICT_KIND, CONFLICT_SOURCE, PIN_DECISION
from desktop.models.office.decision import NoticeRecord, VoteSession
from desktop.models.office.people import Applicant, DeclaredSecret, Material, Reviewer
from desktop.models.office.review import ConsensusItem, ItemScore, PanelScore, ReceivedBundle
from desktop.models.office.setup import Cycle, WorkspaceInfo
from desktop.reports.labels import Labels
from desktop.reports.page import write_atomic
from desktop.services.catalogue import framework_for_ref
from desktop.services.office import consensus as office_consensus
from desktop.services.office.common import programme_of, resolve_cycle
from desktop.services.office.conflicts import list_conflicts
from desktop.services.office.ranking import ranking as office_ranking
from desktop.services.office.reads import revive
from desktop.services.office.results_conflicts import ConflictEntry
from desktop.services.office.sheets_import import APPLICANT_FIELDS
from desktop.services.office.sheets_write import (
    Col,
    Kind,
    SheetSpec,
    Validation,
    Workbook,
    workbook_bytes,
)
from desktop.services.office.workspace import Workspace

EXPORT_KINDS = ("ranking", "scores", "divergence", "consensus", "vote", "notices", "conflicts")
KIND_TITLE = {"ranking": N_("Comprehensive ranking"), "scores": N_("Reviewers' scores"),
              "divergence": N_("Divergence"), "consensus": N_("Team consensus"),
              "vote": N_("Committee vote"), "notices": N_("Public notices"),
              "conflicts": N_("Conflicts of interest"),
              "template": N_("Applicants' summary table")}
PLACE_TEXT = {"within_quota": N_("within the quota"),
              "tie_at_quota_line": N_("tied at the quota line"),
              "below_quota": N_("below the quota line"),
              "outside_quota": N_("outside the quota (repeat winner)"),
              "below_threshold": N_("below the minimum award score"),
              "removed": N_("removed (objection upheld)")}
TEMPLATE_ROWS = 200  # blank rows of the template that carry its validation


class ExportRefused(InputRejected):
    """Nothing of that kind is recorded yet, or the workbook would leak a secret."""


@dataclass(frozen=True)
class SheetExported:
    kind: str
    path: Path | None
    cycle: str
    sheets: tuple[str, ...]
    rows: int
    redacted: int  # comments and rationales with a secret removed
    data: bytes = b""  # the workbook (also when written)


class _Ctx:
    def __init__(self, s: Session, cycle_ref: str | None, language: str | None,
                 kind: str) -> None:
        self.s = s
        self.cycle: Cycle = resolve_cycle(s, cycle_ref)
        self.p: Programme = programme_of(self.cycle.programme_id)
        self._ = Labels(language)
        self.kind = kind
        self.office: str = s.execute(select(WorkspaceInfo.office_name)).scalar_one()
        self.apps = {a.id: a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == self.cycle.id).order_by(Applicant.ref)).scalars()}
        self.redacted = 0
        self.texts: dict[Any, list[str]] = defaultdict(list)  # applicant id → texts written

    def titles(self, subtitle: str = "") -> tuple[str, ...]:
        _ = self._
        name = _.pick(self.p.name_zh, self.p.name_en, self.p.name_mn)
        what = _(KIND_TITLE[self.kind]) + (f" · {subtitle}" if subtitle else "")
        return (f"{name} · {self.cycle.number}", what,
                _("{office} · exported on {date}").format(office=self.office,
                                                         date=_.date(date.today())))

    def stage(self, stage_id: str) -> str:
        try:
            st = self.p.stage(stage_id)
        except InputRejected:
            return stage_id
        return self._.pick(st.name_zh, st.name_en, st.name_mn)

    def award(self, award_id: str) -> str:
        a = self.p.award(award_id)
        return self._.pick(a.name_zh, a.name_en, a.name_mn)

    def yes(self, value: bool | None) -> str:
        return "" if value is None else self._("yes") if value else self._("no")

    def clean(self, app: Applicant, text: str, field_name: str, secrets: Secrets) -> str:
        out = redact(text, field_name, secrets, Audience.EXTERNAL, self._(MARKER))
        if out.changed:
            self.redacted += 1
        self.texts[app.id].append(out.text)
        return out.text

    def declared(self, app: Applicant) -> tuple[str, ...]:
        return tuple(self.s.execute(select(DeclaredSecret.passage).join(
            Material, Material.id == DeclaredSecret.material_id)
            .where(Material.applicant_id == app.id)).scalars())

    def items_stages(self) -> list[str]:
        return [st.id for st in self.p.scored_stages if st.form.kind is FormKind.ITEMS]

    def reviewer_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.s.execute(select(Reviewer)).scalars()}


def _none(ctx: _Ctx) -> ExportRefused:
    return ExportRefused(Msg(N_("Nothing to export: no {what} is recorded in cycle {cycle} "
                                "yet"), {"what": Msg(KIND_TITLE[ctx.kind]),
                                         "cycle": ctx.cycle.label}))


# --- ranking ----------------------------------------------------------------------------------


def _ranking(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    result = office_ranking(ctx.s, ctx.cycle)
    stages = list(result.weights)
    totals = {a.ref: a.stages for a in result.applicants}
    weights = "、".join(f"{ctx.stage(k)} {(Decimal(v) * 100).normalize():f}%"
                       for k, v in result.weights.items() if Decimal(v))
    out = []
    for cat in result.categories:
        if not cat.rows:
            continue
        cols = (Col(_("Rank"), Kind.INT), Col(_("Ref."), Kind.CODE), Col(_("Applicant")),
                Col(_("Comprehensive score"), Kind.DEC2),
                *(Col(ctx.stage(st), Kind.DEC2) for st in stages), Col(_("Place")))
        rows, shaded, line = [], set(), None
        for i, r in enumerate(cat.rows):
            place = _(PLACE_TEXT.get(r.place, r.place))
            if r.backfilled:
                place += " · " + _("fills a vacated place")
            stage_totals = totals.get(r.ref, {})
            rows.append((r.rank, r.ref, r.name, r.score,
                         *(stage_totals[st].total if st in stage_totals else None
                           for st in stages), place))
            if r.place in ("within_quota", "tie_at_quota_line"):
                shaded.add(i)
                line = i
        quota = "—" if cat.quota is None else str(cat.quota)
        notes = [_("Quota: {quota} ({cite}); the red line runs under the last place within "
                   "it.").format(quota=quota, cite=cat.quota_cite)]
        if weights:
            notes.append(_("Weights (office setting): {weights}").format(weights=weights))
        notes += [str(n) if not isinstance(n, Msg) else n.render(_) for n in
                  (revive(x) for x in cat.notes)]
        title = ctx.award(cat.award_id)
        out.append(SheetSpec(title, ctx.titles(title), cols, rows, line_after=line,
                             shaded=frozenset(shaded), notes=tuple(notes)))
    if not out:
        raise _none(ctx)
    return out


# --- scores -----------------------------------------------------------------------------------


def _bundle_marks(ctx: _Ctx, bundle_ids: set[Any]) -> dict[tuple[Any, str, str, str],
                                                             list[Mark]]:
    """(bundle, applicant id, stage, item) → the reviewer's secret marks on the comments."""
    out: dict[tuple[Any, str, str, str], list[Mark]] = defaultdict(list)
    for row in ctx.s.execute(select(ReceivedBundle).where(ReceivedBundle.id.in_(bundle_ids))
                             ).scalars():
        for sc in json.loads(row.manifest_json)["snapshot"]["scores"]:
            for k in sc.get("secret_marks") or ():
                out[(row.id, sc["applicant_id"], sc["stage_id"], sc["item_id"])].append(
                    Mark(field_key(sc["item_id"], str(k["field"])), int(k["start"]),
                         int(k["end"])))
    return out


def _scores(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    fw = framework_for_ref(ctx.cycle.framework_ref)
    order = {it.id: n for n, it in enumerate(fw.items)}
    points = {it.id: it.points for it in fw.items}
    names = ctx.reviewer_names()
    scores = list(ctx.s.execute(select(ItemScore).where(ItemScore.cycle_id == ctx.cycle.id)
                                ).scalars())
    marks = _bundle_marks(ctx, {r.bundle_id for r in scores})
    declared = {aid: ctx.declared(app) for aid, app in ctx.apps.items()}
    cols = (Col(_("Ref."), Kind.CODE), Col(_("Applicant")), Col(_("Reviewer"), Kind.CODE),
            Col(_("Reviewer name")), Col(_("Item"), Kind.CODE), Col(_("Points"), Kind.INT),
            Col(_("Percent"), Kind.INT), Col(_("Score"), Kind.DEC2),
            Col(_("Strengths"), wrap=True), Col(_("Improvements"), wrap=True))
    out = []
    for stage in ctx.items_stages():
        here = sorted((r for r in scores if r.stage_id == stage and r.applicant_id in ctx.apps),
                      key=lambda r: (ctx.apps[r.applicant_id].ref, r.reviewer_id,
                                     order.get(r.item_id, 99)))
        rows = []
        for r in here:
            app = ctx.apps[r.applicant_id]
            secrets = Secrets(declared[r.applicant_id], tuple(
                marks.get((r.bundle_id, str(app.id), stage, r.item_id), ())))
            pts = points.get(r.item_id)
            score = None if r.pct is None or pts is None else \
                (Decimal(pts) * r.pct / 100).quantize(Decimal("0.01"))
            rows.append((app.ref, app.name, r.reviewer_id, names.get(r.reviewer_id, ""),
                         r.item_id, pts, r.pct, score,
                         ctx.clean(app, r.strengths, field_key(r.item_id, "strengths"),
                                   secrets),
                         ctx.clean(app, r.improvements, field_key(r.item_id, "improvements"),
                                   secrets)))
        if rows:
            out.append(SheetSpec(ctx.stage(stage), ctx.titles(ctx.stage(stage)), cols, rows))
    panel = list(ctx.s.execute(select(PanelScore).where(PanelScore.cycle_id == ctx.cycle.id)
                               ).scalars())
    if panel:
        panel_rows: list[tuple[Any, ...]] = [(ctx.stage(p.stage_id), ctx.apps[p.applicant_id].ref,
                 ctx.apps[p.applicant_id].name, p.reviewer_id, names.get(p.reviewer_id, ""),
                 p.value) for p in sorted(panel, key=lambda p: (
                     p.stage_id, ctx.apps[p.applicant_id].ref, p.reviewer_id))
                if p.applicant_id in ctx.apps]
        title = _("Panel scores")
        out.append(SheetSpec(title, ctx.titles(title), (
            Col(_("Stage")), Col(_("Ref."), Kind.CODE), Col(_("Applicant")),
            Col(_("Reviewer"), Kind.CODE), Col(_("Reviewer name")), Col(_("Score"), Kind.DEC2)),
            panel_rows))
    if not out:
        raise _none(ctx)
    return out


# --- divergence and consensus -----------------------------------------------------------------


def _divergence(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    cols = (Col(_("Ref."), Kind.CODE), Col(_("Applicant")), Col(_("Item"), Kind.CODE),
            Col(_("Number of reviewers"), Kind.INT), Col(_("Mean"), Kind.DEC1),
            Col(_("Median"), Kind.DEC1), Col(_("Lowest"), Kind.INT),
            Col(_("Highest"), Kind.INT), Col(_("Spread"), Kind.INT), Col(_("Flagged")))
    out = []
    for stage in ctx.items_stages():
        rows = []
        for app in ctx.apps.values():
            stats = office_consensus.stats(ctx.s, ctx.cycle, app, stage)
            if not any(v.count for v in stats.values()):
                continue
            rows += [(app.ref, app.name, k, v.count, v.mean_pct, v.median_pct, v.min_pct,
                      v.max_pct, v.spread_pct, _("flagged") if v.flagged else "")
                     for k, v in stats.items()]
        if rows:
            out.append(SheetSpec(ctx.stage(stage), ctx.titles(ctx.stage(stage)), cols, rows,
                                 notes=(_("Percentages of the item's points; the spread is "
                                          "the highest less the lowest."),)))
    if not out:
        raise _none(ctx)
    return out


def _consensus(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    fw = framework_for_ref(ctx.cycle.framework_ref)
    order = {it.id: n for n, it in enumerate(fw.items)}
    points = {it.id: it.points for it in fw.items}
    names = ctx.reviewer_names()
    items = list(ctx.s.execute(select(ConsensusItem).where(
        ConsensusItem.cycle_id == ctx.cycle.id)).scalars())
    cols = (Col(_("Ref."), Kind.CODE), Col(_("Applicant")), Col(_("Item"), Kind.CODE),
            Col(_("Points"), Kind.INT), Col(_("Consensus"), Kind.INT), Col(_("Score"), Kind.DEC2),
            Col(_("Rationale"), wrap=True), Col(_("Leader")), Col(_("Signed in the field")),
            Col(_("Recorded on"), Kind.DATE))
    out = []
    for stage in ctx.items_stages():
        here = sorted((c for c in items if c.stage_id == stage and c.applicant_id in ctx.apps),
                      key=lambda c: (ctx.apps[c.applicant_id].ref, order.get(c.item_id, 99)))
        rows = []
        for c in here:
            app = ctx.apps[c.applicant_id]
            pts = points.get(c.item_id)
            rows.append((app.ref, app.name, c.item_id, pts, c.pct,
                         None if pts is None else (Decimal(pts) * c.pct / 100).quantize(
                             Decimal("0.01")),
                         ctx.clean(app, c.rationale, field_key(c.item_id, "rationale"),
                                   Secrets(ctx.declared(app))),
                         f"{names.get(c.leader_id, c.leader_id)} ({c.leader_id})",
                         ctx.yes(c.bundle_id is not None), c.recorded_at.date()))
        if rows:
            out.append(SheetSpec(ctx.stage(stage), ctx.titles(ctx.stage(stage)), cols, rows))
    if not out:
        raise _none(ctx)
    return out


# --- vote, notices, conflicts -----------------------------------------------------------------


def _vote(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    latest: dict[str, VoteSession] = {}
    for v in ctx.s.execute(select(VoteSession).where(VoteSession.cycle_id == ctx.cycle.id)
                           .order_by(VoteSession.recorded_at)).scalars():
        latest[v.award_id] = v
    by_ref = {a.ref: a for a in ctx.apps.values()}
    cols = (Col(_("Rank"), Kind.INT), Col(_("Ref."), Kind.CODE), Col(_("Applicant")),
            Col(_("For"), Kind.INT), Col(_("Against"), Kind.INT), Col(_("Abstain"), Kind.INT),
            Col(_("Invalid"), Kind.INT), Col(_("Share"), Kind.PCT), Col(_("Passed")),
            Col(_("Elected")))
    out = []
    for award_id, v in latest.items():
        result = json.loads(v.result_json)
        elected = set(result.get("elected", []))
        rows = [(t.get("rank"), t["applicant"], by_ref[t["applicant"]].name
                 if t["applicant"] in by_ref else "", t["for"], t["against"], t["abstain"],
                 t.get("invalid", 0), _share(t.get("share")),
                 ctx.yes(bool(t["passed"])), ctx.yes(t["applicant"] in elected))
                for t in sorted(result["tally"], key=lambda t: (
                    t.get("rank") is None, t.get("rank") or 0, t["applicant"]))]
        name = ctx.award(award_id)
        notes = (_("Held on {date}; {present} of {members} members present; quorum met: "
                   "{quorum}.").format(date=_.date(v.held_on), present=result["present"]
                                       if isinstance(result["present"], int) else
                                       len(result["present"]), members=v.members_total,
                                       quorum=ctx.yes(bool(result["quorum_met"]))),)
        out.append(SheetSpec(name, ctx.titles(name), cols, rows, notes=notes))
    if not out:
        raise _none(ctx)
    return out


def _share(text: Any) -> Decimal | None:
    """A stored share ("7/8", "0.875", "0") as a number."""
    if text is None:
        return None
    f = Fraction(str(text))
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.0001"))


def _notices(ctx: _Ctx) -> list[SheetSpec]:
    _ = ctx._
    rules = {n.id: n for n in ctx.p.notices}
    by_id = {str(a.id): a for a in ctx.apps.values()}
    cols = (Col(_("Notice"), Kind.CODE), Col(_("After stage")), Col(_("Published on"), Kind.DATE),
            Col(_("First day"), Kind.DATE), Col(_("Last day"), Kind.DATE),
            Col(_("Working days"), Kind.INT), Col(_("Ref."), Kind.CODE), Col(_("Applicant")),
            Col(_("Award category")))
    rows = []
    for n in ctx.s.execute(select(NoticeRecord).where(NoticeRecord.cycle_id == ctx.cycle.id)
                           .order_by(NoticeRecord.recorded_at)).scalars():
        rule = rules.get(n.notice_id)
        for aid in json.loads(n.applicants_json):
            app = by_id.get(aid)
            rows.append((n.notice_id, ctx.stage(rule.after) if rule else "", n.published_on,
                         n.starts_on, n.ends_on, n.working_days, app.ref if app else aid,
                         app.name if app else "", ctx.award(app.award_id) if app else ""))
    if not rows:
        raise _none(ctx)
    return [SheetSpec(_(KIND_TITLE["notices"]), ctx.titles(), cols, rows)]


def _conflicts(ctx: _Ctx, listed: list[ConflictEntry]) -> list[SheetSpec]:
    _ = ctx._
    names = ctx.reviewer_names()
    by_ref = {a.ref: a for a in ctx.apps.values()}
    cols = (Col(_("Reviewer"), Kind.CODE), Col(_("Reviewer name")), Col(_("Ref."), Kind.CODE),
            Col(_("Applicant")), Col(_("Conflicted")), Col(_("Decision")), Col(_("Kind")),
            Col(_("Source")), Col(_("Note"), wrap=True), Col(_("To decide")))
    rows = []
    for c in listed:
        decl = c.declarations
        notes = [n.render(_) if isinstance(n, Msg) else str(n) for n in
                 (d.note for d in decl) if n]
        rows.append((c.reviewer, names.get(c.reviewer, ""), c.applicant,
                     by_ref[c.applicant].name if c.applicant in by_ref else c.applicant_name,
                     ctx.yes(c.conflicted),
                     _(PIN_DECISION[c.pinned]) if c.pinned in PIN_DECISION else "",
                     "、".join(_(CONFLICT_KIND.get(d.kind, d.kind)) for d in decl),
                     "、".join(_(CONFLICT_SOURCE.get(d.source, d.source)) for d in decl),
                     "\n".join(notes), ctx.yes(c.to_decide)))
    if not rows:
        raise _none(ctx)
    return [SheetSpec(_(KIND_TITLE["conflicts"]), ctx.titles(), cols, rows)]


_BUILDERS: dict[str, Callable[[_Ctx], list[SheetSpec]]] = {
    "ranking": _ranking, "scores": _scores, "divergence": _divergence,
    "consensus": _consensus, "vote": _vote, "notices": _notices}


def export_sheet(ws: Workspace, kind: str, out: Path | None = None, *,
                 language: str | None = None, cycle_ref: str | None = None) -> SheetExported:
    """The workbook of ``kind`` (one of ``EXPORT_KINDS``), written to ``out`` when given."""
    if kind not in EXPORT_KINDS:
        raise InputRejected(Msg(N_("Unknown export '{kind}': use one of {kinds}"),
                                {"kind": kind, "kinds": ", ".join(EXPORT_KINDS)}))
    listed = list_conflicts(ws, cycle_ref) if kind == "conflicts" else []
    with ws.snapshot() as s:
        ctx = _Ctx(s, cycle_ref, language, kind)
        sheets = _conflicts(ctx, listed) if kind == "conflicts" else _BUILDERS[kind](ctx)
        for aid, texts in ctx.texts.items():  # the last guard: never a declared passage
            if leaks(texts, Secrets(ctx.declared(ctx.apps[aid]))):
                raise ExportRefused(Msg(N_("The workbook would show a declared secret of "
                                           "applicant {applicant}: nothing was written"),
                                        {"applicant": ctx.apps[aid].ref}))
        code = f"{ctx.cycle.programme_id}.{ctx.cycle.number}"
        book = Workbook(ctx.titles()[0] + " · " + ctx._(KIND_TITLE[kind]), ctx.office,
                        tuple(sheets))
        redacted = ctx.redacted
    data = workbook_bytes(book)
    if out is not None:
        write_atomic(out, data)
    return SheetExported(kind, out, code, tuple(sh.name for sh in sheets),
                         sum(len(sh.rows) for sh in sheets), redacted, data)


# --- the applicant template -------------------------------------------------------------------


def template_book(p: Programme, language: str | None = None) -> Workbook:
    """The blank applicants' summary table for a programme: the importer's headers, a list of
    the programme's award categories and of the kinds, credit codes as 18 characters of text."""
    _ = Labels(language)
    kinds = (_("organisation"), _("individual")) if any(
        a.kind is AwardKind.INDIVIDUAL for a in p.awards) else (_("organisation"),)
    awards = tuple(_.pick(a.name_zh, a.name_en, a.name_mn) for a in p.awards)
    fields = {f.key: f for f in APPLICANT_FIELDS}
    order = ("name", "award", "kind", "credit_code", "region", "industry", "size", "employer")
    cols = tuple(Col(_(fields[k].label) + (" *" if k in ("name", "credit_code") else ""),
                     Kind.CODE if k == "credit_code" else Kind.TEXT) for k in order)
    title = _(KIND_TITLE["template"])
    name = _.pick(p.name_zh, p.name_en, p.name_mn)
    spec = SheetSpec(title, (f"{name} · {title}", _(
        "One applicant a row. * required (the credit code for organisations); the award "
        "category and kind from the lists; individuals give their employer.")), cols, ())
    rules = (Validation(1, choices=awards, prompt=_("Choose the award category applied for"),
                        error=_("Choose one of the programme's award categories")),
             Validation(2, choices=kinds, prompt=_("organisation or individual"),
                        error=_("Choose one of the list")),
             Validation(3, length=18, prompt=_("18 characters (GB 32100-2015), typed as text"),
                        error=_("A unified social credit code has 18 characters")))
    return Workbook(f"{name} · {title}", name, (spec,), {title: rules}, TEMPLATE_ROWS)


def write_template(programme_id: str, out: Path | None = None, *,
                   language: str | None = None) -> SheetExported:
    p = programme_of(programme_id)
    book = template_book(p, language)
    data = workbook_bytes(book)
    if out is not None:
        write_atomic(out, data)
    return SheetExported("template", out, p.id, tuple(s.name for s in book.sheets), 0, 0, data)

"""Stage totals as the ranking counts them: each reviewer's total of a complete sheet (or panel
score), normalised when the cycle says so, and per applicant and stage the team's consensus
where complete, else the mean of the non-recused reviewers' totals.

Below the ranking and the readiness list, which both read them (``ranking`` re-exports them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import String, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session

from desktop.domain.conflicts import ConflictRegister
from desktop.domain.criteria import Framework
from desktop.domain.normalisation import normalise
from desktop.domain.programmes import Programme
from desktop.domain.ranking import StageTotal, stage_total
from desktop.domain.scoring import FormKind, ItemEntry, summarise
from desktop.models.base import DecimalText
from desktop.models.office.people import Applicant
from desktop.models.office.review import (
    ConsensusItem,
    DerivedState,
    ItemScore,
    PanelScore,
    SheetTotal,
)
from desktop.models.office.setup import Cycle
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.common import programme_of
from desktop.services.office.conflicts import register
from desktop.services.office.cycle import settings
from desktop.services.office.derived_state import has_totals
from desktop.services.office.disqualification import set_aside
from desktop.services.office.id_text import as_text, id_of
from desktop.services.office.totals_rows import driver_rows

# A total in hundredths made a Decimal: ``Decimal(h) * HUNDREDTH`` is ``Decimal(h).scaleb(-2)``
# exactly (the coefficient h, the exponent -2: a product is exact within the context's 28
# digits), and about half its cost (5,000 sheets a ranking; a test compares them).
HUNDREDTH = Decimal("0.01")


def stage_max(p: Programme, cycle: Cycle) -> dict[str, Decimal]:
    fw = framework_for_ref(cycle.framework_ref)
    out = {}
    for st in p.scored_stages:
        if st.form.kind is FormKind.ITEMS:
            out[st.id] = Decimal(fw.total_points)
        elif st.form.max_points is not None:
            out[st.id] = st.form.max_points
    return out


def applicant_ids(s: Session, cycle: Cycle) -> dict[str, str]:
    """The cycle's applicants: the database's text of each id -> the id (``id_text``), in the
    order the database gives them."""
    return {raw: id_of(raw) for raw in s.connection().execute(
        select(as_text(Applicant.id)).where(Applicant.cycle_id == cycle.id)).scalars()}


def held_state(s: Session, cycle: Cycle) -> DerivedState | None:
    """The state the last derive kept for the cycle (None: derived before 0011), for the
    caller to HOLD for its unit of work: ``has_totals`` and the chain breaks ask the session for
    the same row (``Session.get``), which then answers from its identity map — the map holds a
    row only while someone refers to it, so without this the row was read three times a
    ranking. Whether it is there is ``has_totals``'s answer (a test compares them)."""
    return s.get(DerivedState, cycle.id)


@dataclass
class StillHeld:
    """Pairs (reviewer, applicant id) to look for among the item sheets the totals read, and
    the applicants of those found: whose reviewer has an item sheet held (any item score,
    complete or not: the derive keeps a sheet total for every sheet it writes) — what
    ``readiness._still_held`` reads with a look-up per pair (a test compares them)."""

    pairs: Collection[tuple[str, str]]
    found: set[str] = field(default_factory=set)


def reviewer_totals(s: Session, cycle: Cycle, fw: Framework,
                    ids: Mapping[str, str] | None = None, *, kept: bool | None = None,
                    held: StillHeld | None = None
                    ) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(applicant id, stage) -> reviewer -> total of each COMPLETE item sheet, and every panel
    score. ``ids``: ``applicant_ids`` when the caller has read them already; ``kept``:
    ``has_totals``, when the caller has it (``held_state``); ``held``: pairs to look for
    among the item sheets (``StillHeld``: its ``found`` filled).

    One row per sheet: Σ points × pct over the framework's items, in hundredths — exactly
    ``ranking.reviewer_total`` (a test compares them) — and a sheet counts only when every item
    has a percentage. The derive keeps these sums (``sheet_total``, 0011); a cycle derived
    before has them summed by the database from the item rows. Reading 100,000 item rows into
    Python instead costs seconds at office scale. A panel score is read as its stored text and
    made a ``Decimal`` once per distinct text (``DecimalText``'s own conversion: the same value).
    """
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    # Applicant ids travel as the database's own text (no uuid object per row), mapped back.
    if ids is None:
        ids = applicant_ids(s, cycle)
    dialect = s.get_bind().dialect
    if kept is None:
        kept = has_totals(s, cycle)
    if kept:  # kept per sheet by the derive (office.derived_state): a row each
        query = select(as_text(SheetTotal.applicant_id), SheetTotal.stage_id,
                       SheetTotal.reviewer_id, SheetTotal.hundredths, SheetTotal.scored
                       ).where(SheetTotal.cycle_id == cycle.id)
        if dialect.name == "sqlite":  # the covering index's order, free there (a server sorts)
            query = query.order_by(SheetTotal.applicant_id, SheetTotal.stage_id)
    else:  # derived before 0011: summed from the item rows
        points = case({it.id: it.points for it in fw.items}, value=ItemScore.item_id,
                      else_=None)
        scored = func.count(case((and_(ItemScore.item_id.in_([it.id for it in fw.items]),
                                       ItemScore.pct.is_not(None)), 1), else_=None))
        query = select(as_text(ItemScore.applicant_id), ItemScore.stage_id,
                       ItemScore.reviewer_id, func.sum(ItemScore.pct * points), scored
                       ).where(ItemScore.cycle_id == cycle.id).group_by(
            ItemScore.applicant_id, ItemScore.stage_id, ItemScore.reviewer_id
        ).order_by(ItemScore.applicant_id, ItemScore.stage_id)
    size = len(fw.items)
    exact: dict[int, Decimal] = {}  # hundredths -> the total (sheets share totals)
    # A sheet's rows come together (by applicant and stage); any order gives the same answer.
    last: tuple[str, str] | None = None
    by: dict[str, Decimal] | None = None
    partial: set[tuple[str, str]] = set()  # (the database's text, reviewer): incomplete sheets
    for raw, stage, rid, hundredths, n in driver_rows(s, query):  # the driver's tuples
        if n != size or hundredths is None:
            partial.add((raw, rid))
        else:
            value = exact.get(hundredths)
            if value is None:
                value = exact[hundredths] = Decimal(int(hundredths)) * HUNDREDTH
            if last is None or raw != last[0] or stage != last[1]:
                last = (raw, stage)
                aid = ids.get(raw)  # None: not an applicant of the cycle
                by = None if aid is None else out.setdefault((aid, stage), {})
            if by is not None:
                by[rid] = value
    if held is not None and held.pairs:  # before the panel scores join the item sheets
        sheets = {stage for _aid, stage in out}
        incomplete = {(ids.get(raw) or id_of(raw), rid) for raw, rid in partial}
        held.found.update(aid for rid, aid in held.pairs if (aid, rid) in incomplete or any(
            rid in out.get((aid, stage), ()) for stage in sheets))
    text = DecimalText()
    values: dict[str, Decimal | None] = {}  # stored text -> the Decimal (panels share values)
    panels = select(as_text(PanelScore.applicant_id), PanelScore.stage_id,
                    PanelScore.reviewer_id, type_coerce(PanelScore.value, String)
                    ).where(PanelScore.cycle_id == cycle.id)
    for raw, stage, rid, stored in driver_rows(s, panels):
        value = values.get(stored)
        if value is None:
            value = values[stored] = text.process_result_value(stored, dialect)
        key = (ids.get(raw) or id_of(raw), stage)
        panel = out.get(key)
        if panel is None:
            panel = out[key] = {}
        panel[rid] = value  # type: ignore[assignment]  # never None: the column is NOT NULL
    return out


def consensus_rows(s: Session, cycle: Cycle) -> list[tuple[str, str, str, int | None, str]]:
    """The cycle's consensus items: (applicant id, stage, item, percentage, leader), in the
    order the database gives them — read once a ranking: the stage totals count them and the
    unresolved list takes the flagged items they settle from them."""
    return [(id_of(raw), stage, item, pct, leader) for raw, stage, item, pct, leader in driver_rows(
        s, select(as_text(ConsensusItem.applicant_id), ConsensusItem.stage_id,
                  ConsensusItem.item_id, ConsensusItem.pct, ConsensusItem.leader_id)
        .where(ConsensusItem.cycle_id == cycle.id))]


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


def stage_totals(s: Session, cycle: Cycle, normalised: bool | None = None, *,
                 reg: ConflictRegister | None = None, ids: Mapping[str, str] | None = None,
                 voided: set[str] | None = None, kept: bool | None = None,
                 agreed: Sequence[tuple[str, str, str, int | None, str]] | None = None,
                 held: StillHeld | None = None) -> dict[str, dict[str, StageTotal]]:
    """applicant id -> stage -> total (consensus where complete, else the mean of the
    non-recused reviewers' totals — raw, or normalised when the cycle says so; ``normalised``
    overrides the setting for a comparison). ``reg`` (the conflicts register), ``ids``
    (``applicant_ids``), ``voided`` (``disqualification.set_aside``), ``kept``
    (``has_totals``) and ``agreed`` (``consensus_rows``): the caller's, read in the same
    unit of work, when it has them; ``held``: pairs to look for among the item sheets read
    (``StillHeld``)."""
    p = programme_of(cycle.programme_id)
    fw = framework_for_ref(cycle.framework_ref)
    recused = (register(s, cycle) if reg is None else reg).conflicted_pairs()
    left_out: dict[str, set[str]] = defaultdict(set)
    if ids is None:
        ids = applicant_ids(s, cycle)
    totals = reviewer_totals(s, cycle, fw, ids, kept=kept, held=held)
    # A disqualified reviewer whose earlier scores the office set aside is left out everywhere.
    if voided is None:
        voided = set_aside(s, cycle)
    recused = frozenset(recused) | {(rid, aid) for (aid, _st), by in totals.items()
                                    for rid in by if rid in voided} if voided else \
        frozenset(recused)
    for rid, aid in recused:
        left_out[aid].add(rid)
    use = uses_normalised(s, cycle) if normalised is None else normalised
    if use:
        totals = normalised_totals(totals, stage_max(p, cycle), set(recused))
    cons: dict[tuple[str, str], list[tuple[str, int | None, str]]] = defaultdict(list)
    for aid, stage, item, pct, leader in (consensus_rows(s, cycle) if agreed is None
                                          else agreed):
        cons[(aid, stage)].append((item, pct, leader))
    apps = ids.values()
    stages = [st.id for st in p.scored_stages]
    none: frozenset[str] = frozenset()
    out: dict[str, dict[str, StageTotal]] = {}
    for aid in apps:
        out[aid] = by_stage = {}
        out_of = left_out.get(aid, none)
        for stage in stages:
            rows = cons.get((aid, stage))
            consensus = by = None
            if rows:
                summary = summarise(fw, [ItemEntry(item, pct) for item, pct, _ in rows])
                consensus = summary.total if summary.complete else None
                by = rows[0][2]
            by_stage[stage] = stage_total(aid, stage, totals.get((aid, stage), {}),
                                          consensus, by, out_of, normalised=use)
    return out

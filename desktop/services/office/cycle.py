"""Cycle set-up: programme, number, framework, stage schedule, and the cycle's settings.

Every setting says where its value comes from: a programme rule (with the article it cites),
which the office cannot change, or the office's decision where the document is silent (weights,
shortlist, divergence rule, conflict window, the vote's rules, nominations), recorded with who
and when; until the office decides, the step that needs it refuses and says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.consensus import DivergenceRule, RuleMode
from desktop.domain.data_table import parse_fraction
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.open_points import (
    MEANINGS,
    NOMINATION_CHOICES,
    RECUSED_CHOICES,
    OpenPoint,
    Undecided,
    describe_value,
    open_points,
)
from desktop.domain.programmes import Citation, Programme, Threshold
from desktop.domain.ranking import ShortlistRule, StageWeights
from desktop.domain.scoring import FormKind
from desktop.models.office.base import utcnow
from desktop.models.office.setup import Cycle, CycleSetting, CycleStage, WorkspaceInfo
from desktop.services.catalogue import DEFAULT_FRAMEWORK, framework
from desktop.services.office.changes import EVERYTHING, NOTHING, Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    dumps,
    loads,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.results_cycle import CycleView, SettingView, StageRow
from desktop.services.office.workspace import Workspace

SETTINGS = OfficeChanges(settings=True)  # what a decision or a stage's dates change

OFFICE = "office"
PROGRAMME = "programme"

# Office settings and what they mean. The open points (``domain.open_points``: weights,
# shortlist, divergence, conflict window, the vote's rules where the document is silent,
# nominations) must be decided by the office before the step that needs them; the others keep
# a neutral default (off / none) the office may change.
OFFICE_KEYS = {
    **MEANINGS,
    "normalisation_official": N_("normalised scores replace the official ones (office "
                                 "setting; off by default)"),
    "min_award_score": N_("lowest comprehensive score for an award (office setting)"),
    "publication_day_counts": N_("the day of publication counts as the first notice day "
                                 "(office setting)"),
}
_NEUTRAL: tuple[tuple[str, Any], ...] = (
    ("normalisation_official", False), ("min_award_score", None),
    ("publication_day_counts", False))


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str  # "programme" | "office"
    citation: str | None
    meaning: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    # Set while an open point waits for the office: why the step needing it cannot go on.
    undecided: Msg | None = None
    suggested: Any = None

    @property
    def decided(self) -> bool:
        return self.undecided is None

    def decided_value(self) -> Any:
        """The value, or ``Undecided`` (the document is silent, named) before the decision."""
        if self.undecided is not None:
            raise Undecided(self.undecided)
        return self.value


def _defaults(p: Programme) -> list[tuple[str, Any, str, str | None]]:
    points, given = open_points(p)
    out: list[tuple[str, Any, str, str | None]] = [
        (pt.key, pt.suggested, OFFICE, None) for pt in points]
    out += [(g.key, g.value, PROGRAMME, str(Citation(p.document.number, g.article)))
            for g in given]
    out += [(key, value, OFFICE, None) for key, value in _NEUTRAL]
    return out


def programme_rules(p: Programme) -> list[Setting]:
    """The rules the programme fixes, shown beside the office settings (read-only)."""
    rules: list[Setting] = []
    for a in p.awards:
        rules.append(Setting(f"quota.{a.id}", a.quota, PROGRAMME, str(a.cite),
                             N_("most awards per cycle")))
    if p.team is not None:
        rules.append(Setting("team_size", {"min": p.team.min_size, "max": p.team.max_size,
                                           "leader": p.team.leader,
                                           "by_industry": p.team.by_industry},
                             PROGRAMME, str(p.team.cite) if p.team.cite else None,
                             N_("review team size and leader")))
    for n in p.notices:
        rules.append(Setting(f"notice.{n.id}", {"working_days": n.working_days,
                                                "count": n.count.value, "after": n.after},
                             PROGRAMME, str(n.cite), N_("public notice period")))
    c = p.committee
    if c is not None:
        for name, t in (("quorum", c.quorum), ("pass_threshold", c.pass_threshold)):
            if t is not None:
                rules.append(Setting(f"committee.{name}", {"fraction": str(t.fraction),
                                                           "of": t.of,
                                                           "inclusive": t.inclusive},
                                     PROGRAMME, str(c.cite), N_("committee vote rule")))
        if c.limited_voting is not None:
            rules.append(Setting("committee.limited_voting", c.limited_voting, PROGRAMME,
                                 str(c.cite), N_("no more choices per ballot than the quota")))
    return rules


def open_cycle(ws: Workspace, programme_id: str, number: int, *,
               opened_on: date | None = None, label: str | None = None,
               framework_ref: str | None = None) -> Done[CycleView]:
    """Open a review cycle of a programme with its default settings and stage schedule. It
    becomes the cycle in force, so everything a page shows of it changed."""
    p = programme_of(programme_id)
    fw_id = next((s.form.framework_id for s in p.stages
                  if s.form.kind is FormKind.ITEMS and s.form.framework_id), DEFAULT_FRAMEWORK)
    ref = framework_ref or framework(fw_id).ref
    with ws.uow() as s:
        exists = s.execute(select(Cycle).where(Cycle.programme_id == programme_id,
                                               Cycle.number == number)).scalar_one_or_none()
        if exists is not None:
            raise InputRejected(Msg(N_("Cycle {cycle} already exists"),
                                    {"cycle": cycle_code(exists)}))
        cycle = Cycle(programme_id=programme_id, number=number,
                      label=label or f"{p.name_zh} {number}", framework_ref=ref,
                      opened_on=opened_on or date.today())
        s.add(cycle)
        s.flush()
        for key, value, source, cite in _defaults(p):
            # An open point's suggestion is stored undecided (decided_at None).
            s.add(CycleSetting(cycle_id=cycle.id, key=key, value=dumps(value), source=source,
                               citation=cite))
        for i, st in enumerate(p.stages):
            s.add(CycleStage(cycle_id=cycle.id, stage_id=st.id, ordinal=i))
        log(s, cycle, "cycle.open", programme=programme_id, number=number)
        code = cycle_code(cycle)
    return Done(cycle_view(ws, code), EVERYTHING)


def settings(s: Session, cycle: Cycle, stored: Iterable[CycleSetting] | None = None
             ) -> dict[str, Setting]:
    """Every setting of the cycle: a programme's value with its article, an office decision
    with who and when, an open point not yet decided (its suggestion, ``undecided`` saying
    what the document does not say), or a neutral office setting. ``stored``: the cycle's
    setting rows (``setting_rows``), when the caller read them in this unit of work."""
    p = programme_of(cycle.programme_id)
    points = {pt.key: pt for pt in open_points(p)[0]}
    rows = {r.key: r for r in (setting_rows(s, cycle) if stored is None else stored)}
    out: dict[str, Setting] = {}
    for key, value, source, cite in _defaults(p):
        row = rows.get(key)
        if row is not None and row.source == source:
            value = loads(row.value)
        pt = points.get(key)
        decided = row is not None and row.decided_at is not None
        out[key] = Setting(
            key, value, source, cite, OFFICE_KEYS.get(key, key),
            decided_by=row.decided_by if row is not None else None,
            decided_at=row.decided_at if row is not None else None,
            undecided=_undecided(p, pt) if pt is not None and not decided else None,
            suggested=pt.suggested if pt is not None else None)
    return out


def setting_rows(s: Session, cycle: Cycle) -> list[CycleSetting]:
    """Every row the cycle keeps in ``cycle_setting`` (its settings, and the decisions keyed by
    what they decide: admissions, fork and chain choices, revoked keys' decisions …)."""
    return list(s.execute(select(CycleSetting).where(CycleSetting.cycle_id == cycle.id))
                .scalars())


def _undecided(p: Programme, pt: OpenPoint) -> Msg:
    return Msg(N_("Not decided yet: {what}. {document} ({number}) is silent: {silent}. The "
                  "office decides it in set-up (scorebook office cycle set {key} VALUE; "
                  "suggested: {suggested})"),
               {"what": Msg(pt.meaning), "document": p.document.title_zh,
                "number": p.document.number, "silent": Msg(pt.silent), "key": pt.key,
                "suggested": describe_value(pt.suggested)})


def office_name(s: Session) -> str:
    row = s.execute(select(WorkspaceInfo)).scalars().first()
    return row.office_name if row is not None else OFFICE


def set_setting(ws: Workspace, key: str, value: Any, cycle_ref: str | None = None, *,
                by: str | None = None) -> Done[Setting]:
    """Decide an office setting (validated), recorded with who (``by``, else the office's
    name) and when; a programme rule cannot be changed."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        current = settings(s, cycle).get(key)
        if current is None:
            raise NotFound(Msg(N_("No setting '{key}'"), {"key": key}))
        if current.source == PROGRAMME:
            raise RuleViolation(Msg(N_("'{key}' is a programme rule ({cite}), not an office "
                                       "setting"), {"key": key, "cite": current.citation or "-"}))
        _validate(key, value, p)
        who = (by or "").strip() or office_name(s)
        row = s.get(CycleSetting, (cycle.id, key))
        if row is None:
            row = CycleSetting(cycle_id=cycle.id, key=key, source=OFFICE, citation=None)
            s.add(row)
        row.value, row.decided_by, row.decided_at = dumps(value), who, utcnow()
        log(s, cycle, "setting.decide", key=key, by=who)
        return Done(Setting(key, value, OFFICE, None, OFFICE_KEYS.get(key, key), who,
                            row.decided_at, None, current.suggested), SETTINGS)


def decide_suggested(ws: Workspace, keys: Sequence[str] | None = None,
                     cycle_ref: str | None = None, *, by: str | None = None
                     ) -> Done[list[Setting]]:
    """The office takes the suggested value of each open point named (all those still
    undecided when ``keys`` is None): each recorded as its decision, with who and when."""
    with ws.uow() as s:
        values = settings(s, resolve_cycle(s, cycle_ref))
    chosen = [k for k, v in values.items() if not v.decided] if keys is None else list(keys)
    out = []
    for key in chosen:
        if key not in values or values[key].source != OFFICE or key not in MEANINGS:
            raise NotFound(Msg(N_("No open point '{key}' to decide"), {"key": key}))
        out.append(set_setting(ws, key, values[key].suggested, cycle_ref, by=by).result)
    return Done(out, SETTINGS if out else NOTHING)


def _validate(key: str, value: Any, p: Programme) -> None:
    if key == "weights":
        # Only the stages the comprehensive score is computed from (its article).
        scored = {st.id for st in p.comprehensive_stages}
        comp = p.comprehensive_stage
        if not isinstance(value, dict) or set(value) != scored:
            raise RuleViolation(Msg(N_("Weights are given for each stage of the comprehensive "
                                       "score ({cite}): {stages}"),
                                    {"stages": ", ".join(sorted(scored)),
                                     "cite": str(comp.cite) if comp else "-"}))
        try:
            parsed = {k: Decimal(str(v)) for k, v in value.items()}
        except ArithmeticError:
            raise RuleViolation(Msg(N_("A stage weight is a number"))) from None
        StageWeights(parsed)
    elif key == "shortlist":
        top_n = value.get("top_n") if isinstance(value, dict) else None
        if (not isinstance(value, dict) or set(value) - {"top_n", "min_score"}
                or (top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, int)
                                           or top_n < 1))):
            raise InputRejected(Msg(N_("The shortlist needs top_n (a whole number, 1 or more, "
                                       "or none) and min_score (0 to 1000, or none)")))
        _score_or_none("min_score", value.get("min_score"))
        shortlist_rule({"top_n": top_n, "min_score": value.get("min_score")})
    elif key == "divergence":
        divergence_rule(value)
    elif key in ("pass_threshold", "quorum"):
        _threshold_or_none(key, value)
    elif key == "recused_members":
        _one_of(key, value, RECUSED_CHOICES)
    elif key == "nominations":
        _one_of(key, value, NOMINATION_CHOICES)
    elif key in ("normalisation_official", "publication_day_counts", "abstentions_count"):
        if not isinstance(value, bool):
            raise InputRejected(Msg(N_("'{key}' is true or false"), {"key": key}))
    elif key == "conflict_window_years":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
            raise InputRejected(Msg(N_("'{key}' is a whole number of years from 0 to 50"),
                                    {"key": key}))
    elif key == "min_award_score":
        _score_or_none(key, value)


def _one_of(key: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InputRejected(Msg(N_("'{key}' is one of: {choices}"),
                                {"key": key, "choices": ", ".join(choices)}))


def _threshold_or_none(key: str, value: Any) -> None:
    """A share such as {fraction: "2/3", of: present|members, inclusive: true}; a quorum may
    be none (the office decides no quorum applies)."""
    if value is None and key == "quorum":
        return
    if (not isinstance(value, dict) or set(value) - {"fraction", "of", "inclusive"}
            or parse_fraction(value.get("fraction")) is None
            or value.get("of") not in ("present", "members")
            or not isinstance(value.get("inclusive", True), bool)):
        raise InputRejected(Msg(N_("'{key}' is a share: fraction (e.g. 2/3), of (present or "
                                   "members) and inclusive (true or false)"), {"key": key}))


def threshold_of(value: Any) -> Threshold | None:
    if not isinstance(value, dict):
        return None
    fraction = parse_fraction(value.get("fraction"))
    if fraction is None:
        return None
    return Threshold(fraction, str(value.get("of")), bool(value.get("inclusive", True)))


def _score_or_none(key: str, value: Any) -> None:
    if value is None:
        return
    try:
        score = Decimal(str(value))
    except ArithmeticError:
        score = Decimal("NaN")
    if isinstance(value, bool) or not score.is_finite() or not 0 <= score <= 1000:
        raise InputRejected(Msg(N_("'{key}' is a score from 0 to 1000, or none"),
                                {"key": key}))


def set_stage_dates(ws: Workspace, stage_id: str, starts: date | None, ends: date | None,
                    cycle_ref: str | None = None) -> Done[None]:
    """Set (or clear, None) a stage's first and last day."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = s.get(CycleStage, (cycle.id, stage_id))
        if row is None:
            programme_of(cycle.programme_id).stage(stage_id)  # raises NotFound
            raise NotFound(Msg(N_("No stage '{stage}'"), {"stage": stage_id}))
        if starts and ends and ends < starts:
            raise InputRejected(Msg(N_("Stage {stage} ends before it starts"),
                                    {"stage": stage_id}))
        row.starts_on, row.ends_on = starts, ends
        log(s, cycle, "stage.dates", stage=stage_id)
    return Done(None, SETTINGS)


def weights(values: dict[str, Setting]) -> StageWeights:
    """The decided stage weights (``Undecided`` before the office decides them)."""
    raw = values["weights"].decided_value() or {}
    return StageWeights({k: Decimal(str(v)) for k, v in raw.items()})


def divergence_rule(value: Any) -> DivergenceRule:
    if isinstance(value, Setting):
        value = value.decided_value()
    try:
        spread = None if value["min_spread_pct"] is None else int(value["min_spread_pct"])
        if spread is not None and not 0 <= spread <= 100:
            raise ValueError(spread)
        return DivergenceRule(bool(value["different_bands"]), spread,
                              RuleMode(value.get("mode", "all")))
    except (KeyError, TypeError, ValueError):
        raise InputRejected(Msg(N_("The divergence rule needs different_bands, "
                                   "min_spread_pct (0 to 100, or none) and mode"))) from None


def shortlist_rule(value: Any) -> ShortlistRule:
    if isinstance(value, Setting):
        value = value.decided_value()
    min_score = value.get("min_score")
    return ShortlistRule(value.get("top_n"), None if min_score is None else Decimal(str(min_score)))


def cycle_view(ws: Workspace, cycle_ref: str | None = None) -> CycleView:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        stages = s.execute(select(CycleStage).where(CycleStage.cycle_id == cycle.id)
                           .order_by(CycleStage.ordinal)).scalars()
        return CycleView(
            cycle=cycle_code(cycle), programme_id=p.id, programme_name=p.name_zh,
            number=cycle.number, label=cycle.label, framework=cycle.framework_ref,
            stages=tuple(StageRow(stage=r.stage_id, name_zh=p.stage(r.stage_id).name_zh,
                                  scored=p.stage(r.stage_id).scored, starts=r.starts_on,
                                  ends=r.ends_on, programme_stage=p.stage(r.stage_id))
                         for r in stages),
            settings=tuple(vars_of(v) for v in settings(s, cycle).values()),
            programme_rules=tuple(vars_of(v) for v in programme_rules(p)),
            programme=p)


def vars_of(setting: Setting) -> SettingView:
    """A setting as the window and ``--json`` show it (its meaning a message, decided or not)."""
    return SettingView(key=setting.key, value=setting.value, source=setting.source,
                       citation=setting.citation, meaning=Msg(setting.meaning),
                       decided=setting.decided, decided_by=setting.decided_by,
                       decided_at=setting.decided_at, suggested=setting.suggested,
                       undecided=setting.undecided)

"""Cycle set-up: programme, number, framework, stage schedule, and the cycle's settings.

Every setting says where its value comes from: a programme rule (with the article it cites),
which the office cannot change, or an office setting (weights, shortlist, divergence rule,
thresholds the documents do not fix), which it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.consensus import DivergenceRule, RuleMode
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme, StageKind
from desktop.domain.ranking import ShortlistRule, StageWeights
from desktop.domain.scoring import FormKind
from desktop.models.office.setup import Cycle, CycleSetting, CycleStage
from desktop.services.catalogue import DEFAULT_FRAMEWORK, framework
from desktop.services.office.common import (
    cycle_code,
    dumps,
    loads,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.workspace import Workspace

OFFICE = "office"
PROGRAMME = "programme"

# Office settings and what they mean; the documents fix none of these.
OFFICE_KEYS = {
    "weights": N_("stage weights of the comprehensive score (office setting)"),
    "shortlist": N_("site-visit shortlist from the material ranking (office setting)"),
    "divergence": N_("when an item is flagged for discussion (office setting)"),
    "normalisation_official": N_("normalised scores replace the official ones (office "
                                 "setting; off by default)"),
    "min_award_score": N_("lowest comprehensive score for an award (office setting)"),
    "conflict_window_years": N_("past affiliations within this many years suggest a conflict "
                                "(office setting)"),
    "publication_day_counts": N_("the day of publication counts as the first notice day "
                                 "(office setting)"),
    "abstentions_count": N_("abstentions stay in the vote's denominator"),
}


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str  # "programme" | "office"
    citation: str | None
    meaning: str


def _default_weights(p: Programme) -> dict[str, str]:
    scored = [s for s in p.stages if s.scored]
    preset = {StageKind.MATERIAL: Decimal(3), StageKind.ONSITE: Decimal(5),
              StageKind.DEFENSE: Decimal(2)}
    raw = {s.id: preset.get(s.kind, Decimal(1)) for s in scored}
    if not raw:
        return {}
    return {k: str(v) for k, v in StageWeights.normalised(raw).weights.items()}


def _defaults(p: Programme) -> list[tuple[str, Any, str, str | None]]:
    quota_total = sum(a.quota or 0 for a in p.awards) or 3
    out: list[tuple[str, Any, str, str | None]] = [
        ("weights", _default_weights(p), OFFICE, None),
        ("shortlist", {"top_n": 2 * quota_total, "min_score": None}, OFFICE, None),
        ("divergence", {"different_bands": True, "min_spread_pct": 20, "mode": "all"},
         OFFICE, None),
        ("normalisation_official", False, OFFICE, None),
        ("min_award_score", None, OFFICE, None),
        ("conflict_window_years", 3, OFFICE, None),
        ("publication_day_counts", False, OFFICE, None),
    ]
    committee = p.committee
    if committee is not None and committee.abstentions_count is not None:
        out.append(("abstentions_count", committee.abstentions_count, PROGRAMME,
                    str(committee.cite)))
    else:
        out.append(("abstentions_count", True, OFFICE, None))
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
               framework_ref: str | None = None) -> dict[str, Any]:
    """Open a review cycle of a programme with its default settings and stage schedule."""
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
            s.add(CycleSetting(cycle_id=cycle.id, key=key, value=dumps(value), source=source,
                               citation=cite))
        for i, st in enumerate(p.stages):
            s.add(CycleStage(cycle_id=cycle.id, stage_id=st.id, ordinal=i))
        log(s, cycle, "cycle.open", programme=programme_id, number=number)
        code = cycle_code(cycle)
    return cycle_view(ws, code)


def settings(s: Session, cycle: Cycle) -> dict[str, Setting]:
    rows = s.execute(select(CycleSetting).where(CycleSetting.cycle_id == cycle.id)).scalars()
    return {r.key: Setting(r.key, loads(r.value), r.source, r.citation,
                           OFFICE_KEYS.get(r.key, r.key)) for r in rows}


def set_setting(ws: Workspace, key: str, value: Any, cycle_ref: str | None = None) -> Setting:
    """Change an office setting (validated); a programme rule cannot be changed."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = s.get(CycleSetting, (cycle.id, key))
        if row is None:
            raise NotFound(Msg(N_("No setting '{key}'"), {"key": key}))
        if row.source == PROGRAMME:
            raise RuleViolation(Msg(N_("'{key}' is a programme rule ({cite}), not an office "
                                       "setting"), {"key": key, "cite": row.citation or "-"}))
        _validate(key, value, programme_of(cycle.programme_id))
        row.value = dumps(value)
        log(s, cycle, "setting.change", key=key)
        return Setting(key, value, row.source, row.citation, OFFICE_KEYS.get(key, key))


def _validate(key: str, value: Any, p: Programme) -> None:
    if key == "weights":
        scored = {st.id for st in p.stages if st.scored}
        if not isinstance(value, dict) or set(value) - scored:
            raise RuleViolation(Msg(N_("Weights are given per scored stage: {stages}"),
                                    {"stages": ", ".join(sorted(scored))}))
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
    elif key in ("normalisation_official", "publication_day_counts", "abstentions_count"):
        if not isinstance(value, bool):
            raise InputRejected(Msg(N_("'{key}' is true or false"), {"key": key}))
    elif key == "conflict_window_years":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
            raise InputRejected(Msg(N_("'{key}' is a whole number of years from 0 to 50"),
                                    {"key": key}))
    elif key == "min_award_score":
        _score_or_none(key, value)


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
                    cycle_ref: str | None = None) -> None:
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


def weights(values: dict[str, Setting]) -> StageWeights:
    raw = values["weights"].value or {}
    return StageWeights({k: Decimal(str(v)) for k, v in raw.items()})


def divergence_rule(value: Any) -> DivergenceRule:
    if isinstance(value, Setting):
        value = value.value
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
        value = value.value
    min_score = value.get("min_score")
    return ShortlistRule(value.get("top_n"), None if min_score is None else Decimal(str(min_score)))


def cycle_view(ws: Workspace, cycle_ref: str | None = None) -> dict[str, Any]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        stages = s.execute(select(CycleStage).where(CycleStage.cycle_id == cycle.id)
                           .order_by(CycleStage.ordinal)).scalars()
        return {
            "cycle": cycle_code(cycle), "programme": p.id, "programme_name": p.name_zh,
            "number": cycle.number, "label": cycle.label, "framework": cycle.framework_ref,
            "stages": [{"stage": r.stage_id, "name_zh": p.stage(r.stage_id).name_zh,
                        "scored": p.stage(r.stage_id).scored, "starts": r.starts_on,
                        "ends": r.ends_on} for r in stages],
            "settings": [vars_of(v) for v in settings(s, cycle).values()],
            "programme_rules": [vars_of(v) for v in programme_rules(p)],
        }


def vars_of(setting: Setting) -> dict[str, Any]:
    return {"key": setting.key, "value": setting.value, "source": setting.source,
            "citation": setting.citation, "meaning": Msg(setting.meaning)}

"""``scorebook office cycle …``, ``history``, ``feedback``, ``notice`` and ``objection``: the
cycle's settings and schedule, award history, applicants' feedback and the published notice."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.cli import office_unresolved as unresolved
from desktop.cli.common import (
    UsageError,
)
from desktop.cli.office_common import (
    applicant_names,
    applicant_row,
    reviewer_row,
)
from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg

if TYPE_CHECKING:
    from desktop.services.office.results import ApplicantView
    from desktop.services.office.results_notices import ObjectionLogged
    from desktop.services.office.workspace import Workspace

WORKSPACE_ENV = "SCOREBOOK_OFFICE"
MAX_MATERIAL_BYTES = 8 * 1024 * 1024  # one material's text extract
MAX_BALLOTS_BYTES = 1024 * 1024
MAX_FACTS_BYTES = 1024 * 1024
MIN_ID_PREFIX = 4  # the start of an id that names one thing


# --- cycle settings and schedule -------------------------------------------------------------

DICT_SETTINGS = ("shortlist", "divergence")  # KEY=VALUE pairs update the current value


def _scalar(raw: str) -> Any:
    word = raw.strip()
    lowered = word.lower()
    if lowered in ("none", "null", "-", ""):
        return None
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    try:
        number = json.loads(word)
    except ValueError:
        return word
    return number if isinstance(number, int | float) else word


def _setting_value(key: str, raw: str, current: Any) -> Any:
    """VALUE of `office cycle set`: JSON, or KEY=VALUE pairs (comma-separated), or a word."""
    try:
        return json.loads(raw)
    except ValueError:
        pass
    if "=" not in raw:
        return _scalar(raw)
    pairs: dict[str, Any] = {}
    for part in raw.split(","):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise UsageError(Msg(N_("Give the value as JSON or as NAME=VALUE pairs separated "
                                    "by commas, not '{value}'"), {"value": raw}))
        pairs[name.strip()] = _scalar(value)
    if key == "weights":
        return {k: str(v) for k, v in pairs.items()}
    if key in DICT_SETTINGS and isinstance(current, dict):
        return {**current, **pairs}
    return pairs


def _weights_normalised(value: Any) -> dict[str, str]:
    from decimal import Decimal, InvalidOperation

    from desktop.domain.ranking import StageWeights

    if not isinstance(value, dict):
        raise UsageError(Msg(N_("--normalise applies to the weights, given per stage")))
    try:
        raw = {k: Decimal(str(v)) for k, v in value.items()}
    except InvalidOperation:
        raise UsageError(Msg(N_("A stage weight is a number"))) from None
    return {k: str(v) for k, v in StageWeights.normalised(raw).weights.items()}


def cycle_show(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import cycle, reads

    view = cycle.cycle_view(ws, args.cycle)
    prog = reads.cycle_programme(ws, args.cycle)
    return view, lambda: outcome_text.cycle(view, prog)


def cycle_set(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import cycle, reads

    row = cycle.cycle_view(ws, args.cycle).setting(args.key)
    value = (row.suggested if row else None) if args.value == "suggested" else \
        _setting_value(args.key, args.value, row.value if row else None)
    if args.normalise:
        if args.key != "weights":
            raise UsageError(Msg(N_("--normalise applies to the weights, given per stage")))
        value = _weights_normalised(value)
    setting = cycle.set_setting(ws, args.key, value, args.cycle, by=args.by).result
    data = cycle.vars_of(setting)
    prog = reads.cycle_programme(ws, args.cycle)
    return data, lambda: outcome_text.setting_changed(data, prog)


def stage_id(prog: Any, given: str) -> str:
    for st in prog.stages:
        if given in (st.id, st.name_zh, st.name_en, st.name_mn):
            return str(st.id)
    return given  # the service names the unknown stage


def cycle_schedule(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import cycle, reads

    prog = reads.cycle_programme(ws, args.cycle)
    cycle.set_stage_dates(ws, stage_id(prog, args.stage), args.starts, args.ends, args.cycle)
    view = cycle.cycle_view(ws, args.cycle)
    return view.stages, lambda: outcome_text.schedule(view.stages, prog)



# --- award history, applicants' feedback --------------------------------------------------------


def history_add(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import applicants, cycle

    try:
        row: ApplicantView | None = applicant_row(ws, args.cycle, args.applicant)
    except NotFound:
        row = None  # an organisation that does not apply this cycle: recorded by name
    name = row.name if row else args.applicant.strip()
    code = args.credit_code or (row.credit_code if row else None)
    prog_id = args.programme or cycle.cycle_view(ws, args.cycle).programme_id
    view = applicants.add_award_record(
        ws, programme_id=prog_id, award_id=args.award, name=name, credit_code_text=code,
        year=args.year, cycle_number=args.cycle_number, revoked_on=args.revoked,
        reason=args.reason, fraud=args.fraud).result
    names = applicant_names(ws, args.cycle)
    return view, lambda: outcome_text.award_record(view, names)


def feedback(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import notice, reads

    app = applicant_row(ws, args.cycle, args.applicant)
    rev = reviewer_row(ws, args.reviewer)
    prog = reads.cycle_programme(ws, args.cycle)
    stage = stage_id(prog, args.stage) if args.stage else None
    if stage is not None:
        prog.stage(stage)  # an unknown stage is refused before anything is recorded
    view = notice.add_applicant_feedback(ws, app.ref, rev.reviewer, args.assessment,
                                         args.text, stage_id=stage, cycle_ref=args.cycle
                                         ).result
    return view, lambda: outcome_text.feedback_added(view, app.name, rev.name, prog)


def notice_publish(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import notice, reads

    programme_in_force = reads.cycle_programme(ws, args.cycle)
    view = unresolved.decide(lambda confirm: notice.publish_notice(
        ws, args.notice, args.published, args.applicants, cycle_ref=args.cycle,
        confirm_unresolved=confirm).result, args.confirm_unresolved, programme_in_force)
    names = applicant_names(ws, args.cycle)
    return view, lambda: outcome_text.notice(view, names, programme_in_force)


def objection(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import notice, reads

    view: ObjectionLogged  # or ObjectionDecided
    if args.decide:
        view = notice.decide_objection(ws, args.decide, args.outcome == "upheld",
                                       args.on or date.today(), note=args.summary,
                                       cycle_ref=args.cycle).result
    else:
        view = notice.add_objection(ws, args.applicant, args.on or date.today(), args.summary,
                                    args.cycle).result
    names, prog = applicant_names(ws, args.cycle), reads.cycle_programme(ws, args.cycle)
    return view, lambda: outcome_text.objection(view, names, prog)


def history(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import notice, reads

    if args.feedback:
        report = notice.feedback_report(ws, args.cycle)
        names, prog = applicant_names(ws, args.cycle), reads.cycle_programme(ws, args.cycle)
        return report, lambda: outcome_text.feedback(report, names, prog)
    rows = notice.history(ws, args.cycle)
    return rows, lambda: outcome_text.history(rows)

"""Eligibility facts and the stored eligibility result (the evaluator is the foundation's)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop.domain.eligibility import evaluate
from desktop.domain.facts import parse_facts
from desktop.domain.programmes import Programme
from desktop.models.office.people import (
    Applicant,
    AwardRecord,
    Eligibility,
)
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import (
    dumps,
    find_applicant,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.results import EligibilityFinding, EligibilityRecorded
from desktop.services.office.workspace import Workspace


def _evaluate(p: Programme, facts: dict[str, Any], on: date) -> tuple[Any, bool | None]:
    """(result as JSON-able, eligible) from the foundation's evaluator."""
    parsed = parse_facts(facts, "facts")
    report = evaluate(p, parsed, parsed.as_of or on)
    findings = [{"rule": f.rule_id, "kind": f.kind, "outcome": f.outcome.value,
                 "cite": str(f.cite), "reason": f.reason.render(), "exclusion": f.exclusion}
                for f in report.findings]
    return {"overall": report.overall.value, "as_of": report.as_of.isoformat(),
            "findings": findings}, report.eligible


def store_facts(s: Session, cycle: Cycle, p: Programme, row: Applicant,
                facts: dict[str, Any]) -> Eligibility:
    """Keep the facts and the evaluated result (re-evaluated whenever facts change). The
    office's award history is added to the facts' prior awards for the evaluation only."""
    result, eligible = _evaluate(p, facts_with_history(s, row, facts, cycle.opened_on),
                                 cycle.opened_on)
    current = s.get(Eligibility, row.id)
    if current is None:
        current = Eligibility(applicant_id=row.id, facts_json="{}")
        s.add(current)
    current.facts_json = dumps(facts)
    current.result_json = dumps(result)
    current.eligible = eligible
    current.evaluated_at = datetime.now(UTC)
    return current


def record_facts(ws: Workspace, applicant_ref: str, facts: dict[str, Any],
                 cycle_ref: str | None = None) -> Done[EligibilityRecorded]:
    """Store an applicant's eligibility facts and their evaluation (with the award history)."""
    from desktop.services.office.common import programme_of

    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = find_applicant(s, cycle, applicant_ref)
        e = store_facts(s, cycle, programme_of(cycle.programme_id), row, facts)
        log(s, cycle, "eligibility.evaluate", ref=row.ref, eligible=e.eligible)
        return Done(recorded(row, e), OfficeChanges(applicants=True))


def recorded(row: Applicant, e: Eligibility) -> EligibilityRecorded:
    """An applicant's stored eligibility result, typed."""
    result = json.loads(e.result_json or "null") or {}
    return EligibilityRecorded(
        ref=row.ref, eligible=e.eligible, overall=str(result.get("overall", "")),
        as_of=str(result.get("as_of", "")),
        findings=tuple(EligibilityFinding(
            rule=f["rule"], kind=f["kind"], outcome=f["outcome"], cite=f["cite"],
            reason=f["reason"], exclusion=bool(f.get("exclusion"))) for f in
            result.get("findings", ())),
        applicant_name=row.name)


def history_records(s: Session, row: Applicant) -> list[AwardRecord]:
    """Every recorded award of this applicant, any programme: by credit code, or by exact name
    where a record (or the applicant) has no code."""
    by_name = and_(AwardRecord.credit_code.is_(None), AwardRecord.name == row.name)
    q = select(AwardRecord).where(or_(AwardRecord.credit_code == row.credit_code, by_name)
                                  if row.credit_code else AwardRecord.name == row.name)
    return list(s.execute(q.order_by(AwardRecord.year, AwardRecord.programme_id)).scalars())


def prior_awards(records: Iterable[AwardRecord], on: date) -> list[dict[str, Any]]:
    """Award records as eligibility facts (``prior_awards`` entries).

    Only the award year is recorded, so validity is given as ``valid_until`` only where the year
    settles it (the award ended before ``on``'s year or ends after it; 1 January of the last
    year is a safe bound both ways); in the year it runs out the evaluator asks for the date.
    """
    out: list[dict[str, Any]] = []
    for r in records:
        entry: dict[str, Any] = {"programme": r.programme_id, "year": r.year}
        if r.cycle_number is not None and r.cycle_number >= 1:
            entry["cycle"] = r.cycle_number
        if r.revoked_on is not None:
            entry.update(revoked=True, revoked_on=r.revoked_on.isoformat(),
                         revocation_ground="fraud" if r.fraud else "conduct")
        else:
            valid = programme_of(r.programme_id).validity_years
            if valid and on.year != r.year + valid:
                entry["valid_until"] = date(r.year + valid, 1, 1).isoformat()
        out.append(entry)
    return out


def _as_of(facts: dict[str, Any], default: date) -> date:
    value = facts.get("as_of")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else default
    except ValueError:
        return default  # the facts parser reports the bad date


def facts_with_history(s: Session, row: Applicant, facts: dict[str, Any],
                       on: date) -> dict[str, Any]:
    """``facts`` with the award history added to ``prior_awards`` (the declared facts are not
    changed). A declared award of the same programme and year keeps its details; the history's
    revocation wins."""
    history = prior_awards(history_records(s, row), _as_of(facts, on))
    if not history:
        return facts
    declared = facts.get("prior_awards")
    merged: list[Any] = list(declared) if isinstance(declared, list) else []
    where = {(e.get("programme"), e.get("year")): i for i, e in enumerate(merged)
             if isinstance(e, dict)}
    for h in history:
        i = where.get((h["programme"], h["year"]))
        if i is None:
            merged.append(h)
        elif h.get("revoked"):
            merged[i] = {**merged[i], **{k: h[k] for k in ("revoked", "revoked_on",
                                                           "revocation_ground")}}
    return {**facts, "prior_awards": merged}

"""Eligibility facts and the stored eligibility result (the evaluator is the foundation's)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.eligibility import evaluate
from desktop.domain.facts import parse_facts
from desktop.domain.programmes import Programme
from desktop.models.office.people import Applicant, Eligibility
from desktop.models.office.setup import Cycle
from desktop.services.office.common import dumps, find_applicant, log, resolve_cycle
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
    from desktop.services.office.applicants import facts_with_history

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
                 cycle_ref: str | None = None) -> dict[str, Any]:
    from desktop.services.office.common import programme_of

    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = find_applicant(s, cycle, applicant_ref)
        e = store_facts(s, cycle, programme_of(cycle.programme_id), row, facts)
        log(s, cycle, "eligibility.evaluate", ref=row.ref, eligible=e.eligible)
        return {"ref": row.ref, "eligible": e.eligible,
                "result": json.loads(e.result_json or "null")}

"""``scorebook office report status``: per applicant and stage, whether the review team's report
(材料评审报告, 现场评审报告 …) is complete, or what is missing (issue 20). The figures come from
``desktop.services.office.findings.report_statuses``; ``--json`` gives the same rows."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.cli.common import group, table, verb
from desktop.domain.messages import Msg
from desktop.domain.readiness import joined
from desktop.i18n import _, render

if TYPE_CHECKING:
    from desktop.services.office import findings
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]


def register_verbs(office: Any, with_ws: Callable[[Work], Any],
                   common: Callable[[argparse.ArgumentParser], None]) -> None:
    report = group(office, "report", _("the review teams' reports"))
    p = verb(report, "status", _("per applicant and stage: is the team's review report "
                                 "complete, or what is missing"), with_ws(_status))
    common(p)


def status_rows(rows: Sequence[findings.ReportStatusRow]) -> list[dict[str, Any]]:
    """The rows as ``--json`` gives them (missing parts in the active language)."""
    from desktop.reports.labels import Labels

    return [{"applicant": r.applicant_ref, "applicant_id": r.applicant_id,
             "name": r.applicant_name, "stage": r.stage_id,
             "stage_name": Labels().pick(r.stage.name_zh, r.stage.name_en, r.stage.name_mn),
             "complete": r.complete, "final": r.status.final,
             "missing": [render(m) for m in r.missing()]} for r in rows]


def _missing(parts: Sequence[Msg]) -> str | None:
    return render(joined(parts)) if parts else None


def _status(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import findings

    rows = findings.report_statuses(ws, args.cycle)
    data = status_rows(rows)

    def human() -> str:
        if not rows:
            return _("No applicant takes part in a scored stage yet.")
        return table([(r.applicant_ref, r.applicant_name, d["stage_name"],
                       _("complete") if r.complete else _("incomplete"), _missing(r.missing()))
                      for r, d in zip(rows, data, strict=True)],
                     [_("Applicant"), _("Name"), _("Stage"), _("Report"), _("What is missing")])

    return data, human

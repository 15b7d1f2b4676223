"""``scorebook eligibility --programme ID FILE``: the eligibility check (资格审查)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.common import emit, verb
from desktop.domain.eligibility import EligibilityReport, Outcome, Overall
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, render


def register(sub: Any) -> None:
    parser = verb(sub, "eligibility",
                  _("check an applicant's facts file against a programme's conditions"), _check)
    parser.add_argument("--programme", required=True, metavar="ID",
                        help=_("programme id (see 'programmes list')"))
    parser.add_argument("--as-of", metavar="DATE",
                        help=_("the date of the check, YYYY-MM-DD (default: the file's as_of, "
                               "else today)"))
    parser.add_argument("file", type=Path, metavar="FILE",
                        help=_("the applicant's facts (.toml or .json)"))


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputRejected(Msg(N_("--as-of: '{value}' is not a date (YYYY-MM-DD)"),
                                {"value": text})) from None


OVERALL = {Overall.ELIGIBLE: N_("eligible"), Overall.NOT_ELIGIBLE: N_("not eligible"),
           Overall.NEEDS_EVIDENCE: N_("needs evidence")}
OUTCOME = {Outcome.MET: N_("met"), Outcome.NOT_MET: N_("NOT MET"),
           Outcome.NEEDS_EVIDENCE: N_("needs evidence")}


def report_data(report: EligibilityReport) -> dict[str, Any]:
    from desktop.services import programmes

    p = programmes.programme(report.programme_id)
    return {
        "programme": p.id, "programme_name_zh": p.name_zh, "document": p.document.number,
        "applicant": report.applicant, "applicant_kind": report.applicant_kind,
        "as_of": report.as_of, "overall": report.overall, "eligible": report.eligible,
        "findings": [{"rule": f.rule_id, "kind": f.kind, "outcome": f.outcome,
                      "exclusion": f.exclusion, "citation": str(f.cite),
                      "document": f.cite.document, "article": f.cite.article,
                      "text_zh": f.text_zh, "reason": render(f.reason)}
                     for f in report.findings],
        "not_applicable": report.not_applicable,
    }


def _check(args: argparse.Namespace) -> int:
    from desktop.services import eligibility as service
    from desktop.services import programmes

    report = service.check(args.programme, args.file, _as_of(args.as_of))
    p = programmes.programme(report.programme_id)

    def human() -> str:
        lines = [_("{applicant}: {overall} for {programme} ({document}) as of {date}").format(
            applicant=report.applicant, overall=_(OVERALL[report.overall]),
            programme=p.name_zh, document=p.document.number, date=report.as_of.isoformat())]
        order = (Outcome.NOT_MET, Outcome.NEEDS_EVIDENCE, Outcome.MET)
        for outcome in order:
            for f in report.with_outcome(outcome):
                lines.append(f"  [{_(OUTCOME[f.outcome])}] {f.cite.article} "
                             f"{f.text_zh or f.rule_id}")
                lines.append(f"      {render(f.reason)}")
        if report.not_applicable:
            lines.append(_("Not applicable to this kind of applicant: {rules}").format(
                rules=", ".join(report.not_applicable)))
        return "\n".join(lines)

    emit(args, report_data(report), human)
    return 0

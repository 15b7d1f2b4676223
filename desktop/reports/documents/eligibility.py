"""The eligibility review form: each condition, its citation and the finding."""

from __future__ import annotations

from desktop.domain.messages import N_, Msg
from desktop.reports.documents.common import (
    check_all,
    common_fields,
    labels_for,
    open_document,
    redactor,
)
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import EligibilityInput, Finding
from desktop.reports.page import SHADE, Column, Row


def render(inp: EligibilityInput) -> bytes:
    _ = labels_for(inp)
    if not inp.rows:
        raise ReportInputError(Msg(N_("The eligibility form of {applicant} has no conditions"),
                                   {"applicant": inp.applicant.id}))
    check_all([*common_fields(inp), ("applicant", inp.applicant.name),
               ("reviewer", inp.reviewer.name if inp.reviewer else "")]
              + [(f"condition {n}", r.condition + r.citation + r.note)
                 for n, r in enumerate(inp.rows, start=1)])
    clean = redactor(inp, inp.secrets, _)
    findings = {Finding.MET: _("Met"), Finding.NOT_MET: _("Not met"),
                Finding.UNDETERMINED: _("To be determined")}
    title = _("Eligibility review form")
    doc = open_document(inp, _, title)
    if any(r.finding is Finding.NOT_MET for r in inp.rows):
        verdict = _("Not eligible")
    elif all(r.finding is Finding.MET for r in inp.rows):
        verdict = _("Eligible")
    else:
        verdict = _("Pending: findings open")
    doc.title_block(title, [(_("Applicant"), inp.applicant.name),
                            (_("Reviewer"), inp.reviewer.name if inp.reviewer else ""),
                            (_("Conclusion"), verdict)])
    columns = [Column(_("No."), 6, "center"), Column(_("Condition"), 40),
               Column(_("Citation"), 20), Column(_("Finding"), 12, "center"),
               Column(_("Note"), 22)]
    rows = [Row([str(n), r.condition, r.citation, findings[r.finding],
                 clean(r.note, f"eligibility/{n}")],
                shade=SHADE if r.finding is not Finding.MET else None)
            for n, r in enumerate(inp.rows, start=1)]
    doc.table(columns, rows)
    doc.signature_block([_("Reviewer"), _("Review office")])
    return doc.render()

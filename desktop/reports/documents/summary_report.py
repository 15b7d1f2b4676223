"""The report across applicants for the committee: the 综合评审报告 (呼和浩特市 and 包头稀土高新区,
第十八条: the teams' comprehensive report and ranking) or the 汇总评审报告 (主席质量奖 第二十三条,
包头市 第二十五条: the office summarises the teams' reports). Per applicant: its figure at each
stage and the comprehensive figure where the office has them, its key themes in brief, and whether
each stage's team report is complete."""

from __future__ import annotations

from reportlab.lib.units import mm

from desktop.domain.findings import FindingKind
from desktop.domain.messages import N_, Msg
from desktop.reports.documents.common import check_all, common_fields, labels_for, open_document
from desktop.reports.documents.findings_text import INDENT, FindingsText
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs_review import SummaryReportInput, SummaryRow, SummaryTitle
from desktop.reports.labels import Labels
from desktop.reports.page import SHADE, Column, Document, Row

BRIEF = 3  # key themes of each kind printed per applicant


def _check(inp: SummaryReportInput) -> None:
    ids = [r.applicant.id for r in inp.rows]
    if len(set(ids)) != len(ids):
        raise ReportInputError(Msg(N_("The summary report lists an applicant twice")))
    for row in inp.rows:
        if len(row.figures) != len(inp.stages):
            raise ReportInputError(Msg(N_("Applicant {applicant} has {got} stage figures, not "
                                          "{want}"), {"applicant": row.applicant.id,
                                                      "got": len(row.figures),
                                                      "want": len(inp.stages)}))
    check_all([*common_fields(inp), ("basis", inp.basis)]
              + [("stage", s) for s in inp.stages]
              + [("applicant", r.applicant.name + r.award) for r in inp.rows]
              + [("theme", f.text) for r in inp.rows for f in r.themes])


def title_of(labels: Labels, kind: SummaryTitle) -> str:
    _ = labels
    return _("Comprehensive review report") if kind is SummaryTitle.COMPREHENSIVE else \
        _("Summary review report")


def _status_cell(labels: Labels, row: SummaryRow) -> str:
    _ = labels
    if not row.statuses:
        return "—"
    return _("complete") if all(s.complete for s in row.statuses) else _("incomplete")


def _applicant(doc: Document, inp: SummaryReportInput, row: SummaryRow, labels: Labels) -> None:
    _ = labels
    doc.ensure(30 * mm)
    head = f"{row.applicant.id}  {row.applicant.name}"
    doc.paragraph(head + (f"（{row.award}）" if row.award else ""), bold=True, size=10)
    figures = [f"{stage} {fig}" for stage, fig in zip(inp.stages, row.figures, strict=True)
               if fig]
    if row.comprehensive:
        figures.append(_("Comprehensive {score}").format(score=row.comprehensive))
    if row.rank is not None:
        figures.append(_("Rank {rank}").format(rank=row.rank))
    if figures:
        doc.paragraph(_.join(figures), indent=INDENT)
    text = FindingsText(inp, None, row.themes, row.secrets, _)
    for kind, label in ((FindingKind.THEME_STRENGTH, _("Main strengths")),
                        (FindingKind.THEME_IMPROVEMENT, _("Main opportunities for improvement"))):
        doc.paragraph(label, bold=True, indent=INDENT)
        text.numbered(doc, text.of(kind)[:BRIEF], indent=2 * INDENT, size=8.5)
    for status in row.statuses:
        if status.complete:
            line = _("{stage}: the team's report is complete").format(stage=status.stage)
        else:
            sep = "；" if _.chinese else ("᠂ " if _.mongolian else "; ")
            missing = sep.join(_(m.template).format(**m.params) for m in status.missing)
            line = _("{stage}: the team's report is incomplete ({missing})").format(
                stage=status.stage, missing=missing or "—")
        doc.paragraph(line, indent=INDENT, size=8.5)


def render(inp: SummaryReportInput) -> bytes:
    _ = labels_for(inp)
    _check(inp)
    if not inp.rows:
        raise ReportInputError(Msg(N_("The summary report has no applicant")))
    title = title_of(_, inp.title_kind)
    doc = open_document(inp, _, title)
    facts = [(_("Stage"), inp.stage)] if inp.stage else []
    facts.append((_("Applicants"), str(len(inp.rows))))
    if inp.basis:
        facts.append((_("Basis"), inp.basis))
    doc.title_block(title, facts)
    doc.heading(_("Overview"))
    columns = [Column(_("Rank"), 8, "center"), Column(_("Applicant"), 40)]
    columns += [Column(stage, 12, "right") for stage in inp.stages]
    columns += [Column(_("Comprehensive"), 13, "right"), Column(_("Reports"), 12, "center")]
    rows = [Row(["" if r.rank is None else str(r.rank), r.applicant.name, *r.figures,
                 r.comprehensive, _status_cell(_, r)],
                shade=SHADE if any(not s.complete for s in r.statuses) else None)
            for r in inp.rows]
    doc.table(columns, rows)
    doc.heading(_("The applicants in brief"))
    for row in inp.rows:
        _applicant(doc, inp, row, _)
        doc.space(3 * mm)
    doc.signature_block([_("Prepared by"), _("Review office")])
    return doc.render()


__all__ = ["render", "title_of"]

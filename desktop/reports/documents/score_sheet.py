"""The score sheet of one reviewer for one applicant and stage, blank or filled: the 23 items with
points, percentage and score, category subtotals and the total (all from ``summarise``), then the
strengths and opportunities for improvement per item, ending in the reviewer's signature."""

from __future__ import annotations

from reportlab.lib.units import mm

from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import field_key
from desktop.domain.scoring import summarise
from desktop.reports.documents.common import (
    check_all,
    check_items,
    common_fields,
    entries_by_item,
    labels_for,
    open_document,
    pct,
    redactor,
)
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import ScoreSheetInput
from desktop.reports.page import SHADE, SUBTOTAL, Column, Row


def render(inp: ScoreSheetInput) -> bytes:
    _ = labels_for(inp)
    fw = inp.framework
    check_items(fw, (e.item_id for e in inp.entries))
    summary = summarise(fw, inp.entries)
    if not inp.blank and summary.missing:
        raise ReportInputError(Msg(
            N_("The score sheet of {applicant} has no score for items {items}"),
            {"applicant": inp.applicant.id, "items": ", ".join(summary.missing)}))
    by_item = entries_by_item(inp.entries)
    check_all([*common_fields(inp), ("applicant", inp.applicant.name),
               ("reviewer", inp.reviewer.name if inp.reviewer else "")]
              + [(f"{e.item_id}", e.strengths + e.improvements) for e in inp.entries])
    clean = redactor(inp, inp.secrets, _)

    title = _("Score sheet")
    doc = open_document(inp, _, title)
    facts = [(_("Applicant"), inp.applicant.name), (_("Reviewer"),
              inp.reviewer.name if inp.reviewer else "")]
    facts += [(_("Stage"), inp.stage), (_("Scoring framework"),
              f"{fw.standard} {_.pick(fw.name_zh, fw.name_en)}")]
    if not inp.blank:
        facts.append((_("Total"), f"{summary.total} / {summary.max_total}"))
    doc.title_block(title, facts)

    columns = [Column(_("Item"), 9), Column(_("Name"), 52), Column(_("Points"), 11, "right"),
               Column(_("Percentage"), 13, "right"), Column(_("Score"), 15, "right")]
    rows: list[Row] = []
    for cat in fw.categories:
        subtotal = "" if inp.blank else str(summary.category_subtotals[cat.id])
        rows.append(Row([cat.id, _.pick(cat.name_zh, cat.name_en), str(cat.points), "",
                         subtotal], bold=True, shade=SUBTOTAL))
        for item in fw.items_of(cat.id):
            entry = by_item.get(item.id)
            score = "" if inp.blank else str(summary.item_scores[item.id])
            rows.append(Row([item.id, _.pick(item.name_zh, item.name_en), str(item.points),
                             "" if inp.blank or entry is None else pct(entry.pct), score]))
    rows.append(Row(["", _("Total"), str(fw.total_points), "",
                     "" if inp.blank else str(summary.total)], bold=True, shade=SHADE, keep=True))
    doc.table(columns, rows)

    doc.heading(_("Strengths and opportunities for improvement"))
    for item in fw.items:
        entry = by_item.get(item.id)
        doc.ensure(20 * mm)
        doc.paragraph(f"{item.id}  {_.pick(item.name_zh, item.name_en)}", bold=True, size=9.5)
        if inp.blank:
            doc.paragraph(_("Strengths"), indent=4 * mm)
            doc.ruled_lines(2, indent=4 * mm)
            doc.paragraph(_("Opportunities for improvement"), indent=4 * mm)
            doc.ruled_lines(2, indent=4 * mm)
            continue
        strengths = clean(entry.strengths, field_key(item.id, "strengths")) if entry else ""
        improve = clean(entry.improvements, field_key(item.id, "improvements")) if entry else ""
        doc.labelled(_("Strengths"), strengths, indent=4 * mm)
        doc.labelled(_("Opportunities for improvement"), improve, indent=4 * mm)
    doc.signature_block([_("Reviewer")])
    return doc.render()

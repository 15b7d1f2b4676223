"""The team consensus sheet: per item each reviewer's percentage, the spread, the flag, the
consensus percentage and its rationale; the total from ``summarise``; signed by the team leader."""

from __future__ import annotations

from reportlab.lib.units import mm

from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import field_key
from desktop.domain.scoring import ItemEntry, summarise
from desktop.reports.documents.common import (
    check_all,
    check_items,
    common_fields,
    labels_for,
    open_document,
    pct,
    redactor,
)
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import ConsensusInput
from desktop.reports.page import SHADE, Column, Row


def render(inp: ConsensusInput) -> bytes:
    _ = labels_for(inp)
    fw = inp.framework
    check_items(fw, (r.item_id for r in inp.rows))
    known = {p.id for p in inp.reviewers}
    for row in inp.rows:
        stray = sorted(set(row.pcts) - known)
        if stray:
            raise ReportInputError(Msg(N_("Item {item}: {reviewer} is not on the team"),
                                       {"item": row.item_id, "reviewer": stray[0]}))
    entries = [ItemEntry(r.item_id, r.consensus_pct) for r in inp.rows]
    summary = summarise(fw, entries)
    if summary.missing:
        raise ReportInputError(Msg(N_("The consensus of {applicant} lacks items {items}"),
                                   {"applicant": inp.applicant.id,
                                    "items": ", ".join(summary.missing)}))
    check_all([*common_fields(inp), ("applicant", inp.applicant.name),
               ("leader", inp.leader.name)]
              + [("reviewer", p.name) for p in inp.reviewers]
              + [(r.item_id, r.rationale) for r in inp.rows])
    clean = redactor(inp, inp.secrets, _)
    rows_by_item = {r.item_id: r for r in inp.rows}

    title = _("Team consensus sheet")
    doc = open_document(inp, _, title)
    doc.title_block(title, [
        (_("Applicant"), inp.applicant.name), (_("Team leader"), inp.leader.name),
        (_("Reviewers"), _.join(p.name for p in inp.reviewers)), (_("Stage"), inp.stage),
        (_("Total"), f"{summary.total} / {summary.max_total}")])
    columns = [Column(_("Item"), 8), Column(_("Points"), 7, "right")]
    columns += [Column(p.name, 9, "right") for p in inp.reviewers]
    columns += [Column(_("Spread"), 8, "right"), Column(_("Flag"), 6, "center"),
                Column(_("Consensus"), 10, "right"), Column(_("Score"), 9, "right")]
    rows: list[Row] = []
    for item in fw.items:
        r = rows_by_item[item.id]
        cells = [item.id, str(item.points)]
        cells += [pct(r.pcts.get(p.id)) for p in inp.reviewers]
        cells += [f"{r.spread}", "▲" if r.flagged else "", pct(r.consensus_pct),
                  str(summary.item_scores[item.id])]
        rows.append(Row(cells, shade=SHADE if r.flagged else None))
    blank = ["" for _p in inp.reviewers]
    rows.append(Row(["", _("Total"), *blank, "", "", "", str(summary.total)], bold=True,
                    shade=SHADE, keep=True))
    doc.table(columns, rows)
    doc.paragraph(_("▲ the spread of the reviewers' percentages is above the team's threshold"),
                  size=8)
    doc.heading(_("Rationale of the consensus"))
    for item in fw.items:
        r = rows_by_item[item.id]
        doc.ensure(12 * mm)
        doc.paragraph(f"{item.id}  {_.pick(item.name_zh, item.name_en)}  ({pct(r.consensus_pct)})",
                      bold=True)
        doc.paragraph(clean(r.rationale, field_key(item.id, "rationale")) or "—", indent=4 * mm)
    doc.signature_block([_("Team leader")])
    return doc.render()

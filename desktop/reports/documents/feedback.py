"""The feedback report to an applicant: a chart of its category scores as a share of each
category's points beside the panel median, then strengths and improvements per item. Built from
the review team's consolidated findings (key themes, agreed strengths and improvements per item,
quality improvement suggestions) when the team recorded any — else, saying so, from the
reviewers' own comments. No reviewer is named; an external copy loses every secret passage."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.domain.findings import Finding, FindingKind
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import field_key
from desktop.domain.scoring import summarise
from desktop.reports import fonts, text
from desktop.reports.documents.common import (
    check_all,
    check_items,
    common_fields,
    entries_by_item,
    labels_for,
    open_document,
    redactor,
)
from desktop.reports.documents.findings_text import (
    FindingsText,
    item_findings,
    item_name,
    key_themes,
    suggestions,
)
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import FeedbackInput
from desktop.reports.page import MARGIN_L, Document

_TOLD = frozenset({FindingKind.STRENGTH, FindingKind.IMPROVEMENT, FindingKind.THEME_STRENGTH,
                   FindingKind.THEME_IMPROVEMENT, FindingKind.SUGGESTION})
APPLICANT = colors.Color(0.2, 0.4, 0.7)
MEDIAN = colors.Color(0.75, 0.75, 0.78)


def _chart(shares: list[float], medians: list[float] | None, names: list[str]) -> Drawing:
    drawing = Drawing(120 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 8 * mm
    chart.width, chart.height = 104 * mm, 50 * mm
    chart.data = [shares] if medians is None else [shares, medians]
    chart.bars[0].fillColor = APPLICANT
    chart.bars[1].fillColor = MEDIAN
    chart.bars.strokeWidth = 0
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = fonts.CJK
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = fonts.CJK
    chart.categoryAxis.labels.fontSize = 7.5
    chart.groupSpacing = 6
    drawing.add(chart)
    return drawing


def _legend(doc: Document, items: list[tuple[colors.Color, str]]) -> None:
    x = MARGIN_L + 14 * mm
    for color, label in items:
        doc.canvas.setFillColor(color)
        doc.canvas.rect(x, doc.y + 1, 8, 8, fill=1, stroke=0)
        doc.canvas.setFillColor(colors.black)
        x += 12 + text.draw_line(doc.canvas, x + 12, doc.y + 1.5, label, 8.5) + 10
    doc.y -= 14


def _agreed(inp: FeedbackInput) -> tuple[Finding, ...]:
    """The findings an applicant is told: agreed strengths and improvements, key themes and
    suggestions (never the site-visit issues nor their resolutions, never whose they were)."""
    return tuple(f for f in inp.team_findings if f.kind in _TOLD)


def render(inp: FeedbackInput) -> bytes:
    _ = labels_for(inp)
    fw = inp.framework
    check_items(fw, (e.item_id for e in inp.entries))
    unknown = sorted(set(inp.panel_median) - {c.id for c in fw.categories})
    if unknown:
        raise ReportInputError(Msg(N_("Unknown category {category} in the panel median"),
                                   {"category": unknown[0]}))
    summary = summarise(fw, inp.entries)
    if summary.missing:
        raise ReportInputError(Msg(
            N_("The feedback report of {applicant} has no score for items {items}"),
            {"applicant": inp.applicant.id, "items": ", ".join(summary.missing)}))
    check_all([*common_fields(inp), ("applicant", inp.applicant.name),
               ("median", inp.median_label + inp.median_note)]
              + [(e.item_id, e.strengths + e.improvements) for e in inp.entries])
    clean = redactor(inp, inp.secrets, _)
    by_item = entries_by_item(inp.entries)

    title = _("Feedback report")
    doc = open_document(inp, _, title)
    doc.title_block(title, [(_("Applicant"), inp.applicant.name), (_("Stage"), inp.stage)])
    team = FindingsText(inp, fw, _agreed(inp), inp.secrets, _)
    team.check()
    if team.findings:
        doc.paragraph(_("This report gives the review team's consolidated findings on your "
                        "application: its key themes, the strengths and the opportunities for "
                        "improvement it agreed on, item by item, following {standard}, and its "
                        "quality improvement suggestions.").format(standard=fw.standard))
        key_themes(doc, team, _)
    else:
        doc.paragraph(_("This report gives the review panel's findings on your application: the "
                        "strengths it saw and the opportunities for improvement, item by item, "
                        "following {standard}.").format(standard=fw.standard))
        doc.paragraph(_("The review team has recorded no consolidated findings: the comments "
                        "below are the reviewers' own, without their names."), bold=True)
    doc.heading(_("Category results"))
    shares = [float(summary.category_subtotals[c.id] * 100 / Decimal(c.points))
              for c in fw.categories]
    medians = [float(inp.panel_median.get(c.id, Decimal(0)) * 100) for c in fw.categories] \
        if inp.panel_median else None
    doc.drawing(_chart(shares, medians, [c.id for c in fw.categories]))
    legend = [(APPLICANT, _("Your share of the category's points"))]
    if medians is not None:
        legend.append((MEDIAN, inp.median_label or _("Panel median")))
    _legend(doc, legend)
    if inp.median_note:
        doc.paragraph(inp.median_note, size=8)
    for c in fw.categories:
        doc.paragraph(f"{c.id}  {_.pick(c.name_zh, c.name_en)} — {c.points} "
                      + _("points"), size=8)
    doc.heading(_("Strengths and opportunities for improvement"))
    for item in fw.items:
        if team.findings:
            item_findings(doc, team, _, item)
            continue
        entry = by_item.get(item.id)
        doc.ensure(20 * mm)
        doc.paragraph(f"{item.id}  {item_name(_, item)}", bold=True, size=9.5)
        doc.labelled(_("Strengths"),
                     clean(entry.strengths, field_key(item.id, "strengths")) if entry else "",
                     indent=4 * mm)
        doc.labelled(_("Opportunities for improvement"),
                     clean(entry.improvements, field_key(item.id, "improvements"))
                     if entry else "", indent=4 * mm)
    if team.findings:
        suggestions(doc, team, _)
    return doc.render()

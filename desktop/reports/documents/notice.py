"""The public notice (公示) with its start and end dates."""

from __future__ import annotations

from desktop.domain.messages import N_, Msg
from desktop.reports import text
from desktop.reports.documents.common import check_all, common_fields, labels_for, open_document
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import NoticeInput
from desktop.reports.page import MARGIN_R, PAGE_W, Column, Row


def render(inp: NoticeInput) -> bytes:
    _ = labels_for(inp)
    if inp.end < inp.start or inp.working_days < 1:
        raise ReportInputError(Msg(N_("The notice period must end on or after its start")))
    check_all([*common_fields(inp), ("title", inp.title), ("issuer", inp.issuer),
               ("intro", inp.intro), ("contact", inp.contact)]
              + [("applicant", r.applicant.name + r.award) for r in inp.rows])
    doc = open_document(inp, _, inp.title)
    doc.title_block(inp.title, [(_("Public notice"), inp.issuer)])
    doc.paragraph(inp.intro, size=10.5)
    doc.space(6)
    doc.table([Column(_("No."), 8, "center"), Column(_("Applicant"), 60),
               Column(_("Award category"), 32)],
              [Row([str(n), r.applicant.name, r.award]) for n, r in enumerate(inp.rows, 1)],
              size=10)
    doc.space(6)
    doc.paragraph(_("The notice period runs from {start} to {end} ({days} working days). "
                    "Objections may be raised with the issuer within this period.").format(
        start=_.date(inp.start), end=_.date(inp.end), days=inp.working_days), size=10.5)
    if inp.contact:
        doc.paragraph(_("Contact: {contact}").format(contact=inp.contact), size=10.5)
    doc.space(14)
    doc.ensure(30)
    text.draw_line(doc.canvas, PAGE_W - MARGIN_R, doc.y, inp.issuer, 10.5, align="right")
    if inp.issued:
        text.draw_line(doc.canvas, PAGE_W - MARGIN_R, doc.y - 15, _.date(inp.issued), 10.5,
                       align="right")
    return doc.render()

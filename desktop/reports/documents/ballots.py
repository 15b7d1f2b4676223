"""Committee ballots, one page each, limited to the quota (限额投票)."""

from __future__ import annotations

from desktop.domain.messages import N_, Msg
from desktop.reports.documents.common import check_all, common_fields, labels_for, open_document
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import BallotInput
from desktop.reports.page import Column, Row

MAX_COPIES = 500


def render(inp: BallotInput) -> bytes:
    _ = labels_for(inp)
    if inp.quota < 1 or not inp.candidates:
        raise ReportInputError(Msg(N_("A ballot needs a quota of at least 1 and candidates")))
    if not 1 <= inp.copies <= MAX_COPIES:
        raise ReportInputError(Msg(N_("Ballot copies must be from 1 to {max}"),
                                   {"max": MAX_COPIES}))
    check_all([*common_fields(inp), ("committee", inp.committee), ("award", inp.award)]
              + [("candidate", p.name + p.organisation) for p in inp.candidates])
    title = _("Ballot")
    doc = open_document(inp, _, title)
    columns = [Column(_("No."), 8, "center"), Column(_("Candidate"), 62),
               Column(_("Vote"), 14, "center")]
    for copy in range(1, inp.copies + 1):
        if copy > 1:
            doc.new_page()
        doc.title_block(title, [
            (_("Committee"), inp.committee), (_("Award category"), inp.award),
            (_("Ballot number"), f"{copy} / {inp.copies}"),
            (_("Quota"), str(inp.quota))])
        doc.paragraph(_("Mark at most {quota} candidates in the box. A ballot with more "
                        "than {quota} marks is void.").format(quota=inp.quota), bold=True)
        doc.space(6)
        rows = [Row([str(n), p.name + (f"（{p.organisation}）" if p.organisation else ""), "□"])
                for n, p in enumerate(inp.candidates, start=1)]
        doc.table(columns, rows, size=11)
    return doc.render()

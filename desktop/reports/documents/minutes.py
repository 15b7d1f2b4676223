"""The committee's vote minutes: quorum, tally, the reviewers each candidate was reviewed without
(recusals), and outcome, signed by the chair and recorder."""

from __future__ import annotations

from desktop.domain.messages import N_, Msg
from desktop.reports.documents.common import check_all, common_fields, labels_for, open_document
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import MinutesInput
from desktop.reports.page import SHADE, Column, Row


def render(inp: MinutesInput) -> bytes:
    _ = labels_for(inp)
    if not 0 <= inp.present <= inp.members:
        raise ReportInputError(Msg(N_("Present members ({present}) must be from 0 to {members}"),
                                   {"present": inp.present, "members": inp.members}))
    for row in inp.tally:
        if row.votes_for + row.votes_against + row.abstentions > inp.present:
            raise ReportInputError(Msg(N_("{applicant} has more votes than members present"),
                                       {"applicant": row.applicant.id}))
    check_all([*common_fields(inp), ("committee", inp.committee), ("rule", inp.quorum_rule),
               ("rule", inp.pass_rule), ("outcome", inp.outcome), ("chair", inp.chair),
               ("recorder", inp.recorder)]
              + [("applicant", r.applicant.name + r.award) for r in inp.tally]
              + [("reviewer", "".join(r.reviewers)) for r in inp.recusals])
    title = _("Vote minutes")
    doc = open_document(inp, _, title)
    doc.title_block(title, [
        (_("Committee"), inp.committee), (_("Meeting"), _.date(inp.meeting)),
        (_("Members"), str(inp.members)), (_("Present"), str(inp.present)),
        (_("Quorum rule"), inp.quorum_rule),
        (_("Quorum"), _("reached") if inp.quorum_met else _("not reached")),
        (_("Passing rule"), inp.pass_rule)])
    columns = [Column(_("Applicant"), 38), Column(_("Award category"), 22),
               Column(_("For"), 8, "right"), Column(_("Against"), 9, "right"),
               Column(_("Abstain"), 9, "right"), Column(_("Result"), 14, "center")]
    rows = [Row([r.applicant.name, r.award, str(r.votes_for), str(r.votes_against),
                 str(r.abstentions), _("passed") if r.passed else _("not passed")],
                shade=SHADE if r.passed else None) for r in inp.tally]
    doc.heading(_("Tally"))
    doc.table(columns, rows)
    if inp.recusals:  # the reviewers each candidate's scores were made without
        doc.heading(_("Recusals"))
        for r in inp.recusals:
            doc.paragraph(_("{applicant}: reviewed without {reviewers} (recused)").format(
                applicant=r.applicant.name, reviewers=_.join(r.reviewers)))
    doc.heading(_("Outcome"))
    doc.paragraph(inp.outcome if inp.quorum_met else
                  _("The quorum was not reached: no decision was taken."))
    doc.signature_block([_("Chair") + (f" {inp.chair}" if inp.chair else ""),
                         _("Recorder") + (f" {inp.recorder}" if inp.recorder else "")])
    return doc.render()

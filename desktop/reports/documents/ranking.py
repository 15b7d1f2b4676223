"""The comprehensive ranking per award category, with the quota line and ties marked."""

from __future__ import annotations

from desktop.domain.messages import N_, Msg
from desktop.reports.documents.common import check_all, common_fields, labels_for, open_document
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs import RankingInput
from desktop.reports.page import SHADE, Column, Row


def render(inp: RankingInput) -> bytes:
    _ = labels_for(inp)
    for cat in inp.categories:
        ids = [r.applicant.id for r in cat.rows]
        if len(set(ids)) != len(ids):
            raise ReportInputError(Msg(N_("The ranking of {award} lists an applicant twice"),
                                       {"award": cat.name}))
    check_all([*common_fields(inp), ("basis", inp.basis)]
              + [("award", c.name) for c in inp.categories]
              + [("applicant", r.applicant.name) for c in inp.categories for r in c.rows])
    title = _("Comprehensive ranking")
    doc = open_document(inp, _, title)
    facts = [(_("Stage"), inp.stage)] if inp.stage else []
    doc.title_block(title, [*facts, (_("Basis"), inp.basis or "—")])
    columns = [Column(_("Rank"), 10, "center"), Column(_("Applicant"), 55),
               Column(_("Score"), 17, "right"), Column(_("Tie"), 10, "center")]
    for cat in inp.categories:
        quota = _("no quota") if cat.quota is None else _("quota {n}").format(n=cat.quota)
        doc.heading(f"{cat.name} ({quota})")
        rows: list[Row] = []
        for n, r in enumerate(cat.rows, start=1):
            line = None
            if cat.quota is not None and n == cat.quota and n < len(cat.rows):
                line = _("Quota line: {n}").format(n=cat.quota)
            rank = f"={r.rank}" if r.tied else str(r.rank)
            rows.append(Row([rank, r.applicant.name, str(r.score), "=" if r.tied else ""],
                            shade=SHADE if r.tied else None, rule_after=line))
        doc.table(columns, rows)
        tie_at_line = cat.quota is not None and 0 < cat.quota < len(cat.rows) and \
            cat.rows[cat.quota - 1].tied and cat.rows[cat.quota].tied
        if tie_at_line:
            doc.paragraph(_("A tie crosses the quota line: the committee decides."), bold=True)
        doc.space(4)
    doc.paragraph(_("= marks applicants with equal scores (a tie)."), size=8)
    return doc.render()

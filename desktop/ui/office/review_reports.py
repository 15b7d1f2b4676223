"""The review reports (issue 20): per applicant and stage, whether the review team's report
(材料评审报告, 现场评审报告 …) is complete, or what is missing — the team's consensus not final,
items without an agreed finding, no key themes, site-visit issues without a resolution.

A panel beside the consensus status (``beside``: the consensus page's one wiring line). It reads
``desktop.services.office.findings.report_statuses`` whenever the workspace changed and the
panel is shown; double-clicking a row opens that applicant and stage in the page's editor.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_
from desktop.i18n import _
from desktop.services.office import findings
from desktop.ui.names import named
from desktop.ui.office.common import OfficePage, fit_columns, make_table, message_text
from desktop.ui.office.table import Column, Row, RowsModel

COMPLETE_BG = QColor("#d8f0dc")
MISSING_BG = QColor("#fbe3c8")


def _missing(row: Row) -> str:
    return "; ".join(message_text(m) for m in row["missing"])


class ReportsModel(RowsModel):
    def __init__(self, panel: ReviewReportsPanel, parent: QObject | None = None) -> None:
        self._panel = panel
        super().__init__([
            Column("applicant", N_("Applicant"), lambda r: f"{r['ref']} {r['name']}"),
            Column("stage", N_("Stage"), lambda r: named(r["stage"])),
            Column("complete", N_("Report"),
                   lambda r: _("complete") if r["complete"] else _("incomplete"),
                   background=lambda r: COMPLETE_BG if r["complete"] else MISSING_BG),
            Column("missing", N_("What is missing"), _missing, tooltip=_missing),
        ], parent)

    def retranslate(self) -> None:  # the page retranslates every table's model
        super().retranslate()
        self._panel.retranslate()


class ReviewReportsPanel(QGroupBox):
    """Per applicant and stage: the review report complete, or what is missing."""

    def __init__(self, page: OfficePage) -> None:
        super().__init__(page)
        self.page = page
        self.stale = True
        self.model = ReportsModel(self, self)
        self.view = make_table(self, self.model, page.ctx.fonts)
        self.view.doubleClicked.connect(self._open)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.view)
        page.ctx.session.changed.connect(self.mark_stale)
        page.ctx.session.busy_changed.connect(lambda busy: None if busy else self._shown())
        self.retranslate()

    def mark_stale(self) -> None:
        self.stale = True
        self._shown()

    def _shown(self) -> None:
        if self.stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown()

    def refresh(self) -> None:
        session = self.page.session
        if not session.is_open() or session.busy:
            return
        self.stale = False
        try:
            rows = findings.report_statuses(session.workspace)
        except ScorebookError as error:
            self.page.message.show_error(error)
            return
        self.model.set_rows([{"ref": r.applicant_ref, "name": r.applicant_name,
                              "stage": r.stage, "stage_id": r.stage_id,
                              "complete": r.complete, "missing": r.missing()} for r in rows])
        fit_columns(self.view)

    def _open(self, index: QModelIndex) -> None:
        show = getattr(self.page, "show_item", None)
        if index.isValid() and callable(show):
            row = self.model.row(index.row())
            show(row["ref"], row["stage_id"])

    def retranslate(self) -> None:
        self.setTitle(_("Review reports"))
        self.setToolTip(_("Per applicant and stage: is the review team's report complete "
                          "(final consensus, a finding for every item, key themes, every "
                          "site-visit issue resolved)? Double-click a row to open it."))
        self.view.setAccessibleName(_("Review reports"))


def beside(page: OfficePage, table: QWidget) -> QLayout:
    """``table`` with the review-reports panel at its right (kept as ``page.review_reports``)."""
    row = QHBoxLayout()
    row.addWidget(table, 3)
    panel = ReviewReportsPanel(page)
    setattr(page, "review_reports", panel)  # noqa: B010 (any page may host it)
    row.addWidget(panel, 2)
    return row


__all__ = ["ReviewReportsPanel", "beside"]


"""The review reports (issue 20): per applicant and stage, whether the review team's report
(材料评审报告, 现场评审报告 …) is complete, or what is missing — the team's consensus not final,
items without an agreed finding, no key themes, site-visit issues without a resolution.

A panel beside the consensus status (``beside``: the consensus page's one wiring line). It reads
``desktop.services.office.findings.report_statuses`` whenever the workspace changed and the
panel is shown; double-clicking a row opens that applicant and stage in the page's editor.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLayout, QWidget

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_
from desktop.domain.readiness import joined
from desktop.i18n import _
from desktop.services.office import findings
from desktop.services.office.changes import EVERYTHING, OfficeChanges
from desktop.ui.names import named
from desktop.ui.office.common import OfficePage, fit_columns, make_table, message_text
from desktop.ui.office.table import Column, Row, RowsModel
from desktop.ui.widgets.field_label import LabelBeside, PageTitle

COMPLETE_BG = QColor("#d8f0dc")
MISSING_BG = QColor("#fbe3c8")


def _missing(row: Row) -> str:
    """What is missing, joined as the language writes clauses ("A; B", "A；B", "A᠂ B")."""
    return message_text(joined(row["missing"])) if row["missing"] else ""


def _tip(row: Row) -> str | None:
    """The whole of what is missing, as rich text so the tooltip wraps (never off screen)."""
    text = _missing(row)
    return f"<p>{html.escape(text)}</p>" if text else None


class ReportsModel(RowsModel):
    def __init__(self, panel: ReviewReportsPanel, parent: QObject | None = None) -> None:
        self._panel = panel
        super().__init__([
            Column("applicant", N_("Applicant"), lambda r: r["ref"],
                   tooltip=lambda r: f"{r['ref']} {r['name']}"),
            Column("stage", N_("Stage"), lambda r: named(r["stage"])),
            Column("complete", N_("Report"),
                   lambda r: _("complete") if r["complete"] else _("incomplete"),
                   background=lambda r: COMPLETE_BG if r["complete"] else MISSING_BG),
            Column("missing", N_("What is missing"), _missing, tooltip=_tip),
        ], parent)

    def retranslate(self) -> None:  # the page retranslates every table's model
        super().retranslate()
        self._panel.retranslate()


class ReviewReportsPanel(QWidget):
    """Per applicant and stage: the review report complete, or what is missing. Its title
    stands above the table, or at its left running top to bottom in Mongolian."""

    # the reports' status follows the teams' findings, the held consensus, the applicants and
    # (on site) the site-visit issues the packages issued gave the reviewers
    WATCHES = OfficeChanges(applicants=True, settings=True, bundles=True, findings=True,
                            people=True, consensus=True, packages=True)

    def __init__(self, page: OfficePage) -> None:
        super().__init__(page)
        self.page = page
        self.stale = True
        self.model = ReportsModel(self, self)
        self.view = make_table(self, self.model, page.ctx.fonts)
        self.view.doubleClicked.connect(self._open)
        self.heading = PageTitle("", self, fonts=page.ctx.fonts, scale=1.0, column_height=150)
        box = LabelBeside(self.heading, self.view)
        box.setContentsMargins(0, 0, 0, 0)
        self.setLayout(box)
        page.ctx.session.changed.connect(self.mark_stale)
        page.ctx.session.busy_changed.connect(lambda busy: None if busy else self._shown())
        self.retranslate()

    def mark_stale(self, changes: OfficeChanges = EVERYTHING) -> None:
        if not changes.touches(self.WATCHES):
            return
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
        # what is missing takes the room left (elided; the whole text is its tooltip)
        self.view.horizontalHeader().setSectionResizeMode(
            len(self.model.columns) - 1, QHeaderView.ResizeMode.Stretch)

    def _open(self, index: QModelIndex) -> None:
        show = getattr(self.page, "show_item", None)
        if index.isValid() and callable(show):
            row = self.model.row(index.row())
            show(row["ref"], row["stage_id"])

    def title(self) -> str:
        return self.heading.text()

    def retranslate(self) -> None:
        self.heading.setText(_("Review reports"))
        self.heading.setAccessibleName(_("Review reports"))
        self.setToolTip(_("Per applicant and stage: is the review team's report complete "
                          "(final consensus, a finding for every item, key themes, every "
                          "site-visit issue resolved)? Double-click a row to open it."))
        self.view.setAccessibleName(_("Review reports"))


def beside(page: OfficePage, table: QWidget) -> QLayout:
    """``table`` with the review-reports panel at its right (kept as ``page.review_reports``)."""
    row = QHBoxLayout()
    row.addWidget(table, 1)
    panel = ReviewReportsPanel(page)
    setattr(page, "review_reports", panel)  # noqa: B010 (any page may host it)
    row.addWidget(panel, 1)
    return row


__all__ = ["ReviewReportsPanel", "beside"]


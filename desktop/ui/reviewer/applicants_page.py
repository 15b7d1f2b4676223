"""The applicants of the visit: completeness per stage; open, recuse, give feedback."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.case_types import ApplicantRow
from desktop.ui.fonts import FontSet
from desktop.ui.reviewer.applicants_model import ApplicantsModel
from desktop.ui.widgets.field_label import LabelBeside, PageTitle
from desktop.ui.widgets.vertical_header import VerticalHeaderView


class ApplicantsPage(QWidget):
    open_requested = Signal(str)  # applicant id
    recuse_requested = Signal(str)
    feedback_requested = Signal(str)

    def __init__(self, model: ApplicantsModel, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.heading = PageTitle("", self, fonts=fonts)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableView(self)
        # Mongolian column titles stand vertically, as in every other table
        header = VerticalHeaderView(Qt.Orientation.Horizontal, self.table, fonts=fonts)
        self.table.setHorizontalHeader(header)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_button = QPushButton(self)
        self.open_button.setDefault(True)
        self.recuse_button = QPushButton(self)
        self.feedback_button = QPushButton(self)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.recuse_button, self.feedback_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the left edge in Mongolian, above the page otherwise
        self.setLayout(LabelBeside(self.heading, layout))
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.table.activated.connect(self._activated)
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))
        self.recuse_button.clicked.connect(lambda: self._emit(self.recuse_requested))
        self.feedback_button.clicked.connect(lambda: self._emit(self.feedback_requested))
        model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()
        self._update_buttons()

    def current(self) -> ApplicantRow | None:
        return self.model.applicant(self.table.currentIndex().row())

    def select(self, applicant_id: str) -> None:
        row = self.model.row_of(applicant_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.applicant(index.row())
        if row is not None:
            self.open_requested.emit(row.applicant_id)

    def _emit(self, signal: SignalInstance) -> None:
        row = self.current()
        if row is not None:
            signal.emit(row.applicant_id)

    def _update_buttons(self) -> None:
        row = self.current()
        self.open_button.setEnabled(row is not None)
        self.recuse_button.setEnabled(row is not None and not row.recused)
        self.feedback_button.setEnabled(row is not None)

    def retranslate(self) -> None:
        self.model.retranslate()
        self.heading.setText(_("Applicants of this visit"))
        self.hint.setText(_("Open an applicant to score it. Declare a conflict as soon as you "
                            "know of one: the applicant's scorebook then locks."))
        self.open_button.setText(_("&Open scorebook"))
        self.recuse_button.setText(_("&Declare a conflict…"))
        self.feedback_button.setText(_("Supervision feedbac&k…"))
        for widget, name in ((self.table, _("Applicants")), (self.heading, _("Applicants")),
                             (self.hint, _("Explanation")),
                             (self.open_button, _("Open scorebook")),
                             (self.recuse_button, _("Declare a conflict")),
                             (self.feedback_button, _("Supervision feedback"))):
            widget.setAccessibleName(name)
        self._update_buttons()

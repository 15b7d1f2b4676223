"""The applicants of the visit: per-stage completeness, and a visible lock for recused ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.scoring import FormKind
from desktop.i18n import _
from desktop.services.case_types import ApplicantRow, StageInfo
from desktop.ui.names import bilingual

ModelIndex = QModelIndex | QPersistentModelIndex
APPLICANT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
RECUSED_ROLE = Qt.ItemDataRole.UserRole + 11
_LOCKED_BG = QColor("#e6e6e6")
_LOCKED_FG = QColor("#6b0000")


class ApplicantsModel(QAbstractTableModel):
    """Columns: name, one per stage (scored/23 or the panel score), status. The applicant's id
    (a UUID in a real cycle) is no place for a person to read: only in the name's tooltip."""

    def __init__(self, items_per_applicant: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items = items_per_applicant
        self._stages: list[StageInfo] = []
        self._rows: list[ApplicantRow] = []

    def set_data(self, stages: list[StageInfo], rows: list[ApplicantRow]) -> None:
        self.beginResetModel()
        self._stages = [s for s in stages if s.form is not FormKind.NONE]
        self._rows = list(rows)
        self.endResetModel()

    def applicant(self, row: int) -> ApplicantRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, applicant_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.applicant_id == applicant_id:
                return i
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self._stages)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return _("Applicant")
        if section == 1 + len(self._stages):
            return _("Status")
        stage = self._stages[section - 1]
        return bilingual(stage.name_zh, stage.name_en)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _status(self, row: ApplicantRow) -> str:
        if row.recused:
            return _("Locked: you declared a conflict")
        done = all(
            (p.scored >= self._items) if s.form is FormKind.ITEMS else p.panel_score is not None
            for s in self._stages if (p := row.progress.get(s.stage_id)) is not None)
        return _("Complete") if done else _("In progress")

    def _stage_text(self, row: ApplicantRow, stage: StageInfo) -> str:
        progress = row.progress.get(stage.stage_id)
        if progress is None:
            return ""
        if stage.form is FormKind.ITEMS:
            return _("{scored}/{total} scored").format(scored=progress.scored, total=self._items)
        if progress.panel_score is None:
            return _("not set")
        return str(progress.panel_score)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return _("{name} (id {id})").format(name=row.name, id=row.applicant_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return row.name
            if col == 1 + len(self._stages):
                return self._status(row)
            if 1 <= col < 1 + len(self._stages):
                return self._stage_text(row, self._stages[col - 1])
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row.recused:
            return QBrush(_LOCKED_BG)
        if role == Qt.ItemDataRole.ForegroundRole and row.recused:
            return QBrush(_LOCKED_FG)
        if role == APPLICANT_ID_ROLE:
            return row.applicant_id
        if role == RECUSED_ROLE:
            return row.recused
        return None

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))

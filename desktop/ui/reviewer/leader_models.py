"""Table models of the team leader's screens: merge report, divergence, consensus editor."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.consensus import Choice, ItemStats, default_pct
from desktop.domain.criteria import Framework
from desktop.i18n import N_, _, render
from desktop.ui.names import item_name
from desktop.ui.reviewer.team_merge import ReportRow

ModelIndex = QModelIndex | QPersistentModelIndex
_FLAG_BG = QColor("#ffd7d7")
_OUTCOME_BG = {"rejected": QColor("#ffd7d7"), "fork": QColor("#ffe9b3"),
               "stale": QColor("#eeeeee"), "duplicate": QColor("#eeeeee"),
               "new": QColor("#d9f2de"), "updated": QColor("#d9f2de")}
OUTCOME_TEXT = {"new": N_("New"), "updated": N_("Updated"), "duplicate": N_("Duplicate"),
                "stale": N_("Stale"), "fork": N_("Fork"), "rejected": N_("Rejected")}
_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def _count(self) -> int:
        raise NotImplementedError

    def _headers(self) -> list[str]:
        return [_(h) for h in self.headers]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self._headers()
        if orientation == Qt.Orientation.Horizontal and role in _DISPLAY and \
                0 <= section < len(headers):
            return headers[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))


class MergeReportModel(_Table):
    headers = (N_("File"), N_("Reviewer"), N_("Stage"), N_("Revision"), N_("Outcome"),
               N_("Reason"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReportRow] = []

    def _count(self) -> int:
        return len(self.rows)

    def add(self, rows: list[ReportRow]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role in _DISPLAY:
            return [r.file, r.reviewer, r.stage, "" if r.revision is None else str(r.revision),
                    _(OUTCOME_TEXT.get(r.outcome, r.outcome)),
                    "" if r.reason is None else render(r.reason)][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and r.outcome in _OUTCOME_BG:
            return QBrush(_OUTCOME_BG[r.outcome])
        return None


def _pct(value: Decimal | int | None) -> str:
    return "" if value is None else f"{value}%"


class DivergenceModel(_Table):
    """Rows: items. Columns: item, each reviewer's percentage, mean, spread, flag."""

    fixed = (N_("Item"), N_("Name"))
    tail = (N_("Mean"), N_("Spread"), N_("Flag"))

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.reviewers: list[str] = []
        self.stats: dict[str, ItemStats] = {}

    def set_stats(self, reviewers: list[str], stats: dict[str, ItemStats]) -> None:
        self.beginResetModel()
        self.reviewers = sorted(reviewers)
        self.stats = dict(stats)
        self.endResetModel()

    def _count(self) -> int:
        return len(self.framework.items) if self.stats else 0

    def _headers(self) -> list[str]:
        return [_(h) for h in self.fixed] + self.reviewers + [_(h) for h in self.tail]

    def flagged(self) -> list[str]:
        return [k for k, v in self.stats.items() if v.flagged]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count():
            return None
        item = self.framework.items[index.row()]
        st = self.stats.get(item.id)
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole and st is not None and st.flagged:
            return QBrush(_FLAG_BG)
        if role not in _DISPLAY:
            return None
        n = len(self.reviewers)
        if col == 0:
            return item.id
        if col == 1:
            return item_name(item)
        if 2 <= col < 2 + n:
            pcts = dict(st.pcts) if st else {}
            return _pct(pcts.get(self.reviewers[col - 2]))
        if st is None:
            return ""
        return {2 + n: _pct(st.mean_pct),
                3 + n: "" if st.spread_pct is None else str(st.spread_pct),
                4 + n: _("Discuss") if st.flagged else ""}.get(col)


class ConsensusModel(_Table):
    """Rows: items. Columns: item, default (mean rounded to the step), consensus %, rationale,
    flagged. The consensus percentage and the rationale are editable."""

    headers = (N_("Item"), N_("Default"), N_("Consensus %"), N_("Rationale"), N_("Flagged"))
    PCT, RATIONALE = 2, 3

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.stats: dict[str, ItemStats] = {}
        self.pcts: dict[str, str] = {}
        self.rationales: dict[str, str] = {}

    def set_stats(self, stats: dict[str, ItemStats]) -> None:
        self.beginResetModel()
        self.stats = dict(stats)
        self.pcts = {}
        self.rationales = {}
        self.endResetModel()

    def _count(self) -> int:
        return len(self.framework.items) if self.stats else 0

    def default(self, item_id: str) -> int | None:
        st = self.stats.get(item_id)
        if st is None or st.mean_pct is None:
            return None
        return default_pct(st.mean_pct, self.framework.step_pct)

    def choices(self) -> dict[str, Choice]:
        out = {}
        for it in self.framework.items:
            pct = self.pcts.get(it.id, "").strip()
            out[it.id] = Choice(pct or None, self.rationales.get(it.id, ""))
        return out

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (self.PCT, self.RATIONALE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count():
            return None
        item = self.framework.items[index.row()]
        st = self.stats.get(item.id)
        flagged = bool(st and st.flagged)
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole and flagged and \
                not self.rationales.get(item.id, "").strip():
            return QBrush(_FLAG_BG)
        if role == Qt.ItemDataRole.EditRole:
            if col == self.PCT:
                return self.pcts.get(item.id, "")
            if col == self.RATIONALE:
                return self.rationales.get(item.id, "")
        if role not in _DISPLAY and role != Qt.ItemDataRole.EditRole:
            return None
        if col == 0:
            return f"{item.id} {item_name(item)}"
        if col == 1:
            return _pct(self.default(item.id))
        if col == self.PCT:
            typed = self.pcts.get(item.id, "")
            return f"{typed}%" if typed else _pct(self.default(item.id))
        if col == self.RATIONALE:
            return self.rationales.get(item.id, "")
        return _("Rationale needed") if flagged else ""

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                index.column() not in (self.PCT, self.RATIONALE):
            return False
        item_id = self.framework.items[index.row()].id
        text = "" if value is None else str(value)
        if index.column() == self.PCT:
            self.pcts[item_id] = text.strip().rstrip("%")
        else:
            self.rationales[item_id] = text
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        return True

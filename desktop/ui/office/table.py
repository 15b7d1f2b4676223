"""A read-mostly table model over a list of rows, with columns described once.

A row is a service's typed result (a frozen dataclass: a column reads its attribute) or a dict
the window built itself (a column reads its key). Each ``Column`` names the attribute or key,
its English header (marked with ``N_``, translated when shown), how a row is displayed, and
optionally its background, tooltip and sort value. ``RowsModel.set_rows``
replaces the rows; ``update_rows`` keeps the row identities and signals only the rows that
changed, so a view repaints what it must (the ranking edit path).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.i18n import _

Row = Any  # a typed result (read by attribute) or a dict the window built (read by key)
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_UNUSED = frozenset(int(r) for r in (  # asked at every paint; never answered here
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.SizeHintRole))


_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


def _brush(colour: QColor | None) -> QBrush | None:
    return None if colour is None else QBrush(colour)


def value_of(row: Row, name: str) -> Any:
    """A row's value: a dict's key, a typed result's attribute (None when it has neither)."""
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


def text_of(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source, marked with N_
    display: Callable[[Row], str] | None = None
    background: Callable[[Row], QColor | None] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    align_right: bool = False
    editable: Callable[[Row], bool] | None = None
    header: Callable[[], str] | None = None  # a header named by data (a stage), not the catalog

    def header_text(self) -> str:
        return self.header() if self.header is not None else _(self.title)

    def text(self, row: Row) -> str:
        return self.display(row) if self.display else text_of(value_of(row, self.key))


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None,
                 key: str | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._key = key  # the field identifying a row across updates
        self._cache: dict[int, tuple[list[str], list[QBrush | None]]] = {}

    # --- content --------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def set_rows(self, rows: Sequence[Row]) -> None:
        """The rows: a service's typed results (read by attribute) or dicts (read by key)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._cache.clear()
        self.endResetModel()

    def update_rows(self, rows: Sequence[Row]) -> None:
        """Replace the rows; when their keys are unchanged, signal only the changed rows."""
        new = list(rows)
        key = self._key
        same = key is not None and len(new) == len(self._rows) and all(
            value_of(a, key) == value_of(b, key) for a, b in zip(self._rows, new, strict=True))
        if not same:
            self.set_rows(new)
            return
        old, self._rows = self._rows, new
        last = self.columnCount() - 1
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                self._cache.pop(i, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))

    def row_changed(self, r: int) -> None:
        """A row's dict was changed in place (an edit): show it again."""
        self._cache.pop(r, None)
        self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1))

    def retranslate(self) -> None:
        self._cache.clear()
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))

    # --- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].header_text()
            return None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = self.columns[index.column()]
        if column.editable is not None and column.editable(self._rows[index.row()]):
            return _EDITABLE
        return _READ_ONLY

    def _cached(self, r: int) -> tuple[list[str], list[QBrush | None]]:
        """The row's display texts and backgrounds, computed once per content change (a view
        asks for them at every paint)."""
        hit = self._cache.get(r)
        if hit is None:
            row = self._rows[r]
            texts = [c.text(row) for c in self.columns]
            brushes = [None if c.background is None else _brush(c.background(row))
                       for c in self.columns]
            hit = self._cache[r] = (texts, brushes)
        return hit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows)) or not (0 <= c < len(self.columns)) or \
                not index.isValid():
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._cached(r)[0][c]
        if role == _BACKGROUND:
            return self._cached(r)[1][c]
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[c].align_right else None
        if role in _UNUSED:
            return None
        row = self._rows[r]
        column = self.columns[c]
        if role == Qt.ItemDataRole.EditRole:
            value = value_of(row, column.key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return value_of(row, column.key)
        return self.extra_data(row, column, role)

    def extra_data(self, row: Row, column: Column, role: int) -> Any:
        """Subclasses add roles here."""
        return None

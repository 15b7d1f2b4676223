"""A table model over one scorebook: the 23 items grouped by category with subtotal rows.

Rows: each category's items, then that category's subtotal; a grand total row last. Columns:
item id, name (in the UI language), points, percentage (editable), score, band. Every edit goes
to a ``ScoreSink`` (the services layer, or ``InMemoryScoreSink``), which re-checks the rules
and returns the item as saved with the sheet's derived scores (``SheetUpdate``): the model
applies them without reading the sheet again. Over the case file the core records the edit for
undo (``records_undo``; ``UndoController.record``); the in-memory sink's edits are undone by a
pair of calls. A refused value leaves the model unchanged and emits ``edit_refused`` with the
core's message, translated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from desktop.domain.criteria import Category, Framework, Item
from desktop.domain.errors import ScorebookError
from desktop.domain.scoring import ItemEntry, Scorebook, parse_pct
from desktop.i18n import N_, _, render
from desktop.services.changes import CaseChanges, Changed, SheetUpdate
from desktop.ui.names import category_name, item_name
from desktop.ui.undo import UndoController

ModelIndex = QModelIndex | QPersistentModelIndex


class ScoreSink(Protocol):
    """Where edits are committed; the services layer implements it over the case file."""

    def scorebook(self, applicant: str, stage: str) -> Scorebook: ...

    def set_pct(self, applicant: str, stage: str, item: str,
                pct: int | None) -> Changed[SheetUpdate]: ...

    def set_comments(self, applicant: str, stage: str, item: str, strengths: str,
                     improvements: str) -> Changed[SheetUpdate]: ...


class InMemoryScoreSink:
    """The in-memory backend: scorebooks kept in a dict, rules checked by the domain."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._books: dict[tuple[str, str], Scorebook] = {}

    def _book(self, applicant: str, stage: str) -> Scorebook:
        key = (applicant, stage)
        if key not in self._books:
            self._books[key] = Scorebook(self.framework, applicant, stage)
        return self._books[key]

    def scorebook(self, applicant: str, stage: str) -> Scorebook:
        book = self._book(applicant, stage)
        return replace(book, entries=dict(book.entries))  # a snapshot, as a service returns

    records_undo = False  # undone by a pair of calls (``UndoController.perform``)

    def set_pct(self, applicant: str, stage: str, item: str,
                pct: int | None) -> Changed[SheetUpdate]:
        self._book(applicant, stage).set_pct(item, pct)
        return self._update(applicant, stage, item)

    def set_comments(self, applicant: str, stage: str, item: str, strengths: str,
                     improvements: str) -> Changed[SheetUpdate]:
        self._book(applicant, stage).set_comments(item, strengths, improvements)
        return self._update(applicant, stage, item)

    def _update(self, applicant: str, stage: str, item: str) -> Changed[SheetUpdate]:
        book = self._book(applicant, stage)
        return Changed(SheetUpdate(applicant, stage, book.entry(item), (), book.summary()),
                       CaseChanges(scores=True, comments=True, applicant_id=applicant,
                                   stage_id=stage))


class Col(IntEnum):
    ID = 0
    NAME = 1
    POINTS = 2
    PCT = 3
    SCORE = 4
    BAND = 5


HEADERS = {
    Col.ID: N_("Item"),
    Col.NAME: N_("Name"),
    Col.POINTS: N_("Points"),
    Col.PCT: N_("Percentage"),
    Col.SCORE: N_("Score"),
    Col.BAND: N_("Band"),
}


class RowKind(IntEnum):
    ITEM = 0
    SUBTOTAL = 1
    TOTAL = 2


@dataclass(frozen=True)
class Row:
    kind: RowKind
    item: Item | None = None
    category: Category | None = None


ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _rows(framework: Framework) -> tuple[Row, ...]:
    rows: list[Row] = []
    for category in framework.categories:
        rows.extend(Row(RowKind.ITEM, item=it) for it in framework.items_of(category.id))
        rows.append(Row(RowKind.SUBTOTAL, category=category))
    rows.append(Row(RowKind.TOTAL))
    return tuple(rows)


class ScorebookModel(QAbstractTableModel):
    edit_refused = Signal(str)  # the core's message, translated
    committed = Signal()  # an edit reached the sink (autosaved)
    total_changed = Signal(str)  # the live total, formatted

    def __init__(self, sink: ScoreSink, applicant: str, stage: str, *,
                 undo: UndoController | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = sink
        self._applicant = applicant
        self._stage = stage
        self._undo = undo
        self._book = sink.scorebook(applicant, stage)
        self._summary = self._book.summary()
        self._rows = _rows(self._book.framework)
        self._row_of_item = {r.item.id: i for i, r in enumerate(self._rows) if r.item}

    # --- reading --------------------------------------------------------------------------------
    @property
    def framework(self) -> Framework:
        return self._book.framework

    @property
    def scorebook(self) -> Scorebook:
        return self._book

    def total(self) -> Decimal:
        return self._summary.total

    def total_text(self) -> str:
        return _("Total {total} of {max}").format(total=self._summary.total,
                                                 max=self._summary.max_total)

    def entry(self, item_id: str) -> ItemEntry:
        return self._book.entry(item_id)

    def row_kind(self, row: int) -> RowKind:
        return self._rows[row].kind

    def item_at(self, row: int) -> Item | None:
        return self._rows[row].item if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: str) -> int:
        return self._row_of_item[item_id]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Col) and \
                role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(HEADERS[Col(section)])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Col.PCT and self._rows[index.row()].kind is RowKind.ITEM:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole:
            if row.item is not None and col is Col.PCT:
                pct = self._book.entry(row.item.id).pct
                return "" if pct is None else str(pct)
            return self._display(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if col in (Col.ID, Col.NAME) else _RIGHT
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.ITEM:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == ROW_KIND_ROLE:
            return int(row.kind)
        if role == ITEM_ID_ROLE:
            return row.item.id if row.item else None
        return None

    def _display(self, row: Row, col: Col) -> str:
        s = self._summary
        if row.kind is RowKind.ITEM and row.item is not None:
            item = row.item
            pct = self._book.entry(item.id).pct
            return {
                Col.ID: item.id,
                Col.NAME: item_name(item),
                Col.POINTS: str(item.points),
                Col.PCT: "" if pct is None else f"{pct}%",
                Col.SCORE: str(s.item_scores.get(item.id, "")),
                Col.BAND: str(s.bands.get(item.id, "")),
            }[col]
        if row.kind is RowKind.SUBTOTAL and row.category is not None:
            cat = row.category
            return {
                Col.ID: cat.id,
                Col.NAME: _("Subtotal: {category}").format(category=category_name(cat)),
                Col.POINTS: str(cat.points),
                Col.PCT: "",
                Col.SCORE: str(s.category_subtotals[cat.id]),
                Col.BAND: "",
            }[col]
        return {Col.NAME: _("Total"), Col.POINTS: str(s.max_total),
                Col.SCORE: str(s.total)}.get(col, "")

    def _tooltip(self, row: Row, col: Col) -> str | None:
        if row.item is not None and col is Col.BAND:
            band = self._book.band(row.item.id)
            if band is not None:
                return _("Band {band}: {low}–{high}%").format(band=band.number,
                                                             low=band.min_pct,
                                                             high=band.max_pct)
        if row.kind is RowKind.TOTAL and self._summary.missing:
            return _("{count} items not scored yet").format(count=len(self._summary.missing))
        if col is Col.NAME and row.item is not None:
            return item_name(row.item)
        return None

    # --- editing --------------------------------------------------------------------------------
    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        item = self._rows[index.row()].item
        assert item is not None
        return self.set_pct(item.id, value)

    def set_pct(self, item_id: str, value: object) -> bool:
        """Parse and commit a percentage; False (and ``edit_refused``) when the core refuses."""
        text = "" if value is None else str(value).strip()
        try:
            pct = None if text == "" else parse_pct(self.framework, text)
            old = self._book.entry(item_id).pct
            if pct == old:
                return True
            self._commit(
                _("Score {item}").format(item=item_id),
                lambda: self._sink.set_pct(self._applicant, self._stage, item_id, pct),
                lambda: self._sink.set_pct(self._applicant, self._stage, item_id, old),
            )
        except ScorebookError as error:
            self.edit_refused.emit(render(error.message))
            return False
        return True

    def step(self, item_id: str, steps: int) -> bool:
        """Move a percentage by whole steps of the framework (5), kept within 0–100."""
        pct = self._book.entry(item_id).pct
        step = self.framework.step_pct
        base = pct if pct is not None else (0 if steps > 0 else step)  # unscored: 0 ± step
        new = base + step * steps
        return self.set_pct(item_id, max(0, min(100, new)))

    def set_comments(self, item_id: str, strengths: str, improvements: str) -> bool:
        entry = self._book.entry(item_id)
        if (entry.strengths, entry.improvements) == (strengths, improvements):
            return True
        old = (entry.strengths, entry.improvements)
        try:
            self._commit(
                _("Comments on {item}").format(item=item_id),
                lambda: self._sink.set_comments(self._applicant, self._stage, item_id,
                                                strengths, improvements),
                lambda: self._sink.set_comments(self._applicant, self._stage, item_id, *old),
            )
        except ScorebookError as error:
            self.edit_refused.emit(render(error.message))
            return False
        return True

    def _commit(self, text: str, do: Any, undo: Any) -> None:
        def apply(fn: Any) -> None:
            done: Changed[SheetUpdate] = fn()
            self.apply_update(done.result)
            self.committed.emit()

        if self._undo is None:
            apply(do)
        elif getattr(self._sink, "records_undo", False):
            done: Changed[SheetUpdate] = do()  # the core recorded it: its undo is the core's
            self.apply_update(done.result)
            self.committed.emit()
            self._undo.record(done)
        else:
            self._undo.perform(text, lambda: apply(do), lambda: apply(undo))

    def apply_update(self, update: SheetUpdate) -> None:
        """Show an edit's outcome: the item as saved and the derived scores the core returned
        (no read of the sheet)."""
        self._book.entries[update.entry.item_id] = update.entry
        self._summary = update.summary
        self._changed_rows(update.entry.item_id)

    def _changed_rows(self, item_id: str) -> None:
        row = self._row_of_item.get(item_id)
        if row is None:
            return
        self.dataChanged.emit(self.index(row, Col.PCT), self.index(row, Col.BAND))
        item = self._rows[row].item
        category = None if item is None else item.category
        for i, r in enumerate(self._rows):
            if r.kind is RowKind.TOTAL or (r.kind is RowKind.SUBTOTAL and r.category is not None
                                           and r.category.id == category):
                self.dataChanged.emit(self.index(i, Col.PCT), self.index(i, Col.BAND))
        self.total_changed.emit(self.total_text())

    def show_undone(self) -> None:
        """An undo or a redo changed this sheet in the case file: read it and say so."""
        self.reload()
        self.committed.emit()

    def reload(self) -> None:
        """Re-read the scorebook from the sink and refresh the derived columns."""
        self._book = self._sink.scorebook(self._applicant, self._stage)
        self._summary = self._book.summary()
        last = len(self._rows) - 1
        self.dataChanged.emit(self.index(0, Col.PCT), self.index(last, Col.BAND))
        self.total_changed.emit(self.total_text())

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Col) - 1)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(Col) - 1))
        self.total_changed.emit(self.total_text())

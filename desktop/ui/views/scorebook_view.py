"""The scorebook screen: the item table (keyboard-only entry) and a side panel for the current
item: its band descriptors, and the strengths and improvements comments.

Keys in the table: type a number and Enter (the cursor then moves to the next item; a value the
core refuses stays in the item's editor, selected for correction, with the reason beside the
item; Escape leaves the item as it was); arrow keys move between
items (subtotal rows are skipped); + / - or PageUp / PageDown step by the framework's step; Delete
clears a percentage.

Comments are saved while typing, ``COMMENT_SAVE_MS`` after the last change (the timer restarts on
each one), and at once on focus out or moving to another item: a crash loses at most the last
moment, and each save is one undo step (not one per key). Undoing one puts the saved text back
into the editor.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.models.scorebook_model import Col, RowKind, ScorebookModel
from desktop.ui.names import bilingual, descriptor_text, item_name
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, LabelForm, PageTitle
from desktop.ui.widgets.vertical_header import VerticalHeaderView

_STEP_UP = {Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_PageUp}
_STEP_DOWN = {Qt.Key.Key_Minus, Qt.Key.Key_PageDown}
_DIGITS = {getattr(Qt.Key, f"Key_{n}") for n in range(10)}
COMMENT_SAVE_MS = 800  # a comment is saved this long after the typing pauses


class PercentDelegate(QStyledItemDelegate):
    """A plain line editor: the core validates, so no validator second-guesses it."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(5)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setAccessibleName(_("Percentage"))
        return editor


class ScorebookTable(QTableView):
    refusal_dismissed = Signal()  # Escape left a refused value: the item stays as it was

    def __init__(self, model: ScorebookModel, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(VerticalHeaderView(Qt.Orientation.Horizontal, self,
                                                    fonts=fonts))
        self.setModel(model)
        self._model = model
        self._refused = False  # the value the editor committed was refused by the core
        self._typed = ""  # what the editor held when it was committed
        self._typed_row = -1
        self.refusals = 0  # values refused from the editor so far (tests wait on it)
        self.refusal = QLabel(self.viewport())  # the reason, beside the refused item
        self.refusal.setObjectName("RefusalNote")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("QLabel#RefusalNote { background: #fff0f0; color: #b00020; "
                                   "border: 1px solid #b00020; padding: 4px; }")
        self.refusal.hide()
        model.edit_refused.connect(self._edit_refused)
        model.committed.connect(self.refusal.hide)
        self.setItemDelegateForColumn(Col.PCT, PercentDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        self.setCurrentIndex(model.index(0, Col.PCT))

    def current_item_id(self) -> str | None:
        item = self._model.item_at(self.currentIndex().row())
        return item.id if item else None

    def _is_item_row(self, row: int) -> bool:
        return 0 <= row < self._model.rowCount() and \
            self._model.row_kind(row) is RowKind.ITEM

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        target = super().moveCursor(cursorAction, modifiers)
        up = QAbstractItemView.CursorAction
        if cursorAction in (up.MoveDown, up.MoveUp, up.MoveNext, up.MovePrevious) and \
                target.isValid() and not self._is_item_row(target.row()):
            delta = 1 if cursorAction in (up.MoveDown, up.MoveNext) else -1
            row = target.row()
            while 0 <= row < self._model.rowCount() and not self._is_item_row(row):
                row += delta
            if not self._is_item_row(row):
                return self.currentIndex()
            return self._model.index(row, target.column())
        return target

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        editing = self.state() == QAbstractItemView.State.EditingState
        row = self.currentIndex().row()
        if not editing and self._is_item_row(row):
            item_id = self.current_item_id()
            assert item_id is not None
            if key in _STEP_UP or key in _STEP_DOWN:
                self._model.step(item_id, 1 if key in _STEP_UP else -1)
                event.accept()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._model.set_pct(item_id, None)
                event.accept()
                return
            if key in _DIGITS and self.currentIndex().column() != Col.PCT:
                self.setCurrentIndex(self._model.index(row, Col.PCT))
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit(self._model.index(row, Col.PCT))
                event.accept()
                return
        super().keyPressEvent(event)

    def _edit_refused(self, message: str) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            self._refused = True
            self.refusal.setText(message)

    def commitData(self, editor: QWidget) -> None:
        self._refused = False
        self._typed = editor.text() if isinstance(editor, QLineEdit) else ""
        self._typed_row = self.currentIndex().row()
        super().commitData(editor)

    def show_refusal(self) -> None:
        """The reason, in a box beside the item's percentage (below it when there is no room
        on the right)."""
        rect = self.visualRect(self._model.index(self.currentIndex().row(), Col.PCT))
        room = self.viewport().width() - rect.right() - 8
        width = max(160, min(360, room if room >= 160 else self.viewport().width() - 8))
        self.refusal.setFixedWidth(width)
        self.refusal.adjustSize()
        if room >= 160:
            x, y = rect.right() + 4, rect.top()
        else:
            x, y = max(0, rect.right() - width), rect.bottom() + 2
        y = max(0, min(y, self.viewport().height() - self.refusal.height()))
        self.refusal.move(x, y)
        self.refusal.show()
        self.refusal.raise_()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        refused, self._refused = self._refused, False
        super().closeEditor(editor, hint)
        if refused and self.currentIndex().row() == self._typed_row:
            # stay on the item: the value typed comes back, selected, to be corrected
            self.refusals += 1
            self.scrollTo(self.currentIndex())
            index = self._model.index(self._typed_row, Col.PCT)
            self.setCurrentIndex(index)
            self.edit(index)
            again = self.indexWidget(index) or self.focusWidget()
            if isinstance(again, QLineEdit):
                again.setText(self._typed)
                again.selectAll()
            self.show_refusal()
            return
        if refused:  # moved away meanwhile: the reason stays shown, the item is unchanged
            self.refusals += 1
            return
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache and \
                self.refusal.isVisible():  # Escape after a refusal
            self.refusal.hide()
            self.refusal_dismissed.emit()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: next item
            row = self.currentIndex().row() + 1
            while row < self._model.rowCount() and not self._is_item_row(row):
                row += 1
            if row < self._model.rowCount():
                self.setCurrentIndex(self._model.index(row, Col.PCT))


class ScorebookView(QWidget):
    """Table on the left, the current item's descriptors and comments on the right."""

    comments_pending = Signal()  # a comment changed on screen; saved after a short pause

    def __init__(self, model: ScorebookModel, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = ScorebookTable(model, self, fonts=fonts)
        self._item_id: str | None = None

        self.total_label = QLabel(self)
        self.message_label = QLabel(self)  # the core's refusal, shown inline
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        # the current item's title heads its band descriptors (at their left in Mongolian)
        self.item_title = PageTitle("", self, fonts=fonts, scale=1.0, column_height=300)
        self.item_title.setWordWrap(True)
        self.item_title.setTextFormat(Qt.TextFormat.PlainText)
        self.bands_label = QLabel(self)
        self.bands_label.setWordWrap(True)
        self.bands_label.setTextFormat(Qt.TextFormat.RichText)
        self.bands_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.strengths = QPlainTextEdit(self)
        self.improvements = QPlainTextEdit(self)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(COMMENT_SAVE_MS)
        self.save_timer.timeout.connect(self.commit_comments)
        for editor in (self.strengths, self.improvements):
            editor.setTabChangesFocus(True)
            editor.installEventFilter(self)
            editor.textChanged.connect(self._comment_typed)
        # above the comment boxes; left of them, standing vertical, in Mongolian
        self.strengths_label = FieldLabel("", self.strengths, self, fonts=fonts)
        self.improvements_label = FieldLabel("", self.improvements, self, fonts=fonts)

        bands_scroll = QScrollArea(self)
        bands_scroll.setWidgetResizable(True)
        bands_scroll.setWidget(self.bands_label)
        self._bands_scroll = bands_scroll
        side = QWidget(self)
        form = LabelForm(above=True)
        form.add_row(self.strengths_label, self.strengths)
        form.add_row(self.improvements_label, self.improvements)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(LabelBeside(self.item_title, bands_scroll), 3)
        side_layout.addLayout(form, 2)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.total_label)
        left_layout.addLayout(bottom)

        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        model.total_changed.connect(self.total_label.setText)
        model.edit_refused.connect(self.message_label.setText)
        self.table.refusal_dismissed.connect(self.message_label.clear)
        model.committed.connect(self._edit_committed)
        model.dataChanged.connect(self._refresh_side)
        model.dataChanged.connect(self._show_saved_comments)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_changed)
        selection.currentRowChanged.connect(lambda *_a: self.table.refusal.hide())
        self.retranslate()
        self._current_changed(self.table.currentIndex(), QModelIndex())

    # --- behaviour ------------------------------------------------------------------------------
    def _edit_committed(self) -> None:
        self.message_label.clear()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.commit_comments()
        item = self.model.item_at(current.row())
        self._item_id = item.id if item else None
        entry = self.model.entry(item.id) if item else None
        for editor, text in ((self.strengths, entry.strengths if entry else ""),
                             (self.improvements, entry.improvements if entry else "")):
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.blockSignals(False)
            editor.setEnabled(item is not None)
        self._refresh_side()

    def _comment_typed(self) -> None:
        if self._item_id is None or self.strengths.isReadOnly():
            return
        self.save_timer.start()  # restarted on each change: one save (one undo step) a pause
        self.comments_pending.emit()

    def _show_saved_comments(self) -> None:
        """After an undo or redo, show the comments as saved (not while typing is pending)."""
        if self._item_id is None or self.save_timer.isActive():
            return
        entry = self.model.entry(self._item_id)
        for editor, text in ((self.strengths, entry.strengths),
                             (self.improvements, entry.improvements)):
            if editor.toPlainText() != text:
                editor.blockSignals(True)
                editor.setPlainText(text)
                editor.blockSignals(False)
                editor.moveCursor(editor.textCursor().MoveOperation.End)

    def commit_comments(self) -> None:
        """Save the comment editors to the current item (a pause in typing, focus out, moving
        away)."""
        self.save_timer.stop()
        if self._item_id is None:
            return
        self.model.set_comments(self._item_id, self.strengths.toPlainText(),
                                self.improvements.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.strengths,
                                                                 self.improvements):
            self.commit_comments()
        return super().eventFilter(watched, event)

    def _refresh_side(self) -> None:
        item_id = self._item_id
        if item_id is None:
            self.item_title.setText(_("Select an item to see its band descriptors"))
            self.bands_label.clear()
            return
        framework = self.model.framework
        item = framework.item(item_id)
        self.item_title.setText(f"{item.id} {item_name(item)}")
        band = self.model.scorebook.band(item_id)
        dims_zh, dims_en = framework.dimensions[item.kind]
        parts = [f"<p><i>{html.escape(bilingual(dims_zh, dims_en))}</i></p>"]
        for b in framework.bands:
            text = html.escape(descriptor_text(framework.descriptor(item.kind, b.number)))
            head = html.escape(_("Band {band} ({low}–{high}%)").format(
                band=b.number, low=b.min_pct, high=b.max_pct))
            if band is not None and band.number == b.number:
                parts.append(f"<p style='background:#fff3c4'><b>▶ {head}</b><br>{text}</p>")
            else:
                parts.append(f"<p><b>{head}</b><br>{text}</p>")
        self.bands_label.setText("".join(parts))
        self.bands_label.setAccessibleDescription(
            _("Current band: {band}").format(band=band.number if band else "–"))

    def retranslate(self) -> None:
        self.model.retranslate()
        self.total_label.setText(self.model.total_text())
        self.strengths_label.setText(_("&Strengths"))
        self.improvements_label.setText(_("&Improvements"))
        self.table.setAccessibleName(_("Scorebook items"))
        self.strengths.setAccessibleName(_("Strengths"))
        self.improvements.setAccessibleName(_("Improvements"))
        self.bands_label.setAccessibleName(_("Band descriptors"))
        self._bands_scroll.setAccessibleName(_("Band descriptors"))
        self.total_label.setAccessibleName(_("Total score"))
        self.message_label.setAccessibleName(_("Message"))
        self.item_title.setAccessibleName(_("Current item"))
        self._refresh_side()

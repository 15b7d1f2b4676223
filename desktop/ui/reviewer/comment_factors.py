"""Under an item's comment boxes: the scoring factors of the item's kind as toggle buttons, the
scoring guidance's warning, and a compact read-back of the comments.

Each line of a comment box is one comment (``desktop.domain.findings``). A factor button sets
the tag (``【方法·展开】``) of the line where the cursor is, in the box last used — the edit is
typed into the box, so it is saved (and undone) like any typing. The buttons show the factors
of that line. The warning (``balance_warning`` through ``case_findings.comments_for``) is a
hint beside the item, never a dialog: it follows the text on screen and the percentage.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.criteria import Item
from desktop.domain.findings import (
    FACTORS,
    Comment,
    CommentKind,
    Factor,
    comments_of,
    factor_names,
    with_factors,
)
from desktop.i18n import _, current_language, render
from desktop.services import case_findings as cf
from desktop.services.case import CaseSession
from desktop.ui.fonts import FontSet
from desktop.ui.reviewer.materials import from_qt, to_qt
from desktop.ui.views.scorebook_view import ScorebookView

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FACTOR_KEYS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4")  # in a comment box: the n-th factor


def factor_language() -> str:
    """The framework's names to use: the interface's language (zh, mn, else en)."""
    tag = current_language()
    return "zh" if tag.startswith("zh") else "mn" if tag.startswith("mn") else "en"


def factor_label(framework_names: dict[Factor, str], factor: Factor) -> str:
    name = framework_names.get(factor, factor.value)
    return name[:1].upper() + name[1:]


class CommentFactorBar(QWidget):
    """The factor buttons, the warning and the read-back of one scorebook view."""

    def __init__(self, case: CaseSession, view: ScorebookView, applicant_id: str, stage_id: str,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.case, self.view = case, view
        self.applicant_id, self.stage_id = applicant_id, stage_id
        self.fonts = fonts
        self._editor: QPlainTextEdit = view.strengths  # the box the buttons act on
        self._locked = False
        self.caption = QLabel(self)
        self.buttons: dict[Factor, QToolButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.caption)
        for factor in Factor:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the cursor in place
            button.clicked.connect(lambda _on=False, f=factor: self.toggle(f))
            self.buttons[factor] = button
            row.addWidget(button)
        row.addStretch(1)
        self.warning = QLabel()
        self.warning.setObjectName("BalanceWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel#BalanceWarning { background: #fff6d6; color: #7a4a00;"
                                   " border: 1px solid #e0b040; padding: 3px; }")
        self.warning.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.warning.hide()
        self.readback = QLabel()
        self.readback.setWordWrap(True)
        self.readback.setStyleSheet("color: #555;")
        self.readback.setTextFormat(Qt.TextFormat.PlainText)
        self.readback.setMinimumHeight(self.readback.fontMetrics().lineSpacing() * 2 + 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addLayout(row)
        # the warning and the read-back: under the buttons, or where the page has room for them
        # (``place``: under the items table when the labels stand vertical, in Mongolian)
        self.notes = QWidget(parent)
        notes = QVBoxLayout(self.notes)
        notes.setContentsMargins(0, 0, 0, 0)
        notes.setSpacing(3)
        notes.addWidget(self.warning)
        notes.addWidget(self.readback)

        for editor in (view.strengths, view.improvements):
            for n, key in enumerate(FACTOR_KEYS):
                shortcut = QShortcut(QKeySequence(key), editor)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(lambda n=n, e=editor: self._key(e, n))
            editor.installEventFilter(self)
            editor.textChanged.connect(self.refresh)
            editor.cursorPositionChanged.connect(self._show_line_factors)
        view.table.selectionModel().currentRowChanged.connect(lambda *_a: self.refresh())
        view.model.committed.connect(self.refresh)
        view.model.dataChanged.connect(lambda *_a: self.refresh())
        self.retranslate()

    # --- what the bar acts on -------------------------------------------------------------------
    def item(self) -> Item | None:
        item_id = self.view.table.current_item_id()
        return None if item_id is None else self.case.framework.item(item_id)

    def editor(self) -> QPlainTextEdit:
        return self._editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QPlainTextEdit):
            self._editor = watched
            self._show_line_factors()
        return super().eventFilter(watched, event)

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self._enable()

    def _enable(self) -> None:
        item = self.item()
        for factor, button in self.buttons.items():
            button.setVisible(item is not None and factor in FACTORS[item.kind])
            button.setEnabled(item is not None and not self._locked)

    # --- the buttons ----------------------------------------------------------------------------
    def _line(self) -> tuple[QTextCursor, str]:
        cursor = self._editor.textCursor()
        return cursor, cursor.block().text()

    def _line_factors(self, line: str) -> tuple[Factor, ...]:
        found = comments_of(self.case.framework, line, CommentKind.STRENGTH)
        return found[0].factors if found else ()

    def _show_line_factors(self) -> None:
        _cursor, line = self._line()
        on = set(self._line_factors(line))
        for factor, button in self.buttons.items():
            button.setChecked(factor in on)

    def _key(self, editor: QPlainTextEdit, n: int) -> None:
        item = self.item()
        if item is not None and n < len(FACTORS[item.kind]):
            self._editor = editor
            self.toggle(FACTORS[item.kind][n])

    def toggle(self, factor: Factor) -> bool:
        """Add ``factor`` to the tag of the current line of the box last used, or take it out;
        the line is rewritten in the box (saved like typing)."""
        item = self.item()
        editor = self._editor
        if item is None or self._locked or editor.isReadOnly() or not editor.isEnabled():
            return False
        cursor, line = self._line()
        factors = list(self._line_factors(line))
        if factor in factors:
            factors.remove(factor)
        else:
            factors.append(factor)
        new = with_factors(self.case.framework, line, factors, item.kind, factor_language())
        after = len(line) - from_qt(line, cursor.positionInBlock())  # characters after the cursor
        block_start = cursor.block().position()
        edit = QTextCursor(cursor.block())
        edit.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                          QTextCursor.MoveMode.KeepAnchor)
        edit.insertText(new)
        place = QTextCursor(editor.document())
        place.setPosition(block_start + to_qt(new, max(0, len(new) - after)))
        editor.setTextCursor(place)
        editor.setFocus()
        self._show_line_factors()
        return True

    # --- the warning and the read-back ----------------------------------------------------------
    def refresh(self) -> None:
        self._enable()
        self.retranslate_buttons()
        item = self.item()
        if item is None:
            self.warning.hide()
            self.readback.clear()
            return
        pct = self.view.model.entry(item.id).pct
        read = cf.comments_for(self.case, self.applicant_id, self.stage_id, item.id, pct,
                               self.view.strengths.toPlainText(),
                               self.view.improvements.toPlainText())
        if read.warning is None:
            self.warning.hide()
            self.warning.clear()
        else:
            self.warning.setText("⚠ " + render(read.warning))
            self.warning.show()
        names = factor_names(self.case.framework, item.kind, factor_language())
        lines = []
        for heading, comments in ((_("Strengths ({n}): {list}"), read.strengths),
                                  (_("Improvements ({n}): {list}"), read.improvements)):
            if comments:
                lines.append(heading.format(n=len(comments), list=" ".join(
                    self._one(i, c, names) for i, c in enumerate(comments))))
        self.readback.setText("\n".join(lines))  # always shown: the buttons do not move
        self._show_line_factors()

    @staticmethod
    def _one(i: int, c: Comment, names: dict[Factor, str]) -> str:
        number = _CIRCLED[i] if i < len(_CIRCLED) else f"({i + 1})"
        factors = "·".join(factor_label(names, f) for f in c.factors) or "—"
        pages = "" if not c.pages else _(" p. {pages}").format(
            pages=",".join(str(p) for p in c.pages))
        return f"{number}{factors}{pages}"

    def retranslate_buttons(self) -> None:
        item = self.item()
        if item is None:
            return
        names = factor_names(self.case.framework, item.kind, factor_language())
        for factor, button in self.buttons.items():
            if factor in names:
                button.setText(factor_label(names, factor))
                key = QKeySequence(FACTOR_KEYS[FACTORS[item.kind].index(factor)]).toString(
                    QKeySequence.SequenceFormat.NativeText)
                button.setToolTip(_("Tag the comment where the cursor is with this factor "
                                    "(click again to take it off)") + f" ({key})")
                button.setAccessibleName(_("Factor {name}").format(
                    name=factor_label(names, factor)))

    def retranslate(self) -> None:
        self.caption.setText(_("Factors:"))
        self.warning.setAccessibleName(_("Scoring guidance"))
        self.readback.setAccessibleName(_("Comments read back"))
        self.refresh()


def place(bar: CommentFactorBar, view: ScorebookView) -> None:
    """The buttons under the comment boxes; the warning and the read-back under them too, or,
    when the labels stand vertical (Mongolian: the side column has no height to spare), under
    the items table."""
    side, column = side_layout(view) or view.layout(), table_column(view)
    if side is None:
        return
    if side.indexOf(bar) < 0:
        side.addWidget(bar)
    for layout in (side, column):
        if layout is not None and layout.indexOf(bar.notes) >= 0:
            layout.removeWidget(bar.notes)
    if view.strengths_label.is_vertical() and column is not None:
        column.insertWidget(min(2, column.count()), bar.notes)  # after the table and total
    else:
        side.addWidget(bar.notes)


def side_layout(view: ScorebookView) -> QVBoxLayout | None:
    """The layout of the view's side column (the band descriptors and the comment boxes)."""
    side = view.strengths.parentWidget()
    layout = side.layout() if side is not None else None
    return layout if isinstance(layout, QVBoxLayout) else None


def table_column(view: ScorebookView) -> QVBoxLayout | None:
    """The layout of the view's items column (the table and the total)."""
    column = view.table.parentWidget()
    layout = column.layout() if column is not None else None
    return layout if isinstance(layout, QVBoxLayout) else None


__all__ = ["CommentFactorBar", "factor_language", "place", "side_layout", "table_column"]

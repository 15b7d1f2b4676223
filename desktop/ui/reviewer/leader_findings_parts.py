"""Parts of the team leader's findings panel (``leader_findings``): the list of the members'
comments, a list of the team's findings of one kind, the issue board, and the dialog that takes
a finding's text (and a resolution's outcome)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.criteria import Framework
from desktop.domain.findings import FindingKind, Outcome, factor_names
from desktop.i18n import _, current_language
from desktop.i18n.formatting import join_list
from desktop.i18n.mongolian import has_mongolian
from desktop.services.leader_findings import (
    KIND_NAMES,
    OUTCOME_NAMES,
    FindingView,
    IssueBoardRow,
    MemberComment,
)
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside

ID_ROLE = Qt.ItemDataRole.UserRole
#: (parent, title, text, outcome or None for no outcome) -> (text, outcome), None if cancelled
AskText = Callable[[QWidget, str, str, Outcome | None], tuple[str, Outcome | None] | None]


def kind_name(kind: FindingKind) -> str:
    return _(KIND_NAMES[kind])


def outcome_name(outcome: Outcome | None) -> str:
    return "" if outcome is None else _(OUTCOME_NAMES[outcome])


def _language() -> str:
    language = current_language()
    return "zh" if language.startswith("zh") else "mn" if language.startswith("mn") else "en"


class RowDelegate(QStyledItemDelegate):
    """Rows as tall as their text needs: a Mongolian line is taller than the font the view
    measures with (its glyphs come from the bundled Mongolian font), so such rows get room
    for it instead of being cut with "…"."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        text = index.data()
        if isinstance(text, str) and has_mongolian(text):
            line = max(option.fontMetrics.height(), 1)
            size.setHeight(size.height() + (size.height() // line + 1) * line // 3 + 4)
        return size


def _wrapping(widget: QListWidget) -> None:
    widget.setItemDelegate(RowDelegate(widget))
    widget.setWordWrap(True)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setAlternatingRowColors(True)
    widget.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


class CommentList(QListWidget):
    """The members' comments on the item chosen: reviewer, factors, pages, the text. Several
    may be selected (to merge); Enter picks."""

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.comments: list[MemberComment] = []
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _wrapping(self)
        self.act_pick = QAction(self)
        self.act_pick.setShortcuts([QKeySequence(Qt.Key.Key_Return),
                                    QKeySequence(Qt.Key.Key_Enter)])
        self.act_pick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.addAction(self.act_pick)

    def show_comments(self, comments: Sequence[MemberComment]) -> None:
        self.comments = list(comments)
        self.clear()
        for c in self.comments:
            head = [c.reviewer.name, _("Strength") if c.kind.value == "strength"
                    else _("Opportunity for improvement")]
            if c.factors:
                item = self.framework.item(c.item_id)
                names = factor_names(self.framework, item.kind, _language())
                head.append(join_list(names.get(f, f.value) for f in c.factors))
            if c.pages:
                head.append(_("pages {pages}").format(pages=join_list(map(str, c.pages))))
            if c.marks:
                head.append(_("holds a secret passage"))
            row = QListWidgetItem(" · ".join(head) + "\n" + c.body)
            row.setData(ID_ROLE, c.ref)
            row.setToolTip(c.text)
            self.addItem(row)

    def selected(self) -> list[MemberComment]:
        """The comments selected, in the order the list shows them."""
        rows = sorted(self.row(i) for i in self.selectedItems())
        return [self.comments[r] for r in rows]


class FindingList(QListWidget):
    """The team's findings of one kind (for the item chosen, or the applicant's); Delete
    removes the current one."""

    focused = Signal()  # the list took the keyboard focus: the shared buttons act on it

    def __init__(self, kind: FindingKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.views: list[FindingView] = []
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        _wrapping(self)
        self.act_remove = QAction(self)
        self.act_remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.addAction(self.act_remove)

    def show_views(self, views: Sequence[FindingView]) -> None:
        current = self.current_view()
        self.views = [v for v in views if v.kind is self.kind]
        self.clear()
        for n, v in enumerate(self.views, start=1):
            lines = [f"{n}. {v.text}"]
            extra = []
            if v.issue_id:
                extra.append(v.issue_id)
            if v.outcome is not None:
                extra.append(outcome_name(v.outcome))
            if v.sources:
                extra.append(_("from {names}").format(
                    names=join_list(s.name for s in v.sources)))
            if v.marks:
                extra.append(_("holds a secret passage"))
            if extra:
                lines.append("   " + " · ".join(extra))
            row = QListWidgetItem("\n".join(lines))
            row.setData(ID_ROLE, v.id)
            self.addItem(row)
        self.select_id(None if current is None else current.id)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def select_id(self, finding_id: int | None) -> None:
        for r, v in enumerate(self.views):
            if v.id == finding_id:
                self.setCurrentRow(r)
                return

    def current_view(self) -> FindingView | None:
        row = self.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None


class IssueBoard(QListWidget):
    """On site: each site-visit issue the team received, every member's note, the team's
    resolution."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[IssueBoardRow] = []
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        _wrapping(self)

    def show_board(self, rows: Sequence[IssueBoardRow]) -> None:
        current = self.current_row()
        self.rows = list(rows)
        self.clear()
        for b in self.rows:
            lines = [f"{b.issue.issue_id} · {kind_name(b.issue.kind)} · {b.issue.item_id}",
                     b.issue.text]
            lines.extend("   " + _("{reviewer}: {outcome} — {text}").format(
                reviewer=n.reviewer.name, outcome=outcome_name(n.outcome), text=n.text)
                + (" · " + _("holds a secret passage") if n.marks else "") for n in b.notes)
            if not b.notes:
                lines.append("   " + _("No member's note yet"))
            lines.append("   " + (_("Resolution: {outcome} — {text}").format(
                outcome=outcome_name(b.resolution.outcome), text=b.resolution.text)
                if b.resolution is not None else _("Not resolved yet")))
            row = QListWidgetItem("\n".join(lines))
            row.setData(ID_ROLE, b.issue.issue_id)
            self.addItem(row)
        for r, b in enumerate(self.rows):
            if current is not None and b.issue.issue_id == current.issue.issue_id:
                self.setCurrentRow(r)

    def current_row(self) -> IssueBoardRow | None:
        row = self.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None


class FindingTextDialog(QDialog):
    """A finding's text (and for a resolution, its outcome)."""

    def __init__(self, parent: QWidget, title: str, text: str,
                 outcome: Outcome | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editor = QPlainTextEdit(self)
        self.prompt = FieldLabel(_("The finding's text (one finding; it may run over several "
                                   "lines):"), self.editor, self)  # vertical in Mongolian
        self.prompt.setWordWrap(True)
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        self.outcome = QComboBox(self)
        for o in Outcome:
            self.outcome.addItem(outcome_name(o), o.value)
        self.outcome.setVisible(outcome is not None)
        if outcome is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(outcome.value))
        self.outcome.setAccessibleName(_("Outcome"))
        self.editor.setAccessibleName(_("Finding text"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addLayout(LabelBeside(self.prompt, self.editor), 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def value(self) -> tuple[str, Outcome]:
        return self.editor.toPlainText(), Outcome(str(self.outcome.currentData()))


def ask_text(parent: QWidget, title: str, text: str,
             outcome: Outcome | None) -> tuple[str, Outcome | None] | None:
    dialog = FindingTextDialog(parent, title, text, outcome)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    words, chosen = dialog.value()
    return words, chosen if outcome is not None else None


__all__ = ["AskText", "CommentList", "FindingList", "FindingTextDialog", "IssueBoard",
           "ask_text", "kind_name", "outcome_name"]

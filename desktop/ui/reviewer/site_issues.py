"""The site-visit issues of the current item, beside its comments: what the material-review team
asked the on-site team to verify (核实) or clarify (澄清), each with this reviewer's outcome and
note (``case_findings.note_issue``). A note is saved when the outcome is chosen, when the note
box loses the focus, with Ctrl+Enter or the Save button; each save is one undo step. Shown only
for an item that has issues."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.findings import FindingKind, Outcome
from desktop.domain.messages import N_
from desktop.i18n import _, render
from desktop.services import case_edits
from desktop.services import case_findings as cf
from desktop.services.case import CaseSession
from desktop.services.case_findings_types import SiteIssueView
from desktop.ui.fonts import FontSet
from desktop.ui.reviewer.materials import (
    from_qt,
    mark_format,
    quote_format,
    quoted_secret_spans,
    selections,
)
from desktop.ui.undo import UndoController

KIND_TEXT = {FindingKind.VERIFY: N_("Verify"), FindingKind.CLARIFY: N_("Clarify")}
OUTCOME_TEXT = {Outcome.CONFIRMED: N_("Confirmed"), Outcome.NOT_CONFIRMED: N_("Not confirmed"),
                Outcome.CLARIFIED: N_("Clarified"), Outcome.UNRESOLVED: N_("Unresolved")}


class IssueRow(QFrame):
    """One issue: its kind and text, the outcome chooser, the note box and Save."""

    save_requested = Signal(str)  # issue id

    def __init__(self, issue: SiteIssueView, parent: QWidget | None = None,
                 declared: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.issue = issue
        self.declared = declared  # the applicant's declared secrets: a quote is underlined
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = QLabel(self)
        self.kind.setStyleSheet("font-weight: bold; color: white; background: %s; "
                                "padding: 1px 6px; border-radius: 3px;"
                                % ("#1f5fa8" if issue.kind is FindingKind.VERIFY else "#7a3fa0"))
        self.kind.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(issue.text, self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome = QComboBox(self)
        self.outcome.addItem("", None)
        for o in Outcome:
            self.outcome.addItem("", o.value)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        line = self.note.fontMetrics().lineSpacing()
        self.note.setFixedHeight(int(line * 1.7) + 10)
        self.note.installEventFilter(self)
        self.note.textChanged.connect(self.show_marks)
        self.save = QPushButton(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        top.addWidget(self.save, 0, Qt.AlignmentFlag.AlignTop)  # the note box gets the width
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.outcome, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 3)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.save.clicked.connect(lambda: self.save_requested.emit(issue.issue_id))
        self.outcome.activated.connect(lambda _i: self.save_requested.emit(issue.issue_id))
        self.show_saved(issue)
        self.retranslate()

    def show_saved(self, issue: SiteIssueView) -> None:
        self.issue = issue
        index = self.outcome.findData(None if issue.outcome is None else issue.outcome.value)
        self.outcome.setCurrentIndex(max(0, index))
        if self.note.toPlainText() != issue.note:
            self.note.blockSignals(True)
            self.note.setPlainText(issue.note)
            self.note.blockSignals(False)
        self.show_marks()

    def show_marks(self) -> None:
        """The saved secret marks (while the text is as saved) and any quote of a declared
        secret."""
        text = self.note.toPlainText()
        marks = list(self.issue.marks) if text == self.issue.note else []
        self.note.setExtraSelections(
            selections(self.note, text, marks, mark_format())
            + selections(self.note, text, quoted_secret_spans(text, self.declared),
                         quote_format()))

    def quotes_unmarked(self) -> bool:
        """The note quotes a declared secret not marked as secret."""
        text = self.note.toPlainText()
        marks = list(self.issue.marks) if text == self.issue.note else []
        return any(not any(a <= q0 and q1 <= b for a, b in marks)
                   for q0, q1 in quoted_secret_spans(text, self.declared))

    def chosen(self) -> Outcome | None:
        value = self.outcome.currentData()
        return None if value is None else Outcome(str(value))

    def dirty(self) -> bool:
        return (self.chosen() != self.issue.outcome
                or self.note.toPlainText() != self.issue.note)

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.note.textCursor()
        if not cursor.hasSelection():
            return None
        text = self.note.toPlainText()
        return from_qt(text, cursor.selectionStart()), from_qt(text, cursor.selectionEnd())

    def set_locked(self, locked: bool) -> None:
        self.outcome.setEnabled(not locked)
        self.note.setReadOnly(locked)
        self.save.setEnabled(not locked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note:
            if event.type() == QEvent.Type.FocusOut and self.dirty():
                self.save_requested.emit(self.issue.issue_id)
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                        event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.save_requested.emit(self.issue.issue_id)
                    return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.kind.setText(_(KIND_TEXT[self.issue.kind]))
        self.outcome.setItemText(0, _("— outcome —"))
        for i, o in enumerate(Outcome, start=1):
            self.outcome.setItemText(i, _(OUTCOME_TEXT[o]))
        self.note.setPlaceholderText(_("What you found on site"))
        self.save.setText(_("Save"))
        self.save.setAccessibleName(_("Save note"))
        self.save.setToolTip(_("Save note"))
        self.outcome.setAccessibleName(_("Outcome of issue {issue}").format(
            issue=self.issue.issue_id))
        self.note.setAccessibleName(_("Your note on issue {issue}").format(
            issue=self.issue.issue_id))
        self.text.setAccessibleName(_("Site-visit issue"))


class SiteIssuesPanel(QGroupBox):
    """The current item's site-visit issues (hidden when it has none)."""

    saved = Signal()  # a note was committed to the case file
    edited = Signal()  # a note changed on screen
    message = Signal(str)  # a refusal or a hint, for the page's message line

    def __init__(self, case: CaseSession, undo: UndoController, parent: QWidget | None = None,
                 *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.case, self.undo, self.fonts = case, undo, fonts
        self.applicant_id: str | None = None
        self.item_id: str | None = None
        self._locked = False
        self.rows: dict[str, IssueRow] = {}
        self._drafts: dict[str, str] = {}  # notes typed without an outcome (not saved yet)
        self.declared: tuple[str, ...] = ()
        self._inner = QWidget()
        self._rows_layout = QVBoxLayout(self._inner)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self._rows_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._scroll)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_item(self, applicant_id: str | None, item_id: str | None,
                  locked: bool = False) -> None:
        if (applicant_id, item_id, locked) == (self.applicant_id, self.item_id, self._locked):
            self.reload()  # the same item: what is being typed stays
            return
        self._save_pending()
        self.applicant_id, self.item_id, self._locked = applicant_id, item_id, locked
        self._rebuild()

    def _rebuild(self) -> None:
        for issue_id, row in self.rows.items():
            if row.dirty() and row.chosen() is None and row.note.toPlainText().strip():
                self._drafts[issue_id] = row.note.toPlainText()  # kept for when it comes back
                self.message.emit(_("Choose the outcome of the site-visit issue first."))
            else:
                self._drafts.pop(issue_id, None)
            row.hide()
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = {}
        issues: tuple[SiteIssueView, ...] = ()
        if self.applicant_id is not None and self.item_id is not None:
            try:
                issues = cf.site_issues(self.case, self.applicant_id, self.item_id)
            except ScorebookError as error:
                self.message.emit(render(error.message))
        for issue in issues:
            row = IssueRow(issue, self._inner, self.declared)
            row.note.textChanged.connect(self.edited)
            if issue.issue_id in self._drafts and issue.outcome is None:
                row.note.setPlainText(self._drafts[issue.issue_id])
            row.set_locked(self._locked or issue.recused)
            row.save_requested.connect(self.save)
            self._rows_layout.insertWidget(len(self.rows), row)
            self.rows[issue.issue_id] = row
        self.setVisible(bool(issues))
        if issues:
            # all the issues when there is room; at least one (the rest scroll) when there is not
            hint = sum(r.sizeHint().height() + 4 for r in self.rows.values())
            first = next(iter(self.rows.values())).sizeHint().height() + 4
            self._scroll.setMinimumHeight(min(first, 200))
            self._scroll.setMaximumHeight(min(hint, 200))
        self.retranslate()

    def reload(self) -> None:
        """Show the notes as saved (after an undo or redo), keeping what is being typed."""
        for issue_id, row in self.rows.items():
            if row.note.hasFocus() and row.dirty():
                continue
            try:
                row.show_saved(cf.site_issue(self.case, issue_id))
            except ScorebookError:
                continue

    def _save_pending(self) -> None:
        for issue_id, row in list(self.rows.items()):
            if row.dirty() and row.chosen() is not None:
                self.save(issue_id)

    def save(self, issue_id: str) -> bool:
        """Save one issue's outcome and note (one undo step); False if refused or unchanged."""
        row = self.rows.get(issue_id)
        if row is None or self._locked:
            return False
        outcome, note = row.chosen(), row.note.toPlainText()
        clearing = outcome is None and not note.strip() and row.issue.outcome is not None
        if outcome is None and not clearing:
            if note.strip():
                self.message.emit(_("Choose the outcome of the site-visit issue first."))
            return False
        if not row.dirty():
            return False

        try:  # no outcome and no text: the note is taken back
            done = (case_edits.clear_issue_note(self.case, issue_id) if outcome is None
                    else case_edits.note_issue(self.case, issue_id, outcome, note))
        except ScorebookError as error:
            self.message.emit(render(error.message))
            return False
        row.show_saved(done.result)
        self._drafts.pop(issue_id, None)
        self.message.emit(_("Note saved."))
        self.undo.record(done)  # the core's undo; the controller hands the changes on
        return True

    def selected_span(self) -> tuple[str, int, int] | None:
        """(issue id, start, end) of the passage selected in a note box."""
        for issue_id, row in self.rows.items():
            span = row.selected_span()
            if span is not None and span[0] < span[1]:
                return issue_id, *span
        return None

    def mark_secret(self, issue_id: str, start: int, end: int) -> bool:
        row = self.rows.get(issue_id)
        if row is None:
            return False
        if row.dirty() and not self.save(issue_id):
            return False
        try:
            done = case_edits.mark_note_secret(self.case, issue_id, start, end)
        except ScorebookError as error:
            self.message.emit(render(error.message))
            return False
        row.show_saved(done.result)
        self.undo.record(done)
        return True

    def set_declared(self, declared: tuple[str, ...]) -> None:
        self.declared = declared
        for row in self.rows.values():
            row.declared = declared
            row.show_marks()

    def quotes_unmarked(self) -> bool:
        return any(row.quotes_unmarked() for row in self.rows.values())

    def commit_pending(self) -> None:
        self._save_pending()

    def retranslate(self) -> None:
        self.setTitle(_("Site-visit issues ({n})").format(n=len(self.rows)))
        self.setAccessibleName(_("Site-visit issues"))
        for row in self.rows.values():
            row.retranslate()


__all__ = ["IssueRow", "SiteIssuesPanel"]

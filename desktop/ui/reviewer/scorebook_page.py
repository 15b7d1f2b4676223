"""One applicant's scorebook beside its materials; secrets marked and warned about; a lock banner.

The scorebook itself is the shared ``ScorebookView`` over a ``ScorebookModel`` whose sink is the
case file, so every edit is one committed transaction. One view per (applicant, stage) is kept,
so undoing an edit made on another applicant refreshes that applicant's view. The page keeps
no count of its own of what changed: the controller hands it each ``CaseChanges``
(``apply_changes``) and it refreshes the parts named there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.scoring import FormKind
from desktop.i18n import _, render
from desktop.services import case_edits
from desktop.services import case_findings as cf
from desktop.services.case import CaseSession
from desktop.services.case_types import ApplicantRow, RecusalReason, StageInfo
from desktop.services.changes import CaseChanges
from desktop.ui.fonts import FontSet
from desktop.ui.models.scorebook_model import ScorebookModel
from desktop.ui.names import bilingual
from desktop.ui.reviewer.comment_factors import CommentFactorBar, table_column
from desktop.ui.reviewer.comment_factors import place as place_bar
from desktop.ui.reviewer.dialogs import REASON_TEXT
from desktop.ui.reviewer.materials import (
    MaterialsPanel,
    cite_pages,
    from_qt,
    mark_format,
    quote_format,
    quoted_secret_spans,
    selections,
)
from desktop.ui.reviewer.score_sink import CaseScoreSink
from desktop.ui.reviewer.site_issues import SiteIssuesPanel
from desktop.ui.undo import UndoController
from desktop.ui.views.scorebook_view import ScorebookView
from desktop.ui.widgets.field_label import FieldLabel, PageTitle, TitlePlace

FIELDS = ("strengths", "improvements")


class ScorebookPage(QWidget):
    saved = Signal()  # an edit was committed to the case file
    editing = Signal()  # a comment is being typed (saved after a short pause)

    def __init__(self, case: CaseSession, sink: CaseScoreSink, undo: UndoController,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.sink = sink
        self.undo = undo
        self.fonts = fonts
        self.applicant: ApplicantRow | None = None
        self.stage_id: str | None = None
        self._views: dict[tuple[str, str], ScorebookView] = {}
        self._bars: dict[tuple[str, str], CommentFactorBar] = {}
        self._declared: tuple[str, ...] = ()
        self._stages: list[StageInfo] = case.stages()
        self._issue_stages = cf.issue_stages(case)

        self.title = PageTitle("", self, fonts=fonts)
        self.stage = QComboBox(self)
        self.stage_label = FieldLabel("", self.stage, self, fonts=fonts, column_height=70)
        for s in self._stages:
            if s.form is FormKind.ITEMS:
                self.stage.addItem("", s.stage_id)
        # the stage the package was issued for first (a visit's case opens on the site visit)
        self.stage.setCurrentIndex(max(0, self.stage.findData(case.cycle_and_stage()[1])))
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #6b0000; color: white; padding: 6px;"
                                  "font-weight: bold;")
        self.banner.hide()

        self.panel_stages = [s for s in self._stages if s.form is FormKind.PANEL_SCORE]
        self.panel_stage = QComboBox(self)
        for s in self.panel_stages:
            self.panel_stage.addItem("", s.stage_id)
        self.panel_value = QLineEdit(self)
        self.panel_value.setMaximumWidth(90)
        self.panel_save = QPushButton(self)
        self.panel_label = FieldLabel("", self.panel_value, self, fonts=fonts, column_height=70)
        panel_row = QHBoxLayout()
        panel_row.addWidget(self.panel_label)
        panel_row.addWidget(self.panel_stage)
        panel_row.addWidget(self.panel_value)
        panel_row.addWidget(self.panel_save)
        panel_row.addStretch(1)
        for w in (self.panel_label, self.panel_stage, self.panel_value, self.panel_save):
            w.setVisible(bool(self.panel_stages))

        self.views = QStackedWidget(self)
        self.mark_button = QPushButton(self)
        self.secret_warning = QLabel(self)
        self.secret_warning.setWordWrap(True)
        self.secret_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.mark_button)
        secret_row.addWidget(self.secret_warning, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.views, 1)
        # under the items table of the current scorebook (``_show_issues`` moves it there)
        self.issues = SiteIssuesPanel(case, undo, left, fonts=fonts)
        self.issues.saved.connect(self.saved)
        self.issues.message.connect(self.status.setText)
        self.issues.edited.connect(self.refresh_comment_marks)
        left_layout.addWidget(self.issues)
        left_layout.addLayout(secret_row)
        left_layout.addWidget(self.status)
        self.materials = MaterialsPanel(self, fonts=fonts, case=case)
        self.materials.secrets_changed.connect(self._declared_changed)
        self.materials.changed.connect(self.saved)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.materials)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 320])  # the scorebook first; materials at hand

        head = QHBoxLayout()
        head.addStretch(0)
        head.addWidget(self.stage_label)
        head.addWidget(self.stage)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        page = QHBoxLayout(self)
        page.addLayout(layout, 1)
        # the title heads the stage row; in Mongolian it stands at the page's left edge
        self._title_place = TitlePlace(self.title, head, page, stretch=1)
        self._head, self._panel_row = head, panel_row
        self.stage_label.orientation_changed.connect(self._place_stage)
        self._place_stage(self.stage_label.is_vertical())
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addLayout(panel_row)
        layout.addWidget(self.splitter, 1)

        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.mark_button.clicked.connect(self.mark_selection_secret)
        self.panel_save.clicked.connect(self.save_panel_score)
        self.panel_value.returnPressed.connect(self.save_panel_score)
        self.panel_stage.currentIndexChanged.connect(self._show_panel_value)
        self.retranslate()

    def _place_stage(self, vertical: bool) -> None:
        """The stage picker heads the page beside the title; in Mongolian (the title standing
        at the left edge, the labels vertical) it joins the panel-score row: one low row."""
        for w in (self.stage_label, self.stage):
            self._head.removeWidget(w)
            self._panel_row.removeWidget(w)
            (self._panel_row if vertical else self._head).addWidget(w)

    # --- which scorebook ------------------------------------------------------------------------
    def show_applicant(self, row: ApplicantRow) -> None:
        self.applicant = row
        self._declared = self.case.declared_secrets(row.applicant_id)
        self.issues.set_declared(self._declared)
        self.materials.set_materials(self.case.materials(row.applicant_id), self._declared,
                                     applicant_id=row.applicant_id)
        self._stage_changed()
        self._show_panel_value()

    def commit_pending(self) -> None:
        """Save comments still waiting for a pause in typing (before an export or a close)."""
        for view in self._views.values():
            if view.save_timer.isActive():
                view.commit_comments()
        self.issues.commit_pending()

    def current_view(self) -> ScorebookView | None:
        widget = self.views.currentWidget()
        return widget if isinstance(widget, ScorebookView) else None

    def factor_bar(self) -> CommentFactorBar | None:
        """The factor buttons, warning and read-back of the current scorebook."""
        if self.applicant is None or self.stage_id is None:
            return None
        return self._bars.get((self.applicant.applicant_id, self.stage_id))

    def _stage_changed(self) -> None:
        if self.applicant is None or self.stage.currentIndex() < 0:
            return
        self.stage_id = str(self.stage.currentData())
        key = (self.applicant.applicant_id, self.stage_id)
        view = self._views.get(key)
        if view is None:
            model = ScorebookModel(self.sink, *key, undo=self.undo, parent=self)
            view = ScorebookView(model, self, fonts=self.fonts)
            view.comments_pending.connect(self.editing)
            model.committed.connect(self.refresh_comment_marks)
            model.edit_refused.connect(lambda _m: self.status.clear())
            view.table.selectionModel().currentRowChanged.connect(
                lambda *_a: self.refresh_comment_marks())
            view.table.selectionModel().currentRowChanged.connect(
                lambda *_a: self._show_issues())
            bar = CommentFactorBar(self.case, view, *key, view, fonts=self.fonts)
            place_bar(bar, view)  # under the comment boxes
            view.strengths_label.orientation_changed.connect(
                lambda _v, b=bar, v=view: place_bar(b, v))
            self._bars[key] = bar
            for editor in (view.strengths, view.improvements):
                editor.textChanged.connect(self.refresh_comment_marks)
            cite_pages((view.strengths, view.improvements), self.materials)  # Ctrl+Shift+P
            self._views[key] = view
            self.views.addWidget(view)
            remember = getattr(self.window(), "remember_splitter", None)
            if callable(remember):  # the items/comments split is kept per role
                remember("scorebook_items", view.splitter)
        else:
            view.model.reload()
        self.views.setCurrentWidget(view)
        self._apply_lock()
        self._show_issues()
        self.refresh_comment_marks()
        self.retranslate()

    def _apply_lock(self) -> None:
        view = self.current_view()
        locked = bool(self.applicant and self.applicant.recused)
        self.banner.setVisible(locked)
        if view is not None:
            view.strengths.setReadOnly(locked)
            view.improvements.setReadOnly(locked)
        for bar in self._bars.values():
            bar.set_locked(locked and self.applicant is not None
                           and bar.applicant_id == self.applicant.applicant_id)
        self.mark_button.setEnabled(not locked)
        self.panel_value.setReadOnly(locked)
        self.panel_save.setEnabled(not locked)

    def _show_issues(self) -> None:
        """The site-visit issues of the current item (hidden when it has none)."""
        view = self.current_view()
        item_id = None if view is None else view.table.current_item_id()
        if self.stage_id not in self._issue_stages:
            item_id = None  # the issues are the on-site stage's
        column = None if view is None else table_column(view)
        if column is not None and column.indexOf(self.issues) < 0:
            column.addWidget(self.issues)  # beside the item's comments, under its table
        self.issues.show_item(None if self.applicant is None else self.applicant.applicant_id,
                              item_id, locked=bool(self.applicant and self.applicant.recused))

    def show_failure(self, message: str) -> None:
        """An operation failed (an undo the core refused, say): every scorebook is shown again
        as the case file has it, and the reason on the message line under the current one."""
        for each in self._views.values():
            each.model.reload()
        view = self.current_view()
        if view is None:
            self.status.setText(message)
        else:
            self.status.clear()
            view.message_label.setText(message)

    def set_applicant_row(self, row: ApplicantRow) -> None:
        """The applicant's facts changed (e.g. recused): refresh the lock without reloading."""
        if self.applicant is not None and row.applicant_id == self.applicant.applicant_id:
            self.applicant = row
            self._apply_lock()
            self._show_issues()
            self._show_panel_value()
            self.retranslate()

    def apply_changes(self, changes: CaseChanges) -> None:
        """What an edit, an undo or a redo changed (from the controller): the page that made an
        edit shows it already; after an undo or a redo the affected parts are read again."""
        if changes.undone and changes.sheet:
            view = self._views.get((changes.applicant_id or "", changes.stage_id or ""))
            if view is not None:
                view.model.show_undone()  # that one sheet, as the case file now has it
        if changes.undone and changes.issue_notes:
            self.issues.reload()
        if changes.undone and changes.material_marks:
            self.materials.reload_marks()
            self._declared_changed()
        if changes.sheet or changes.issue_notes:
            self.refresh_comment_marks()
    # --- secrets --------------------------------------------------------------------------------
    def _declared_changed(self) -> None:
        """The reviewer marked (or unmarked) a passage of a material as secret."""
        if self.applicant is not None:
            self._declared = self.case.declared_secrets(self.applicant.applicant_id)
            self.issues.set_declared(self._declared)
        self.refresh_comment_marks()

    def refresh_comment_marks(self) -> None:
        view = self.current_view()
        if view is None or self.applicant is None or self.stage_id is None:
            return
        item_id = view.table.current_item_id()
        marks = () if item_id is None else self.sink.marks(self.applicant.applicant_id,
                                                           self.stage_id, item_id)
        quoting = False
        for name, editor in zip(FIELDS, (view.strengths, view.improvements), strict=True):
            text = editor.toPlainText()
            saved = [(k.start, k.end) for k in marks if k.field == name]
            quotes = quoted_secret_spans(text, self._declared)
            # warn about quotes the reviewer has not marked yet
            quoting = quoting or any(not any(a <= q0 and q1 <= b for a, b in saved)
                                     for q0, q1 in quotes)
            editor.setExtraSelections(
                selections(editor, text, [s for s in saved if s[1] <= len(text)], mark_format())
                + selections(editor, text, quotes, quote_format()))
        quoting = quoting or self.issues.quotes_unmarked()  # a note on a site-visit issue
        self.secret_warning.setText(
            _("Warning: this comment quotes a passage the applicant declared secret. Mark it "
              "as secret or rephrase it.") if quoting else "")

    def _selected_span(self) -> tuple[str, QPlainTextEdit, int, int] | None:
        view = self.current_view()
        if view is None:
            return None
        for name, editor in zip(FIELDS, (view.strengths, view.improvements), strict=True):
            cursor = editor.textCursor()
            if cursor.hasSelection():
                text = editor.toPlainText()
                return (name, editor, from_qt(text, cursor.selectionStart()),
                        from_qt(text, cursor.selectionEnd()))
        return None

    def mark_selection_secret(self) -> bool:
        """Mark the selected passage of one's own comment as secret (a service call)."""
        view = self.current_view()
        picked = self._selected_span()
        if view is None or self.applicant is None or self.stage_id is None:
            return False
        noted = self.issues.selected_span() if picked is None else None
        if noted is not None:  # a passage of one's note on a site-visit issue
            if not self.issues.mark_secret(*noted):
                return False
            self.refresh_comment_marks()
            self.status.setText(_("Marked as secret: it will be removed from every copy for the "
                                  "applicant or the public."))
            return True
        if picked is None:
            self.status.setText(_("Select the passage of your comment to mark first."))
            return False
        name, _editor, start, end = picked
        item_id = view.table.current_item_id()
        if item_id is None:
            return False
        view.commit_comments()  # the text on screen is the text the mark refers to
        try:
            done = case_edits.mark_secret(self.case, self.applicant.applicant_id,
                                          self.stage_id, item_id, name, start, end)
        except ScorebookError as error:
            self.status.setText(render(error.message))
            return False
        self.status.setText(_("Marked as secret: it will be removed from every copy for the "
                              "applicant or the public."))
        self.undo.record(done)  # the controller hands the changes back (``apply_changes``)
        return True

    # --- panel score ----------------------------------------------------------------------------
    def _show_panel_value(self) -> None:
        if self.applicant is None or not self.panel_stages:
            return
        stage_id = str(self.panel_stage.currentData())
        progress = self.applicant.progress.get(stage_id)
        value = None if progress is None else progress.panel_score
        self.panel_value.setText("" if value is None else str(value))

    def save_panel_score(self) -> bool:
        if self.applicant is None or not self.panel_stages:
            return False
        stage_id = str(self.panel_stage.currentData())
        try:
            done = case_edits.set_panel_score(self.case, self.applicant.applicant_id, stage_id,
                                              self.panel_value.text())
        except ScorebookError as error:
            self.status.setText(render(error.message))
            return False
        self.panel_value.setText(str(done.result))
        self.status.setText(_("Panel score saved: {score}").format(score=done.result))
        self.undo.record(done)
        return True

    # --- text -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        app = self.applicant
        self.title.setText(_("Scorebook: {name}").format(name=app.name)
                           if app else _("Choose an applicant on the Applicants page"))
        self.stage_label.setText(_("S&tage"))
        stages = {s.stage_id: s for s in self._stages}
        for combo in (self.stage, self.panel_stage):
            for i in range(combo.count()):
                s = stages[str(combo.itemData(i))]
                combo.setItemText(i, bilingual(s.name_zh, s.name_en))
        if app is not None and app.recused:
            info = self.case.recusal(app.applicant_id)
            reason = _(REASON_TEXT[RecusalReason(info.reason)]) if info else ""
            self.banner.setText(_("Locked: you declared a conflict with {name} ({reason}). "
                                  "This scorebook can no longer be changed.")
                                .format(name=app.name, reason=reason))
        self.panel_label.setText(_("&Panel score"))
        self.panel_save.setText(_("Save panel score"))
        self.mark_button.setText(_("&Mark selection as secret"))
        self.mark_button.setToolTip(_("Mark the selected passage of your comment as a trade or "
                                      "technical secret"))
        for widget, name in ((self.title, _("Applicant")), (self.stage, _("Stage")),
                             (self.banner, _("Lock state")),
                             (self.panel_stage, _("Panel score stage")),
                             (self.panel_value, _("Panel score")),
                             (self.panel_save, _("Save panel score")),
                             (self.mark_button, _("Mark selection as secret")),
                             (self.secret_warning, _("Secret warning")),
                             (self.status, _("Message")), (self.views, _("Scorebook")),
                             (self.splitter, _("Scorebook and materials"))):
            widget.setAccessibleName(name)
        for view in self._views.values():
            view.retranslate()
        for bar in self._bars.values():
            bar.retranslate()
        self.issues.retranslate()
        self.materials.retranslate()


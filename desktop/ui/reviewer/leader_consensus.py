"""The team leader's divergence and consensus for one applicant at one stage: the team's
percentages item by item (flags in red), the consensus editor whose every edit is saved at once
in the case file (``TeamLeader.set_consensus``) and can be undone (Edit › Undo), *Next flagged
item* (F8) and *Finalise consensus* (after asking).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import Msg
from desktop.i18n import N_, _, current_language, ngettext, render
from desktop.i18n.formatting import join_list
from desktop.services import leader_edits
from desktop.services.changes import CaseChanges
from desktop.services.leader import (
    ApplicantConsensus,
    DivergenceView,
    TeamLeader,
)
from desktop.ui.fonts import FontSet
from desktop.ui.names import item_name
from desktop.ui.paper_print import ChoosePrinter, ask_printer, paint_pdf, printer_name
from desktop.ui.reviewer.leader_models import ConsensusModel, DivergenceModel, consensus_state
from desktop.ui.undo import UndoController
from desktop.ui.widgets.field_label import FieldLabel
from desktop.ui.widgets.vertical_header import VerticalHeaderView

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b7f3b;"
WARN_STYLE = "color: #8a6d00;"
NEXT_FLAGGED_KEY = QKeySequence(Qt.Key.Key_F8)
Ask = Callable[[QWidget, str], bool]  # (parent, question) -> go ahead


def ask_yes(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, _("Finalise consensus"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def leader_table(parent: QWidget, fonts: FontSet | None = None) -> QTableView:
    """A table of the leader's page; its header sets Mongolian labels vertically, as the
    other pages' tables do."""
    table = QTableView(parent)
    table.setHorizontalHeader(VerticalHeaderView(Qt.Orientation.Horizontal, table, fonts=fonts))
    table.horizontalHeader().setSectionsClickable(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def error_text(error: object) -> str:
    return render(error.message) if isinstance(error, ScorebookError) else str(error)


class LiveLabel(QLabel):
    """A message that is said again in the new language when the language changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._make: Callable[[], str] | None = None

    def say(self, style: str, make: Callable[[], str]) -> None:
        self._make = make
        self.setStyleSheet(style)
        self.setText(make())

    def clear(self) -> None:
        self._make = None
        super().clear()

    def retranslate(self) -> None:
        if self._make is not None:
            self.setText(self._make())


class RationaleDelegate(QStyledItemDelegate):
    """The rationale's editor tells the model what is being typed, so the flag column says at
    once whether the item still needs a rationale (it is saved when the editor closes)."""

    def __init__(self, model: ConsensusModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.column() != ConsensusModel.RATIONALE:
            return super().createEditor(parent, option, index)
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if 0 <= index.row() < len(self.model.framework.items):
            item_id = self.model.framework.items[index.row()].id
            editor.textEdited.connect(lambda text: self.model.typing_rationale(item_id, text))
            editor.destroyed.connect(lambda: self.model.typing_rationale(item_id, None))
        return editor


class ConsensusPanel(QWidget):
    """Divergence and consensus for the applicant chosen, at the stage the page shows."""

    changed = Signal()  # a consensus was saved or finalised (the overview reads again)

    def __init__(self, team: TeamLeader, names: Mapping[str, str],
                 parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.names = names  # reviewer id -> display name
        self.stage_id: str | None = None
        self.view: DivergenceView | None = None
        framework = team.case.framework
        self.divergence = DivergenceModel(framework, names, self)
        self.consensus = ConsensusModel(framework, self._save, self)

        self.applicant = QComboBox(self)
        self.applicant.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.applicant_label = FieldLabel("", self.applicant, self, fonts=fonts,
                                          column_height=70)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.stage_name: Callable[[str], str] = lambda stage: stage  # the page names stages
        self.ask: Ask = ask_yes  # finalise?
        self._jumped: tuple[str, str] | None = None  # the applicant F8 last moved in
        self.divergence_table = leader_table(self, fonts)
        self.divergence_table.setModel(self.divergence)
        # item names wrap (never cut with "…"); the consensus rows follow their heights
        self.divergence_table.setWordWrap(True)
        self.divergence_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        name_header = self.divergence_table.horizontalHeader()
        name_header.setStretchLastSection(False)
        name_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the item's name
        self.divergence.modelReset.connect(
            lambda: name_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch))
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.match_rows)
        name_header.sectionResized.connect(lambda *_a: self._rows_timer.start())
        self.divergence.modelReset.connect(self._rows_timer.start)
        self.consensus_table = leader_table(self, fonts)
        self.consensus_table.setModel(self.consensus)
        self.consensus_table.setItemDelegateForColumn(
            ConsensusModel.RATIONALE, RationaleDelegate(self.consensus, self.consensus_table))
        self.consensus_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked)
        header = self.consensus_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ConsensusModel.RATIONALE, QHeaderView.ResizeMode.Stretch)
        # the two tables list the same items in the same order: they scroll together
        left = self.divergence_table.verticalScrollBar()
        right = self.consensus_table.verticalScrollBar()
        left.valueChanged.connect(right.setValue)
        right.valueChanged.connect(left.setValue)
        self.finalise_button = QPushButton(self)
        self.print_button = QPushButton(self)  # the final consensus sheet, on paper
        self.print_button.clicked.connect(self.print_on_paper)
        self.choose_printer: ChoosePrinter = ask_printer
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self.next_flagged)
        self.act_next = QAction(self)
        self.act_next.setShortcut(NEXT_FLAGGED_KEY)
        self.act_next.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_next.triggered.connect(self.next_flagged)
        self.addAction(self.act_next)
        self.message = LiveLabel(self)

        pick_row = QHBoxLayout()
        pick_row.addWidget(self.applicant_label)
        pick_row.addWidget(self.applicant)
        pick_row.addWidget(self.state, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.divergence_table)
        self.split.addWidget(self.consensus_table)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 6)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.finalise_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.addLayout(pick_row)
        box.addWidget(self.summary)
        box.addWidget(self.split, 1)
        box.addLayout(bottom)

        self.applicant.currentIndexChanged.connect(lambda _i: self._applicant_chosen())
        self.finalise_button.clicked.connect(self.finalise_asked)
        self.retranslate()

    # --- what is shown --------------------------------------------------------------------------
    def applicant_id(self) -> str | None:
        data = self.applicant.currentData()
        return None if data is None else str(data)

    def set_applicants(self, stage_id: str | None, rows: Sequence[ApplicantConsensus]) -> None:
        """The applicants of the stage (by name); the one chosen stays chosen."""
        current = self.applicant_id()
        stage_changed = stage_id != self.stage_id
        self.stage_id = stage_id
        self.applicant.blockSignals(True)
        self.applicant.clear()
        for row in rows:
            self.applicant.addItem(row.name, row.applicant_id)
            self.applicant.setItemData(self.applicant.count() - 1, row.applicant_id,
                                       Qt.ItemDataRole.ToolTipRole)
        index = self.applicant.findData(current) if current is not None else -1
        self.applicant.setCurrentIndex(index if index >= 0 else 0 if rows else -1)
        self.applicant.blockSignals(False)
        if stage_changed or self.applicant_id() != current:
            self.message.clear()
        self.show_current()

    def choose(self, applicant_id: str) -> bool:
        index = self.applicant.findData(applicant_id)
        if index >= 0:
            self.applicant.setCurrentIndex(index)
        return index >= 0

    def _applicant_chosen(self) -> None:
        self.message.clear()  # a message about another applicant would mislead
        self.show_current()

    def show_current(self) -> None:
        """Read the applicant's divergence and consensus again from the case file."""
        applicant, stage = self.applicant_id(), self.stage_id
        view = None
        if applicant is not None and stage is not None:
            try:
                view = self.team.divergence(applicant, stage)
            except ScorebookError as error:
                failure = error
                self.message.say(ERROR_STYLE, lambda: error_text(failure))
        self.view = view
        self.divergence.show(view)
        self.consensus.show(view)
        self._describe()

    def match_rows(self) -> None:
        """Rows as high as their item's name needs (wrapped), the same in both tables."""
        self.divergence_table.resizeRowsToContents()
        for row in range(self.consensus.rowCount()):
            self.consensus_table.setRowHeight(row, self.divergence_table.rowHeight(row))

    def _describe(self) -> None:
        view = self.view
        self.finalise_button.setEnabled(view is not None and bool(view.reviewers))
        self.next_button.setEnabled(view is not None and bool(view.flagged))
        self.print_button.setEnabled(view is not None and view.final and not view.outdated)
        if view is None:
            self.state.clear()
            self.summary.setText(_("No applicant to show at this stage."))
            return
        self.state.setText(consensus_state(view.final, view.outdated, view.total))
        self.state.setStyleSheet(WARN_STYLE if view.outdated else
                                 OK_STYLE if view.final else "")
        if not view.reviewers:
            lines = [_("No scores yet: import the team's bundles.")]
        else:
            lines = [ngettext("{count} item flagged for discussion",
                              "{count} items flagged for discussion",
                              len(view.flagged)).format(count=len(view.flagged))]
            if view.missing_rationale:
                lines.append(_("still without a rationale: {items}").format(
                    items=join_list(view.missing_rationale)))
            lines.append(_("Flag rule: {rule}").format(rule=render(view.rule)))
        if view.recused:
            lines.append(_("Recused (left out): {ids}").format(
                ids=join_list(self.names.get(r, r) for r in view.recused)))
        if view.forked:
            lines.append(_("Waiting on a fork: {ids}").format(
                ids=join_list(self.names.get(r, r) for r in view.forked)))
        self.summary.setText(" · ".join(lines))  # no ASCII ";" inside Chinese or Mongolian

    # --- edits ----------------------------------------------------------------------------------
    def _save(self, item_id: str, pct: str | None, rationale: str | None,
              use_default: bool) -> Msg | None:
        """One edit of the consensus editor, saved at once; the refusal, if any."""
        applicant, stage = self.applicant_id(), self.stage_id
        if applicant is None or stage is None:
            return None
        was_final = self.view is not None and self.view.final
        label = Msg(N_("Consensus of {applicant}, item {item}"),
                    {"applicant": self.applicant.currentText(), "item": item_id})
        try:  # recorded by the core for undo (``leader_edits``)
            done = leader_edits.set_consensus(self.team, applicant, stage, item_id, pct,
                                              rationale, use_default, label)
            saved = done.result
            undo_stack = self._undo()
            if undo_stack is not None:
                undo_stack.record(done)
        except ScorebookError as error:
            refusal = error.message
            self.message.say(ERROR_STYLE, lambda: _("Not saved ({item}): {reason}").format(
                item=item_id, reason=render(refusal)))
            return refusal
        self.consensus.update_entry(item_id, saved.pct, saved.rationale)
        others = [i for i, _t, _w in self.consensus.refused() if i != item_id]
        if others:
            self.message.say(ERROR_STYLE, lambda: _("Not saved yet: {items}").format(
                items=join_list(others)))
        elif was_final:
            self.message.say(WARN_STYLE, lambda: _("Saved. The consensus is open again: "
                                                   "finalise it once the team agrees."))
        else:
            self.message.say(OK_STYLE, lambda: _("Saved ({item})").format(item=item_id))
        QTimer.singleShot(0, self._reread)  # not while the editor is still closing
        return None

    def _reread(self) -> None:
        self.show_current()
        self.changed.emit()
        saved = getattr(self.window(), "save_indicator", None)  # the time of this last write
        if saved is not None and hasattr(saved, "mark_saved"):
            saved.mark_saved()

    def _undo(self) -> UndoController | None:
        undo = getattr(self.window(), "undo", None)
        return undo if isinstance(undo, UndoController) else None

    def apply_changes(self, changes: CaseChanges) -> None:
        """An undo or a redo changed the consensus: show the applicant it changed."""
        if changes.consensus and changes.undone and changes.applicant_id and changes.stage_id:
            self._back_to(changes.applicant_id, changes.stage_id)

    def _back_to(self, applicant: str, stage: str) -> None:
        """After an undo or redo: show the applicant it changed (at the stage shown)."""
        if stage == self.stage_id:
            self.choose(applicant)
        QTimer.singleShot(0, self._reread)

    def next_flagged(self) -> bool:
        """Move to the next flagged item after the current one (round to the first): its
        rationale when it still needs one, else its percentage. False when none is flagged."""
        rows = self.consensus.flagged_rows()
        if not rows:
            self.message.say(OK_STYLE, lambda: _("No item is flagged for discussion"))
            return False
        # the first time for this applicant: the first flagged item, wherever the cursor is
        current = -1 if self._jumped != self.consensus.key else \
            self.consensus_table.currentIndex().row()
        self._jumped = self.consensus.key
        row = next((r for r in rows if r > current), rows[0])
        item = self.consensus.framework.items[row]
        column = ConsensusModel.RATIONALE if self.consensus.needs_rationale(item.id) \
            else ConsensusModel.PCT
        index = self.consensus.index(row, column)
        self.consensus_table.setCurrentIndex(index)
        self.consensus_table.scrollTo(index)
        self.consensus_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        position = rows.index(row) + 1
        name = item_name(item)
        self.message.say("", lambda: _("Flagged item {n} of {count}: {item} {name}").format(
            n=position, count=len(rows), item=item.id, name=name))
        return True

    def finalise_asked(self) -> bool:
        """*Finalise consensus*: asks first (the consensus then goes to the office)."""
        if self.view is None or self.applicant_id() is None or self.stage_id is None:
            return False
        question = _("Make the consensus of {applicant} at {stage} final? It can then be "
                     "exported to the office; a later edit opens it again.").format(
            applicant=self.applicant.currentText(), stage=self.stage_name(self.stage_id))
        if not self.ask(self, question):
            return False
        return self.finalise()

    def finalise(self) -> bool:
        applicant, stage = self.applicant_id(), self.stage_id
        if applicant is None or stage is None:
            return False
        try:
            result = self.team.finalise(applicant, stage)
        except ScorebookError as error:
            refusal = error.message
            self.message.say(ERROR_STYLE, lambda: render(refusal))
            return False
        total = f"{result.total:.2f}"
        self.message.say(OK_STYLE, lambda: _("Consensus final: total {total}").format(
            total=total))
        self._reread()
        return True

    def print_on_paper(self) -> bool:
        """The final consensus sheet of the applicant shown, the very PDF ``scorebook print
        consensus`` writes, on a printer chosen in the print dialog."""
        applicant, stage = self.applicant_id(), self.stage_id
        if applicant is None or stage is None:
            return False
        from desktop.services.printing import PrintOptions, case_consensus_document

        try:
            document = case_consensus_document(self.team.case, applicant, stage,
                                               PrintOptions(None, None, "", current_language()))
        except ScorebookError as error:
            refusal = error.message
            self.message.say(ERROR_STYLE, lambda: render(refusal))
            return False
        printer = self.choose_printer(self, _("Team consensus sheet"), 1)
        if printer is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = paint_pdf(printer, document.pdf)
        except ScorebookError as error:
            refusal = error.message
            self.message.say(ERROR_STYLE, lambda: render(refusal))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        where = printer_name(printer)
        self.message.say(OK_STYLE, lambda: ngettext(
            "{pages} page sent to {printer}", "{pages} pages sent to {printer}",
            pages).format(pages=pages, printer=where))
        return True

    def set_busy(self, busy: bool) -> None:
        for widget in (self.applicant, self.consensus_table, self.finalise_button):
            widget.setEnabled(not busy)
        if not busy:
            self._describe()

    def retranslate(self) -> None:
        self.applicant_label.setText(_("&Applicant"))
        self.finalise_button.setText(_("Fi&nalise consensus"))
        self.finalise_button.setToolTip(_("Make the consensus of this applicant final; a "
                                          "flagged item needs a rationale"))
        self.print_button.setText(_("&Print consensus sheet…"))
        self.print_button.setToolTip(_("Print the final consensus sheet of this applicant on "
                                       "a printer"))
        self.next_button.setText(_("Ne&xt flagged item"))
        self.next_button.setToolTip(_("Go to the next item flagged for discussion (F8)"))
        self.act_next.setText(_("Next flagged item"))
        self.divergence.retranslate()
        self.consensus.retranslate()
        self.message.retranslate()
        for widget, name in ((self.applicant, _("Applicant")),
                             (self.state, _("Consensus state")),
                             (self.summary, _("Divergence summary")),
                             (self.divergence_table, _("Divergence")),
                             (self.consensus_table, _("Consensus")),
                             (self.finalise_button, _("Finalise consensus")),
                             (self.next_button, _("Next flagged item")),
                             (self.print_button, _("Print the consensus sheet")),
                             (self.message, _("Consensus result"))):
            widget.setAccessibleName(name)
        self._describe()


__all__ = ["ConsensusPanel", "LiveLabel", "error_text", "leader_table"]

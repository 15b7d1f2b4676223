"""The team leader's findings (组长汇总意见), a view of ``desktop.services.leader_findings``:
for the applicant and the item chosen, the members' comments (reviewer, factors, pages, the
text) beside the agreed strengths and opportunities for improvement built from them (*Pick*
one — Enter —, *Merge selected* several, *Edit*, *Remove* — Delete —, *Up*, *Down*); after the
material review, the item's site-visit issues (verify 核实 / clarify 澄清). A second tab holds the
applicant's key themes and the quality-improvement suggestions (质量改进建议); at an on-site stage
a third, the issue board: each issue received, the members' notes and the team's resolution.
The status line says whether the stage's report is complete, or what is missing.

Every change is saved at once in the case file and can be undone (Edit › Undo), as the
consensus edits are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.findings import FindingKind, Outcome
from desktop.domain.messages import Msg
from desktop.domain.programmes import StageKind
from desktop.i18n import N_, _, render
from desktop.services import leader_edits
from desktop.services import leader_findings as lf
from desktop.services.changes import CaseChanges
from desktop.services.leader import ApplicantConsensus, TeamLeader
from desktop.ui.fonts import FontSet
from desktop.ui.names import item_name
from desktop.ui.reviewer.leader_consensus import (
    ERROR_STYLE,
    OK_STYLE,
    WARN_STYLE,
    LiveLabel,
    error_text,
)
from desktop.ui.reviewer.leader_findings_parts import (
    AskText,
    CommentList,
    FindingList,
    IssueBoard,
    ask_text,
    kind_name,
)
from desktop.ui.undo import UndoController
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside

ITEMS_TAB, THEMES_TAB, BOARD_TAB = 0, 1, 2
ITEM_LISTS = (FindingKind.STRENGTH, FindingKind.IMPROVEMENT)
THEME_LISTS = (FindingKind.THEME_STRENGTH, FindingKind.THEME_IMPROVEMENT,
               FindingKind.SUGGESTION)
ISSUE_LISTS = (FindingKind.VERIFY, FindingKind.CLARIFY)


class FindingsPanel(QWidget):
    """The team's findings for the applicant and item chosen, at the stage the page shows."""

    changed = Signal()  # a finding was saved (the overview and export read again)

    def __init__(self, team: TeamLeader, names: Mapping[str, str],
                 parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.names = names
        self.framework = team.case.framework
        self.stage_id: str | None = None
        self.stage_kind = ""
        self.ask_text: AskText = ask_text  # tests answer without a dialog
        self.views: list[lf.FindingView] = []
        self.active: FindingList | None = None  # the findings list last used

        self.applicant = QComboBox(self)
        self.applicant.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.applicant_label = FieldLabel("", self.applicant, self, fonts=fonts,
                                          column_height=70)
        self.item = QComboBox(self)
        self.item.setMinimumContentsLength(16)
        self.item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item_label = FieldLabel("", self.item, self, fonts=fonts, column_height=70)
        self.status = LiveLabel(self)
        self.message = LiveLabel(self)

        def titled(title: FieldLabel, body: QWidget, *buttons: QPushButton,
                   below: bool = False) -> QWidget:
            """A list with its title (above it, or beside it when vertical) and its buttons
            in a column on its right (no row of its own: Mongolian titles are tall), or in a
            row below it."""
            box = QWidget(self)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 2, 0, 2)
            if below:
                stack = QVBoxLayout()
                stack.addLayout(LabelBeside(title, body), 1)
                under = QHBoxLayout()
                for b in buttons:
                    under.addWidget(b)
                under.addStretch(1)
                stack.addLayout(under)
                row.addLayout(stack, 1)
                return box
            row.addLayout(LabelBeside(title, body), 1)
            if buttons:
                column = QVBoxLayout()
                column.addSpacing(20)
                for b in buttons:
                    column.addWidget(b)
                column.addStretch(1)
                row.addLayout(column)
            return box

        # members' comments | agreed findings of the item
        self.comments = CommentList(self.framework, self)
        self.comments_title = FieldLabel("", self.comments, self, fonts=fonts,
                                         column_height=90)
        self.pick_button = QPushButton(self)
        self.merge_button = QPushButton(self)
        self.lists: dict[FindingKind, FindingList] = {}
        self.titles: dict[FindingKind, FieldLabel] = {}
        self.add_buttons: dict[FindingKind, QPushButton] = {}
        for kind in (*ITEM_LISTS, *ISSUE_LISTS, *THEME_LISTS):
            found = FindingList(kind, self)
            self.lists[kind] = found
            self.titles[kind] = FieldLabel("", found, self, fonts=fonts, column_height=90)
            self.add_buttons[kind] = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.up_button = QPushButton(self)
        self.down_button = QPushButton(self)
        self.resolve_button = QPushButton(self)

        left = titled(self.comments_title, self.comments, self.pick_button, self.merge_button,
                      below=True)
        agreed = QWidget(self)
        agreed_box = QVBoxLayout(agreed)
        agreed_box.setContentsMargins(0, 0, 0, 0)
        for kind in ITEM_LISTS:
            agreed_box.addWidget(titled(self.titles[kind], self.lists[kind],
                                        self.add_buttons[kind]), 3)
        issues = QWidget(self)
        issues_row = QHBoxLayout(issues)
        issues_row.setContentsMargins(0, 0, 0, 0)
        for kind in ISSUE_LISTS:
            issues_row.addWidget(titled(self.titles[kind], self.lists[kind],
                                        self.add_buttons[kind]))
        self.issues_box = issues
        agreed_box.addWidget(issues, 2)
        self.item_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.item_split.addWidget(left)
        self.item_split.addWidget(agreed)
        self.item_split.setChildrenCollapsible(False)
        self.item_split.setStretchFactor(0, 1)
        self.item_split.setStretchFactor(1, 1)

        themes = QWidget(self)
        themes_box = QHBoxLayout(themes)
        for kind in THEME_LISTS:
            themes_box.addWidget(titled(self.titles[kind], self.lists[kind],
                                        self.add_buttons[kind]))
        self.board = IssueBoard(self)
        self.board_title = FieldLabel("", self.board, self, fonts=fonts, column_height=90)
        board = titled(self.board_title, self.board, self.resolve_button)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.item_split, "")
        self.tabs.addTab(themes, "")
        self.tabs.addTab(board, "")

        head = QHBoxLayout()  # the shared buttons here: the page keeps its height for lists
        head.addWidget(self.applicant_label)
        head.addWidget(self.applicant)
        head.addWidget(self.item_label)
        head.addWidget(self.item, 1)
        for b in (self.edit_button, self.remove_button, self.up_button, self.down_button):
            head.addWidget(b)
        said = QHBoxLayout()
        said.addWidget(self.status, 3)
        said.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(said)
        layout.addWidget(self.tabs, 1)

        self.applicant.currentIndexChanged.connect(lambda _i: self._chosen())
        self.item.currentIndexChanged.connect(lambda _i: self._show_item())
        self.pick_button.clicked.connect(self.pick_selected)
        self.merge_button.clicked.connect(self.pick_selected)
        self.comments.act_pick.triggered.connect(self.pick_selected)
        self.comments.itemSelectionChanged.connect(self._enable)
        self.comments.itemDoubleClicked.connect(lambda _i: self.pick_selected())
        for kind, found in self.lists.items():
            self.add_buttons[kind].clicked.connect(lambda _c=False, k=kind: self.add_asked(k))
            found.act_remove.triggered.connect(lambda _c=False, f=found: self._use(f, self.remove))
            found.itemDoubleClicked.connect(lambda _i, f=found: self._use(f, self.edit_asked))
            found.currentRowChanged.connect(lambda _r, f=found: self._activate(f))
            found.itemPressed.connect(lambda _i, f=found: self._activate(f))
            found.focused.connect(lambda f=found: self._activate(f))
        self.edit_button.clicked.connect(self.edit_asked)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_finding(up=True))
        self.down_button.clicked.connect(lambda: self.move_finding(up=False))
        self.resolve_button.clicked.connect(self.resolve_asked)
        self.board.itemDoubleClicked.connect(lambda _i: self.resolve_asked())
        self.board.currentRowChanged.connect(lambda _r: self._enable())
        self.tabs.currentChanged.connect(lambda _i: self._enable())
        for i, it in enumerate(self.framework.items):
            self.item.addItem("", it.id)
            self.item.setItemData(i, it.id, Qt.ItemDataRole.ToolTipRole)
        self._set_tab_order()
        self.retranslate()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.applicant, self.item, self.edit_button,
                                self.remove_button, self.up_button, self.down_button,
                                self.tabs, self.comments, self.pick_button, self.merge_button]
        for kind in (*ITEM_LISTS, *ISSUE_LISTS, *THEME_LISTS):
            chain += [self.lists[kind], self.add_buttons[kind]]
        chain += [self.board, self.resolve_button]
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)

    # --- what is shown --------------------------------------------------------------------------
    def applicant_id(self) -> str | None:
        data = self.applicant.currentData()
        return None if data is None else str(data)

    def item_id(self) -> str | None:
        data = self.item.currentData()
        return None if data is None else str(data)

    def set_applicants(self, stage_id: str | None, rows: Sequence[ApplicantConsensus]) -> None:
        """The applicants of the stage (by name); the one chosen stays chosen."""
        current = self.applicant_id()
        if stage_id != self.stage_id:
            self.stage_id = stage_id
            self.stage_kind = "" if stage_id is None else lf.stage_kind(self.team, stage_id)
        self.applicant.blockSignals(True)
        self.applicant.clear()
        for row in rows:
            self.applicant.addItem(row.name, row.applicant_id)
        index = self.applicant.findData(current) if current is not None else -1
        self.applicant.setCurrentIndex(index if index >= 0 else 0 if rows else -1)
        self.applicant.blockSignals(False)
        onsite = self.stage_kind == StageKind.ONSITE.value
        self.issues_box.setVisible(self.stage_kind == StageKind.MATERIAL.value)
        self.tabs.setTabVisible(BOARD_TAB, onsite)
        self.show_current()

    def choose(self, applicant_id: str) -> bool:
        index = self.applicant.findData(applicant_id)
        if index >= 0:
            self.applicant.setCurrentIndex(index)
        return index >= 0

    def choose_item(self, item_id: str) -> bool:
        index = self.item.findData(item_id)
        if index >= 0:
            self.item.setCurrentIndex(index)
        return index >= 0

    def _chosen(self) -> None:
        self.message.clear()
        self.show_current()

    def show_current(self) -> None:
        """Read the applicant's findings (and the item's comments) again from the case file."""
        applicant, stage = self.applicant_id(), self.stage_id
        self.views = []
        board: list[lf.IssueBoardRow] = []
        if applicant is not None and stage is not None:
            try:
                self.views = lf.findings(self.team, applicant, stage)
                if self.stage_kind == StageKind.ONSITE.value:
                    board = lf.issue_board(self.team, applicant, stage)
                status = lf.report_status(self.team, applicant, stage)
            except ScorebookError as error:
                failure = error
                self.message.say(ERROR_STYLE, lambda: error_text(failure))
            else:
                if status.complete:
                    self.status.say(OK_STYLE, lambda: _("Report complete"))
                else:
                    missing = status.missing()
                    self.status.say(WARN_STYLE, lambda: _(
                        "Report not complete: {missing}").format(
                            missing=" · ".join(render(m) for m in missing)))
        else:
            self.status.clear()
        for kind in THEME_LISTS:
            self.lists[kind].show_views(self.views)
        self.board.show_board(board)
        self._show_item()

    def _show_item(self) -> None:
        applicant, stage, item = self.applicant_id(), self.stage_id, self.item_id()
        comments: list[lf.MemberComment] = []
        if applicant is not None and stage is not None and item is not None:
            try:
                comments = lf.member_comments(self.team, applicant, stage, item)
            except ScorebookError as error:
                failure = error
                self.message.say(ERROR_STYLE, lambda: error_text(failure))
        self.comments.show_comments(comments)
        here = [v for v in self.views if v.item_id == item]
        for kind in (*ITEM_LISTS, *ISSUE_LISTS):
            self.lists[kind].show_views(here)
        self._enable()

    def _activate(self, found: FindingList) -> None:
        if found.currentRow() >= 0:
            self.active = found
        self._enable()

    def _target(self) -> FindingList | None:
        """The findings list the shared buttons act on: the one last used, if it shows."""
        found = self.active
        if found is None or not found.isVisibleTo(self) or found.current_view() is None:
            return None
        return found

    def _enable(self) -> None:
        ready = self.applicant_id() is not None and self.stage_id is not None
        chosen = len(self.comments.selectedItems())
        self.pick_button.setEnabled(ready and chosen == 1)
        self.merge_button.setEnabled(ready and chosen > 1)
        target = self._target()
        for b in (self.edit_button, self.remove_button, self.up_button, self.down_button):
            b.setEnabled(ready and target is not None)
        for b in self.add_buttons.values():
            b.setEnabled(ready)
        self.resolve_button.setEnabled(ready and self.board.current_row() is not None)

    def _use(self, found: FindingList, action: Callable[[], bool]) -> None:
        self.active = found
        action()

    # --- changes (each saved at once, undoable) ----------------------------------------------
    def _undo(self) -> UndoController | None:
        undo = getattr(self.window(), "undo", None)
        return undo if isinstance(undo, UndoController) else None

    def _run(self, label: Msg, applicant_id: str, stage_id: str,
             do: Callable[[], lf.FindingView]) -> lf.FindingView | None:
        """``do`` now, recorded by the core for undo (``leader_edits``); Edit › Undo offers it
        under the core's label and the controller hands the changes back (``apply_changes``)."""
        try:
            done = leader_edits.recorded(self.team, applicant_id, stage_id, label, do)
        except ScorebookError as error:
            refusal = error.message
            self.message.say(ERROR_STYLE, lambda: _("Not saved: {reason}").format(
                reason=render(refusal)))
            return None
        self.message.say(OK_STYLE, lambda: _("Saved"))
        self._reread()
        stack = self._undo()
        if stack is not None:
            stack.record(done)
        return done.result

    def apply_changes(self, changes: CaseChanges) -> None:
        """An undo or a redo changed the team's findings: show them as the case file has them
        (after the undo's own work: the lists may be in the middle of a key press)."""
        if changes.findings and changes.undone:
            QTimer.singleShot(0, self._reread)

    def _reread(self) -> None:
        self.show_current()
        self.changed.emit()
        saved = getattr(self.window(), "save_indicator", None)
        if saved is not None and hasattr(saved, "mark_saved"):
            saved.mark_saved()

    def pick_selected(self) -> bool:
        """The selected member comment as an agreed finding of its kind, or several merged
        into one (of the first one's kind)."""
        chosen = self.comments.selected()
        applicant, stage, item = self.applicant_id(), self.stage_id, self.item_id()
        if not chosen or applicant is None or stage is None or item is None:
            return False
        kind = FindingKind(chosen[0].kind.value)
        refs = [c.ref for c in chosen]
        label = Msg(N_("Findings of {applicant}, item {item}"),
                    {"applicant": self.applicant.currentText(), "item": item})
        view = self._run(label, applicant, stage,
                         lambda: lf.pick(self.team, applicant, stage, item, kind, refs))
        if view is not None:
            self.active = self.lists[kind]
            self.lists[kind].select_id(view.id)
        return view is not None

    def add(self, kind: FindingKind, text: str, outcome: Outcome | None = None) -> bool:
        applicant, stage = self.applicant_id(), self.stage_id
        if applicant is None or stage is None:
            return False
        item = "" if kind in THEME_LISTS else self.item_id() or ""
        view = self._run(self._label(), applicant, stage,
                         lambda: lf.add_finding(self.team, applicant, stage, kind, text,
                                                item_id=item, outcome=outcome))
        if view is not None and kind in self.lists:
            self.active = self.lists[kind]
            self.lists[kind].select_id(view.id)
        return view is not None

    def add_asked(self, kind: FindingKind) -> bool:
        answer = self.ask_text(self, kind_name(kind), "", None)
        return answer is not None and self.add(kind, answer[0])

    def edit(self, text: str, outcome: Outcome | None = None) -> bool:
        target = self._target()
        before = None if target is None else target.current_view()
        if before is None:
            return False
        return self._run(self._label(), before.applicant_id, before.stage_id,
                         lambda: lf.edit_finding(self.team, before.id, text, outcome)
                         ) is not None

    def edit_asked(self) -> bool:
        target = self._target()
        view = None if target is None else target.current_view()
        if view is None:
            return False
        answer = self.ask_text(self, kind_name(view.kind), view.text, view.outcome)
        return answer is not None and self.edit(*answer)

    def remove(self) -> bool:
        target = self._target()
        view = None if target is None else target.current_view()
        if view is None:
            return False
        return self._run(self._label(), view.applicant_id, view.stage_id,
                         lambda: lf.remove_finding(self.team, view.id)) is not None

    def move_finding(self, up: bool) -> bool:
        target = self._target()
        view = None if target is None else target.current_view()
        if view is None:
            return False
        return self._run(self._label(), view.applicant_id, view.stage_id,
                         lambda: lf.move_finding(self.team, view.id, up)) is not None

    def _label(self) -> Msg:
        return Msg(N_("Findings of {applicant}"), {"applicant": self.applicant.currentText()})

    def resolve(self, outcome: Outcome, text: str) -> bool:
        """The team's resolution of the issue chosen on the board (made or changed)."""
        row = self.board.current_row()
        if row is None or self.stage_id is None:
            return False
        stage = self.stage_id
        label = Msg(N_("Resolution of {issue}"), {"issue": row.issue.issue_id})
        return self._run(label, row.issue.applicant_id, stage,
                         lambda: lf.resolve(self.team, row.issue.issue_id, outcome, text,
                                            stage)) is not None

    def resolve_asked(self) -> bool:
        row = self.board.current_row()
        if row is None:
            return False
        was = row.resolution
        answer = self.ask_text(self, _("Resolution of {issue}").format(
            issue=row.issue.issue_id), "" if was is None else was.text,
            Outcome.CONFIRMED if was is None or was.outcome is None else was.outcome)
        return answer is not None and answer[1] is not None and \
            self.resolve(answer[1], answer[0])

    # --- busy, language -------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        for widget in (self.applicant, self.item, self.tabs):
            widget.setEnabled(not busy)
        if not busy:
            self._enable()

    def retranslate(self) -> None:
        self.applicant_label.setText(_("A&pplicant"))
        self.item_label.setText(_("&Item"))
        for i, it in enumerate(self.framework.items):
            self.item.setItemText(i, f"{it.id} {item_name(it)}")
        self.comments_title.setText(_("Members' comments"))
        self.pick_button.setText(_("Pic&k"))
        self.pick_button.setToolTip(_("Take the selected comment as an agreed finding "
                                      "(Enter)"))
        self.merge_button.setText(_("&Merge selected"))
        self.merge_button.setToolTip(_("Merge the selected comments into one agreed finding"))
        titles = {FindingKind.STRENGTH: _("Agreed strengths"),
                  FindingKind.IMPROVEMENT: _("Agreed opportunities for improvement"),
                  FindingKind.VERIFY: _("To verify on site"),
                  FindingKind.CLARIFY: _("To clarify on site"),
                  FindingKind.THEME_STRENGTH: _("Key strengths"),
                  FindingKind.THEME_IMPROVEMENT: _("Key opportunities for improvement"),
                  FindingKind.SUGGESTION: _("Quality improvement suggestions")}
        for kind, title in titles.items():
            self.titles[kind].setText(title)
            self.add_buttons[kind].setText(_("Add…"))
            self.add_buttons[kind].setAccessibleName(_("Add: {what}").format(what=title))
            self.lists[kind].setAccessibleName(title)
            self.lists[kind].act_remove.setText(_("Remove"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Remove the selected finding (Delete)"))
        self.up_button.setText(_("Up"))
        self.down_button.setText(_("Down"))
        self.resolve_button.setText(_("&Resolve…"))
        self.board_title.setText(_("Site-visit issues"))
        self.comments.act_pick.setText(_("Pick"))
        self.tabs.setTabText(ITEMS_TAB, _("Items"))
        self.tabs.setTabText(THEMES_TAB, _("Key themes and suggestions"))
        self.tabs.setTabText(BOARD_TAB, _("Site-visit issues"))
        self.status.retranslate()
        self.message.retranslate()
        for widget, name in ((self.applicant, _("Applicant")), (self.item, _("Item")),
                             (self.comments, _("Members' comments")),
                             (self.status, _("Report status")),
                             (self.message, _("Findings result")),
                             (self.board, _("Site-visit issues"))):
            widget.setAccessibleName(name)
        if self.applicant_id() is not None:
            self.show_current()


__all__ = ["FindingsPanel"]

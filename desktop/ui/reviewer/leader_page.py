"""The team leader's page, a view of ``TeamLeader`` (``desktop.services.leader``): everything it
shows is read from the leader's case file, so it survives quitting, locking and a language
switch, and what the command line did shows here (the page reads again whenever it is shown).

Above the tabs, the stage. Three tabs:
- *Import*: drop or pick the team's bundle files (imported off the UI thread, one file at a
  time, with progress and Cancel); what this session's imports did, file by file; every bundle
  held in the case file; the forks, each with *Resolve fork…* (a reason is required).
- *Divergence and consensus*: one applicant (by name): the team's percentages item by item with
  the flags, and the consensus editor (every edit saved at once), *Finalise consensus*.
- *Findings*: the team's findings for one applicant (``leader_findings``): the members'
  comments item by item beside the agreed strengths and improvements, key themes,
  质量改进建议, site-visit issues (material stage) or the issue board (on site), the report's
  status.
- *Overview and export*: every applicant at the stage and whether its consensus is final; the
  export of the signed consensus bundle to a USB stick or a folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.merge import import_verdict
from desktop.domain.scoring import FormKind
from desktop.i18n import _, ngettext, render
from desktop.services.case_types import StageInfo, TeamMember
from desktop.services.leader import BUNDLE_SUFFIX, FileResult, ForkView, TeamLeader
from desktop.ui.fonts import FontSet
from desktop.ui.names import bilingual
from desktop.ui.office.forks import ForkResolveDialog
from desktop.ui.reviewer.leader_chains import ChainPanel
from desktop.ui.reviewer.leader_consensus import (
    ERROR_STYLE,
    OK_STYLE,
    WARN_STYLE,
    ConsensusPanel,
    LiveLabel,
    error_text,
    leader_table,
)
from desktop.ui.reviewer.leader_export import OverviewPanel
from desktop.ui.reviewer.leader_findings import FindingsPanel
from desktop.ui.reviewer.leader_models import (
    ConsensusModel,
    DivergenceModel,
    HeldModel,
    LeaderForksModel,
    MergeReportModel,
)
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.widgets.destination import Drives, removable_drives
from desktop.ui.widgets.field_label import FieldLabel
from desktop.ui.widgets.progress_strip import ProgressStrip

IMPORT_TAB, CONSENSUS_TAB, FINDINGS_TAB, OVERVIEW_TAB = 0, 1, 2, 3


def _titled(title: QLabel, body: QWidget, parent: QWidget,
            extra: QWidget | None = None) -> QWidget:
    box = QWidget(parent)
    head = QHBoxLayout()
    head.addWidget(title, 1)
    if extra is not None:
        head.addWidget(extra)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addLayout(head)
    layout.addWidget(body, 1)
    return box


class LeaderPage(QWidget):
    imported = Signal()  # after an import, cancelled or not (the bundles read are kept)
    busy = Signal(bool)  # an import or an export uses the case file
    printable_changed = Signal()  # the final consensus sheet can (or can no longer) be printed

    def __init__(self, team: TeamLeader, runner: TaskRunner, stages: Sequence[StageInfo],
                 members: Sequence[TeamMember], current_stage: str | None = None,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 drives: Drives = removable_drives) -> None:
        super().__init__(parent)
        self.team = team
        self.runner = runner
        self.setAcceptDrops(True)
        self.stages = {s.stage_id: s for s in stages}
        self.names = {m.reviewer_id: m.display_name for m in members}
        self.handle: TaskHandle | None = None
        self.session_files: list[FileResult] = []  # what this session's imports did

        self.stage = QComboBox(self)
        # as wide as the longest stage name in the language shown (Mongolian is long)
        self.stage.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for info in stages:
            if info.form is FormKind.ITEMS:
                self.stage.addItem(info.stage_id, info.stage_id)
        # where the leader left off: the last stage the team's bundles were imported for
        # (opening the case again shows that work), else the case's current stage
        worked = {h.stage_id for h in team.held()}
        last = [str(self.stage.itemData(i)) for i in range(self.stage.count())
                if self.stage.itemData(i) in worked]
        start = last[-1] if last else current_stage
        index = self.stage.findData(start) if start else -1
        self.stage.setCurrentIndex(max(index, 0) if self.stage.count() else -1)
        self.stage_label = FieldLabel("", self.stage, self, fonts=fonts, column_height=70)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        # import
        self.report = MergeReportModel(  # members by name (and id), as the held bundles
            lambda r: f"{self.names[r]} ({r})" if r in self.names else r, self.stage_name, self)
        self.held = HeldModel(self.stage_name, self)
        self.forks = LeaderForksModel(lambda r: self.names.get(r, r), self.stage_name, self)
        self.drop_hint = QLabel(self)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet("border: 2px dashed #888; padding: 12px;")
        self.pick = QPushButton(self)
        self.progress = ProgressStrip(self)
        self.import_message = LiveLabel(self)
        self.report_title = QLabel(self)
        self.report_table = leader_table(self)
        self.report_table.setModel(self.report)
        self.held_title = QLabel(self)
        self.held_table = leader_table(self)
        self.held_table.setModel(self.held)
        self.forks_title = QLabel(self)
        self.forks_title.setWordWrap(True)
        self.forks_table = leader_table(self)
        self.forks_table.setModel(self.forks)
        self.forks_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.forks_table.doubleClicked.connect(lambda _i: self.resolve_selected())
        self.resolve_button = QPushButton(self)
        self.resolve_button.clicked.connect(lambda: self.resolve_selected())
        self.fork_dialog: ForkResolveDialog | None = None
        import_tab = QWidget(self)
        drop_row = QHBoxLayout()
        drop_row.addWidget(self.drop_hint, 1)
        drop_row.addWidget(self.pick)
        self.import_split = QSplitter(Qt.Orientation.Vertical, import_tab)
        self.import_split.addWidget(_titled(self.report_title, self.report_table,
                                            self.import_split))
        self.import_split.addWidget(_titled(self.held_title, self.held_table,
                                            self.import_split))
        self.forks_box = _titled(self.forks_title, self.forks_table, self.import_split,
                                 self.resolve_button)
        self.import_split.addWidget(self.forks_box)
        self.chains = ChainPanel(team, lambda r: self.names.get(r, r), self.stage_name,
                                 self.import_message.say, self.import_split)  # broken chains
        self.import_split.addWidget(self.chains)
        self.import_split.setChildrenCollapsible(False)
        for index, stretch in enumerate((3, 4, 2, 2)):  # report, held, forks, chains
            self.import_split.setStretchFactor(index, stretch)
        il = QVBoxLayout(import_tab)
        il.addLayout(drop_row)
        il.addWidget(self.progress)
        il.addWidget(self.import_message)
        il.addWidget(self.import_split, 1)

        self.consensus_panel = ConsensusPanel(team, self.names, self, fonts=fonts)
        self.consensus_panel.stage_name = self.stage_name  # its questions name the stage
        self.overview_panel = OverviewPanel(team, runner, self.stage_name, self, fonts=fonts,
                                            drives=drives)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(import_tab, "")
        self.tabs.addTab(self.consensus_panel, "")
        self.findings_panel = FindingsPanel(team, self.names, self, fonts=fonts)
        self.tabs.addTab(self.findings_panel, "")
        self.tabs.addTab(self.overview_panel, "")
        head = QHBoxLayout()
        head.addWidget(self.stage_label)
        head.addWidget(self.stage)
        head.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

        self.pick.clicked.connect(self._pick)
        self.stage.currentIndexChanged.connect(lambda _i: self.reload())
        self.consensus_panel.changed.connect(self._consensus_changed)
        self.findings_panel.changed.connect(self._consensus_changed)
        self.tabs.currentChanged.connect(  # the consensus may have become final meanwhile
            lambda i: self.findings_panel.show_current() if i == FINDINGS_TAB else None)
        self.overview_panel.open_applicant.connect(self.open_applicant)
        self.overview_panel.busy.connect(self._set_busy)
        self.overview_panel.exported.connect(lambda _r: self.reload())
        self.chains.changed.connect(self.reload)
        self.consensus_panel.print_button.installEventFilter(self)  # File › Print… follows it
        self.forks_table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._enable_resolve())
        self.retranslate()

    # --- names ----------------------------------------------------------------------------------
    def stage_name(self, stage_id: str) -> str:
        info = self.stages.get(stage_id)
        return stage_id if info is None else bilingual(info.name_zh, info.name_en)

    def stage_id(self) -> str | None:
        data = self.stage.currentData()
        return None if data is None else str(data)

    # --- reading the case file ------------------------------------------------------------------
    def reload(self) -> None:
        """Read everything shown again from the case file (not while a task uses it)."""
        if self.is_running() or self.overview_panel.is_running():
            return
        stage = self.stage_id()
        try:
            held = self.team.held()
            forks = self.team.list_forks()
            overview = self.team.overview(stage) if stage is not None else []
            exports = self.team.exports(stage) if stage is not None else []
        except ScorebookError as error:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error_text(error))
            return
        self.held.show(held)
        self.forks.show(forks)
        self.forks_box.setVisible(bool(forks))
        self._enable_resolve()
        self.chains.reload()
        self.overview_panel.show_overview(stage, overview, exports)
        self.consensus_panel.set_applicants(stage, overview)
        self.findings_panel.set_applicants(stage, overview)
        self._describe(held, forks)

    def _describe(self, held: Sequence[object], forks: Sequence[ForkView]) -> None:
        waiting = sum(1 for f in forks if f.chosen is None)
        self.held_title.setText(ngettext("{count} bundle held in the case file",
                                         "{count} bundles held in the case file",
                                         len(held)).format(count=len(held)))
        self.forks_title.setText(ngettext(
            "{count} fork waits for your decision: the earlier revision stands meanwhile",
            "{count} forks wait for your decision: the earlier revisions stand meanwhile",
            waiting).format(count=waiting) if waiting else _("Forks (all resolved)"))
        waiting += self.chains.model.rowCount()  # broken chains wait for a decision too
        self.status.setStyleSheet(WARN_STYLE if waiting else "")
        self.status.setText(_("Held: {bundles} bundles; forks waiting: {forks}").format(
            bundles=len(held), forks=waiting))

    def _consensus_changed(self) -> None:
        stage = self.stage_id()
        if stage is None:
            return
        try:
            overview = self.team.overview(stage)
            exports = self.team.exports(stage)
        except ScorebookError as error:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error_text(error))
            return
        self.overview_panel.show_overview(stage, overview, exports)

    def open_applicant(self, applicant_id: str) -> None:
        if self.consensus_panel.choose(applicant_id):
            self.tabs.setCurrentIndex(CONSENSUS_TAB)

    # --- File › Print… (Ctrl+P): the consensus sheet, as the Print button ----------------------
    def can_print(self) -> bool:
        """The applicant shown has a final, current consensus to print."""
        return self.consensus_panel.print_button.isEnabled()

    def print_current(self) -> bool:
        """Print the final consensus sheet of the applicant shown, as its button does."""
        if not self.can_print():
            return False
        self.tabs.setCurrentIndex(CONSENSUS_TAB)  # where the result is said
        return self.consensus_panel.print_on_paper()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and \
                watched is self.consensus_panel.print_button:
            self.printable_changed.emit()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()  # the command line, or another window, may have changed the case
            if self.overview_panel.destination.drive.count() == 0:
                self.overview_panel.destination.refresh_drives()

    # --- import ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def _pick(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose the team's bundles"), "",
            _("Score bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX))
        if files:
            self.import_files([Path(f) for f in files])

    def is_running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def import_files(self, paths: list[Path]) -> None:
        """Verify and keep the bundles one at a time off the UI thread (each one call of the
        service, committed): progress after each, and a Cancel between bundles keeps those
        already imported (importing the rest later is safe: a bundle twice is a duplicate)."""
        if self.is_running() or self.overview_panel.is_running():
            return
        self.tabs.setCurrentIndex(IMPORT_TAB)
        count = len(paths)
        self.import_message.say("", lambda: ngettext("Importing {count} bundle…",
                                                     "Importing {count} bundles…",
                                                     count).format(count=count))
        team = self.team
        files: list[FileResult] = []  # kept here: a cancelled task's result is not passed on

        def work(control: TaskControl) -> list[FileResult]:
            total = len(paths)
            control.set_progress(0, total)
            for done, path in enumerate(paths, start=1):
                control.check_cancelled()
                files.extend(team.import_bundles([path]).files)
                control.set_progress(done, total)
            return files

        self._set_busy(True)
        handle = self.runner.submit(
            _("Import bundles"), work, on_success=self._imported,
            on_error=self._import_failed,
            on_cancel=lambda: self._import_cancelled(list(files), len(paths)))
        if not handle.done:
            self.handle = handle
            self.progress.attach(handle)

    def _import_over(self, files: list[FileResult]) -> None:
        self.handle = None
        self.progress.finish()
        self.session_files.extend(files)
        self.report.show(self.session_files)
        self._set_busy(False)
        if not self._follow_stage(files):
            self.reload()

    def _follow_stage(self, files: Sequence[FileResult]) -> bool:
        """Bundles came in for another stage than the one shown: show theirs (the leader
        imports the on-site bundles and expects to see them). True if the stage changed (the
        page then reads the case file again)."""
        stages = {f.stage for f in files if f.stage and f.outcome in ("new", "updated")}
        if len(stages) != 1 or self.stage_id() in stages:
            return False
        index = self.stage.findData(next(iter(stages)))
        if index < 0:
            return False
        self.stage.setCurrentIndex(index)
        return True

    def _imported(self, files: object) -> None:
        assert isinstance(files, list)
        self._import_over(files)
        count = len(files)
        verdict = import_verdict([f.outcome for f in files])
        if verdict is not None:  # exact counts: rejected, forks, the others applied
            self.import_message.say(ERROR_STYLE, lambda: render(verdict))
        else:
            self.import_message.say("", lambda: ngettext(
                "{count} bundle imported and checked", "{count} bundles imported and checked",
                count).format(count=count))
        self.imported.emit()

    def _import_cancelled(self, files: list[FileResult], total: int) -> None:
        self._import_over(files)
        done = len(files)
        self.import_message.say(WARN_STYLE, lambda: ngettext(
            "Cancelled: {done} of {total} bundle was imported; importing the rest later is "
            "safe",
            "Cancelled: {done} of {total} bundles were imported; importing the rest later is "
            "safe", total).format(done=done, total=total))
        self.imported.emit()

    def _import_failed(self, error: object) -> None:
        self._import_over([])
        self.import_message.say(ERROR_STYLE, lambda: error_text(error))

    def _set_busy(self, busy: bool) -> None:
        """While an import or an export uses the case file, nothing else on the page does."""
        self.pick.setEnabled(not busy)
        self.stage.setEnabled(not busy)
        self.resolve_button.setEnabled(not busy and self._selected_fork() is not None)
        self.consensus_panel.set_busy(busy)
        self.findings_panel.set_busy(busy)
        self.chains.set_busy(busy)
        if not self.overview_panel.is_running():
            self.overview_panel.set_busy(busy)
        self.busy.emit(busy)

    # --- forks ----------------------------------------------------------------------------------
    def _selected_fork(self) -> ForkView | None:
        index = self.forks_table.currentIndex()
        if index.isValid():
            return self.forks.forks()[index.row()]
        waiting = [f for f in self.forks.forks() if f.chosen is None]
        return waiting[0] if len(waiting) == 1 else None  # the only one waiting

    def _enable_resolve(self) -> None:
        self.resolve_button.setEnabled(self._selected_fork() is not None
                                       and not self.is_running())

    def resolve_selected(self) -> ForkResolveDialog | None:
        """Open the decision for the selected fork (a reason is required); applied when
        accepted."""
        fork = self._selected_fork()
        if fork is None:
            return None
        dialog = ForkResolveDialog(fork, self, stage_name=self.stage_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_fork(dialog.choice()))
        dialog.finished.connect(lambda _r: setattr(self, "fork_dialog", None))
        self.fork_dialog = dialog
        dialog.open()
        return dialog

    def _apply_fork(self, choice: tuple[str, str] | None) -> None:
        if choice is not None:
            self.resolve_fork(*choice)

    def resolve_fork(self, bundle_sha256: str, reason: str) -> bool:
        """Let the bundle stand for its fork, with the reason (kept in the case's audit log)."""
        try:
            view = self.team.resolve_fork(bundle_sha256, reason)
        except ScorebookError as error:
            failure = error
            self.import_message.say(ERROR_STYLE, lambda: error_text(failure))
            return False
        file = next((s.file for s in view.sides if s.sha256 == bundle_sha256), "")
        who = self.names.get(view.reviewer, view.reviewer)
        self.import_message.say(OK_STYLE, lambda: _(
            "Fork resolved: {file} stands for revision {revision} of {reviewer}").format(
                file=file, revision=view.revision, reviewer=who))
        self.reload()
        return True

    # --- the consensus tab's parts, by their former names ----------------------------------------
    def finalise(self) -> bool:
        return self.consensus_panel.finalise()

    @property
    def applicant(self) -> QComboBox:
        return self.consensus_panel.applicant

    @property
    def divergence(self) -> DivergenceModel:
        return self.consensus_panel.divergence

    @property
    def consensus(self) -> ConsensusModel:
        return self.consensus_panel.consensus

    @property
    def consensus_message(self) -> QLabel:
        return self.consensus_panel.message

    def retranslate(self) -> None:
        self.stage_label.setText(_("S&tage"))
        for i in range(self.stage.count()):
            self.stage.setItemText(i, self.stage_name(str(self.stage.itemData(i))))
        self.drop_hint.setText(_("Drop the team's bundle files here"))
        self.pick.setText(_("&Add bundle files…"))
        self.report_title.setText(_("Imported in this session"))
        self.resolve_button.setText(_("&Resolve fork…"))
        self.tabs.setTabText(IMPORT_TAB, _("Import"))
        self.tabs.setTabText(CONSENSUS_TAB, _("Divergence and consensus"))
        self.tabs.setTabText(FINDINGS_TAB, _("Findings"))
        self.tabs.setTabText(OVERVIEW_TAB, _("Overview and export"))
        for model in (self.report, self.held, self.forks):
            model.retranslate()
        self.progress.retranslate()
        self.import_message.retranslate()
        self.consensus_panel.retranslate()
        self.findings_panel.retranslate()
        self.overview_panel.retranslate()
        self.chains.retranslate()
        for widget, name in ((self.stage, _("Stage")),
                             (self.status, _("Team leader's summary")),
                             (self.drop_hint, _("Drop zone for bundle files")),
                             (self.pick, _("Add bundle files")),
                             (self.progress, _("Import progress")),
                             (self.import_message, _("Import result")),
                             (self.report_table, _("Merge report")),
                             (self.held_table, _("Bundles held")),
                             (self.forks_table, _("Forks")),
                             (self.resolve_button, _("Resolve the selected fork")),
                             (self.tabs, _("Team leader"))):
            widget.setAccessibleName(name)
        self.reload()


__all__ = ["BUNDLE_SUFFIX", "LeaderPage"]

"""The team leader's page: import the team's bundles (drop or pick), the merge report, the
divergence view (items × reviewers) and the consensus editor.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.crypto.bundle import BUNDLE_SUFFIX
from desktop.domain.errors import ScorebookError
from desktop.i18n import _, ngettext, render
from desktop.ui.names import bilingual
from desktop.ui.reviewer.leader_models import ConsensusModel, DivergenceModel, MergeReportModel
from desktop.ui.reviewer.team_merge import ReportRow, TeamMerge
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.widgets.field_label import FieldLabel
from desktop.ui.widgets.progress_strip import ProgressStrip


def _table(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class LeaderPage(QWidget):
    imported = Signal()  # after an import, cancelled or not (the bundles read are kept)

    def __init__(self, team: TeamMerge, runner: TaskRunner, applicants: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.runner = runner
        self.setAcceptDrops(True)
        framework = team.case.framework
        self.report = MergeReportModel(self)
        self.divergence = DivergenceModel(framework, self)
        self.consensus = ConsensusModel(framework, self)

        self.drop_hint = QLabel(self)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet("border: 2px dashed #888; padding: 12px;")
        self.pick = QPushButton(self)
        self.progress = ProgressStrip(self)
        self.import_message = QLabel(self)
        self.import_message.setWordWrap(True)
        self.handle: TaskHandle | None = None
        self.report_table = _table(self)
        self.report_table.setModel(self.report)
        import_tab = QWidget(self)
        il = QVBoxLayout(import_tab)
        row = QHBoxLayout()
        row.addWidget(self.drop_hint, 1)
        row.addWidget(self.pick)
        il.addLayout(row)
        il.addWidget(self.progress)
        il.addWidget(self.import_message)
        il.addWidget(self.report_table, 1)

        self.applicant = QComboBox(self)
        for applicant_id, name in applicants:
            self.applicant.addItem(f"{applicant_id} {name}", applicant_id)
        self.stage = QComboBox(self)
        for stage_id in team.items_stages:
            self.stage.addItem(stage_id, stage_id)
        self.applicant_label = FieldLabel("", self.applicant, self, column_height=70)
        self.rule = QLabel(self)
        self.divergence_table = _table(self)
        self.divergence_table.setModel(self.divergence)
        self.consensus_table = _table(self)
        self.consensus_table.setModel(self.consensus)
        self.consensus_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.consensus_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ConsensusModel.RATIONALE, QHeaderView.ResizeMode.Stretch)
        self.finalise_button = QPushButton(self)
        self.consensus_message = QLabel(self)
        self.consensus_message.setWordWrap(True)
        team_tab = QWidget(self)
        tl = QVBoxLayout(team_tab)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.applicant_label)
        pick_row.addWidget(self.applicant, 1)
        pick_row.addWidget(self.stage)
        tl.addLayout(pick_row)
        tl.addWidget(self.rule)
        self.split = QSplitter(Qt.Orientation.Vertical, team_tab)
        self.split.addWidget(self.divergence_table)
        consensus_box = QWidget(self.split)
        cl = QVBoxLayout(consensus_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.consensus_table, 1)
        fin = QHBoxLayout()
        fin.addWidget(self.consensus_message, 1)
        fin.addWidget(self.finalise_button)
        cl.addLayout(fin)
        self.split.addWidget(consensus_box)
        tl.addWidget(self.split, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(import_tab, "")
        self.tabs.addTab(team_tab, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.pick.clicked.connect(self._pick)
        self.applicant.currentIndexChanged.connect(self.refresh)
        self.stage.currentIndexChanged.connect(self.refresh)
        self.finalise_button.clicked.connect(self.finalise)
        self.retranslate()
        self.refresh()

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

    def import_files(self, paths: list[Path]) -> None:
        """Verify and merge the bundles one at a time off the UI thread: progress after each
        bundle, and a Cancel between bundles keeps those already merged (importing the rest
        later is safe: a bundle merged twice is a duplicate)."""
        if self.handle is not None and not self.handle.done:
            return
        self.pick.setEnabled(False)
        self.import_message.setStyleSheet("")
        self.import_message.setText(ngettext("Importing {count} bundle…",
                                             "Importing {count} bundles…",
                                             len(paths)).format(count=len(paths)))
        rows: list[ReportRow] = []  # kept here: a cancelled task's result is not passed on

        def work(control: TaskControl) -> list[ReportRow]:
            total = len(paths)
            control.set_progress(0, total)
            for done, path in enumerate(paths, start=1):
                control.check_cancelled()
                rows.extend(self.team.import_files([path]))
                control.set_progress(done, total)
            return rows

        handle = self.runner.submit(
            _("Import bundles"), work, on_success=self._imported,
            on_error=self._import_failed,
            on_cancel=lambda: self._import_cancelled(list(rows), len(paths)))
        if not handle.done:
            self.handle = handle
            self.progress.attach(handle)

    def _import_over(self) -> None:
        self.handle = None
        self.progress.finish()
        self.pick.setEnabled(True)

    def _imported(self, rows: object) -> None:
        assert isinstance(rows, list)
        self._import_over()
        self.import_message.setText(ngettext("{count} bundle imported and checked",
                                             "{count} bundles imported and checked",
                                             len(rows)).format(count=len(rows)))
        self.report.add(rows)
        self.refresh()
        self.imported.emit()

    def _import_cancelled(self, rows: list[ReportRow], total: int) -> None:
        self._import_over()
        self.report.add(rows)
        self.import_message.setStyleSheet("color: #8a6d00;")
        self.import_message.setText(_("Cancelled: {done} of {total} bundles were imported; "
                                      "importing the rest later is safe").format(
                                          done=len(rows), total=total))
        self.refresh()
        self.imported.emit()

    def _import_failed(self, error: object) -> None:
        self._import_over()
        self.import_message.setStyleSheet("color: #b00020;")
        self.import_message.setText(render(error.message) if isinstance(error, ScorebookError)
                                    else str(error))

    # --- divergence and consensus ---------------------------------------------------------------
    def refresh(self) -> None:
        if self.applicant.currentIndex() < 0 or self.stage.currentIndex() < 0:
            return
        applicant_id = str(self.applicant.currentData())
        stage_id = str(self.stage.currentData())
        stats = self.team.stats(applicant_id, stage_id)
        reviewers = sorted({r for st in stats.values() for r, _p in st.pcts})
        self.divergence.set_stats(reviewers, stats if reviewers else {})
        self.consensus.set_stats(stats if reviewers else {})
        self.consensus_message.clear()
        flagged = self.divergence.flagged()
        self.rule.setText(ngettext("{count} item flagged for discussion",
                                   "{count} items flagged for discussion",
                                   len(flagged)).format(count=len(flagged))
                          if reviewers else _("No scores yet: import the team's bundles."))

    def finalise(self) -> bool:
        applicant_id = str(self.applicant.currentData())
        stage_id = str(self.stage.currentData())
        try:
            result = self.team.finalise(applicant_id, stage_id, self.consensus.choices())
        except ScorebookError as error:
            self.consensus_message.setStyleSheet("color: #b00020;")
            self.consensus_message.setText(render(error.message))
            return False
        self.consensus_message.setStyleSheet("color: #1b7f3b;")
        self.consensus_message.setText(_("Consensus final: total {total}").format(
            total=result.total))
        return True

    def retranslate(self) -> None:
        self.drop_hint.setText(_("Drop the team's bundle files here"))
        self.pick.setText(_("&Add bundle files…"))
        self.tabs.setTabText(0, _("Import"))
        self.tabs.setTabText(1, _("Divergence and consensus"))
        self.applicant_label.setText(_("&Applicant"))
        self.finalise_button.setText(_("&Finalise consensus"))
        for i in range(self.stage.count()):
            zh, en = self.team.stage_names[str(self.stage.itemData(i))]
            self.stage.setItemText(i, bilingual(zh, en))
        for model in (self.report, self.divergence, self.consensus):
            model.retranslate()
        self.progress.retranslate()
        for widget, name in ((self.drop_hint, _("Drop zone for bundle files")),
                             (self.pick, _("Add bundle files")),
                             (self.progress, _("Import progress")),
                             (self.import_message, _("Import result")),
                             (self.report_table, _("Merge report")),
                             (self.applicant, _("Applicant")), (self.stage, _("Stage")),
                             (self.rule, _("Divergence summary")),
                             (self.divergence_table, _("Divergence")),
                             (self.consensus_table, _("Consensus")),
                             (self.finalise_button, _("Finalise consensus")),
                             (self.consensus_message, _("Consensus result")),
                             (self.tabs, _("Team leader"))):
            widget.setAccessibleName(name)
        self.refresh()

"""The team leader's overview of the applicants at a stage (is each consensus final?) and the
export of the signed consensus bundle to a USB stick or a folder, off the UI thread
(``TeamLeader.export_consensus``: signed, sealed to the office and the leader, read back and
verified before it is reported).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formatting import join_list
from desktop.services.leader import (
    ApplicantConsensus,
    ConsensusExportResult,
    ConsensusExportView,
    TeamLeader,
)
from desktop.ui.fonts import FontSet
from desktop.ui.reviewer.leader_consensus import (
    ERROR_STYLE,
    OK_STYLE,
    WARN_STYLE,
    LiveLabel,
    error_text,
    leader_table,
)
from desktop.ui.reviewer.leader_models import OverviewModel, local_time
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.widgets.destination import DestinationPicker, Drives, removable_drives
from desktop.ui.widgets.progress_strip import ProgressStrip


class OverviewPanel(QWidget):
    """The applicants at the stage and the *Export consensus* action."""

    open_applicant = Signal(str)  # a row was double-clicked
    busy = Signal(bool)  # an export runs (True) or is over (False)
    exported = Signal(object)  # ConsensusExportResult

    def __init__(self, team: TeamLeader, runner: TaskRunner, stage_name: Callable[[str], str],
                 parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 drives: Drives = removable_drives) -> None:
        super().__init__(parent)
        self.team = team
        self.runner = runner
        self.stage_name = stage_name
        self.stage_id: str | None = None
        self.names: dict[str, str] = {}
        self.last: ConsensusExportView | None = None
        self.result: ConsensusExportResult | None = None
        self.handle: TaskHandle | None = None
        self.overview = OverviewModel(self)
        self.overview_table = leader_table(self)
        self.overview_table.setModel(self.overview)
        self.overview_table.doubleClicked.connect(
            lambda index: self.open_applicant.emit(self.overview.applicant_id(index.row())))
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.destination = DestinationPicker(self, fonts=fonts, drives=drives)
        self.folder = self.destination.folder  # as the tests reach it
        self.export_button = QPushButton(self)
        self.progress = ProgressStrip(self)
        self.message = LiveLabel(self)
        self.last_label = QLabel(self)
        self.last_label.setWordWrap(True)

        go = QHBoxLayout()
        go.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        go.addWidget(self.progress, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.counts)
        box.addWidget(self.overview_table, 1)
        box.addWidget(self.hint)
        box.addWidget(self.destination)
        box.addLayout(go)
        box.addWidget(self.message)
        box.addWidget(self.last_label)

        self.destination.changed.connect(self._update)
        self.export_button.clicked.connect(lambda: self.export_consensus())
        self.retranslate()

    # --- the overview ---------------------------------------------------------------------------
    def show_overview(self, stage_id: str | None, rows: Sequence[ApplicantConsensus],
                      exports: Sequence[ConsensusExportView]) -> None:
        self.stage_id = stage_id
        self.names = {r.applicant_id: r.name for r in rows}
        self.overview.show(list(rows))
        self.last = exports[-1] if exports else None
        self._describe()

    def _describe(self) -> None:
        rows = self.overview.rows()
        final = sum(1 for r in rows if r["final"] and not r["outdated"])
        self.counts.setText(_("{final} of {total} applicants have a final consensus at this "
                              "stage").format(final=final, total=len(rows)))
        last = self.last
        self.last_label.setText("" if last is None else ngettext(
            "Last exported: revision {revision}, {file}, {applicants} applicant, {when}",
            "Last exported: revision {revision}, {file}, {applicants} applicants, {when}",
            last.applicants).format(revision=last.revision, file=last.file,
                                    applicants=last.applicants,
                                    when=local_time(last.exported_at)))
        self._update()

    def _update(self) -> None:
        running = self.is_running()
        can = any(r["final"] and not r["outdated"] for r in self.overview.rows())
        self.export_button.setEnabled(self.destination.path() is not None and can
                                      and not running)
        self.overview_table.setEnabled(not running)
        self.destination.set_enabled_for_run(running)

    # --- the export -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def export_consensus(self, folder: Path | None = None) -> bool:
        """Sign, seal, write and verify the stage's final consensus in ``folder`` (default:
        the folder field) off the UI thread; ``exported`` tells when it is safe to remove."""
        target = folder or self.destination.path()
        stage = self.stage_id
        if self.is_running() or target is None or stage is None:
            return False
        team = self.team
        kept: list[ConsensusExportResult] = []  # done as Cancel was pressed: it still stands

        def work(control: TaskControl) -> ConsensusExportResult:
            control.check_cancelled()
            result = team.export_consensus(target, stage)
            kept.append(result)
            return result

        self.message.say("", lambda: _("Exporting the consensus…"))
        self.busy.emit(True)
        handle = self.runner.submit(
            _("Export consensus"), work, on_success=self._done, on_error=self._failed,
            on_cancel=lambda: self._done(kept[0]) if kept else self._cancelled())
        if not handle.done:
            self.handle = handle
            self.progress.attach(handle)
        self._update()
        return True

    def _over(self) -> None:
        self.handle = None
        self.progress.finish()
        self.busy.emit(False)
        self._update()

    def _done(self, result: object) -> None:
        assert isinstance(result, ConsensusExportResult)
        self.result = result
        self._over()
        names = dict(self.names)

        def text() -> str:
            said = _("Safe to remove. {file} was written to {folder}, read back and verified "
                     "(consensus, stage {stage}, revision {revision}).").format(
                file=result.path.name, folder=result.path.parent,
                stage=self.stage_name(result.stage_id), revision=result.revision)
            said += " " + _("Included: {applicants}.").format(
                applicants=join_list(names.get(a, a) for a in result.applicants))
            if result.not_final:
                said += " " + _("Not final yet, left out: {ids}").format(
                    ids=join_list(names.get(a, a) for a in result.not_final))
            return said

        self.message.say(OK_STYLE + " font-weight: bold;", text)
        self.exported.emit(result)

    def _failed(self, error: object) -> None:
        self._over()
        self.message.say(ERROR_STYLE + " font-weight: bold;", lambda: _(
            "Not exported: {reason}. Do not remove the stick yet; try again.").format(
                reason=error_text(error)))

    def _cancelled(self) -> None:
        self._over()
        self.message.say(WARN_STYLE + " font-weight: bold;", lambda: _(
            "Export cancelled: no bundle was left on the stick. Export again when you are "
            "ready."))

    def retranslate(self) -> None:
        self.hint.setText(_("The consensus bundle holds every applicant whose consensus is "
                            "final at this stage. It is signed with your key, sealed to the "
                            "office and to you, and read back and checked before you are told "
                            "it is safe to remove."))
        self.destination.retranslate()
        self.export_button.setText(_("E&xport consensus"))
        self.overview.retranslate()
        self.progress.retranslate()
        self.message.retranslate()
        for widget, name in ((self.counts, _("Consensus count")),
                             (self.overview_table, _("Applicants at this stage")),
                             (self.hint, _("Explanation")),
                             (self.export_button, _("Export consensus")),
                             (self.progress, _("Export progress")),
                             (self.message, _("Export result")),
                             (self.last_label, _("Last export"))):
            widget.setAccessibleName(name)
        self._describe()

    def set_busy(self, busy: bool) -> None:
        """Another task (an import) uses the case file: no export meanwhile."""
        self.export_button.setEnabled(not busy and not self.is_running())
        if not busy:
            self._update()


__all__ = ["OverviewPanel"]

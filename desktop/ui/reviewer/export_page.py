"""Export the score bundle: pick the USB stick (or a folder), write, read back, verify, and say
plainly when it is safe to remove. Runs off the UI thread with progress per phase and a Cancel
that leaves no partial file; not undoable (it clears the history).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, ngettext, render
from desktop.services.case_types import ExportResult
from desktop.ui.fonts import FontSet
from desktop.ui.names import bilingual
from desktop.ui.tasks import TaskCancelled, TaskControl, TaskHandle, TaskRunner
from desktop.ui.text import join_list
from desktop.ui.widgets.destination import DestinationPicker, Drives, removable_drives
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle
from desktop.ui.widgets.progress_strip import ProgressStrip
from desktop.ui.widgets.vertical_message import verticalise

# (folder, final, stage id, progress(done, total), is_cancelled()) -> the verified export
ExportWork = Callable[[Path, bool, str | None, Callable[[int, int], None], Callable[[], bool]],
                      ExportResult]
# (stage id, zh name, en name) of each stage the reviewer can export
StageChoice = tuple[str, str, str]


@dataclass(frozen=True)
class ExportSummary:
    """What an export takes with it, shown before anything is written."""

    applicants: tuple[tuple[str, int, int], ...]  # (name, items scored, items in all)
    left_out: tuple[str, ...]  # names of the applicants recused from
    final: bool
    panel: bool = False  # a panel-score stage: one score per applicant
    names: Mapping[str, str] = field(default_factory=dict)  # applicant id -> name

    def incomplete(self) -> list[tuple[str, int, int]]:
        return [a for a in self.applicants if a[1] < a[2]]

    def lines(self) -> list[str]:
        out = []
        for name, done, total in self.applicants:
            if self.panel:
                out.append(_("{name}: panel score given").format(name=name) if done else
                           _("{name}: no panel score yet").format(name=name))
            else:
                out.append(ngettext("{name}: {done} of {total} item scored",
                                    "{name}: {done} of {total} items scored", total)
                           .format(name=name, done=done, total=total))
        if self.left_out:
            out.append(_("Left out because you declared a conflict: {applicants}.")
                       .format(applicants=join_list(self.left_out)))
        out.append(_("This is your final submission for this stage.") if self.final else
                   _("Not final: you can export again later."))
        return out


# (stage id, final) -> the summary of what would go out
SummaryOf = Callable[[str | None, bool], ExportSummary]


class ExportPage(QWidget):
    started = Signal()
    done = Signal(object)  # ExportResult
    failed = Signal(str)  # the translated message
    cancelled = Signal()
    finished = Signal()  # after done, failed or cancelled

    def __init__(self, runner: TaskRunner, export: ExportWork,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 drives: Drives = removable_drives,
                 stages: Sequence[StageChoice] = (), current_stage: str | None = None,
                 summary: SummaryOf | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._export = export
        self._summary = summary
        self.summary: ExportSummary | None = None  # of the export asked for last
        self.confirm: QMessageBox | None = None  # the question before writing
        self.result: ExportResult | None = None
        self.handle: TaskHandle | None = None
        self.heading = PageTitle("", self, fonts=fonts)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.destination = DestinationPicker(self, fonts=fonts, drives=drives)
        picker = self.destination  # its controls, as the tests and the screenshots reach them
        self.drive, self.drive_label = picker.drive, picker.drive_label
        self.refresh_button, self.browse = picker.refresh_button, picker.browse
        self.folder, self.folder_label = picker.folder, picker.folder_label
        self.stages = list(stages)
        self.stage = QComboBox(self)  # which stage's scores go out (default: the case's own)
        for stage_id, _zh, _en in self.stages:
            self.stage.addItem("", stage_id)
        if current_stage is not None and self.stage.findData(current_stage) >= 0:
            self.stage.setCurrentIndex(self.stage.findData(current_stage))
        self.stage_label = FieldLabel("", self.stage, self, fonts=fonts, column_height=70)
        self.final = QCheckBox(self)
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.progress = ProgressStrip(self)
        self.phase = QLabel(self)
        self.phase.setWordWrap(True)
        self.phase.hide()  # shown while an export runs
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        if self.stages:  # aligned with the stick and the folder
            self.destination.add_row(self.stage_label, self.stage)
        else:
            self.stage_label.hide()
            self.stage.hide()
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the left edge in Mongolian, above the page otherwise
        self.setLayout(LabelBeside(self.heading, layout))
        layout.addWidget(self.hint)
        layout.addWidget(self.destination)
        layout.addWidget(self.final)
        layout.addWidget(self.export_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.phase)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.export_button.clicked.connect(self.start)
        self.destination.changed.connect(self._update)
        self.retranslate()
        self._update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.is_running():
            self.destination.refresh_drives()

    def _update(self) -> None:
        running = self.is_running()
        self.export_button.setEnabled(self.destination.path() is not None and not running)
        for widget in (self.final, self.stage):
            widget.setEnabled(not running)
        self.destination.set_enabled_for_run(running)

    # --- the export -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def start(self) -> None:
        """Say what will go out (and what is not scored yet), then export when confirmed."""
        folder = self.destination.path()
        if self.is_running() or folder is None or self.confirm is not None:
            return
        final = self.final.isChecked()
        stage = self.stage.currentData() if self.stage.count() else None
        if self._summary is None:
            self.export_now()
            return
        summary = self.summary = self._summary(stage, final)
        box = QMessageBox(self)
        box.setObjectName("ExportConfirm")
        box.setWindowTitle(_("Export score bundle"))
        missing = summary.incomplete()
        if missing:
            box.setIcon(QMessageBox.Icon.Warning)
            if summary.panel:
                box.setText(_("Not every applicant has a panel score yet."))
            else:
                done = sum(a[1] for a in summary.applicants)
                total = sum(a[2] for a in summary.applicants)
                box.setText(ngettext("Not every item is scored yet: {done} of {total} item "
                                     "scored.", "Not every item is scored yet: {done} of "
                                     "{total} items scored.", total)
                            .format(done=done, total=total))
        else:
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(_("Every item is scored. Export now?"))
        stage_text = self.stage.currentText() if self.stage.count() else ""
        head = [_("To: {folder}").format(folder=folder)]
        if stage_text:
            head.insert(0, _("Stage: {stage}").format(stage=stage_text))
        box.setInformativeText("\n".join([*head, *summary.lines()]))
        go = box.addButton(_("E&xport"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("Go &back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back if missing else go)
        box.setEscapeButton(back)
        verticalise(box)  # Mongolian runs top to bottom
        self.confirm = box

        def answered() -> None:
            self.confirm = None
            if box.clickedButton() is go:
                self.export_now()
            box.deleteLater()

        box.finished.connect(answered)
        box.open()

    def export_now(self) -> None:
        """Write, read back and verify (no question asked)."""
        folder = self.destination.path()
        if self.is_running() or folder is None:
            return
        final = self.final.isChecked()
        stage = self.stage.currentData() if self.stage.count() else None
        if self._summary is not None:  # names the applicants left out, once it is done
            self.summary = self._summary(stage, final)
        self.message.setStyleSheet("")
        self.message.clear()
        self._show_phase(0, 3)
        self.started.emit()
        kept: list[ExportResult] = []  # a result that came as Cancel was pressed still stands

        def work(control: TaskControl) -> ExportResult:
            control.check_cancelled()
            try:
                result = self._export(folder, final, stage, control.set_progress,
                                      control.is_cancelled)
            except ScorebookError as error:
                if control.is_cancelled():  # the service's own cancel error, or its result
                    raise TaskCancelled from error
                raise
            kept.append(result)
            return result

        handle = self.runner.submit(
            _("Export"), work, on_success=self._succeeded, on_error=self._failed,
            on_progress=self._show_phase,
            on_cancel=lambda: self._succeeded(kept[0]) if kept else self._cancelled())
        if not handle.done:
            self.handle = handle
            self.progress.attach(handle)
        self._update()

    def _show_phase(self, done: int, total: int) -> None:
        """Say which of the service's steps (``case_export.EXPORT_STEPS``) is under way."""
        texts = {0: _("Sealing and signing the bundle…"),
                 1: _("Writing the bundle to the stick, syncing it and reading it back…"),
                 2: _("Verifying the copy read back from the stick…")}
        self.phase.show()
        self.phase.setText(texts.get(done, _("Verified.")) + " " +
                           _("Step {step} of {total}").format(step=min(done + 1, total),
                                                              total=total))

    def _finish(self) -> None:
        self.progress.finish()
        self.phase.clear()
        self.phase.hide()
        self.handle = None
        self._update()

    def _succeeded(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.result = result
        self._finish()
        self.message.setStyleSheet("color: #1b7f3b; font-weight: bold;")
        text = _("Safe to remove. {file} was written to {folder}, read back and verified "
                 "(revision {revision}).").format(file=result.path.name,
                                                   folder=result.path.parent,
                                                   revision=result.revision)
        if result.excluded_recused:
            names = self.summary.names if self.summary is not None else {}
            text += " " + _("Left out because you declared a conflict: {applicants}.").format(
                applicants=join_list(names.get(a, a) for a in result.excluded_recused))
        self.message.setText(text)
        self.done.emit(result)
        self.finished.emit()

    def _failed(self, error: object) -> None:
        self._finish()
        message = render(error.message) if isinstance(error, ScorebookError) else str(error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(_("Not exported: {reason}. Do not remove the stick yet; try "
                               "again.").format(reason=message))
        self.failed.emit(message)
        self.finished.emit()

    def _cancelled(self) -> None:
        self._finish()
        self.message.setStyleSheet("color: #8a6d00; font-weight: bold;")
        self.message.setText(_("Export cancelled: no bundle was left on the stick. Export "
                               "again when you are ready."))
        self.cancelled.emit()
        self.finished.emit()

    def retranslate(self) -> None:
        self.heading.setText(_("Export score bundle"))
        self.hint.setText(_("The bundle is signed and sealed to the office and your team "
                            "leader. It is read back from the stick and checked before you are "
                            "told it is safe to remove. An export cannot be undone."))
        self.destination.retranslate()
        self.stage_label.setText(_("S&tage"))
        for i, (_id, zh, en) in enumerate(self.stages):
            self.stage.setItemText(i, bilingual(zh, en))
        self.final.setText(_("This is my final &submission for this stage"))
        self.export_button.setText(_("E&xport"))  # Alt+E is the Edit menu
        self.progress.retranslate()
        for widget, name in ((self.heading, _("Export score bundle")),
                             (self.hint, _("Explanation")),
                             (self.stage, _("Stage")),
                             (self.final, _("Final submission")),
                             (self.export_button, _("Export")),
                             (self.progress, _("Export progress")),
                             (self.phase, _("Export step")),
                             (self.message, _("Export result"))):
            widget.setAccessibleName(name)

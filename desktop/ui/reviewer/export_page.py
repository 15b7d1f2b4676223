"""Export the score bundle: pick the USB stick (or a folder), write, read back, verify, and say
plainly when it is safe to remove. Runs off the UI thread with progress per phase and a Cancel
that leaves no partial file; not undoable (it clears the history).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QStorageInfo, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, render
from desktop.services.case_types import ExportResult
from desktop.ui.fonts import FontSet
from desktop.ui.names import bilingual
from desktop.ui.tasks import TaskCancelled, TaskControl, TaskHandle, TaskRunner
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, LabelForm, PageTitle
from desktop.ui.widgets.progress_strip import ProgressStrip

# (folder, final, stage id, progress(done, total), is_cancelled()) -> the verified export
ExportWork = Callable[[Path, bool, str | None, Callable[[int, int], None], Callable[[], bool]],
                      ExportResult]
# (stage id, zh name, en name) of each stage the reviewer can export
StageChoice = tuple[str, str, str]

PSEUDO_FILESYSTEMS = frozenset({
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
    "devtmpfs", "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc",
    "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs",
    "tracefs", "fuse.portal", "fuse.gvfsd-fuse",
})
_SYSTEM_ROOTS = ("/proc", "/sys", "/dev", "/run/user", "/snap", "/var/lib")


def _is_system_mount(root: str) -> bool:
    if root in ("/", "/boot") or root.startswith("/boot/"):
        return True
    return any(root == p or root.startswith(p + "/") for p in _SYSTEM_ROOTS)


def removable_drives() -> list[tuple[str, str, int]]:
    """(mount folder, name, free bytes) of the mounted, writable, real volumes other than the
    system's own (root, /boot, pseudo filesystems): where a USB stick shows up."""
    out = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        fs = bytes(volume.fileSystemType().data()).decode(errors="replace").lower()
        if volume.isRoot() or _is_system_mount(root) or fs in PSEUDO_FILESYSTEMS:
            continue
        name = volume.displayName() or volume.name() or root
        out.append((root, name, int(volume.bytesAvailable())))
    return sorted(out, key=lambda d: d[0])


class ExportPage(QWidget):
    started = Signal()
    done = Signal(object)  # ExportResult
    failed = Signal(str)  # the translated message
    cancelled = Signal()
    finished = Signal()  # after done, failed or cancelled

    def __init__(self, runner: TaskRunner, export: ExportWork,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 drives: Callable[[], list[tuple[str, str, int]]] = removable_drives,
                 stages: Sequence[StageChoice] = (), current_stage: str | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._export = export
        self._drives = drives
        self.result: ExportResult | None = None
        self.handle: TaskHandle | None = None
        self.heading = PageTitle("", self, fonts=fonts)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.drive = QComboBox(self)
        self.drive_label = FieldLabel("", self.drive, self, fonts=fonts, column_height=70)
        self.refresh_button = QPushButton(self)
        self.folder = QLineEdit(self)
        self.folder_label = FieldLabel("", self.folder, self, fonts=fonts, column_height=70)
        self.browse = QPushButton(self)
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
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive, 1)
        drive_row.addWidget(self.refresh_button)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form = LabelForm()  # the stick and the folder aligned, their labels vertical in Mongolian
        form.add_row(self.drive_label, drive_row)
        form.add_row(self.folder_label, row)
        if self.stages:
            form.add_row(self.stage_label, self.stage)
        else:
            self.stage_label.hide()
            self.stage.hide()
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the left edge in Mongolian, above the page otherwise
        self.setLayout(LabelBeside(self.heading, layout))
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.final)
        layout.addWidget(self.export_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.phase)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.browse.clicked.connect(self._browse)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.drive.activated.connect(self._drive_picked)
        self.export_button.clicked.connect(self.start)
        self.folder.textChanged.connect(self._update)
        self.retranslate()
        self._update()

    # --- where ----------------------------------------------------------------------------------
    def refresh_drives(self) -> None:
        """List the mounted USB sticks (and other removable volumes) with their free space."""
        current = self.drive.currentData()
        self.drive.clear()
        locale = QLocale()
        found = self._drives()
        for root, name, free in found:
            self.drive.addItem(_("{name} — {free} free ({folder})").format(
                name=name, free=locale.formattedDataSize(free), folder=root), root)
        if not found:
            self.drive.addItem(_("No USB stick found: plug one in, or browse for a folder"))
            self.drive.setItemData(0, None)
        self.drive.setEnabled(bool(found) and not self.is_running())
        index = self.drive.findData(current) if current else -1
        if index >= 0:
            self.drive.setCurrentIndex(index)
        if found and not self.folder.text().strip():
            self._drive_picked(self.drive.currentIndex())

    def _drive_picked(self, index: int) -> None:
        root = self.drive.itemData(index)
        if root:
            self.folder.setText(str(root))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.is_running():
            self.refresh_drives()

    def _update(self) -> None:
        running = self.is_running()
        self.export_button.setEnabled(bool(self.folder.text().strip()) and not running)
        for widget in (self.folder, self.browse, self.final, self.refresh_button, self.stage):
            widget.setEnabled(not running)
        self.drive.setEnabled(not running and self.drive.itemData(0) is not None
                              and self.drive.count() > 0)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    # --- the export -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def start(self) -> None:
        if self.is_running():
            return
        folder = Path(self.folder.text().strip())
        final = self.final.isChecked()
        stage = self.stage.currentData() if self.stage.count() else None
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
            text += " " + _("Left out because you declared a conflict: {applicants}.").format(
                applicants=", ".join(result.excluded_recused))
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
        self.drive_label.setText(_("&USB stick"))
        self.refresh_button.setText(_("&Refresh"))
        self.refresh_button.setToolTip(_("Look again for USB sticks"))
        self.folder_label.setText(_("Fol&der"))
        self.folder.setPlaceholderText(_("The USB stick or a folder"))
        self.browse.setText(_("&Browse…"))
        self.stage_label.setText(_("S&tage"))
        for i, (_id, zh, en) in enumerate(self.stages):
            self.stage.setItemText(i, bilingual(zh, en))
        self.final.setText(_("This is my final &submission for this stage"))
        self.export_button.setText(_("E&xport"))  # Alt+E is the Edit menu
        self.progress.retranslate()
        for widget, name in ((self.heading, _("Export score bundle")),
                             (self.hint, _("Explanation")),
                             (self.drive, _("USB stick")),
                             (self.refresh_button, _("Look again for USB sticks")),
                             (self.folder, _("Folder")),
                             (self.browse, _("Browse for a folder")),
                             (self.stage, _("Stage")),
                             (self.final, _("Final submission")),
                             (self.export_button, _("Export")),
                             (self.progress, _("Export progress")),
                             (self.phase, _("Export step")),
                             (self.message, _("Export result"))):
            widget.setAccessibleName(name)
        if self.drive.count():
            self.refresh_drives()

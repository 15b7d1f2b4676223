"""Export the score bundle: pick the folder (the USB stick), write, read back, verify, and say
plainly when it is safe to remove. Runs off the UI thread; not undoable (it clears the history).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, render
from desktop.services.case_types import ExportResult
from desktop.ui.fonts import FontSet
from desktop.ui.tasks import TaskControl, TaskRunner
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle

ExportWork = Callable[[Path, bool], ExportResult]


class ExportPage(QWidget):
    started = Signal()
    done = Signal(object)  # ExportResult
    failed = Signal(str)  # the translated message

    def __init__(self, runner: TaskRunner, export: ExportWork,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._export = export
        self.result: ExportResult | None = None
        self.heading = PageTitle("", self, fonts=fonts)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.folder_label = FieldLabel("", self.folder, self, fonts=fonts, column_height=70)
        self.browse = QPushButton(self)
        self.final = QCheckBox(self)
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the left edge in Mongolian, above the page otherwise
        self.setLayout(LabelBeside(self.heading, layout))
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.final)
        layout.addWidget(self.export_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start)
        self.folder.textChanged.connect(self._update)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        self.export_button.setEnabled(bool(self.folder.text().strip()))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        folder = Path(self.folder.text().strip())
        final = self.final.isChecked()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy
        self.message.setStyleSheet("")
        self.message.setText(_("Writing the bundle, then reading it back to verify it…"))
        self.started.emit()

        def work(control: TaskControl) -> ExportResult:
            control.check_cancelled()
            return self._export(folder, final)

        self.runner.submit(_("Export"), work, on_success=self._succeeded,
                           on_error=self._failed)

    def _finish(self) -> None:
        self.progress.setRange(0, 1)
        self._update()

    def _succeeded(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.result = result
        self._finish()
        self.progress.setValue(1)
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

    def _failed(self, error: object) -> None:
        self._finish()
        self.progress.setValue(0)
        message = render(error.message) if isinstance(error, ScorebookError) else str(error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(_("Not exported: {reason}. Do not remove the stick yet; try "
                               "again.").format(reason=message))
        self.failed.emit(message)

    def retranslate(self) -> None:
        self.heading.setText(_("Export score bundle"))
        self.hint.setText(_("The bundle is signed and sealed to the office and your team "
                            "leader. It is read back from the stick and checked before you are "
                            "told it is safe to remove. An export cannot be undone."))
        self.folder_label.setText(_("Fol&der"))
        self.folder.setPlaceholderText(_("The USB stick or a folder"))
        self.browse.setText(_("&Browse…"))
        self.final.setText(_("This is my final &submission for this stage"))
        self.export_button.setText(_("&Export"))
        for widget, name in ((self.heading, _("Export score bundle")),
                             (self.hint, _("Explanation")), (self.folder, _("Folder")),
                             (self.browse, _("Browse for a folder")),
                             (self.final, _("Final submission")),
                             (self.export_button, _("Export")),
                             (self.progress, _("Export progress")),
                             (self.message, _("Export result"))):
            widget.setAccessibleName(name)

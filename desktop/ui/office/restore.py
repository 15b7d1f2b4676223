"""File ▸ Restore an office workspace…: a backup file, an empty folder on this computer, and the
passphrase of the backup's time — or, when it is lost, the code of the recovery sheet and a new
passphrase. The secrets live only in the dialog's fields until they are handed over."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _
from desktop.ui.office.session import message_text
from desktop.ui.widgets.field_label import FieldLabel

ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class RestoreRequest:
    backup: Path
    folder: Path
    passphrase: str = field(repr=False)  # the backup's, or the new one with a recovery code
    recovery_code: str | None = field(default=None, repr=False)


def _file_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class RestoreWorkspaceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RestoreWorkspaceDialog")
        self.backup = QLineEdit(self)
        self.backup_browse = QPushButton(self)
        self.backup_browse.clicked.connect(self._browse_backup)
        self.backup.editingFinished.connect(self._show_facts)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.folder_browse = QPushButton(self)
        self.folder_browse.clicked.connect(self._browse_folder)
        self.lost = QCheckBox(self)
        self.lost.toggled.connect(self._mode)
        self.code = QLineEdit(self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [FieldLabel(buddy=w, parent=self, column_height=70) for w in
                       (self.backup, self.folder, self.code, self.passphrase, self.repeat)]
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout(self)
        grid.addWidget(self.labels[0], 0, 0)
        grid.addLayout(_file_row(self.backup, self.backup_browse), 0, 1)
        grid.addWidget(self.facts, 1, 1)
        grid.addWidget(self.labels[1], 2, 0)
        grid.addLayout(_file_row(self.folder, self.folder_browse), 2, 1)
        grid.addWidget(self.lost, 3, 1)
        for row, (label, widget) in enumerate(zip(self.labels[2:], (
                self.code, self.passphrase, self.repeat), strict=True), start=4):
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.error, 7, 0, 1, 2)
        grid.addWidget(self.buttons, 8, 0, 1, 2)
        self.retranslate()
        self._mode()
        self.resize(620, self.sizeHint().height())

    def _mode(self) -> None:
        lost = self.lost.isChecked()
        for widget in (self.code, self.repeat, self.labels[2], self.labels[4]):
            widget.setVisible(lost)
        self._label_passphrase()

    def _label_passphrase(self) -> None:
        self.labels[3].setText(_("&New passphrase:") if self.lost.isChecked()
                               else _("&Passphrase of the backup:"))

    def _browse_backup(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the backup"), self.backup.text(),
            _("Office backups (*.sbob);;All files (*)"))
        if name:
            self.backup.setText(name)
            self._show_facts()

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose an empty folder for the restored workspace"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _show_facts(self) -> None:
        """What the backup says of itself (its format checked, nothing decrypted)."""
        from desktop.services.office.backup import backup_facts

        text = self.backup.text().strip()
        if not text:
            self.facts.clear()
            return
        try:
            f = backup_facts(Path(text))
        except ScorebookError as error:
            self.facts.setText(message_text(error.message))
            self.facts.setStyleSheet(ERROR_STYLE)
            return
        except OSError:
            self.facts.setText(_("Cannot read {file}").format(file=text))
            self.facts.setStyleSheet(ERROR_STYLE)
            return
        self.facts.setStyleSheet("")
        recovery = (_("opens with the code of recovery sheet {key}").format(
            key=f.recovery_key_id) if f.recovery_key_id else _("no recovery code"))
        self.facts.setText(_("Made {at}; office fingerprint {fp}; {recovery}").format(
            at=f.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), fp=f.office_fingerprint,
            recovery=recovery))

    def request(self) -> RestoreRequest | None:
        """The request, or None (with the reason shown) when something is missing."""
        backup, folder = self.backup.text().strip(), self.folder.text().strip()
        problem = None
        if not backup or not folder:
            problem = _("Choose the backup file and a folder for the workspace.")
        elif not self.passphrase.text():
            problem = _("Enter the passphrase.")
        elif self.lost.isChecked() and not self.code.text().strip():
            problem = _("Enter the code printed on the recovery sheet.")
        elif self.lost.isChecked() and self.repeat.text() != self.passphrase.text():
            problem = _("The two passphrases differ")
        self.error.setText(problem or "")
        if problem:
            return None
        code = self.code.text().strip() if self.lost.isChecked() else None
        return RestoreRequest(Path(backup), Path(folder), self.passphrase.text(), code)

    def accept(self) -> None:
        if self.request() is not None:
            super().accept()

    def forget(self) -> None:
        for widget in (self.code, self.passphrase, self.repeat):
            widget.clear()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Restore an office workspace"))
        for label, text, name in zip(self.labels, (
                _("Bac&kup:"), _("&Folder:"), _("Recovery &code:"), "", _("&Repeat:")),
                (_("Backup file"), _("Workspace folder"), _("Recovery code"), _("Passphrase"),
                 _("Repeat the passphrase")), strict=True):
            if text:
                label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self._label_passphrase()
        self.backup_browse.setText(_("&Browse…"))
        self.backup_browse.setAccessibleName(_("Choose the backup"))
        self.folder_browse.setText(_("Br&owse…"))
        self.folder_browse.setAccessibleName(_("Choose the folder"))
        self.lost.setText(_("The passphrase is &lost: open with the recovery sheet's code"))
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.facts.setAccessibleName(_("The backup"))
        self.error.setAccessibleName(_("Message"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Re&store"))
        self.buttons.setAccessibleName(_("Restore or cancel"))

"""Opening an office workspace: its folder (embedded database) or a PostgreSQL URL, and the
passphrase. The passphrase lives only in the dialog's field until it is handed over."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop.i18n import _
from desktop.services.office.workspace import stored_database_url
from desktop.ui.widgets.field_label import FieldLabel


@dataclass(frozen=True)
class OpenRequest:
    folder: Path
    passphrase: str = field(repr=False)
    database_url: str | None = field(default=None, repr=False)


class OpenWorkspaceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.embedded = QRadioButton(self)
        self.postgres = QRadioButton(self)
        self.embedded.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.postgres)
        self.folder_label = FieldLabel(parent=self, column_height=70)
        self.folder = QLineEdit(folder, self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.url_label = FieldLabel(parent=self, column_height=70)
        self.url = QLineEdit(self)
        self.url.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # it may hold a password
        self.passphrase_label = FieldLabel(parent=self, column_height=70)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.embedded.toggled.connect(self._mode)
        self._filled = ""  # the URL last pre-filled from a folder (replaced, never what was typed)
        self.folder.textChanged.connect(self._prefill)
        grid = QGridLayout(self)
        grid.addWidget(self.embedded, 0, 0, 1, 3)
        grid.addWidget(self.postgres, 1, 0, 1, 3)
        grid.addWidget(self.folder_label, 2, 0)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        grid.addLayout(row, 2, 1, 1, 2)
        grid.addWidget(self.url_label, 3, 0)
        grid.addWidget(self.url, 3, 1, 1, 2)
        grid.addWidget(self.passphrase_label, 4, 0)
        grid.addWidget(self.passphrase, 4, 1, 1, 2)
        grid.addWidget(self.buttons, 5, 0, 1, 3)
        self.retranslate()
        self._prefill()
        self._mode()
        self.resize(560, self.sizeHint().height())

    def _prefill(self) -> None:
        """A folder keeping a PostgreSQL workspace's settings: its URL (without any password),
        and the PostgreSQL choice; the passphrase is still asked."""
        text = self.folder.text().strip()
        url = stored_database_url(Path(text)) if text else None
        typed = self.url.text().strip()
        if url is not None:
            if not typed or typed == self._filled:
                self.url.setText(url)
                self._filled = url
                self.url.setEchoMode(QLineEdit.EchoMode.Normal)  # no password in it: readable
            self.postgres.setChecked(True)
        elif self._filled and typed == self._filled:  # another folder: not its URL
            self.url.clear()
            self._filled = ""
            self.url.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # one typed may have
            self.embedded.setChecked(True)

    def _mode(self) -> None:
        self.url.setEnabled(self.postgres.isChecked())
        self.url_label.setEnabled(self.postgres.isChecked())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the workspace folder"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def request(self) -> OpenRequest | None:
        folder = self.folder.text().strip()
        if not folder:
            return None
        url = self.url.text().strip() if self.postgres.isChecked() else ""
        return OpenRequest(Path(folder), self.passphrase.text(), url or None)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Open office workspace"))
        self.embedded.setText(_("Encrypted workspace in a folder (default)"))
        self.embedded.setAccessibleName(_("Encrypted workspace in a folder"))
        self.postgres.setText(_("Shared PostgreSQL database (the folder keeps its settings)"))
        self.postgres.setAccessibleName(_("Shared PostgreSQL database"))
        self.folder_label.setText(_("&Folder:"))
        self.folder_label.setBuddy(self.folder)
        self.folder.setAccessibleName(_("Workspace folder"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Choose the workspace folder"))
        self.url_label.setText(_("Database &URL:"))
        self.url_label.setBuddy(self.url)
        self.url.setAccessibleName(_("Database URL"))
        self.url.setPlaceholderText("postgresql://user@host/scorebook")
        self.passphrase_label.setText(_("&Passphrase:"))
        self.passphrase_label.setBuddy(self.passphrase)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.buttons.setAccessibleName(_("Open or cancel"))

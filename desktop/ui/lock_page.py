"""The lock screen: the passphrase prompt that hides every page after a period without use.

Built the first time the window locks (``MainWindow.lock_page``), not before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _


class LockPage(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._subject = ""
        self.subject = QLabel(self)  # the case file or workspace behind the lock
        self.subject.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subject.setWordWrap(True)
        font = self.subject.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.subject.setFont(font)
        self.subject.hide()
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setDefault(True)
        self.passphrase.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.subject)
        box.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)
        self.retranslate()

    def _submit(self) -> None:
        secret = self.passphrase.text()
        self.passphrase.clear()
        self.unlock_requested.emit(secret)

    def set_subject(self, text: str) -> None:
        """Name what is locked (already translated), or nothing."""
        self._subject = text
        self.subject.setText(text)
        self.subject.setVisible(bool(text))

    def retranslate(self) -> None:
        self.message.setText(_("Locked after a period without use. Enter your passphrase to "
                               "continue."))
        self.passphrase.setPlaceholderText(_("Passphrase"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.unlock_button.setText(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.subject.setAccessibleName(_("Locked"))

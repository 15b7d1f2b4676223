"""The first-run wizard's pages that stand apart: the shared page base (a Next that runs a
background task), the language and role page, the office route, and the fingerprints with the
enrolment card. The wizard itself is ``desktop.ui.first_run``.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, current_language, render
from desktop.services.identity import pin_office
from desktop.services.keys import read_fingerprint
from desktop.ui.file_dialogs import existing_folder, settings_of
from desktop.ui.i18n_qt import ENDONYMS
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskControl

if TYPE_CHECKING:
    from desktop.services.identity import IdentityInfo
    from desktop.services.keys import Kdf
    from desktop.ui.tasks import TaskRunner

ROLE, OFFICE, IDENTITY, PASSPHRASE, FINGERPRINT, CASE = range(6)


def office_ui_available() -> bool:
    return importlib.util.find_spec("desktop.ui.office") is not None


class WizardBase(QWizard):
    """What these pages read and set on their wizard (``desktop.ui.first_run.FirstRunWizard``,
    which imports this module: the pages name only this base, so the two do not import each
    other)."""

    runner: TaskRunner
    kdf: Kdf
    handle: Any  # the running task's TaskHandle, or None
    info: IdentityInfo | None
    pinned: str | None
    passphrase: str
    identity_folder: Path | None
    office_ws: Any

    def set_language(self, tag: str) -> None:
        raise NotImplementedError


class _Page(QWizardPage):
    """A page whose Next may start a background task; it advances when the task succeeds."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__()
        self.w = wizard
        self._busy = False
        self._done = False
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 1)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")

    def run(self, name: str, work: Callable[[TaskControl], Any],
            done: Callable[[Any], None]) -> bool:
        """Start ``work``; return False (stay) until it succeeded, then advance."""
        if self._done:
            self._done = False
            return True
        if self._busy:
            return False
        self._busy = True
        self.error.clear()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.show()
        self.completeChanged.emit()

        def ok(result: object) -> None:
            self._finish()
            done(result)
            self._done = True
            QTimer.singleShot(0, self.w.next if self.nextId() != -1 else self.w.accept)

        def failed(error: object) -> None:
            self._finish()
            self.error.setText(render(error.message) if isinstance(error, ScorebookError)
                               else _("Something went wrong; nothing was saved."))

        self.w.handle = self.w.runner.submit(name, work, on_success=ok, on_error=failed,
                                             on_cancel=self._finish)
        return False

    def _finish(self) -> None:
        self._busy = False
        self.busy_bar.setRange(0, 1)
        self.busy_bar.hide()
        self.completeChanged.emit()

    def busy(self) -> bool:
        return self._busy

    def isComplete(self) -> bool:
        return not self._busy and self.ready()

    def ready(self) -> bool:
        return True

    def retranslate(self) -> None:
        self.busy_bar.setAccessibleName(_("Working"))
        self.error.setAccessibleName(_("Message"))


class RolePage(_Page):
    """The language first (each named in itself, applied at once), then who uses the
    computer."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.language_label = QLabel(self)
        self.languages: dict[str, QRadioButton] = {}
        languages = QButtonGroup(self)
        row = QHBoxLayout()
        for tag, name in ENDONYMS.items():
            button = QRadioButton(name, self)
            button.setChecked(tag == current_language())
            button.toggled.connect(lambda on, t=tag: self._language_chosen(on, t))
            languages.addButton(button)
            self.languages[tag] = button
            row.addWidget(button)
        row.addStretch(1)
        self.role_label = QLabel(self)
        self.reviewer = QRadioButton(self)
        self.office = QRadioButton(self)
        self.reviewer.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.reviewer)
        group.addButton(self.office)
        layout = QVBoxLayout(self)
        layout.addWidget(self.language_label)
        layout.addLayout(row)
        layout.addSpacing(16)
        layout.addWidget(self.role_label)
        layout.addWidget(self.reviewer)
        layout.addWidget(self.office)
        layout.addStretch(1)

    def _language_chosen(self, on: bool, tag: str) -> None:
        if on:
            self.w.set_language(tag)

    def nextId(self) -> int:
        return OFFICE if self.office.isChecked() else IDENTITY

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Welcome to Scorebook"))
        self.setSubTitle(_("Choose your language, then who will use this computer."))
        self.language_label.setText(_("Language of the window:"))
        self.role_label.setText(_("Who will use this computer?"))
        for tag, button in self.languages.items():
            button.setAccessibleName(ENDONYMS[tag])
            button.blockSignals(True)
            button.setChecked(tag == current_language())
            button.blockSignals(False)
        self.reviewer.setText(_("A field &reviewer or team leader"))
        self.office.setText(_("The review &office"))
        self.reviewer.setAccessibleName(_("Field reviewer or team leader"))
        self.office.setAccessibleName(_("Review office"))


class OfficePage(_Page):
    """The office route: create the office workspace here (the dialog File ▸ New office
    workspace… shows too), or open an existing one from the File menu afterwards."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.create_button = QPushButton(self)
        self.create_button.clicked.connect(self.create_office)
        self.create_button.setVisible(office_ui_available())
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_office)
        self.open_button.setVisible(office_ui_available())
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialog: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.setFinalPage(True)

    def nextId(self) -> int:
        return -1

    def create_office(self) -> Any:
        """Open the new-workspace dialog (window-modal); returns it."""
        from desktop.ui.office.new_workspace import NewWorkspaceDialog

        dialog = NewWorkspaceDialog(self.w.runner, self.w, kdf=self.w.kdf)
        dialog.created.connect(self._created)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_office(self) -> bool:
        """Open an existing workspace: the wizard closes and the window's own dialog (folder or
        database, passphrase) asks. False without a main window to open it in."""
        parent = self.w.parentWidget()
        if not isinstance(parent, MainWindow):
            self.error.setText(_("Open the workspace from the File menu."))
            return False
        from desktop.ui.office.controller import install_office

        office = install_office(parent)
        self.w.accept()
        QTimer.singleShot(0, office.open_dialog)
        return True

    def _created(self, ws: Any) -> None:
        self.w.office_ws = ws
        info = ws.info()
        self.create_button.setEnabled(False)
        self.result.setText(_("Created the office workspace in {folder}. The office key "
                              "fingerprint, to compare in person at enrolment: {fingerprint}")
                            .format(folder=info.folder, fingerprint=info.fingerprint))

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Review office"))
        if office_ui_available():
            text = _("Create the office workspace now, or open an existing one (a folder or a "
                     "database).")
        else:
            text = _("The office window is not part of this version yet. Set up the office "
                     "workspace with the command 'scorebook office init', then come back.")
        self.message.setText(text)
        self.message.setAccessibleName(_("Office set-up"))
        self.create_button.setText(_("&Create the office workspace…"))
        self.create_button.setAccessibleName(_("Create the office workspace"))
        self.open_button.setText(_("&Open an existing workspace…"))
        self.open_button.setAccessibleName(_("Open an existing workspace"))
        self.result.setAccessibleName(_("Office workspace created"))


class FingerprintPage(_Page):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.own = QLabel(self)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.own.font().pointSizeF() * 1.4)
        mono.setBold(True)
        self.own.setFont(mono)
        self.office = QLineEdit(self)
        self.office_label = QLabel(self)
        self.office_label.setBuddy(self.office)
        self.check = QLabel(self)
        self.check.setWordWrap(True)
        self.card = QLabel(self)  # where the enrolment card is, and a copy for the office
        self.card.setWordWrap(True)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_card = QPushButton(self)
        self.copy_card.clicked.connect(lambda: self.copy_card_to())
        self.copied = QLabel(self)
        self.copied.setWordWrap(True)
        # a plain column: wrapped labels in a form's spanning rows get too little height
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.own)
        column.addWidget(self.card)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_card)
        copy_row.addWidget(self.copied, 1)
        column.addLayout(copy_row)
        form = QFormLayout()
        form.addRow(self.office_label, self.office)
        column.addLayout(form)
        for widget in (self.check, self.busy_bar, self.error):
            column.addWidget(widget)
        column.addStretch(1)
        self.office.textChanged.connect(self._changed)

    def initializePage(self) -> None:
        info = self.w.info
        self.own.setText(info.fingerprint if info else "")
        if self.w.pinned and not self.office.text().strip():
            self.office.setText(self.w.pinned)  # pinned when this computer was set up
        self._card_text()

    def _card_text(self) -> None:
        info = self.w.info
        self.card.setText(_("Your enrolment card was saved as {path}. The office needs it to "
                            "enrol you: copy it to a USB stick and hand it over.")
                          .format(path=info.card_path) if info else "")
        self.copy_card.setEnabled(info is not None)

    def copy_card_to(self, folder: Path | None = None) -> Path | None:
        """Copy the enrolment card (public: no secret in it) to ``folder``, asked for when
        None (the dialog opens on the USB stick when one is in)."""
        info = self.w.info
        if info is None:
            return None
        if folder is None:
            chosen = existing_folder(self, _("Copy the enrolment card to"), settings_of(self.w))
            if not chosen:
                return None
            folder = Path(chosen)
        target = folder / f"{info.reviewer_id}.card"
        try:
            shutil.copyfile(info.card_path, target)
        except OSError as error:
            self.copied.setText(_("Not copied: {reason}").format(
                reason=error.strerror or _("the folder cannot be written")))
            return None
        self.copied.setText(_("Copied to {path}").format(path=target))
        return target

    def normalised(self) -> str | None:
        return read_fingerprint(self.office.text())

    def _changed(self) -> None:
        fp = self.normalised()
        if not self.office.text().strip():
            self.check.clear()
        elif fp is None:
            self.check.setText(_("Not a fingerprint yet: 32 letters A–Z and digits 2–7."))
        else:
            self.check.setText(_("Will be pinned as {fingerprint}").format(fingerprint=fp))
        self.completeChanged.emit()

    def ready(self) -> bool:
        return self.normalised() is not None

    def validatePage(self) -> bool:
        w = self.w
        fp = self.normalised()
        if fp is None:
            return False
        if w.pinned == fp:
            return True
        secret, folder = w.passphrase, w.identity_folder

        def work(control: TaskControl) -> str:
            control.check_cancelled()
            pin_office(secret, fp, folder)
            return fp

        def done(pinned: object) -> None:
            w.pinned = str(pinned)

        return self.run(_("Pin the office"), work, done)

    def nextId(self) -> int:
        return CASE

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Compare fingerprints"))
        self.setSubTitle(_("Read your fingerprint aloud to the office, and type the office's."))
        self.intro.setText(_("Your fingerprint (the office checks it against your enrolment "
                             "card):"))
        self.office_label.setText(_("&Office fingerprint"))
        self.office.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.own.setAccessibleName(_("Your fingerprint"))
        self.office.setAccessibleName(_("Office fingerprint"))
        self.check.setAccessibleName(_("Fingerprint check"))
        self.copy_card.setText(_("&Copy the card to a stick or folder…"))
        self.copy_card.setAccessibleName(_("Copy the enrolment card"))
        self.card.setAccessibleName(_("Enrolment card"))
        self.copied.setAccessibleName(_("Copy of the card"))
        self._card_text()
        self.intro.setAccessibleName(_("Explanation"))
        self._changed()

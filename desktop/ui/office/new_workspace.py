"""Creating an office workspace from the window (the desktop ``scorebook office init``).

The office's name, the award programme (by its name in the UI language), the cycle (the year
or number), an empty or new folder and a passphrase with the strength hint the reviewer's
first run shows. The work runs off the UI thread through the services the CLI uses
(``init_workspace`` then ``cycle.open_cycle``); the key derivation takes seconds, so the dialog
shows the steps as they pass. Any failure, or a cancel, removes everything the attempt made:
nothing is left half-created. The passphrase lives only in the dialog's fields until it is
handed to the task, and the fields are cleared when the dialog closes.

The records may go to a shared PostgreSQL database instead of the folder's encrypted file (as
``scorebook office init --database-url``): the folder then keeps the database's address
without its password; a password typed in the URL is used for this connection only.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _
from desktop.ui.office.session import message_text
from desktop.ui.reviewer.strength import LEVEL_TEXT, Level, estimate
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.widgets.field_label import FieldLabel

if TYPE_CHECKING:
    from desktop.services.keys import Kdf
    from desktop.services.office.workspace import Workspace

STEPS = (N_("Making the office keys (this takes a few seconds)…"),
         N_("Opening the cycle…"), N_("Done"))
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class NewOfficeRequest:
    folder: Path
    office_name: str
    programme_id: str
    number: int
    passphrase: str = field(repr=False)
    database_url: str | None = field(default=None, repr=False)  # shared PostgreSQL database


def strength_hint(passphrase: str, confirm: str) -> tuple[int, str]:
    """The meter's level and the hint's text (the same words as the first-run wizard)."""
    s = estimate(passphrase)
    parts = [_(LEVEL_TEXT[s.level])]
    if s.length:
        parts.append(_("{length} characters, {classes} kinds of character, about {bits} "
                       "bits").format(length=s.length, classes=s.classes, bits=s.bits))
    if s.length and not s.acceptable:
        parts.append(_("Use at least 10 characters; several unrelated words work well."))
    elif confirm and confirm != passphrase:
        parts.append(_("The two entries differ."))
    return int(s.level), " — ".join(parts)


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder on the way to ``folder`` that does not exist yet (None: it does)."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing = path
    return missing


def _undo_creation(folder: Path, made_from: Path | None) -> None:
    """Remove what an attempt made: the folders it created, or the files it put in the folder
    that was empty before."""
    if made_from is not None:
        shutil.rmtree(made_from, ignore_errors=True)
        return
    for child in list(folder.iterdir()) if folder.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def create_office(request: NewOfficeRequest, kdf: Kdf, control: TaskControl,
                  made: list[Workspace] | None = None) -> Workspace:
    """Create the workspace and open the cycle; on any failure or cancel remove it all.

    ``made`` receives the workspace as soon as it exists, so a cancel that arrives after the
    work returned can still close and remove it (``discard_office``)."""
    from desktop.services.keys import kdf_params
    from desktop.services.office import cycle
    from desktop.services.office.workspace import init_workspace

    folder = request.folder.expanduser().absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputRejected(Msg(N_("Choose a new or empty folder: {folder} already holds "
                                   "files"), {"folder": str(folder)}))
    made_from = _first_missing(folder)
    total = len(STEPS)
    ws: Workspace | None = None
    try:
        control.set_progress(0, total)
        control.check_cancelled()
        ws = init_workspace(folder, request.passphrase, request.office_name,
                            database_url=request.database_url, kdf=kdf_params(kdf))
        if made is not None:
            made.append(ws)
        control.set_progress(1, total)
        control.check_cancelled()
        cycle.open_cycle(ws, request.programme_id, request.number)
        control.set_progress(2, total)
        control.check_cancelled()
        ws.info()  # reads back what was written
        control.set_progress(total, total)
        return ws
    except BaseException:
        if ws is not None:
            ws.close()
        _undo_creation(folder, made_from)
        raise


def discard_office(ws: Workspace, made_from: Path | None) -> None:
    """Close and remove a workspace created by a task whose result nobody will take."""
    folder = ws.folder
    ws.close()
    _undo_creation(folder, made_from)


class NewWorkspaceDialog(QDialog):
    """The form; ``start()`` starts the task. ``created`` carries the open ``Workspace``."""

    created = Signal(object)
    failed = Signal(object)  # a ScorebookError

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *,
                 kdf: Kdf = "production", folder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("NewWorkspaceDialog")
        self.runner = runner
        self.kdf = kdf
        self.handle: TaskHandle | None = None
        self.workspace: Workspace | None = None
        self._made: list[Workspace] = []
        self._made_from: Path | None = None
        from desktop.services.programmes import list_programmes

        self._programmes = list_programmes()
        self.name_label = FieldLabel(parent=self, column_height=70)
        self.office_name = QLineEdit(self)
        self.programme_label = FieldLabel(parent=self, column_height=70)
        self.programme = QComboBox(self)
        for p in self._programmes:
            self.programme.addItem(p.name_zh, p.id)
        self.number_label = FieldLabel(parent=self, column_height=70)
        self.number = QSpinBox(self)
        self.number.setRange(FIRST_YEAR, LAST_YEAR)
        self.number.setValue(date.today().year)
        self.folder_label = FieldLabel(parent=self, column_height=70)
        self.folder = QLineEdit(folder, self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.shared = QCheckBox(self)  # the records in a shared PostgreSQL database
        self.url_label = FieldLabel(parent=self, column_height=70)
        self.url = QLineEdit(self)
        self.url.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # it may hold a password
        self.url_note = QLabel(self)
        self.url_note.setWordWrap(True)
        self.shared.toggled.connect(self._shared_toggled)
        self.pass_label = FieldLabel(parent=self, column_height=70)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = FieldLabel(parent=self, column_height=70)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar(self)
        self.meter.setRange(0, int(Level.STRONG))
        self.meter.setTextVisible(False)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.step = QLabel(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        for label, widget in ((self.name_label, self.office_name),
                              (self.programme_label, self.programme),
                              (self.number_label, self.number),
                              (self.folder_label, self.folder),
                              (self.url_label, self.url),
                              (self.pass_label, self.passphrase),
                              (self.confirm_label, self.confirm)):
            label.setBuddy(widget)
        for edit in (self.office_name, self.folder, self.url, self.passphrase, self.confirm):
            edit.textChanged.connect(self._changed)
        grid = QGridLayout(self)
        grid.addWidget(self.note, 0, 0, 1, 2)
        grid.addWidget(self.name_label, 1, 0)
        grid.addWidget(self.office_name, 1, 1)
        grid.addWidget(self.programme_label, 2, 0)
        grid.addWidget(self.programme, 2, 1)
        grid.addWidget(self.number_label, 3, 0)
        grid.addWidget(self.number, 3, 1)
        grid.addWidget(self.folder_label, 4, 0)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        grid.addLayout(row, 4, 1)
        grid.addWidget(self.shared, 5, 1)
        grid.addWidget(self.url_label, 6, 0)
        grid.addWidget(self.url, 6, 1)
        grid.addWidget(self.url_note, 7, 1)
        grid.addWidget(self.pass_label, 8, 0)
        grid.addWidget(self.passphrase, 8, 1)
        grid.addWidget(self.confirm_label, 9, 0)
        grid.addWidget(self.confirm, 9, 1)
        grid.addWidget(self.meter, 10, 1)
        grid.addWidget(self.hint, 11, 1)
        grid.addWidget(self.progress, 12, 0, 1, 2)
        grid.addWidget(self.step, 13, 0, 1, 2)
        grid.addWidget(self.error, 14, 0, 1, 2)
        grid.addWidget(self.buttons, 15, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.finished.connect(self._forget)
        self.office_name.setText(_("Review office"))
        self._shared_toggled(False)
        self.retranslate()
        self.resize(600, self.sizeHint().height())

    # --- the form -------------------------------------------------------------------------------
    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose an empty folder for the "
                                                          "workspace"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _shared_toggled(self, shared: bool) -> None:
        for widget in (self.url_label, self.url, self.url_note):
            widget.setVisible(shared)
        if not shared:
            self.url.clear()
        self._changed()

    def database_url(self) -> str | None:
        url = self.url.text().strip()
        return url if self.shared.isChecked() and url else None

    def _changed(self) -> None:
        level, text = strength_hint(self.passphrase.text(), self.confirm.text())
        self.meter.setValue(level)
        self.hint.setText(text)
        self.create_button.setEnabled(self.ready() and not self.busy())

    def ready(self) -> bool:
        secret = self.passphrase.text()
        return bool(self.office_name.text().strip() and self.folder.text().strip() and
                    self.programme.currentData()) and \
            (not self.shared.isChecked() or self.database_url() is not None) and \
            estimate(secret).acceptable and secret == self.confirm.text()

    def busy(self) -> bool:
        return self.handle is not None

    def request(self) -> NewOfficeRequest | None:
        if not self.ready():
            return None
        return NewOfficeRequest(Path(self.folder.text().strip()), self.office_name.text().strip(),
                                str(self.programme.currentData()), self.number.value(),
                                self.passphrase.text(), self.database_url())

    # --- the work -------------------------------------------------------------------------------
    def start(self) -> bool:
        """Start creating the workspace off the UI thread; False if not started."""
        request = self.request()
        if request is None or self.busy():
            return False
        self.error.clear()
        kdf, made = self.kdf, self._made
        made.clear()
        self._made_from = _first_missing(request.folder.expanduser().absolute())
        self._set_busy(True)
        self.handle = self.runner.submit(
            _("Create office workspace"), lambda control: create_office(request, kdf, control,
                                                                        made),
            on_success=self._created, on_error=self._failed, on_progress=self._progress,
            on_cancel=self._cancelled)
        return True

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.step.setText(_(STEPS[min(done, len(STEPS) - 1)]))

    def _created(self, ws: Workspace) -> None:
        self.handle = None
        self.workspace = ws
        self._set_busy(False)
        self.created.emit(ws)
        self.accept()

    def _failed(self, error: ScorebookError) -> None:
        self.handle = None
        self._set_busy(False)
        self.step.clear()
        self.error.setText(message_text(error.message))
        self.failed.emit(error)

    def _cancelled(self) -> None:
        self.handle = None
        for ws in self._made:  # made, then cancelled after the work had returned
            discard_office(ws, self._made_from)
        self._made.clear()
        self._set_busy(False)
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.office_name, self.programme, self.number, self.folder, self.browse,
                       self.shared, self.url, self.passphrase, self.confirm):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # moving until the first step is reported
            self.step.setText(_(STEPS[0]))
        elif not self.error.text():
            self.step.clear()
        self._changed()

    def reject(self) -> None:
        """Cancel: a running task is asked to stop and removes what it made, then closes."""
        if self.handle is not None:
            self.cancel_button.setEnabled(False)
            self.handle.cancel()
            return
        super().reject()

    def _forget(self, _result: int = 0) -> None:
        self.passphrase.clear()
        self.confirm.clear()
        self.url.clear()  # it may hold the database's password

    def retranslate(self) -> None:
        from desktop.ui.names import named

        self.setWindowTitle(_("New office workspace"))
        self.note.setText(_("The workspace holds the office's keys and the cycle's records, "
                            "encrypted under the passphrase. Nobody can recover the passphrase; "
                            "keep it where the office keeps its seals."))
        self.note.setAccessibleName(_("Explanation"))
        self.name_label.setText(_("Office &name:"))
        self.office_name.setAccessibleName(_("Office name"))
        self.programme_label.setText(_("P&rogramme:"))
        self.programme.setAccessibleName(_("Award programme"))
        for i, p in enumerate(self._programmes):
            self.programme.setItemText(i, named(p))
        self.number_label.setText(_("C&ycle (year):"))
        self.number.setAccessibleName(_("Cycle year or number"))
        self.folder_label.setText(_("&Folder:"))
        self.folder.setAccessibleName(_("Workspace folder"))
        self.folder.setPlaceholderText(_("A new or empty folder"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Choose the workspace folder"))
        self.shared.setText(_("Keep the records in a shared PostgreSQ&L database"))
        self.shared.setAccessibleName(_("Shared PostgreSQL database"))
        self.url_label.setText(_("Database &URL:"))
        self.url.setAccessibleName(_("Database URL"))
        self.url.setPlaceholderText("postgresql://user@host/scorebook")
        self.url_note.setText(_("An empty database the office's computers can reach. Its "
                                "password is used now and never kept: the folder keeps the "
                                "address without it. Give it again when opening the workspace, "
                                "or keep it in libpq's password file (~/.pgpass)."))
        self.url_note.setAccessibleName(_("About the database password"))
        self.pass_label.setText(_("&Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.confirm_label.setText(_("Repea&t it:"))
        self.confirm.setAccessibleName(_("Repeat the passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.hint.setAccessibleName(_("Passphrase strength"))
        self.progress.setAccessibleName(_("Progress"))
        self.step.setAccessibleName(_("Current step"))
        self.error.setAccessibleName(_("Message"))
        self.create_button.setText(_("&Create"))
        self.create_button.setAccessibleName(_("Create the workspace"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.setAccessibleName(_("Create or cancel"))
        self._changed()

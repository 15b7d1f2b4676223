"""Open an existing case file, or create one from a panel package; the key derivation runs off
the UI thread with a busy indicator. Shared by the first-run wizard and the File menu.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.identity import load_identity, remember_roster, show_identity
from desktop.services.keys import PRODUCTION, Kdf, kdf_params, trusted_office_fingerprint
from desktop.ui.file_dialogs import existing_folder, open_file, settings_of
from desktop.ui.tasks import TaskControl, TaskRunner
from desktop.ui.widgets.field_label import FieldLabel


@dataclass(frozen=True)
class CaseRequest:
    """What opening or creating a case needs (``package`` None: open an existing case)."""

    folder: Path
    passphrase: str = field(repr=False)  # never in a repr, a log or a test report
    package: Path | None = None
    identity_folder: Path | None = None
    office_fingerprint: str | None = None  # else the one pinned in the identity file
    kdf: Kdf = PRODUCTION


def open_or_create(request: CaseRequest, control: TaskControl | None = None) -> CaseSession:
    """The work of opening or creating (runs in a worker thread)."""
    if control is not None:
        control.check_cancelled()
    if request.package is None:
        return open_case(request.folder, request.passphrase)
    stored = load_identity(request.passphrase, request.identity_folder)
    pinned = trusted_office_fingerprint(request.office_fingerprint, stored.office_fingerprint)
    case = create_case(request.package, request.folder, request.passphrase, stored.identity,
                       pinned, kdf=kdf_params(request.kdf), seen_rosters=stored.rosters)
    roster = case.roster()
    remember_roster(request.passphrase, roster.cycle_id, roster.version,
                    request.identity_folder)
    if control is not None and control.is_cancelled():
        case.close()
    return case


def default_case_folder(reviewer_id: str | None, package: Path | None,
                        home: Path | None = None) -> Path:
    """Where a new case file is proposed: ``~/Scorebook/<reviewer>-<package's date>`` (the
    package is sealed, so its date stands for the visit), a free folder (``-2``, ``-3`` … when
    one is taken)."""
    base = (home if home is not None else Path.home()) / "Scorebook"
    name = reviewer_id or "case"
    if package is not None:
        try:
            day = datetime.fromtimestamp(package.stat().st_mtime).date().isoformat()
        except OSError:
            day = ""
        name = f"{name}-{day}" if day else name
    candidate, n = base / name, 2
    while candidate.exists() and any(candidate.iterdir()):
        candidate, n = base / f"{name}-{n}", n + 1
    return candidate


class Proposal:
    """Keeps a folder field's proposed value up to date without replacing what was typed."""

    def __init__(self, edit: QLineEdit) -> None:
        self.edit = edit
        self.proposed = ""

    def offer(self, folder: Path | None) -> None:
        text = self.edit.text().strip()
        if text and text != self.proposed:
            return  # the person chose a folder
        self.proposed = str(folder) if folder is not None else ""
        self.edit.setText(self.proposed)


def reviewer_of(identity_folder: Path | None) -> str | None:
    """The reviewer id of this computer's identity (its public card), None without one."""
    try:
        return show_identity(identity_folder).reviewer_id
    except ScorebookError:
        return None


def folder_row(parent: QWidget, edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(button)
    del parent
    return row


class CaseDialog(QDialog):
    """``create`` False: open a case folder. True: a package file and a new folder."""

    opened = Signal(object)  # CaseSession

    def __init__(self, runner: TaskRunner, *, create: bool, identity_folder: Path | None = None,
                 kdf: Kdf = PRODUCTION, parent: QWidget | None = None,
                 folder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("CaseDialog")
        self.runner = runner
        self.creating = create
        self.identity_folder = identity_folder
        self.kdf = kdf
        self.case: CaseSession | None = None
        self.package = QLineEdit(self)
        self.package_browse = QPushButton(self)
        self.folder = QLineEdit(self)
        self.folder_browse = QPushButton(self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.package_label = FieldLabel(parent=self, column_height=70)
        self.folder_label = FieldLabel(parent=self, column_height=70)
        self.passphrase_label = FieldLabel(parent=self, column_height=70)
        self.package_label.setBuddy(self.package)
        self.folder_label.setBuddy(self.folder)
        self.passphrase_label.setBuddy(self.passphrase)
        form = QFormLayout()
        if self.creating:
            form.addRow(self.package_label, folder_row(self, self.package, self.package_browse))
        else:
            for w in (self.package, self.package_browse, self.package_label):
                w.hide()
        form.addRow(self.folder_label, folder_row(self, self.folder, self.folder_browse))
        form.addRow(self.passphrase_label, self.passphrase)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 1)
        self.busy.setTextVisible(False)
        self.busy.hide()  # shown while the key is derived
        self.setMinimumWidth(600)  # a whole folder path in view
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.package_browse.clicked.connect(self._browse_package)
        self.folder_browse.clicked.connect(self._browse_folder)
        self._handle: object | None = None
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        order = [self.package, self.package_browse] if self.creating else []
        order += [self.folder, self.folder_browse, self.passphrase, ok, cancel]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.proposal = Proposal(self.folder)  # a new case: a folder proposed, editable
        if folder:  # a recent case: only the passphrase is left to type
            self.folder.setText(folder)
            self.passphrase.setFocus()
        else:
            (self.package if self.creating else self.folder).setFocus()
        if self.creating:
            self._reviewer = reviewer_of(identity_folder)
            self.package.textChanged.connect(self._propose)
            self._propose()
        self.retranslate()

    def _propose(self) -> None:
        text = self.package.text().strip()
        self.proposal.offer(default_case_folder(self._reviewer, Path(text) if text else None))

    def _browse_package(self) -> None:
        path = open_file(self, _("Choose the panel package"), _("Panel packages (*.sbp)"),
                         settings_of(self))
        if path:
            self.package.setText(path)
            self.folder.setFocus()

    def _browse_folder(self) -> None:
        path = existing_folder(self, _("Choose the case folder"), settings_of(self))
        if path:
            self.folder.setText(path)
            self.passphrase.setFocus()

    def accept(self) -> None:
        if not self.folder.text().strip() or (self.creating and not self.package.text().strip()):
            self.error.setText(_("Choose a folder and, for a new case, the panel package."))
            return
        request = CaseRequest(Path(self.folder.text().strip()), self.passphrase.text(),
                              Path(self.package.text().strip()) if self.creating else None,
                              self.identity_folder, kdf=self.kdf)
        self.passphrase.clear()
        self.busy.setRange(0, 0)
        self.busy.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.error.setText(_("Unlocking…"))
        self._handle = self.runner.submit(_("Open case file"),
                                          lambda c: open_or_create(request, c),
                                          on_success=self._done, on_error=self._failed)

    def _done(self, case: object) -> None:
        assert isinstance(case, CaseSession)
        self.case = case
        self.busy.setRange(0, 1)
        self.opened.emit(case)
        super().accept()

    def _failed(self, error: object) -> None:
        self.busy.setRange(0, 1)
        self.busy.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.error.setText(render(error.message) if isinstance(error, ScorebookError)
                           else _("Could not open the case file"))

    def retranslate(self) -> None:
        self.setWindowTitle(_("New case file") if self.creating else _("Open case file"))
        self.package_label.setText(_("Panel pac&kage"))
        self.folder_label.setText(_("Case &folder"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.package_browse.setText(_("Browse…"))
        self.folder_browse.setText(_("Browse…"))
        for widget, name in ((self.package, _("Panel package")),
                             (self.package_browse, _("Browse for the panel package")),
                             (self.folder, _("Case folder")),
                             (self.folder_browse, _("Browse for the case folder")),
                             (self.passphrase, _("Passphrase")), (self.busy, _("Progress")),
                             (self.error, _("Message"))):
            widget.setAccessibleName(name)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))

"""A file given at start (``scorebook-app FILE``: the file manager's "Open with Scorebook") goes
where it is used:

- a score bundle: the office's import (the workspace open), or the team leader's import (a
  leader's case open); with neither open, the workspace's passphrase is asked (the recent one
  filled in), or the case's when this computer has cases but no workspace;
- a panel package: *New case file* with the package filled in;
- a case (its folder, ``case.key`` or ``case.db``): *Open case file* with the folder filled in;
- an enrolment card: the office's people page, *Enrol reviewer* with the card filled in;
- a roster update: into the open case (the identity's passphrase asked), after the case opens.

What waits for a workspace or a case is done once it opens, and said in the status bar. On a
computer not yet set up (no identity), the set-up wizard comes first and the file after it.
Which kind a file is comes from ``desktop.services.file_kinds`` (content first, then name).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from desktop.i18n import _
from desktop.services.file_kinds import FileKind, OpenedFile, classify, file_argument

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

MESSAGE_MS = 20_000


class FileOpener(QObject):
    """Routes one opened file; keeps it while the workspace or case it needs is opened."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("FileOpener")
        self.window = window
        self.pending: OpenedFile | None = None
        self.dialog: QDialog | None = None  # the dialog this route showed, if any
        self.waiting_for_setup: Path | None = None  # the start's file, after the wizard

    # --- where each kind goes ---------------------------------------------------------------
    def open(self, path: Path) -> OpenedFile:
        opened = classify(path)
        self.pending = None
        if opened.kind is FileKind.PACKAGE:
            dialog = self._reviewer().show_case_dialog(create=True)
            dialog.package.setText(str(opened.path))
            dialog.folder.setFocus()
            self.dialog = dialog
        elif opened.kind is FileKind.CASE:
            assert opened.case_folder is not None
            self.dialog = self._reviewer().show_case_dialog(create=False,
                                                             folder=str(opened.case_folder))
        elif opened.kind is FileKind.UNKNOWN:
            problem = _(opened.problem) if opened.problem else ""
            self._say(_("{path}: {problem}").format(path=opened.path.name, problem=problem))
        else:
            self.pending = opened
            if not self._deliver():
                self._ask_to_open(opened)
        return opened

    def open_after_setup(self, path: Path) -> None:
        from desktop.ui.first_run import FirstRunWizard

        wizard = self.window.findChild(FirstRunWizard, "FirstRunWizard")
        if isinstance(wizard, FirstRunWizard) and wizard.isVisible():
            self.waiting_for_setup = path
            wizard.finished.connect(lambda _code: self._setup_over(path))
            self._say(_("Set up Scorebook first; then {file} opens.").format(file=path.name))
        else:
            self.open(path)

    def _setup_over(self, path: Path) -> None:
        self.waiting_for_setup = None
        self.open(path)

    def _deliver(self) -> bool:
        """Hand the pending file to the page that takes it, if that page is there now."""
        opened = self.pending
        if opened is None:
            return True
        office, reviewer = self._office(), self._reviewer()
        leader = getattr(reviewer, "leader", None) if reviewer.case is not None else None
        if opened.kind is FileKind.BUNDLE and office is not None and office.is_open():
            self.window.show_page("office_import")
            office.pages["office_import"].import_paths([opened.path])
        elif opened.kind is FileKind.BUNDLE and leader is not None:
            self.window.show_page("leader")
            leader.import_files([opened.path])
        elif opened.kind is FileKind.CARD and office is not None and office.is_open():
            self.window.show_page("office_people")
            dialog = office.pages["office_people"].setup_actions.enrol_reviewer()
            if dialog is not None:
                dialog.path.setText(str(opened.path))
            self.dialog = dialog
        elif opened.kind is FileKind.ROSTER and reviewer.case is not None:
            self._ask_identity_passphrase(opened.path)
        else:
            return False
        self.pending = None
        return True

    def _ask_to_open(self, opened: OpenedFile) -> None:
        """Nothing open takes the file yet: open what does (the office's workspace for a card,
        or for a bundle on a computer that knows a workspace; else a case)."""
        office = self._office()
        wants_office = opened.kind is FileKind.CARD or (
            opened.kind is FileKind.BUNDLE and office is not None and bool(office.recent.folders()))
        if wants_office and office is not None:
            from desktop.ui.office.dialogs import OpenWorkspaceDialog

            folders = office.recent.folders()
            dialog = OpenWorkspaceDialog(self.window, folders[0] if folders else "")
            office.opened.connect(self._opened_later)

            def accepted() -> None:
                request = dialog.request()
                dialog.passphrase.clear()
                if request is not None:
                    office.open(request)

            dialog.accepted.connect(accepted)
            (dialog.passphrase if folders else dialog.folder).setFocus()
            self.dialog = dialog
            dialog.open()
            self._say(_("Open the office workspace to take {file}.").format(
                file=opened.path.name))
        else:
            if office is not None and opened.kind is FileKind.BUNDLE:
                office.opened.connect(self._opened_later)  # or File › Open office workspace…
            case_dialog = self._reviewer().show_case_dialog(create=False)
            case_dialog.opened.connect(self._opened_later)  # after the controller's own slot
            self.dialog = case_dialog
            self._say(_("Open your case file to take {file}.").format(file=opened.path.name))

    def _opened_later(self, *_args: Any) -> None:
        self._deliver()

    def _ask_identity_passphrase(self, path: Path) -> None:
        reviewer = self._reviewer()
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(_("Import roster update"))
        dialog.setLabelText(_("Identity passphrase to import {file}:").format(file=path.name))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)

        def accepted() -> None:
            passphrase = dialog.textValue()
            dialog.setTextValue("")
            if passphrase:
                reviewer.import_roster(path, passphrase)

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()

    # --- the window's parts -----------------------------------------------------------------
    def _office(self) -> Any:
        from desktop.ui.office import office_of

        return office_of(self.window)

    def _reviewer(self) -> Any:
        from desktop.ui.first_run_start import install_reviewer

        install_reviewer(self.window)  # installs it if the first paint has not yet
        return getattr(self.window, "reviewer")  # noqa: B009 (set by install_reviewer)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)


def open_file_argument(window: MainWindow, argv: Sequence[str]) -> None:
    """The file among the start's arguments, if one names an existing path: routed once the
    start's other after-paint work is done, and after the set-up wizard when this computer has
    no identity yet (a case cannot be made or opened before it)."""
    path = file_argument(argv)
    if path is None:
        return
    opener = window.findChild(FileOpener, "FileOpener")
    if not isinstance(opener, FileOpener):
        opener = FileOpener(window)
    QTimer.singleShot(0, opener, lambda: opener.open_after_setup(path))


def open_given_file(window: MainWindow, path: Path) -> None:
    """The start's file (after the first paint, once the office and the case menus are in)."""
    opener = window.findChild(FileOpener, "FileOpener")
    if not isinstance(opener, FileOpener):
        opener = FileOpener(window)
    opener.open(path)


__all__ = ["FileOpener", "open_file_argument", "open_given_file"]

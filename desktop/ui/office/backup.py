"""File ▸ Back up the office workspace…: a folder (another disk, a USB stick), optionally a new
recovery sheet (PDF, for a safe), the backup written and verified off the UI thread, and a
message naming the file, its hash and what opens it. File ▸ Restore an office workspace…: a
backup rebuilt in an empty folder (with the passphrase, or the recovery sheet's code and a new
passphrase), then opened, its fingerprint shown to be compared with the sheet.

``install_backup(controller)`` adds both actions to the File menu beside the office's workspace
actions; backing up needs an open workspace, and neither runs while another task does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, current_language, render
from desktop.ui.office.host import OfficeHost
from desktop.ui.office.session import message_text
from desktop.ui.tasks import TaskControl

if TYPE_CHECKING:
    from desktop.services.office.backup_types import BackupResult, RestoredWorkspace
    from desktop.services.office.changes import Done
    from desktop.ui.office.restore import RestoreRequest, RestoreWorkspaceDialog


def result_text(r: BackupResult) -> str:
    return "\n".join(render(m) for m in r.summary(Msg(N_(
        "Only the workspace passphrase opens it. To open backups without it, back up once "
        "with a new recovery sheet and keep the sheet in a safe."))))


class WorkspaceBackup(QObject):
    """The File-menu action and the task that writes the backup."""

    def __init__(self, controller: OfficeHost) -> None:
        super().__init__(controller)
        self.setObjectName("WorkspaceBackup")
        self.controller = controller
        self.window = controller.window
        self.message: QMessageBox | None = None  # the last result or refusal shown
        self.restored: RestoredWorkspace | None = None
        self.act_backup = QAction(self)
        self.act_backup.setEnabled(False)
        self.act_backup.triggered.connect(self.choose)
        menu = self.window.menu_file
        actions = menu.actions()
        at = actions.index(self.window.act_export)
        before = actions[at - 1] if at and actions[at - 1].isSeparator() else actions[at]
        menu.insertAction(before, self.act_backup)
        self.act_restore = QAction(self)
        self.act_restore.triggered.connect(self.choose_backup)
        menu.insertAction(before, self.act_restore)
        session = controller.session
        session.opened.connect(self._enable)
        session.closed.connect(self._enable)
        session.busy_changed.connect(self._enable)
        self.window.language.register(self)
        self.retranslate()

    def _enable(self, *_args: object) -> None:
        session = self.controller.session
        self.act_backup.setEnabled(session.is_open() and not session.busy)
        self.act_restore.setEnabled(not session.busy)

    def choose(self) -> None:
        """Ask for the folder and whether to print a new recovery sheet, then back up."""
        if not self.act_backup.isEnabled():
            return
        folder = QFileDialog.getExistingDirectory(
            self.window, _("Choose where to write the backup (another disk or a USB stick)"))
        if not folder:
            return
        sheet: Path | None = None
        answer = QMessageBox.question(
            self.window, _("Recovery sheet"),
            _("Also print a new recovery sheet? Its code opens this backup and the later ones "
              "if the passphrase is lost; keep it in a safe, away from the backups."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            name, _filter = QFileDialog.getSaveFileName(
                self.window, _("Save the recovery sheet (print it, then delete the file)"),
                "", _("PDF files (*.pdf)"))
            if not name:
                return
            sheet = Path(name)
        self.back_up(Path(folder), sheet)

    def back_up(self, folder: Path, sheet: Path | None = None) -> bool:
        """Write the backup off the UI thread; False when another task runs."""
        session = self.controller.session
        if not session.is_open() or session.busy:
            return False
        from desktop.services.office.backup import backup_workspace

        ws = session.workspace
        language = current_language()

        def work(control: TaskControl) -> Done[BackupResult]:
            control.check_cancelled()
            return backup_workspace(ws, folder, recovery_sheet=sheet, language=language)

        self.window.statusBar().showMessage(_("Backing up the workspace…"))
        handle = session.run(_("Back up the workspace"), work, on_success=self._done,
                             on_error=self._failed, progress=self.controller.progress)
        return handle is not None  # the pages learn that the history changed

    def _show(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        if self.message is not None:
            self.message.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = box
        box.open()

    def _done(self, result: BackupResult) -> None:
        self.window.statusBar().showMessage(_("Backup written: {file}").format(file=result.path),
                                            8000)
        self._show(QMessageBox.Icon.Information, _("Backup written"), result_text(result))

    def _failed(self, error: ScorebookError) -> None:
        self.window.statusBar().clearMessage()
        self._show(QMessageBox.Icon.Warning, _("The workspace was not backed up"),
                   message_text(error.message))

    def choose_backup(self) -> RestoreWorkspaceDialog | None:
        """The restore dialog, window-modal; what it restores opens here."""
        if self.controller.session.busy:
            return None
        from desktop.ui.office.restore import RestoreWorkspaceDialog

        dialog = RestoreWorkspaceDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.language.register(dialog)

        def accepted() -> None:
            request = dialog.request()
            dialog.forget()
            if request is not None:
                self.restore(request)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def restore(self, request: RestoreRequest) -> bool:
        """Rebuild the workspace off the UI thread, then open it; False when a task runs."""
        session = self.controller.session
        if session.busy:
            return False
        from desktop.services.keys import kdf_params
        from desktop.services.office.backup import restore_workspace
        from desktop.ui.office.dialogs import OpenRequest

        kdf = kdf_params(self.controller.kdf or "production")  # of the new key file (code)

        def work(control: TaskControl) -> RestoredWorkspace:
            control.check_cancelled()
            return restore_workspace(request.backup, request.folder, request.passphrase,
                                     recovery_code=request.recovery_code, kdf=kdf)

        restored: list[RestoredWorkspace] = []

        def done(result: RestoredWorkspace) -> None:
            self.restored = result
            restored.append(result)
            self._show(QMessageBox.Icon.Information, _("Workspace restored"),
                       restored_text(result))

        def open_it() -> None:  # once the task is over: one task at a time
            if restored:
                self.controller.open(OpenRequest(restored[0].folder, request.passphrase))

        self.window.statusBar().showMessage(_("Restoring the workspace…"))
        handle = session.run(_("Restore the workspace"), work, on_success=done,
                             on_error=self._restore_failed, progress=self.controller.progress,
                             changes=False)
        if handle is None:
            return False
        handle.finished.connect(open_it)
        return True

    def _restore_failed(self, error: ScorebookError) -> None:
        self.window.statusBar().clearMessage()
        self._show(QMessageBox.Icon.Warning, _("The workspace was not restored"),
                   message_text(error.message))

    def retranslate(self) -> None:
        self.act_restore.setText(_("&Restore an office workspace…"))
        self.act_restore.setToolTip(_("Rebuild an office workspace from a backup (a new "
                                      "computer): the same office fingerprint"))
        self.act_restore.setStatusTip(self.act_restore.toolTip())
        self.act_backup.setText(_("&Back up the office workspace…"))
        self.act_backup.setToolTip(_("Write an encrypted, verified backup of the workspace and "
                                     "the office keys"))
        self.act_backup.setStatusTip(self.act_backup.toolTip())


def restored_text(r: RestoredWorkspace) -> str:
    return "\n".join(render(m) for m in r.summary(Msg(N_(
        "The passphrase entered is the workspace's new one. Back up again with a new recovery "
        "sheet."))))


def install_backup(controller: OfficeHost) -> WorkspaceBackup:
    return WorkspaceBackup(controller)

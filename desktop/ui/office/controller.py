"""The office in the main window: File-menu actions, recent workspaces, the pages, the lock.

``install_office(window)`` adds "New office workspace…", "Open office workspace…" and the recent
list to the File menu.
Opening (key derivation) runs off the UI thread; the pages are added when the first workspace
opens. While the window is locked, the passphrase of the open workspace unlocks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from desktop.domain.errors import ScorebookError
from desktop.i18n import _
from desktop.services.office.changes import OfficeChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.office.backup import install_backup
from desktop.ui.office.host import OfficeHost
from desktop.ui.office.lost_laptop import install_roster_update
from desktop.ui.office.session import OfficeContext, OfficeSession, message_text
from desktop.ui.office.sheets import install_sheets
from desktop.ui.settings import Settings
from desktop.ui.tasks import TaskControl, TaskRunner
from desktop.ui.widgets.progress_strip import StatusBarProgress, reserve_progress_room

if TYPE_CHECKING:
    # The pages and the services load when a workspace is opened, not before the first paint.
    from desktop.services.keys import Kdf
    from desktop.services.office.workspace import Workspace
    from desktop.ui.office.common import OfficePage
    from desktop.ui.office.dialogs import OpenRequest
    from desktop.ui.office.new_workspace import NewWorkspaceDialog

PAGE_KEYS: tuple[str, ...] = (
    "office_cycle", "office_applicants", "office_people", "office_conflicts", "office_packages",
    "office_import", "office_divergence", "office_consensus", "office_ranking", "office_vote",
    "office_notices", "office_print",
)

# the document File ▸ Print… prints from each page (the others: the one chosen on the Print page)
PAGE_DOCUMENT = {"office_ranking": "ranking", "office_vote": "minutes",
                 "office_notices": "notice", "office_consensus": "consensus"}


def page_types() -> dict[str, type[OfficePage]]:
    """Each page's class by key, in navigation order (imported on first use)."""
    from desktop.ui.office.heatmap import DivergencePage
    from desktop.ui.office.pages_bundles import ImportPage, PackagesPage
    from desktop.ui.office.pages_decide import ConsensusPage, VotePage
    from desktop.ui.office.pages_notices import NoticesPage
    from desktop.ui.office.pages_rank import RankingPage
    from desktop.ui.office.pages_setup import ApplicantsPage, ConflictsPage, CyclePage, PeoplePage
    from desktop.ui.office.printing import PrintPage

    types: tuple[type[OfficePage], ...] = (
        CyclePage, ApplicantsPage, PeoplePage, ConflictsPage, PackagesPage, ImportPage,
        DivergencePage, ConsensusPage, RankingPage, VotePage, NoticesPage, PrintPage)
    return dict(zip(PAGE_KEYS, types, strict=True))


class RecentWorkspaces:
    """Folders of recently opened workspaces (never a passphrase or a database password)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def folders(self) -> list[str]:
        return self._settings.recent_workspaces

    def add(self, folder: Path) -> None:
        self._settings.remember_workspace(str(folder.resolve()))


class OfficeController(OfficeHost):
    open_failed = Signal(object)  # a ScorebookError

    def __init__(self, window: MainWindow, runner: TaskRunner | None = None) -> None:
        super().__init__(window)
        self.setObjectName("OfficeController")
        self.window = window
        self.runner = runner or TaskRunner(self)
        self.session = OfficeSession(self.runner, self)
        self.ctx = OfficeContext(self.session, window.fonts, window.undo)
        self.recent = RecentWorkspaces(window.settings)
        self.pages: dict[str, OfficePage] = {}
        reserve_progress_room(window)  # already there when installed after the first paint
        self.progress = StatusBarProgress(window.statusBar())  # in the bar while a task runs
        self.session.busy_changed.connect(self._busy)
        self.session.changed.connect(self._saved)  # after every write a page or task made
        self.kdf: Kdf | None = None  # of new workspaces: None is the production one
        self.act_new = QAction(self)
        self.act_new.triggered.connect(self.new_dialog)
        self.act_open = QAction(self)
        self.act_open.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.act_open.triggered.connect(self.open_dialog)
        self.act_close = QAction(self)
        self.act_close.setEnabled(False)
        self.act_close.triggered.connect(self.close_workspace)
        self.recent_menu = QMenu(window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu = window.menu_file
        before = window.act_export
        menu.insertAction(before, self.act_new)
        menu.insertAction(before, self.act_open)
        menu.insertMenu(before, self.recent_menu)
        menu.insertAction(before, self.act_close)
        menu.insertSeparator(before)
        self.backup = install_backup(self)  # File ▸ Back up the office workspace…
        self.roster_update = install_roster_update(self)  # File ▸ Write a roster update…
        self.sheets = install_sheets(self)  # File ▸ Export to Excel; pages' import/export
        window.unlock_requested.connect(self._unlock)
        window.unlocked.connect(self._guard_unlock)
        self._authorised = False
        window.language.register(self)
        self.retranslate()

    # --- opening --------------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self.session.is_open()

    def open_dialog(self) -> None:
        from desktop.ui.office.dialogs import OpenWorkspaceDialog

        folders = self.recent.folders()
        dialog = OpenWorkspaceDialog(self.window, folders[0] if folders else "")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            request = dialog.request()
            dialog.passphrase.clear()
            if request is not None:
                self.open(request)

    def new_dialog(self) -> NewWorkspaceDialog | None:
        """File ▸ New office workspace…: the dialog, window-modal; what it creates opens here."""
        if self.session.busy:
            return None
        from desktop.ui.office.new_workspace import NewWorkspaceDialog

        dialog = NewWorkspaceDialog(self.runner, self.window, kdf=self.kdf or "production")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self.adopt)
        dialog.open()
        return dialog

    def adopt(self, ws: Workspace) -> None:
        """Open a workspace made (and opened) elsewhere: the new-workspace dialog, the first
        run."""
        self._opened(ws)
        self.opened.emit(str(ws.folder))

    def open(self, request: OpenRequest) -> bool:
        """Open a workspace off the UI thread (the key derivation takes seconds)."""
        if self.session.busy:
            return False

        from desktop.services.office.workspace import open_workspace

        def work(control: TaskControl) -> Workspace:
            control.check_cancelled()
            ws = open_workspace(request.folder, request.passphrase, request.database_url)
            if control.is_cancelled():
                ws.close()
            return ws

        self.window.statusBar().showMessage(_("Opening the workspace…"))
        handle = self.session.run(_("Open workspace"), work, on_success=self._opened,
                                  on_error=self._failed, progress=self.progress,
                                  changes=False)
        if handle is None:
            return False
        # ``opened`` is said once the task is over and the pages may read the database.
        opened: list[Workspace] = []
        handle.succeeded.connect(opened.append)
        handle.finished.connect(lambda: self.opened.emit(str(opened[0].folder))
                                if opened and self.session.ws is opened[0] else None)
        return True

    def _opened(self, ws: Workspace) -> None:
        self.session.set_workspace(ws)
        self.recent.add(ws.folder)
        self._ensure_pages()
        self.act_close.setEnabled(True)
        info = ws.info()
        opened = (_("Opened {office} on the PostgreSQL server") if info.backend == "postgresql"
                  else _("Opened {office}"))
        self.window.statusBar().showMessage(opened.format(office=info.office_name), 8000)
        self.window.save_indicator.mark_saved()
        office = info.office_name
        self.window.lock_subject = lambda: _("Office workspace of {office}").format(office=office)
        self.window.show_page("office_cycle")

    def _saved(self, changes: OfficeChanges) -> None:
        """Every change is committed before ``changed`` is said: the indicator shows the time
        of this last write."""
        if self.session.is_open() and changes.any:
            self.window.save_indicator.mark_saved()

    def _failed(self, error: ScorebookError) -> None:
        self.window.statusBar().clearMessage()
        self.open_failed.emit(error)
        if self.window.isVisible():
            QMessageBox.warning(self.window, _("Cannot open the workspace"),
                                message_text(error.message))

    def close_workspace(self) -> None:
        self.session.close()
        self.act_close.setEnabled(False)
        self.window.show_page("start")

    def _ensure_pages(self) -> None:
        if self.pages:
            return
        # File ▸ Print… (Ctrl+P) on an office page prints that page's document on paper
        # (registered before the Print page, whose default only opens the page)
        self.window.add_printer(lambda k: k is not None and k.startswith("office_"),
                                self.print_on_paper)
        from desktop.ui.office.heatmap import DivergencePage
        from desktop.ui.office.pages_decide import ConsensusPage

        for key, page_type in page_types().items():
            page = page_type(self.ctx, self.window)
            self.pages[key] = page
            self.window.add_page(key, page.title, page)
            page.retranslate()
        divergence = self.pages["office_divergence"]
        consensus = self.pages["office_consensus"]
        assert isinstance(divergence, DivergencePage) and isinstance(consensus, ConsensusPage)
        divergence.open_consensus.connect(self._open_consensus)

    def _open_consensus(self, ref: str, stage: str) -> None:
        self.window.show_page("office_consensus")
        page = self.pages["office_consensus"]
        from desktop.ui.office.pages_decide import ConsensusPage

        assert isinstance(page, ConsensusPage)
        page.show_item(ref, stage)

    def print_on_paper(self) -> bool:
        """The Print page, with the document of the page shown (the ranking on the ranking
        page …) previewed and then offered to the print dialog; on the Print page, its
        document; from a page without a document, the Print page to choose one."""
        from desktop.ui.office.printing import PrintPage

        current = self.window.current_page() or ""
        kind = PAGE_DOCUMENT.get(current)
        page = self.pages["office_print"]
        assert isinstance(page, PrintPage)
        self.window.show_page("office_print")
        if kind is None and current != "office_print":
            return False  # no document of its own: the Print page, to choose one
        return page.print_on_paper(kind)

    def page(self, key: str) -> Any:
        return self.pages[f"office_{key}"]

    def _busy(self, busy: bool) -> None:
        for page in self.pages.values():
            page.set_busy(busy)
        self.act_open.setEnabled(not busy)
        self.act_new.setEnabled(not busy)

    # --- recent ---------------------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        folders = self.recent.folders()
        for folder in folders:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _c=False, f=folder: self._open_recent(f))
        if not folders:
            empty = self.recent_menu.addAction(_("(none yet)"))
            empty.setEnabled(False)

    def _open_recent(self, folder: str) -> None:
        from desktop.ui.office.dialogs import OpenWorkspaceDialog

        dialog = OpenWorkspaceDialog(self.window, folder)
        dialog.passphrase.setFocus()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            request = dialog.request()
            dialog.passphrase.clear()
            if request is not None:
                self.open(request)

    # --- lock -----------------------------------------------------------------------------------
    def _unlock(self, secret: str) -> None:
        """The open workspace's passphrase unlocks the window (checked off the UI thread)."""
        if not self.session.is_open():
            return
        ws = self.session.workspace
        from desktop.services.office.workspace import passphrase_unlocks

        def work(control: TaskControl) -> bool:
            return passphrase_unlocks(ws, secret)

        def done(ok: bool) -> None:
            if ok:
                self._authorised = True
                self.window.unlock()
            else:
                self.window.lock_page.message.setText(_("Wrong passphrase"))

        def refused(error: ScorebookError) -> None:
            self.window.lock_page.message.setText(message_text(error.message))

        self.session.run(_("Unlock"), work, on_success=done, on_error=refused, changes=False)

    def _guard_unlock(self) -> None:
        """While a workspace is open only its passphrase unlocks: another part of the window
        that unlocked without it (nothing of its own open) is overruled at once, before any
        paint, and the passphrase check above decides."""
        authorised, self._authorised = self._authorised, False
        if self.session.is_open() and not authorised:
            self.window.lock()

    def retranslate(self) -> None:
        self.act_new.setText(_("New o&ffice workspace…"))
        self.act_new.setToolTip(_("Create an office workspace and open its first cycle"))
        self.act_open.setText(_("Open &office workspace…"))
        self.act_open.setToolTip(_("Open an office workspace (folder or database)"))
        self.act_close.setText(_("&Close office workspace"))
        self.recent_menu.setTitle(_("Recent office &workspaces"))
        self.progress.retranslate()
        if self.session.is_open():
            self.window.statusBar().clearMessage()


def install_office(window: MainWindow, runner: TaskRunner | None = None) -> OfficeController:
    """Add the office to a main window (once); returns its controller."""
    existing = window.findChild(OfficeController, "OfficeController")
    if isinstance(existing, OfficeController):
        return existing
    return OfficeController(window, runner)


def office_of(window: MainWindow) -> OfficeController | None:
    found = window.findChild(OfficeController, "OfficeController")
    return found if isinstance(found, OfficeController) else None


"""Spreadsheets in the office window (``services.office.sheets_*``, as on the command line).

*Import from a spreadsheet…* (applicants page) and *Import reviewers' details…* (people page)
open the workbook in a preview: the sheet, which column feeds which field (each can be changed:
that is the mapping), every row as it would be stored and every problem with its sheet, row and
column. Nothing is stored until *Import*, which stores all the rows or none.
*Export to Excel…* on the ranking, divergence, consensus, vote, notices and conflicts pages (and
File ▸ Export to Excel) writes that page's workbook in the interface language.

``install_sheets(controller)`` adds the File submenu at once and the page buttons when the
pages are made (the first workspace opened).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg, nmsg
from desktop.i18n import _, current_language
from desktop.i18n.formatting import join_list
from desktop.ui.office.host import OfficeHost
from desktop.ui.office.session import message_text
from desktop.ui.tasks import TaskControl

if TYPE_CHECKING:  # the services load when a workspace opens, not at start-up
    from desktop.services.office.sheets_export import SheetExported
    from desktop.services.office.sheets_import import SheetImported
    from desktop.ui.office.sheets_dialog import SheetImportDialog

# as ``services.office.sheets_export`` has them (a test compares): the menu is made at start-up
EXPORT_KINDS = ("ranking", "scores", "divergence", "consensus", "vote", "notices", "conflicts")
KIND_TITLE = {"ranking": N_("Comprehensive ranking"), "scores": N_("Reviewers' scores"),
              "divergence": N_("Divergence"), "consensus": N_("Team consensus"),
              "vote": N_("Committee vote"), "notices": N_("Public notices"),
              "conflicts": N_("Conflicts of interest")}

# the kinds each page exports (its first is the page's own)
PAGE_KINDS = {"office_ranking": ("ranking",), "office_divergence": ("divergence", "scores"),
              "office_consensus": ("consensus",), "office_vote": ("vote",),
              "office_notices": ("notices",), "office_conflicts": ("conflicts",)}
SHEET_FILTER = N_("Spreadsheets (*.xlsx *.xlsm *.csv)")


def imported_message(done: SheetImported) -> Msg:
    if done.kind == "applicants":
        return nmsg("{count} applicant imported from {file}: {refs}",
                    "{count} applicants imported from {file}: {refs}", done.count,
                    file=done.file, refs=join_list(done.refs))
    return nmsg("The details of {count} reviewer were updated from {file}",
                "The details of {count} reviewers were updated from {file}", done.count,
                file=done.file)


def exported_message(done: SheetExported) -> Msg:
    text = Msg(N_("{file} written: {rows} rows on {sheets} ({cycle})"),
               {"file": str(done.path), "rows": done.rows, "sheets": join_list(done.sheets),
                "cycle": done.cycle})
    if not done.redacted:
        return text
    return Msg("{a} {b}", {"a": text, "b": nmsg(
        "{count} comment or rationale had a secret removed",
        "{count} comments or rationales had a secret removed", done.redacted)})


class SheetActions(QObject):
    """File ▸ Export to Excel, and the import and export buttons of the pages."""

    def __init__(self, controller: OfficeHost) -> None:
        super().__init__(controller)
        self.setObjectName("SheetActions")
        self.controller = controller
        self.window = controller.window
        self.dialog: SheetImportDialog | None = None
        self.last: SheetExported | None = None
        self.menu = QMenu(self.window)
        self.actions: dict[str, QAction] = {}
        for kind in EXPORT_KINDS:
            action = self.menu.addAction("")
            action.triggered.connect(lambda _c=False, k=kind: self.export(k))
            self.actions[kind] = action
        self.window.menu_file.insertMenu(self.window.act_export, self.menu)
        self.buttons: dict[str, QPushButton] = {}
        controller.opened.connect(self._install_buttons)
        session = controller.session
        for signal in (session.opened, session.closed, session.busy_changed):
            signal.connect(self._enable)
        self.window.language.register(self)
        self._enable()
        self.retranslate()

    def _enable(self, *_args: object) -> None:
        session = self.controller.session
        self.menu.setEnabled(session.is_open() and not session.busy)

    def _install_buttons(self, *_args: object) -> None:
        pages = self.controller.pages
        if self.buttons or not pages:
            return
        for key, kinds in PAGE_KINDS.items():
            page = pages.get(key)
            if page is None:
                continue
            button = QPushButton(page)
            if len(kinds) > 1:
                menu = QMenu(button)
                for kind in kinds:
                    act = menu.addAction("")
                    act.setData(kind)
                    act.triggered.connect(lambda _c=False, k=kind: self.export(k))
                button.setMenu(menu)
            else:
                button.clicked.connect(lambda _c=False, k=kinds[0]: self.export(k))
            page.box.insertWidget(page.box.count() - 1, button, 0,
                                  Qt.AlignmentFlag.AlignRight)
            self.buttons[key] = button
        for key, kind in (("office_applicants", "applicants"), ("office_people", "reviewers")):
            page = pages.get(key)
            actions = getattr(page, "setup_actions", None)
            if page is None or actions is None:
                continue
            button = QPushButton(page)
            button.clicked.connect(lambda _c=False, k=kind: self.choose_import(k))
            row = actions.row
            row.insertWidget(max(0, row.count() - 1), button)  # before the stretch
            self.buttons[key] = button
        self.retranslate()

    def _page(self) -> Any:
        return self.controller.pages.get(self.window.current_page() or "")

    def choose_import(self, kind: str) -> SheetImportDialog | None:
        session = self.controller.session
        if not session.is_open() or session.busy:
            return None
        name, _filter = QFileDialog.getOpenFileName(
            self.window, _("Choose the spreadsheet (.xlsx or .csv)"), "", _(SHEET_FILTER))
        return self.open_import(kind, Path(name)) if name else None

    def open_import(self, kind: str, path: Path) -> SheetImportDialog | None:
        """The preview dialog of ``path`` (window-modal); what it imports is said on the page."""
        if self.controller.session.busy:
            return None
        from desktop.ui.office.sheets_dialog import SheetImportDialog

        page = self.controller.pages.get("office_applicants" if kind == "applicants" else
                                         "office_people")
        dialog = SheetImportDialog(self.controller.ctx, kind, path, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.language.register(dialog)

        def accepted() -> None:
            if dialog.result_value is not None and page is not None:
                page.message.show_ok(imported_message(dialog.result_value))

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def export(self, kind: str, path: Path | None = None) -> bool:
        """Write ``kind``'s workbook (asking where unless ``path``); False when a task runs."""
        session = self.controller.session
        if not session.is_open() or session.busy:
            return False
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self.window, _("Export to an Excel workbook"),
                f"{_(KIND_TITLE[kind])}.xlsx", _("Excel workbooks (*.xlsx)"))
            if not name:
                return False
            path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        ws, language, target = session.workspace, current_language(), path
        page = self._page()

        from desktop.services.office.sheets_export import export_sheet

        def work(control: TaskControl) -> SheetExported:
            control.check_cancelled()
            return export_sheet(ws, kind, target, language=language)

        def done(result: SheetExported) -> None:
            self.last = result
            self.window.statusBar().showMessage(message_text(exported_message(result)), 8000)
            if page is not None:
                page.message.show_ok(exported_message(result))

        def failed(error: ScorebookError) -> None:
            self.window.statusBar().clearMessage()
            if page is not None:
                page.message.show_error(error)
            else:
                self.window.statusBar().showMessage(message_text(error.message), 8000)

        return session.run(_("Export to Excel"), work, on_success=done, on_error=failed,
                           progress=self.controller.progress, changes=False) is not None

    def retranslate(self) -> None:
        self.menu.setTitle(_("E&xport to Excel"))
        for kind, action in self.actions.items():
            action.setText(_(KIND_TITLE[kind]) + "…")
        for key, button in self.buttons.items():
            if key in PAGE_KINDS:
                button.setText(_("E&xport to Excel…"))
                name = _("Export to Excel…")
                button.setToolTip(_("Write what this page shows to an Excel workbook "
                                    "(.xlsx)"))
                menu = button.menu()
                if menu is not None:
                    for act in menu.actions():
                        act.setText(_(KIND_TITLE[str(act.data())]) + "…")
            elif key == "office_applicants":
                button.setText(_("&Import from a spreadsheet…"))
                name = _("Import from a spreadsheet…")
                button.setToolTip(_("Applicants from an Excel or WPS workbook (.xlsx) or a "
                                    "CSV file, previewed before anything is stored"))
            else:
                button.setText(_("&Import reviewers' details…"))
                name = _("Import reviewers' details…")
                button.setToolTip(_("Units, industries and contacts of enrolled reviewers "
                                    "from an Excel or WPS workbook (.xlsx) or a CSV file"))
            button.setAccessibleName(name.rstrip("…"))  # the text without its mnemonic
            button.setAccessibleDescription(button.toolTip())


def install_sheets(controller: OfficeHost) -> SheetActions:
    return SheetActions(controller)

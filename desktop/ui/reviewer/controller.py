"""Plugs the reviewer's pages into the main window and wires the File menu, the saved state,
undo, export, printing the score sheet, re-keying the case file and the idle lock to an open
case file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop.domain.errors import ScorebookError
from desktop.i18n import N_, _, ngettext, render
from desktop.ui.file_dialogs import open_file, save_file
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets.save_state import SaveState

if TYPE_CHECKING:
    # The pages, the services and the crypto load when a case file is opened, never before the
    # window's first paint (start-up time: bench/bench_ui_start.py).
    from desktop.services.case import CaseSession
    from desktop.services.case_types import ApplicantRow, ExportResult
    from desktop.services.keys import Kdf
    from desktop.ui.reviewer.applicants_page import ApplicantsPage
    from desktop.ui.reviewer.dialogs import FeedbackDialog, RecusalDialog, RekeyDialog
    from desktop.ui.reviewer.export_page import ExportPage, ExportSummary
    from desktop.ui.reviewer.leader_page import LeaderPage
    from desktop.ui.reviewer.open_case import CaseDialog
    from desktop.ui.reviewer.score_sink import CaseScoreSink
    from desktop.ui.reviewer.scorebook_page import ScorebookPage


REVIEWER_PRINT_PAGES = frozenset({"applicants", "scorebook"})


class ReviewerController(QObject):
    printed = Signal(object)  # a Printed: the score sheet's PDF was written
    print_failed = Signal(str)  # the translated reason
    rekeyed = Signal(int)  # the case file has a new data key; how many backups were re-encrypted

    def __init__(self, window: MainWindow, runner: TaskRunner | None = None, *,
                 identity_folder: Path | None = None,
                 kdf: Kdf | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner or TaskRunner(self)
        self.identity_folder = identity_folder
        self._kdf = kdf  # None: the production parameters
        self.case: CaseSession | None = None
        self.sink: CaseScoreSink | None = None
        self.applicants: ApplicantsPage | None = None
        self.scorebook: ScorebookPage | None = None
        self.export: ExportPage | None = None
        self.leader: LeaderPage | None = None
        self.dialog: QWidget | None = None
        window.act_open.setEnabled(True)
        window.act_new.setEnabled(True)
        window.act_open.triggered.connect(lambda: self.show_case_dialog(create=False))
        window.act_new.triggered.connect(lambda: self.show_case_dialog(create=True))
        window.act_export.triggered.connect(lambda: window.show_page("export"))
        self.act_rekey = QAction(self)
        self.act_rekey.setEnabled(False)
        self.act_rekey.triggered.connect(self.rekey_dialog)
        window.menu_file.insertAction(window.act_lock, self.act_rekey)
        self.act_roster = QAction(self)
        self.act_roster.setEnabled(False)
        self.act_roster.triggered.connect(self.import_roster_dialog)
        window.menu_file.insertAction(window.act_lock, self.act_roster)
        window.add_printer(lambda key: self.case is not None and key in REVIEWER_PRINT_PAGES,
                           self.print_score_sheet)
        window.add_printer(  # the team leader's page: the final consensus sheet on paper
            lambda key: key == "leader" and self.leader is not None and self.leader.can_print(),
            lambda: self.leader is not None and self.leader.print_current())
        window.unlock_requested.connect(self.unlock)
        window.undo.failed.connect(self._undo_failed)
        window.undo.applied.connect(self.apply_changes)
        # every platform binding of Redo (Ctrl+Shift+Z as well as Ctrl+Y), not only the first
        window.act_redo.setShortcuts(QKeySequence.StandardKey.Redo)
        window.destroyed.connect(self._close_quietly)
        window.language.register(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.act_rekey.setText(_("Re-&key the case file…"))
        self.act_rekey.setToolTip(_("Give the case file and its backups a new data key"))
        self.act_roster.setText(_("&Import roster update…"))
        self.act_roster.setToolTip(_("Import a roster update (.sbr) from the office"))

    @property
    def kdf(self) -> Kdf:
        return "production" if self._kdf is None else self._kdf

    # --- opening --------------------------------------------------------------------------------
    def show_case_dialog(self, *, create: bool, folder: str = "") -> CaseDialog:
        """File › Open case file… (the last case's folder filled in, the passphrase asked) or
        New case file…; ``folder`` a recent case chosen on the start page."""
        from desktop.ui.reviewer.open_case import CaseDialog

        recent = self.window.settings.recent_cases
        dialog = CaseDialog(self.runner, create=create, identity_folder=self.identity_folder,
                            kdf=self.kdf, parent=self.window,
                            folder=folder or ("" if create or not recent else recent[0]))
        dialog.opened.connect(self.set_case)
        self.window.language.register(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def set_case(self, case: object) -> None:
        from desktop.domain.scoring import FormKind
        from desktop.services import case_undo
        from desktop.services.case import CaseSession
        from desktop.ui.reviewer.applicants_model import ApplicantsModel
        from desktop.ui.reviewer.applicants_page import ApplicantsPage
        from desktop.ui.reviewer.export_page import ExportPage
        from desktop.ui.reviewer.score_sink import CaseScoreSink
        from desktop.ui.reviewer.scorebook_page import ScorebookPage

        assert isinstance(case, CaseSession)
        if self.case is not None and self.case is not case:
            if self.scorebook is not None:
                self.scorebook.commit_pending()
            self.case.close()
        self.case = case
        self.sink = CaseScoreSink(case)
        w = self.window
        w.undo.use_history(case_undo.history(case))  # Edit › Undo: the core's own history
        w.set_role("reviewer")
        w.settings.remember_case(str(case.paths.folder))
        w.lock_subject = self._lock_subject
        model = ApplicantsModel(len(case.framework.items), self)
        self.applicants = ApplicantsPage(model, w, fonts=w.fonts)
        self.scorebook = ScorebookPage(case, self.sink, w.undo, w, fonts=w.fonts)
        self.export = ExportPage(
            self.runner, self._export_work, w, fonts=w.fonts, summary=self._export_summary,
            stages=[(st.stage_id, st.name_zh, st.name_en) for st in case.stages()
                    if st.form in (FormKind.ITEMS, FormKind.PANEL_SCORE)],
            current_stage=case.cycle_and_stage()[1])
        w.remember_splitter("scorebook_materials", self.scorebook.splitter)
        self._add("applicants", N_("Applicants"), self.applicants)
        self._add("scorebook", N_("Scorebook"), self.scorebook)
        self._add("export", N_("Export"), self.export)
        if self._is_leader():
            from desktop.domain.errors import RuleViolation
            from desktop.services.leader import TeamLeader
            from desktop.ui.reviewer.leader_page import LeaderPage

            try:  # the signed roster, not the package's team list, makes a team leader
                team: TeamLeader | None = TeamLeader(case)
            except RuleViolation:
                team = None
            if team is not None:
                self.leader = LeaderPage(team, self.runner, case.stages(), case.team(),
                                         case.cycle_and_stage()[1], w, fonts=w.fonts)
                self.leader.busy.connect(lambda on: w.nav.setEnabled(not on))
                self.leader.printable_changed.connect(w.update_print_action)
                self._add("leader", N_("Team leader"), self.leader)
        self.applicants.open_requested.connect(self.open_applicant)
        self.applicants.recuse_requested.connect(self.recuse_dialog)
        self.applicants.feedback_requested.connect(self.feedback_dialog)
        self.scorebook.saved.connect(self._saved)
        self.scorebook.editing.connect(self._editing)
        self.export.started.connect(self._export_started)
        self.export.done.connect(self._exported)
        self.export.failed.connect(lambda _m: self._busy(False))
        self.export.cancelled.connect(lambda: self._busy(False))
        w.act_export.setEnabled(True)
        self.act_rekey.setEnabled(True)
        self.act_roster.setEnabled(True)
        w.update_print_action()
        self.refresh_applicants()
        w.save_indicator.mark_saved()
        w.show_page("applicants")
        self.applicants.table.setFocus()
        if model.rowCount():
            self.applicants.select(model.applicant(0).applicant_id)  # type: ignore[union-attr]

    def _add(self, key: str, title: str, page: QWidget) -> None:
        old = self.window.pages.findChild(QWidget, f"page_{key}")
        if old is not None:  # a case opened again: replace the page, keep the nav entry
            self.window.pages.removeWidget(old)
            old.setObjectName("")  # still a child until deleted: never found as the page again
            old.deleteLater()
            page.setObjectName(f"page_{key}")
            self.window.pages.addWidget(page)
        else:
            self.window.add_page(key, title, page)

    def _lock_subject(self) -> str:
        case = self.case
        if case is None:
            return ""
        return _("Case file {folder} of reviewer {reviewer}").format(
            folder=case.paths.folder.name, reviewer=case.reviewer_id)

    def _is_leader(self) -> bool:
        assert self.case is not None
        return any(t.reviewer_id == self.case.reviewer_id and t.leader
                   for t in self.case.team())

    # --- applicants -----------------------------------------------------------------------------
    def refresh_applicants(self) -> None:
        if self.case is None or self.applicants is None:
            return
        table = self.applicants.table
        current = self.applicants.current()
        rows = self.case.applicants()
        self.applicants.model.set_data(self.case.stages(), rows)
        if current is not None:
            self.applicants.select(current.applicant_id)
        del table
        if self.scorebook is not None:
            for row in rows:
                self.scorebook.set_applicant_row(row)

    def _row(self, applicant_id: str) -> ApplicantRow:
        assert self.case is not None
        return next(r for r in self.case.applicants() if r.applicant_id == applicant_id)

    def open_applicant(self, applicant_id: str) -> None:
        assert self.scorebook is not None
        self.scorebook.show_applicant(self._row(applicant_id))
        self.window.show_page("scorebook")
        view = self.scorebook.current_view()
        if view is not None:
            view.table.setFocus()

    def recuse_dialog(self, applicant_id: str) -> RecusalDialog:
        from desktop.ui.reviewer.dialogs import RecusalDialog

        assert self.case is not None
        case = self.case
        row = self._row(applicant_id)

        def submit(reason: str, text: str) -> None:
            from desktop.services import case_edits

            self.window.undo.record(case_edits.recuse(case, applicant_id, reason, text))

        dialog = RecusalDialog(row.name, submit, self.window)
        self.window.language.register(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def feedback_dialog(self, applicant_id: str) -> FeedbackDialog:
        from desktop.ui.reviewer.dialogs import FeedbackDialog

        assert self.case is not None
        case = self.case
        row = self._row(applicant_id)

        def submit(assessment: str, text: str) -> None:
            case.add_feedback(applicant_id, assessment, text)
            self._saved()

        dialog = FeedbackDialog(row.name, submit, self.window)
        self.window.language.register(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.window.save_indicator.mark_saved()
        self.refresh_applicants()

    def apply_changes(self, changes: object) -> None:
        """The one place the case file's changes reach the pages (after an edit, an undo or a
        redo): each page refreshes what the ``CaseChanges`` says it shows, nothing more."""
        from desktop.services.changes import CaseChanges

        if not isinstance(changes, CaseChanges) or self.case is None:
            return
        self.window.save_indicator.mark_saved()
        if changes.scores or changes.comments or changes.panel_scores or changes.recusals:
            self.refresh_applicants()  # the progress and lock columns
        if self.scorebook is not None:
            self.scorebook.apply_changes(changes)
        if self.leader is not None and changes.findings:
            self.leader.findings_panel.apply_changes(changes)
        if self.leader is not None and changes.consensus:
            self.leader.consensus_panel.apply_changes(changes)

    def _editing(self) -> None:
        """A comment is being typed: it is saved a moment after the typing pauses."""
        self.window.save_indicator.set_state(SaveState.SAVING)

    # --- export ---------------------------------------------------------------------------------
    def _export_work(self, folder: Path, final: bool, stage: str | None,
                     progress: Callable[[int, int], None],
                     is_cancelled: Callable[[], bool]) -> ExportResult:
        from desktop.services.case_export import export_bundle

        assert self.case is not None
        return export_bundle(self.case, folder, final, stage, "folder", progress=progress,
                             is_cancelled=is_cancelled)

    def _export_summary(self, stage: str | None, final: bool) -> ExportSummary:
        """What an export of ``stage`` takes with it, per applicant (read before writing)."""
        from desktop.domain.scoring import FormKind
        from desktop.ui.reviewer.export_page import ExportSummary

        assert self.case is not None
        if self.scorebook is not None:
            self.scorebook.commit_pending()
        stage = stage or self.case.cycle_and_stage()[1]
        info = next((s for s in self.case.stages() if s.stage_id == stage), None)
        panel = info is not None and info.form is FormKind.PANEL_SCORE
        total = 1 if panel else len(self.case.framework.items)
        going: list[tuple[str, int, int]] = []
        left_out: list[str] = []
        rows = self.case.applicants()
        for row in rows:
            if row.recused:
                left_out.append(row.name)
                continue
            p = row.progress.get(stage or "")
            done = (int(p.panel_score is not None) if panel else p.scored) if p else 0
            going.append((row.name, done, total))
        return ExportSummary(tuple(going), tuple(left_out), final, panel,
                             {row.applicant_id: row.name for row in rows})

    def _export_started(self) -> None:
        if self.scorebook is not None:
            self.scorebook.commit_pending()  # the comment being typed goes with the bundle
        self._busy(True)

    def _exported(self, result: object) -> None:
        self._busy(False)
        # An export cannot be taken back: undoing past it would make the case file disagree
        # with what left the machine, so the history is cut here.
        self.window.undo.perform_final(_("Export"), lambda: result)
        self.window.statusBar().showMessage(_("Safe to remove the stick"), 10_000)
        from desktop.ui.reviewer.document_retention import offer_after_export

        self.document_removal = offer_after_export(self)  # the documents may go now (issue 18)

    def _busy(self, on: bool) -> None:
        """While the export uses the case file the other pages, the navigation and undo take
        no input (the window still paints; the export page keeps its Cancel)."""
        w = self.window
        for index in range(w.pages.count()):
            page = w.pages.widget(index)
            if page is not None and page is not self.export:
                page.setEnabled(not on)
        w.nav.setEnabled(not on)
        w.act_undo.setEnabled(not on and w.undo.stack.canUndo())
        w.act_redo.setEnabled(not on and w.undo.stack.canRedo())
        if on:
            w.save_indicator.set_state(SaveState.SAVING)
        else:
            w.save_indicator.mark_saved()

    # --- printing -------------------------------------------------------------------------------
    def _print_target(self) -> tuple[str, str | None] | None:
        """(applicant, stage) of the score sheet to print: the scorebook shown, else the
        applicant chosen on the Applicants page (its current stage)."""
        if self.window.current_page() == "scorebook" and self.scorebook is not None \
                and self.scorebook.applicant is not None:
            return self.scorebook.applicant.applicant_id, self.scorebook.stage_id
        row = self.applicants.current() if self.applicants is not None else None
        return (row.applicant_id, None) if row is not None else None

    def print_score_sheet(self, out: Path | None = None) -> bool:
        """Print the current applicant's score sheet to a PDF (asked for when ``out`` is None),
        off the UI thread; ``printed`` or ``print_failed`` tells how it went."""
        target = self._print_target()
        if self.case is None or target is None:
            self.print_failed.emit(_("Choose an applicant first"))
            self.window.statusBar().showMessage(_("Choose an applicant first"), 8000)
            return False
        applicant, stage = target
        if self.scorebook is not None and (view := self.scorebook.current_view()) is not None:
            view.commit_comments()  # what is on screen is what is printed
        if out is None:
            who = self._row(applicant).name
            safe = "".join(ch if ch.isalnum() or ch in "-_. " else "-" for ch in who).strip()
            name = save_file(self.window, _("Save the score sheet as"),
                             f"{safe or applicant}.pdf", _("PDF documents (*.pdf)"),
                             self.window.settings)
            if not name:
                return False
            out = Path(name)
        from desktop.services.printing import PrintOptions, case_score_sheet

        case, target_file = self.case, out
        self.window.statusBar().showMessage(_("Printing the score sheet…"))
        self.runner.submit(
            _("Print"),
            lambda _c: case_score_sheet(case, applicant, stage, PrintOptions(target_file)),
            on_success=self._printed, on_error=self._print_error)
        return True

    def _printed(self, printed: object) -> None:
        self.window.statusBar().showMessage(
            _("Score sheet saved as {file}").format(file=getattr(printed, "path", "")), 10_000)
        self.printed.emit(printed)

    def _print_error(self, error: object) -> None:
        message = render(error.message) if isinstance(error, ScorebookError) else str(error)
        self.window.statusBar().showMessage(
            _("Not printed: {reason}").format(reason=message), 10_000)
        self.print_failed.emit(message)

    # --- re-key ---------------------------------------------------------------------------------
    def rekey_dialog(self) -> RekeyDialog | None:
        """Ask for the case passphrase, then give the case file and its backups a new data key
        off the UI thread (a copy of the old key file then opens nothing later)."""
        from desktop.ui.reviewer.dialogs import RekeyDialog

        if self.case is None:
            return None
        dialog = RekeyDialog(self._start_rekey, self.window)
        self.window.language.register(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _start_rekey(self, passphrase: str) -> None:
        from desktop.ui.reviewer.dialogs import RekeyDialog

        case, dialog = self.case, self.dialog
        assert case is not None and isinstance(dialog, RekeyDialog)
        if self.scorebook is not None:
            self.scorebook.commit_pending()  # the comment being typed is saved first
        self._busy(True)
        self.window.statusBar().showMessage(_("Re-keying the case file…"))

        def done(backups: object) -> None:
            self._busy(False)
            count = int(backups) if isinstance(backups, int) else 0
            dialog.finished_ok()
            self.window.statusBar().showMessage(ngettext(
                "The case file has a new data key; {n} backup was re-encrypted. Copies of the "
                "old key file no longer open it.",
                "The case file has a new data key; {n} backups were re-encrypted. Copies of the "
                "old key file no longer open it.", count).format(n=count), 15_000)
            self.rekeyed.emit(count)

        def failed(error: object) -> None:
            self._busy(False)
            self.window.statusBar().clearMessage()
            dialog.failed(render(error.message) if isinstance(error, ScorebookError)
                          else _("The case file could not be re-keyed"))

        self.runner.submit(_("Re-key"), lambda _c: case.rekey(passphrase), on_success=done,
                           on_error=failed)

    # --- roster update ----------------------------------------------------------------------------
    def import_roster_dialog(self) -> None:
        """Choose a roster update (.sbr) and give the identity's passphrase (the identity
        remembers the highest roster version seen, so an older one is refused later)."""
        if self.case is None:
            return
        path = open_file(self.window, _("Import roster update"), _("Roster update (*.sbr)"),
                         self.window.settings)
        if not path:
            return
        passphrase, ok = QInputDialog.getText(self.window, _("Import roster update"),
                                              _("Identity passphrase"),
                                              QLineEdit.EchoMode.Password)
        if ok:
            self.import_roster(Path(path), passphrase)

    def import_roster(self, path: Path, identity_passphrase: str) -> None:
        """Import the roster update off the UI thread; the status bar says how it went."""
        case, folder = self.case, self.identity_folder
        if case is None:
            return

        def work(_control: object) -> int:
            from desktop.services.identity import load_identity, remember_roster

            seen = load_identity(identity_passphrase, folder).rosters
            roster = case.import_roster(path, seen)
            return remember_roster(identity_passphrase, roster.cycle_id, roster.version, folder)

        def done(version: object) -> None:
            self.window.statusBar().showMessage(_(
                "Roster version {version} imported: exports are sealed only to the keys it "
                "lists").format(version=version), 15_000)

        def failed(error: object) -> None:
            self.window.statusBar().showMessage(
                render(error.message) if isinstance(error, ScorebookError)
                else _("The roster update could not be imported"), 15_000)

        self.runner.submit(_("Import roster update"), work, on_success=done, on_error=failed)

    # --- lock -----------------------------------------------------------------------------------
    def unlock(self, passphrase: str) -> None:
        case = self.case
        if case is None:
            self.window.unlock()
            return
        self.window.lock_page.message.setText(_("Checking the passphrase…"))
        def failed(error: object) -> None:
            self.window.lock_page.message.setText(
                render(error.message) if isinstance(error, ScorebookError)
                else _("The passphrase could not be checked"))

        self.runner.submit(_("Unlock"), lambda _c: case.check_passphrase(passphrase),
                           on_success=lambda _r: self._unlocked(), on_error=failed)

    def _undo_failed(self, error: object) -> None:
        """An undo or redo the core refused (the command is dropped): say why, in the status
        bar and on the scorebook's message line when it is the page in view."""
        reason = render(error.message) if isinstance(error, ScorebookError) else str(error)
        text = _("Could not undo or redo: {reason}").format(reason=reason)
        self.window.statusBar().showMessage(text, 10_000)
        if self.scorebook is not None:
            self.scorebook.show_failure(text if self.window.current_page() == "scorebook"
                                        else "")
        self.refresh_applicants()

    def _unlocked(self) -> None:
        self.window.lock_page.retranslate()
        self.window.unlock()

    def close(self) -> None:
        if self.case is not None:
            if self.scorebook is not None:
                with contextlib.suppress(ScorebookError, RuntimeError):
                    self.scorebook.commit_pending()  # a comment typed just before closing
            case, self.case = self.case, None
            self.act_rekey.setEnabled(False)
            self.act_roster.setEnabled(False)
            self.window.undo.use_history(None)  # its steps call into the case being closed
            case.close()

    def _close_quietly(self) -> None:
        with contextlib.suppress(ScorebookError, RuntimeError):
            self.close()

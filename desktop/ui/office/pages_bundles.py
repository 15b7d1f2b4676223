"""Issuing panel packages and importing score bundles (drag and drop or a folder)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.merge import import_verdict
from desktop.domain.messages import N_, Msg, nmsg
from desktop.domain.programmes import Programme
from desktop.i18n import _, current_language, ngettext
from desktop.i18n.data_names import BUNDLE_KIND, label
from desktop.i18n.formatting import join_clauses, join_list, label_value
from desktop.services.bundles import BUNDLE_SUFFIX
from desktop.services.office import packages, reads, results_bundles
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.merge_types import FileResult, MergeSummary
from desktop.services.office.quarantine import (
    QuarantineCleared,
    QuarantineView,
    mib,
    quarantine_clear,
    quarantine_list,
)
from desktop.services.office.results_packages import PackageIssued
from desktop.services.office.verify import VerifyReport
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    ProgressStrip,
    fit_columns,
    make_table,
    message_text,
    stage_label,
    stored_text,
)
from desktop.ui.office.forks import ForkPanel
from desktop.ui.office.held_verify import HeldVerifyDialog
from desktop.ui.office.lost_laptop import RevokedPanel
from desktop.ui.office.table import Column, RowsModel
from desktop.ui.tasks import TaskControl
from desktop.ui.widgets.field_label import LabelBeside, PageTitle

OUTCOME_TEXT = {
    "new": N_("new"), "updated": N_("updated"), "duplicate": N_("duplicate"),
    "stale": N_("stale"), "fork": N_("fork"), "rejected": N_("rejected"),
}
OUTCOME_BG = {
    "new": QColor("#d8f0dc"), "updated": QColor("#d8f0dc"), "duplicate": QColor("#eeeeee"),
    "stale": QColor("#fff3cd"), "fork": QColor("#ffe0b2"), "rejected": QColor("#f8d7da"),
}


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """The bundle files named, folders searched for ``*.sbb``; sorted, each once."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob(f"*{BUNDLE_SUFFIX}") if p.is_file())
        elif path.is_file():
            found.add(path)
    return sorted(found)


def _reason(row: FileResult, programme: Programme | None = None) -> str:
    """The reasons in words, each stage by its name (never ``onsite``)."""
    def named(message: Msg | str) -> Msg | str:
        if not isinstance(message, Msg):
            return message
        return replace(message, params={
            k: named(v) if isinstance(v, Msg) else
            stage_label(programme, v) if k == "stage" and isinstance(v, str) and v else v
            for k, v in message.params.items()})

    parts = [stored_text(named(row.reason))] if row.reason is not None else []
    parts += [message_text(named(m)) for m in (*row.refused, *row.warnings)]
    return join_clauses(p for p in parts if p) or "—"


def _kept(row: FileResult) -> str:
    if row.quarantined:
        return Path(row.quarantined).name
    return _("not kept") if row.not_kept is not None else "—"


class MergeReportModel(RowsModel):
    """The merge's report: one row per file, the service's ``FileResult`` as it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            Column("file", N_("File")),
            Column("outcome", N_("Outcome"),
                   lambda r: _(OUTCOME_TEXT.get(r.outcome) or str(r.outcome)),
                   background=lambda r: OUTCOME_BG.get(r.outcome)),
            Column("reviewer", N_("Signed by")),
            Column("stage", N_("Stage"),
                   lambda r: stage_label(self.programme, r.stage) if r.stage else "—"),
            Column("kind", N_("Kind"), lambda r: label(BUNDLE_KIND, r.kind)),
            Column("revision", N_("Revision"), align_right=True),
            Column("reason", N_("Reason"), lambda r: _reason(r, self.programme),
                   tooltip=lambda r: _reason(r, self.programme)),
            Column("quarantined", N_("Quarantined as"), _kept,
                   tooltip=lambda r: r.quarantined or message_text(r.not_kept)),
        ], parent)
        self.programme: Programme | None = None  # names the stages

    def outcomes(self) -> dict[str, str]:
        return {r.file: r.outcome for r in self.rows()}


class DropZone(QFrame):
    """The visible target for dropped bundle files and folders."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(70)
        self.setStyleSheet("DropZone { border: 2px dashed #7a8a99; border-radius: 6px; }")
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.label)


class ImportPage(OfficePage):
    title = N_("Import bundles")
    # the quarantine and the forks (held bundles), the held bundles of revoked keys (keys)
    watches = OfficeChanges(bundles=True, keys=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        self.zone = DropZone(self)
        self.files_button = QPushButton(self)  # several bundle files picked at once
        self.files_button.clicked.connect(self.choose_files)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(self.choose_folder)
        self.verify_button = QPushButton(self)  # the held bundles' signatures, checked again
        self.verify_button.clicked.connect(self.verify_held)
        self.verify_dialog: HeldVerifyDialog | None = None
        self.progress = ProgressStrip(self)
        self.report = MergeReportModel(self)
        self.view = make_table(self, self.report, ctx.fonts)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.quarantine_label = PageTitle("", self, fonts=ctx.fonts, scale=1.0, bold=False,
                                          column_height=140)
        self.quarantine = RowsModel([
            Column("file", N_("File")),
            Column("reason", N_("Reason"), lambda r: stored_text(r.reason)),
            Column("copied_to", N_("Kept in quarantine as"),
                   lambda r: r.copied_to or _("not kept"))], self)
        self.quarantine_view = make_table(self, self.quarantine, ctx.fonts)
        self.quarantine_usage = QLabel(self)
        self.quarantine_usage.setWordWrap(True)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.ask_clear)
        self.confirm_box: QMessageBox | None = None
        self._usage: QuarantineView | None = None
        self.forks = ForkPanel(ctx, self.message.show_ok, self.message.show_error, self)
        self.forks.follow_report(self.view, self.report)  # a fork row opens its decision
        self.revoked = RevokedPanel(ctx, self.message.show_ok, self.message.show_error, self)
        row = QHBoxLayout()
        row.addWidget(self.zone, 1)
        row.addWidget(self.files_button)
        row.addWidget(self.choose_button)
        row.addWidget(self.verify_button)
        self.box.addLayout(row)
        self.box.addWidget(self.progress)
        self.box.addWidget(self.summary)
        self.box.addWidget(self.view, 3)
        self.box.addWidget(self.forks, 1)
        self.box.addWidget(self.revoked, 1)  # held bundles of revoked keys: decide
        self.box.addLayout(LabelBeside(self.quarantine_label, self.quarantine_view), 1)
        usage = QHBoxLayout()
        usage.addWidget(self.quarantine_usage, 1)
        usage.addWidget(self.clear_button)
        self.box.addLayout(usage)
        self.box.addWidget(self.message)
        self._counts: dict[str, int] = {}

    def reload(self) -> None:
        view = quarantine_list(self.session.workspace)
        self.quarantine.set_rows(view.entries)  # typed rows, read by attribute
        fit_columns(self.quarantine_view)
        self._usage = view
        self._show_usage()
        self.forks.reload()
        self.revoked.reload()

    def _show_usage(self) -> None:
        view = self._usage
        self.clear_button.setEnabled(view is not None and bool(view.entries or view.copies))
        if view is None:
            self.quarantine_usage.clear()
            return
        self.quarantine_usage.setText(ngettext(
            "{count} file in the quarantine folder, {size} MiB of its {cap} MiB cap",
            "{count} files in the quarantine folder, {size} MiB of its {cap} MiB cap",
            view.copies).format(count=view.copies, size=mib(view.size), cap=mib(view.cap)))

    # --- the quarantine -------------------------------------------------------------------------
    def ask_clear(self) -> None:
        """Ask before deleting the cycle's refused files (window-modal, non-blocking)."""
        count = len(self._usage.entries) if self._usage is not None else 0
        box = QMessageBox(QMessageBox.Icon.Question, _("Clear the quarantine"), ngettext(
            "Delete the {count} refused file recorded for this cycle and its copy? The "
            "clearing is recorded in the history.",
            "Delete the {count} refused files recorded for this cycle and their copies? The "
            "clearing is recorded in the history.", count).format(count=count),
            QMessageBox.StandardButton.Cancel, self)
        clear = box.addButton(_("&Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName(_("Clear the quarantine"))
        box.setAccessibleDescription(box.text())
        box.buttonClicked.connect(lambda b: self.clear_quarantine() if b is clear else None)
        self.confirm_box = box
        box.open()

    def clear_quarantine(self) -> bool:
        ws = self.session.workspace

        def done(result: QuarantineCleared) -> None:
            self.message.show_ok(Msg(N_("Quarantine cleared: {records}; {files}"), {
                "records": nmsg("{count} record removed", "{count} records removed",
                                result.entries),
                "files": nmsg("{count} file deleted from the quarantine folder",
                              "{count} files deleted from the quarantine folder",
                              result.copies)}))

        handle = self.session.run(_("Clear the quarantine"), lambda _c: quarantine_clear(ws),
                                  on_success=done, on_error=self._failed)
        return handle is not None

    # --- input ----------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.import_paths(paths)

    def choose_folder(self) -> None:
        from desktop.ui.file_dialogs import existing_folder, settings_of

        folder = existing_folder(self, _("Choose the folder with the bundles"), settings_of(self))
        if folder:
            self.import_paths([Path(folder)])

    def files_dialog(self) -> QFileDialog:
        """A file dialog that takes several bundle files at once (Ctrl or Shift and click)."""
        from desktop.ui.file_dialogs import QT_TRANSLATED, settings_of, start_folder

        dialog = QFileDialog(self, _("Choose the bundle files"), start_folder(settings_of(self)),
                             _("Score bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if current_language() not in QT_TRANSLATED:  # Qt has no catalog: its own dialog
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            label = QFileDialog.DialogLabel
            for which, text in ((label.LookIn, _("Look in:")), (label.FileName, _("File name:")),
                                (label.FileType, _("Files of type:")),
                                (label.Accept, _("Choose")), (label.Reject, _("Cancel"))):
                dialog.setLabelText(which, text)
        return dialog

    def choose_files(self) -> None:
        dialog = self.files_dialog()
        if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles():
            chosen = [Path(f) for f in dialog.selectedFiles()]
            from desktop.ui.file_dialogs import settings_of

            settings = settings_of(self)
            if settings is not None:
                settings.last_folder = str(chosen[0].parent)
            self.import_paths(chosen)

    # --- the merge ------------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Merge the bundles named (folders searched) off the UI thread; False if not started."""
        if not self.session.is_open():
            self.message.show_error(Msg(N_("Open an office workspace first")))
            return False
        files = bundle_files(paths)
        if not files:
            self.message.show_error(Msg(N_("No bundle files ({suffix}) were found"),
                                        {"suffix": BUNDLE_SUFFIX}))
            return False
        ws = self.session.workspace
        merged: list[MergeSummary] = []  # kept here: a cancelled task's result is not passed on

        def work(control: TaskControl) -> Done[list[FileResult]]:
            # One unit of work; progress after each file verified. A cancel still commits the
            # files verified so far (the service says which were left unread).
            done = results_bundles.import_bundles(ws, files, progress=control.set_progress,
                                                  is_cancelled=control.is_cancelled)
            merged.append(done.result)
            return Done(list(done.result.files), done.changes)  # the pages learn the changes

        self.message.show_ok(nmsg("Importing {count} file…", "Importing {count} files…",
                                  len(files)))
        handle = self.session.run(_("Import bundles"), work, on_success=self._show_report,
                                  on_error=self._failed, progress=self.progress)
        if handle is None:
            self.message.show_error(Msg(N_("Another task is still running")))
            return False
        handle.cancelled.connect(
            lambda: self._cancelled(list(merged[0].files) if merged else [], len(files)))
        return True

    # --- the held bundles, verified again --------------------------------------------------------
    def verify_held(self) -> bool:
        """Open every held bundle of the cycle again off the UI thread and show the report in
        its own window; False if not started."""
        if not self.session.is_open():
            self.message.show_error(Msg(N_("Open an office workspace first")))
            return False
        ws = self.session.workspace

        def work(control: TaskControl) -> Done[VerifyReport]:
            return results_bundles.verify_held(ws, progress=control.set_progress,
                                               is_cancelled=control.is_cancelled)

        handle = self.session.run(_("Verify held bundles"), work, on_success=self._show_verify,
                                  on_error=self._failed, progress=self.progress)
        if handle is None:
            self.message.show_error(Msg(N_("Another task is still running")))
            return False
        return True

    def _show_verify(self, report: VerifyReport) -> None:
        try:
            programme = reads.cycle_programme(self.session.workspace)
        except ScorebookError:
            programme = None  # the stage ids are shown instead
        if self.verify_dialog is None:
            self.verify_dialog = HeldVerifyDialog(self.ctx.fonts, self)
        self.verify_dialog.show_report(report, programme)
        self.verify_dialog.show()
        verdict = report.verdict()
        if verdict is not None:
            self.message.show_error(verdict)
        else:
            self.message.show_ok(nmsg("{count} held bundle verifies", "All {count} held bundles "
                                      "verify", len(report.bundles)))

    def _show_report(self, results: list[FileResult]) -> None:
        try:
            self.report.programme = reads.cycle_programme(self.session.workspace)
        except ScorebookError:
            self.report.programme = None  # the stage ids are shown instead
        self.report.set_rows(results)
        fit_columns(self.view)
        self._counts = {k: sum(1 for r in results if r.outcome == k) for k in OUTCOME_TEXT}
        self._summarise()
        verdict = import_verdict([r.outcome for r in results])
        if verdict is not None:
            self.message.show_error(verdict)
        else:
            self.message.show_ok(nmsg("{count} file imported and checked",
                                      "{count} files imported and checked", len(results)))

    def _cancelled(self, done: list[FileResult], total: int) -> None:
        self._show_report(done)
        self.message.show_error(nmsg("Cancelled: {done} of {count} file was imported; "
                                     "importing the rest later is safe",
                                     "Cancelled: {done} of {count} files were imported; "
                                     "importing the rest later is safe", total,
                                     done=len(done)))

    def _failed(self, error: ScorebookError) -> None:
        self.message.show_error(error)

    def _summarise(self) -> None:
        if not self._counts:
            self.summary.clear()
            return
        self.summary.setText(join_list(label_value(_(OUTCOME_TEXT[k]), n)
                                       for k, n in self._counts.items()))

    def retranslate(self) -> None:
        super().retranslate()
        self.zone.label.setText(_("Drop score bundles ({suffix}) or folders here").format(
            suffix=BUNDLE_SUFFIX))
        self.zone.setAccessibleName(_("Drop bundles here"))
        self.files_button.setText(_("Choose &bundle files…"))
        self.files_button.setAccessibleName(_("Choose bundle files to import"))
        self.choose_button.setText(_("Choose fol&der…"))
        self.choose_button.setAccessibleName(_("Choose a folder of bundles to import"))
        self.verify_button.setText(_("Verif&y held bundles"))
        self.verify_button.setAccessibleName(_("Verify held bundles"))
        self.verify_button.setToolTip(_("Open every bundle the workspace holds again with the "
                                        "office key: its signature, and that its stored row "
                                        "says what the signed bytes say"))
        if self.verify_dialog is not None:
            self.verify_dialog.retranslate()
        self.view.setAccessibleName(_("Merge report"))
        self.quarantine_label.setText(_("Refused files are kept in the workspace's "
                                        "quarantine folder:"))
        self.quarantine_view.setAccessibleName(_("Quarantined files"))
        self.clear_button.setText(_("C&lear quarantine…"))
        self.clear_button.setAccessibleName(_("Clear the quarantine"))
        self.quarantine_usage.setAccessibleName(_("Quarantine folder use"))
        self._show_usage()
        self.forks.retranslate()
        self.revoked.retranslate()
        self.progress.retranslate()
        self._summarise()


class PackagesPage(OfficePage):
    title = N_("Issue packages")
    watches = OfficeChanges(packages=True)  # what it shows is the packages it wrote

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse)
        self.issue_button = QPushButton(self)
        self.issue_button.clicked.connect(self.issue)
        self.progress = ProgressStrip(self)
        self.results = RowsModel([
            Column("reviewer", N_("Reviewer")),
            Column("file", N_("Package file"), lambda r: Path(r.file).name,
                   tooltip=lambda r: str(r.file)),
            Column("applicants", N_("Applicants"), align_right=True),
            Column("roster_version", N_("Roster version"), align_right=True)], self)
        self.view = make_table(self, self.results, ctx.fonts)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.issue_button)
        self.box.addWidget(self.intro)
        self.box.addLayout(row)
        self.box.addWidget(self.progress)
        self.box.addWidget(self.view, 1)
        self.box.addWidget(self.message)

    def reload(self) -> None:
        if not self.folder.text():
            self.folder.setText(str(self.session.workspace.folder / "packages"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose where to write the packages"))
        if folder:
            self.folder.setText(folder)

    def issue(self) -> bool:
        text = self.folder.text().strip()
        if not text:
            self.message.show_error(Msg(N_("Choose a folder first")))
            return False
        out = Path(text)
        ws = self.session.workspace

        written: list[list[PackageIssued]] = []  # a cancelled task's result is not passed on

        def work(control: TaskControl) -> Done[list[PackageIssued]]:
            # On a cancel the packages already written and verified are recorded as issued.
            issued = packages.issue_packages(ws, out, progress=control.set_progress,
                                             is_cancelled=control.is_cancelled)
            written.append(issued.result)
            return issued  # the session hands its changes to the pages, its result to done

        def done(results: list[PackageIssued]) -> None:
            self.results.set_rows(results)
            fit_columns(self.view)
            self.message.show_ok(Msg(N_("{count} packages written to {folder}, each read back "
                                        "and verified"), {"count": len(results),
                                                          "folder": str(out)}))

        def cancelled() -> None:
            done(written[0] if written else [])
            self.message.show_error(Msg(N_("Cancelled")))

        handle = self.session.run(_("Issue packages"), work, on_success=done,
                                  on_error=self.message.show_error, progress=self.progress)
        if handle is None:
            return False
        handle.cancelled.connect(cancelled)
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(_("Each reviewer's package is signed and sealed with the current "
                             "roster; it holds nothing about an applicant they are "
                             "conflicted with."))
        self.folder.setAccessibleName(_("Folder for the packages"))
        self.folder.setPlaceholderText(_("Folder for the packages"))
        self.browse_button.setText(_("&Browse…"))
        self.browse_button.setAccessibleName(_("Choose the folder for the packages"))
        self.issue_button.setText(_("&Issue packages"))
        self.issue_button.setAccessibleName(_("Issue packages"))
        self.view.setAccessibleName(_("Packages written"))
        self.progress.retranslate()

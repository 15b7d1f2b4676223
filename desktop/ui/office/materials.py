"""The applicant's documents in the office window: attach a PDF (or a text file), list, remove.

On the Applicants page a *Documents…* button opens the selected applicant's materials (title,
kind, pages, size, the declared secret passages found in the text layer and those not found),
and a PDF dragged onto an applicant's row opens the attach dialog for that applicant. Attaching
checks and encrypts the file through ``desktop.services.office.materials`` on a worker (a
200 MB report does not freeze the window); a refusal (not a PDF, encrypted, too large) names
the file and the reason, and nothing is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, ngettext
from desktop.services.files import read_capped_text
from desktop.services.office import applicants
from desktop.services.office import materials as office_materials
from desktop.ui.office.common import (
    MessageLabel,
    OfficeContext,
    applicant_choice,
    fit_columns,
    make_table,
)
from desktop.ui.office.setup_dialogs import SECRET_KINDS, show_refusal
from desktop.ui.office.table import Column, Row, RowsModel
from desktop.ui.widgets.field_label import FieldLabel

__all__ = ["AttachDocumentDialog", "DocumentActions", "DocumentsDialog", "size_text"]

SECRETS_LIMIT = 1024 * 1024  # a passages file: one passage a line


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=f"{size / (1024 * 1024):.1f}")
    if size >= 1024:
        return _("{size} KB").format(size=f"{size / 1024:.0f}")
    return ngettext("{count} byte", "{count} bytes", size).format(count=size)


def _kind(row: Row) -> str:
    return _("PDF document") if row["kind"] == "pdf" else _("text")


def _secrets(row: Row) -> str:
    declared, unfound = int(row["secrets"]), len(row["secrets_unfound"])
    if not declared:
        return "—"
    if row["kind"] == "pdf" and not row["text_layer"]:
        return _("{count} declared; no text layer (scan): none can be found").format(
            count=declared)
    if unfound:
        return _("{found} of {count} found; not found: {passages}").format(
            found=declared - unfound, count=declared,
            passages="、".join(row["secrets_unfound"]))
    return ngettext("{count} declared, found", "{count} declared, all found",
                    declared).format(count=declared)


def _row(summary: office_materials.MaterialSummary) -> Row:
    return {"material_id": summary.material_id, "title": summary.title, "kind": summary.kind,
            "pages": summary.pages, "size": summary.size, "secrets": summary.secrets,
            "secrets_unfound": summary.secrets_unfound, "text_layer": summary.text_layer}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AttachDocumentDialog(QDialog):
    """Attach one file (PDF or UTF-8 text) to an applicant, with its declared secret passages
    (typed one a line, or loaded from a text file)."""

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None, *,
                 ref: str | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.refusal: QMessageBox | None = None
        self.result_summary: office_materials.MaterialSummary | None = None
        self.applicant = applicant_choice(self, ctx.session, ref)
        self.path = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.title = QLineEdit(self)
        self.title.setMaxLength(200)
        self.passages = QPlainTextEdit(self)
        self.passages.setTabChangesFocus(True)
        self.passages.setMaximumHeight(110)
        self.load = QPushButton(self)
        self.load.clicked.connect(self._load_passages)
        self.kind = QComboBox(self)
        for value, _label in SECRET_KINDS:
            self.kind.addItem("", value)
        grid = QGridLayout(self)
        self.labels: list[FieldLabel] = []
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        secrets_row = QVBoxLayout()
        secrets_row.addWidget(self.passages)
        secrets_row.addWidget(self.load, 0, Qt.AlignmentFlag.AlignLeft)
        rows: tuple[tuple[QWidget | QLayout, QWidget], ...] = (
            (self.applicant, self.applicant), (file_row, self.path), (self.title, self.title),
            (secrets_row, self.passages), (self.kind, self.kind))
        for i, (field, buddy) in enumerate(rows):
            label = FieldLabel(buddy=buddy, parent=self, fonts=ctx.fonts, column_height=90)
            self.labels.append(label)
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            if isinstance(field, QWidget):
                grid.addWidget(field, i, 1)
            elif isinstance(field, QLayout):
                grid.addLayout(field, i, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        grid.addWidget(self.buttons, 5, 0, 1, 2)
        self.path.textChanged.connect(self._path_changed)
        if path is not None:
            self.path.setText(str(path))
        self.retranslate()
        self.resize(640, self.sizeHint().height())

    def _path_changed(self, text: str) -> None:
        if text.strip() and not self.title.isModified():
            self.title.setText(Path(text.strip()).stem)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the applicant's document"), self.path.text(),
            _("PDF documents (*.pdf);;Text files (*.txt);;All files (*)"))
        if name:
            self.path.setText(name)

    def _load_passages(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the file of declared secret passages"), "",
            _("Text files (*.txt);;All files (*)"))
        if name:
            self.load_passages(Path(name))

    def load_passages(self, path: Path) -> bool:
        """Put the passages of a text file (one a line) in the box, to be checked and sent."""
        try:
            text = read_capped_text(path, SECRETS_LIMIT)
        except ScorebookError as error:
            self.refusal = show_refusal(self, _("The passages were not read"), error)
            return False
        self.passages.setPlainText("\n".join(_lines(text)))
        return True

    def request(self) -> tuple[str, Path, str, tuple[applicants.SecretInput, ...]]:
        text = self.path.text().strip()
        if not text:
            raise InputRejected(Msg(N_("Choose the document to attach first")))
        kind = str(self.kind.currentData())
        secrets = tuple(applicants.SecretInput(kind, p)
                        for p in _lines(self.passages.toPlainText()))
        return str(self.applicant.currentData()), Path(text), self.title.text(), secrets

    def accept(self) -> None:
        """Attach on a worker; the dialog stays open (with what was typed) on a refusal."""
        session = self.ctx.session
        if session.busy:
            return
        try:
            ref, path, title, secrets = self.request()
        except ScorebookError as error:
            self.refusal = show_refusal(self, _("The document was not attached"), error)
            return
        ws = session.workspace
        self.ok.setEnabled(False)

        def done(summary: object) -> None:
            assert isinstance(summary, office_materials.MaterialSummary)
            self.result_summary = summary
            QDialog.accept(self)

        def failed(error: ScorebookError) -> None:
            self.ok.setEnabled(True)
            self.refusal = show_refusal(self, _("The document was not attached"), error)

        session.run(_("Attach document"),
                    lambda _c: office_materials.attach_document(ws, ref, path, title=title,
                                                                secrets=secrets),
                    on_success=done, on_error=failed)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Attach a document"))
        texts = (_("&Applicant:"), _("&File:"), _("&Title:"),
                 _("Declared &secret passages (one a line):"), _("Secret &kind:"))
        names = (_("Applicant"), _("Document file"), _("Title"), _("Declared secret passages"),
                 _("Kind of secret"))
        for label, text, name in zip(self.labels, texts, names, strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self.path.setPlaceholderText(_("A PDF document, or a UTF-8 text file"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Choose the applicant's document"))
        self.load.setText(_("&Load from a text file…"))
        self.load.setAccessibleName(_("Load the declared secret passages from a text file"))
        self.passages.setPlaceholderText(_("Optional; each passage is looked for in the "
                                           "document's text"))
        for i, (_value, text) in enumerate(SECRET_KINDS):
            self.kind.setItemText(i, _(text))
        self.ok.setText(_("Atta&ch"))
        self.ok.setAccessibleName(_("Attach the document"))
        self.buttons.setAccessibleName(_("Attach or cancel"))


class DocumentsDialog(QDialog):
    """One applicant's materials: attach another, remove one."""

    def __init__(self, ctx: OfficeContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ref = ctx, ref
        self.attach_dialog: AttachDocumentDialog | None = None
        self.confirm: QMessageBox | None = None
        self.model = RowsModel([
            Column("title", N_("Title")), Column("kind", N_("Kind"), _kind),
            Column("pages", N_("Pages"), lambda r: str(r["pages"]) if r["pages"] else "—",
                   align_right=True),
            Column("size", N_("File size"),
                   lambda r: size_text(int(r["size"])) if r["size"] else "—", align_right=True),
            Column("secrets", N_("Declared secrets"), _secrets),
        ], self, key="material_id")
        self.view = make_table(self, self.model, ctx.fonts)
        self.view.setSelectionBehavior(self.view.SelectionBehavior.SelectRows)
        self.attach_button = QPushButton(self)
        self.attach_button.clicked.connect(lambda: self.attach())
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.ask_remove)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.attach_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.view, 1)
        box.addWidget(self.message)
        box.addWidget(self.buttons)
        self.name = ref
        for a in applicants.list_applicants(ctx.session.workspace):
            if a.ref == ref:
                self.name = a.title
        self.reload()
        self.retranslate()
        self.resize(760, 380)

    def reload(self) -> None:
        try:
            rows = [_row(m) for m in office_materials.list_materials(
                self.ctx.session.workspace, self.ref)]
        except ScorebookError as error:
            self.message.show_error(error)
            return
        self.model.set_rows(rows)
        fit_columns(self.view)
        if rows:
            self.view.selectRow(0)
        self.remove_button.setEnabled(bool(rows))

    def attach(self, path: Path | None = None) -> AttachDocumentDialog:
        dialog = AttachDocumentDialog(self.ctx, self, ref=self.ref, path=path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._attached(dialog.result_summary))
        self.attach_dialog = dialog
        dialog.open()
        return dialog

    def _attached(self, summary: office_materials.MaterialSummary | None) -> None:
        if summary is None:
            return
        self.reload()
        self.message.show_ok(attached_message(summary))

    def selected(self) -> Row | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def ask_remove(self) -> QMessageBox | None:
        row = self.selected()
        if row is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, _("Remove the material"),
                          _("Remove “{title}” from {applicant}? Panel packages already issued "
                            "keep what they carried.").format(title=row["title"],
                                                              applicant=self.name),
                          QMessageBox.StandardButton.Cancel, self)
        yes = box.addButton(_("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self.remove(str(row["material_id"]))
                                  if b is yes else None)
        self.confirm = box
        box.open()
        return box

    def remove(self, material_id: str) -> bool:
        if self.ctx.session.busy:
            return False
        try:
            done = office_materials.remove_material(self.ctx.session.workspace, self.ref,
                                                    material_id)
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        self.ctx.session.notify(done)
        self.reload()
        self.message.show_ok(Msg(N_("Removed “{title}”"), {"title": done.result.title}))
        return True

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Documents of {applicant}").format(applicant=self.name))
        self.attach_button.setText(_("A&ttach a document…"))
        self.attach_button.setAccessibleName(_("Attach a document"))
        self.remove_button.setText(_("&Remove the selected material"))
        self.remove_button.setAccessibleName(_("Remove the selected material"))
        self.view.setAccessibleName(_("The applicant's materials"))
        self.buttons.setAccessibleName(_("Close"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)
        self.message.retranslate()


def attached_message(summary: office_materials.MaterialSummary) -> Msg:
    if summary.kind == "pdf" and summary.secrets and not summary.text_layer:
        return Msg(N_("Attached “{title}” ({pages} pages). It has no text layer: its declared "
                      "secret passages cannot be found in it; reviewers mark them by hand."),
                   {"title": summary.title, "pages": summary.pages or 0})
    if summary.secrets_unfound:
        return Msg(N_("Attached “{title}”. Not found in its text: {passages}"),
                   {"title": summary.title, "passages": "、".join(summary.secrets_unfound)})
    if summary.kind == "pdf":
        return Msg(N_("Attached “{title}” ({pages} pages)"),
                   {"title": summary.title, "pages": summary.pages or 0})
    return Msg(N_("Attached “{title}”"), {"title": summary.title})


class DocumentActions(QObject):
    """The Applicants page's *Documents…* button, and a file dropped on an applicant's row."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: QDialog | None = None
        self.button = QPushButton(page)
        self.button.clicked.connect(lambda: self.open_documents())
        row = page.setup_actions.row
        row.insertWidget(max(row.count() - 1, 0), self.button)  # before the stretch
        viewport = page.view.viewport()
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)
        self.retranslate()

    def _ref_at(self, index_row: int) -> str | None:
        if index_row < 0:
            return None
        return str(self.page.model.row(index_row).ref)

    def _ready(self) -> bool:
        session = self.page.ctx.session
        return bool(session.is_open() and not session.busy)

    def open_documents(self, ref: str | None = None) -> DocumentsDialog | None:
        if ref is None:
            ref = self._ref_at(self.page.view.currentIndex().row())
        if ref is None or not self._ready():
            return None
        try:
            dialog = DocumentsDialog(self.page.ctx, ref, self.page)
        except ScorebookError as error:
            self.page.message.show_error(error)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def drop_file(self, ref: str, path: Path) -> AttachDocumentDialog | None:
        """A file dropped on an applicant: its documents, and the attach dialog filled in."""
        dialog = self.open_documents(ref)
        return None if dialog is None else dialog.attach(path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            row = self.page.view.indexAt(event.position().toPoint()).row()
            if event.mimeData().hasUrls() and row >= 0 and self._ready():
                self.page.view.selectRow(row)
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            ref = self._ref_at(self.page.view.indexAt(event.position().toPoint()).row())
            files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if ref is not None and files:
                event.acceptProposedAction()
                self.drop_file(ref, files[0])
            return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.button.setText(_("D&ocuments…"))
        self.button.setAccessibleName(_("The selected applicant's documents"))
        self.button.setToolTip(_("Attach, list and remove the applicant's documents; or drag a "
                                 "PDF onto the applicant's row"))

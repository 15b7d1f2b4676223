"""The preview of a spreadsheet before anything is stored (``SheetActions`` opens it): the
sheet, which column feeds which field (each can be changed: that is the mapping), every row as
it would be stored, every problem with its sheet, row and column. *Import* stores all the rows
or none, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, nmsg
from desktop.i18n import _
from desktop.services.office import results_sheets
from desktop.services.office.changes import Done
from desktop.services.office.sheets_import import SheetImported, SheetPreview, preview
from desktop.ui.office.common import (
    ERROR_COLOUR,
    OfficeContext,
    award_label,
    fit_columns,
    make_table,
    message_text,
    refill_combo,
)
from desktop.ui.tasks import TaskControl
from desktop.ui.widgets.field_label import FieldLabel

BAD_ROW = QColor("#fde7e9")
KIND_WORDS = {"organisation": N_("organisation"), "individual": N_("individual")}
LABEL_COLUMN = 70


class SheetImportDialog(QDialog):
    """The preview of a sheet before anything is stored; *Import* stores all or nothing."""

    def __init__(self, ctx: OfficeContext, kind: str, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.path = ctx, kind, path
        self.result_value: SheetImported | None = None
        self.error: ScorebookError | None = None
        self.pv: SheetPreview | None = None
        self.mapping: dict[str, str] = {}
        self.file = QLabel(self)
        self.sheet = QComboBox(self)
        self.sheet_label = FieldLabel("", self.sheet, self, fonts=ctx.fonts,
                                      column_height=LABEL_COLUMN)
        self.sheet.currentIndexChanged.connect(lambda _i: self.reload())
        self.columns_model = QStandardItemModel(self)
        self.columns = make_table(self, self.columns_model, ctx.fonts)
        self.rows_model = QStandardItemModel(self)
        self.rows = make_table(self, self.rows_model, ctx.fonts)
        self.problems = QListWidget(self)
        self.problems.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.store)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.columns)
        split.addWidget(self.rows)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 680])  # the columns' table shows its field names whole
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 3)
        box.addWidget(self.problems, 1)
        box.addWidget(self.summary)
        box.addWidget(self.buttons)
        self.resize(1100, 600)
        self.retranslate()
        self.reload()

    def import_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def reload(self) -> None:
        """Read the sheet again (after another sheet or field is chosen); nothing stored."""
        if self.ctx.session.busy or not self.ctx.session.is_open():
            return
        sheet = self.sheet.currentData() if self.sheet.count() else None
        try:
            self.pv = preview(self.ctx.session.workspace, self.kind, self.path, sheet=sheet,
                              mapping=self.mapping)
        except ScorebookError as error:
            self.pv = None
            self.error = error
        self._show()

    def _show(self) -> None:
        pv = self.pv
        self.problems.clear()
        if pv is None:
            self.columns_model.clear()
            self.rows_model.clear()
            if self.error is not None:
                self.problems.addItem(message_text(self.error.message))
            self.import_button().setEnabled(False)
            self.summary.setText(_("Nothing can be imported from this file."))
            return
        refill_combo(self.sheet, [(s, s) for s in pv.sheets])
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(pv.sheet)))
        self.file.setText(_("{file}: header in row {row}").format(file=pv.file,
                                                                 row=pv.header_row))
        self._show_columns(pv)
        self._show_rows(pv)
        for p in pv.problems:
            self.problems.addItem(message_text(p.message()))
        self.problems.setVisible(bool(pv.problems))
        self.import_button().setEnabled(pv.ok)
        self.summary.setText(message_text(
            nmsg("{count} row will be imported.", "{count} rows will be imported.",
                 len(pv.rows)) if pv.ok else
            nmsg("{count} problem: correct the sheet (or choose the fields) and try again; "
                 "nothing is imported until every row is right.",
                 "{count} problems: correct the sheet (or choose the fields) and try again; "
                 "nothing is imported until every row is right.", len(pv.problems))))

    def _show_columns(self, pv: SheetPreview) -> None:
        self.columns_model.clear()
        self.columns_model.setHorizontalHeaderLabels([_("Column"), _("Header"), _("Field")])
        for c in pv.columns:
            self.columns_model.appendRow([QStandardItem(c.letter), QStandardItem(c.header),
                                          QStandardItem("")])
        widest = 0
        for row, c in enumerate(pv.columns):
            combo = QComboBox(self.columns)
            combo.addItem(_("(not imported)"), "")
            for f in pv.fields:
                combo.addItem(_(f.label), f.key)
            combo.setCurrentIndex(max(0, combo.findData(c.field or "")))
            combo.setAccessibleName(_("Field of column {column}").format(column=c.letter))
            combo.currentIndexChanged.connect(
                lambda _i, letter=c.letter, box=combo: self._map(letter, box.currentData()))
            self.columns.setIndexWidget(self.columns_model.index(row, 2), combo)
            widest = max(widest, combo.sizeHint().width())
        fit_columns(self.columns)
        self.columns.horizontalHeader().resizeSection(2, widest)  # every field name whole

    def _map(self, letter: str, field: str) -> None:
        """Every column as its combo says now (a field taken by this column leaves another)."""
        pv = self.pv
        if pv is None:
            return
        mapping = {c.letter: c.field or "" for c in pv.columns}
        if field:
            mapping = {k: ("" if v == field else v) for k, v in mapping.items()}
        mapping[letter] = field
        self.mapping = mapping
        self.reload()

    def _show_rows(self, pv: SheetPreview) -> None:
        self.rows_model.clear()
        self.rows_model.setHorizontalHeaderLabels([_("Row"), *(_(f.label) for f in pv.fields)])
        programme = None
        if pv.kind == "applicants":
            from desktop.services.programmes import programme_of_cycle

            programme = programme_of_cycle(pv.cycle)
        bad = QBrush(BAD_ROW)
        for r in pv.rows:
            values = list(r.values)
            if pv.kind == "applicants":  # ids by their names (a cell as written stays)
                keys = [f.key for f in pv.fields]
                at = keys.index("award")
                values[at] = award_label(programme, values[at]) if values[at] else ""
                at = keys.index("kind")
                values[at] = _(KIND_WORDS[values[at]]) if values[at] in KIND_WORDS else values[at]
            items = [QStandardItem(str(r.row)), *(QStandardItem(v) for v in values)]
            for item in items:
                item.setEditable(False)
                if not r.ok:
                    item.setBackground(bad)
            self.rows_model.appendRow(items)
        fit_columns(self.rows)

    def store(self) -> None:
        """Import every row off the UI thread; the dialog closes when it is done."""
        pv = self.pv
        if pv is None or not pv.ok:
            return
        ws = self.ctx.session.workspace
        sheet, mapping, kind, path = pv.sheet, dict(self.mapping), self.kind, self.path

        def work(control: TaskControl) -> Done[SheetImported]:
            control.check_cancelled()  # the pages learn what the rows changed
            return results_sheets.import_sheet(ws, kind, path, sheet=sheet, mapping=mapping)

        def done(result: SheetImported) -> None:
            self.result_value = result
            self.accept()

        def failed(error: ScorebookError) -> None:
            self.error = error
            self.pv = None
            self._show()

        self.import_button().setEnabled(False)
        self.ctx.session.run(_("Import"), work, on_success=done, on_error=failed)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import applicants from a spreadsheet") if self.kind ==
                            "applicants" else _("Import reviewers' details from a spreadsheet"))
        self.sheet_label.setText(_("Sheet:"))
        self.sheet.setAccessibleName(_("Sheet"))
        self.columns.setAccessibleName(_("Columns and the fields they feed"))
        self.rows.setAccessibleName(_("Rows as they would be imported"))
        self.problems.setAccessibleName(_("Problems"))
        self.import_button().setText(_("&Import"))
        self._show()

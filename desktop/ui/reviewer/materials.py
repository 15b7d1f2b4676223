"""The applicant's materials, with declared secret passages highlighted, and text-span helpers.

A text material is shown as text: the reviewer may mark a passage of it as secret (a selection
and the button, or the context menu), which then counts as declared everywhere (highlight,
warning on quoting, redaction). A PDF document is shown in the document viewer
(``document_view``); a document removed after the cycle says so. The comment editors get a key
(Ctrl+Shift+P, and their context menu) that cites the page of the document being read.

Qt positions text in UTF-16 code units; the services count Python characters (code points).
``to_qt`` and ``from_qt`` convert, so a span outside the Basic Multilingual Plane is not shifted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.redaction import Secrets, secret_spans
from desktop.i18n import _, ngettext, render
from desktop.services import case_edits
from desktop.services import case_material_marks as marks
from desktop.services.case import CaseSession
from desktop.services.case_types import MaterialInfo
from desktop.services.changes import Changed
from desktop.ui.fonts import FontSet
from desktop.ui.reviewer.document_view import DocumentPanel
from desktop.ui.undo import UndoController
from desktop.ui.widgets.field_label import LabelBeside, PageTitle

CITE_KEY = "Ctrl+Shift+P"
WIDE = 460  # pixels: narrower than this, a shown document takes more of the splitter

SECRET_BG = QColor("#ffd7a8")
OWN_MARK_BG = QColor("#f4b6c2")  # a passage the reviewer marked (not the applicant)
MARK_BG = QColor("#ffe08a")
QUOTE_UNDERLINE = QColor("#b00020")


def quoted_secret_spans(text: str, declared: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of ``text`` that quote a declared secret (the redaction core's matching)."""
    return secret_spans(text, "", Secrets(declared=declared)) if declared else []


def to_qt(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def from_qt(text: str, position: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def selections(editor: QTextEdit | QPlainTextEdit, text: str,
               spans: list[tuple[int, int]],
               fmt: QTextCharFormat) -> list[QTextEdit.ExtraSelection]:
    out = []
    for start, end in spans:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        out.append(sel)
    return out


def secret_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(SECRET_BG)
    fmt.setProperty(QTextFormat.Property.UserProperty, "secret")
    return fmt


def own_mark_format() -> QTextCharFormat:
    fmt = secret_format()
    fmt.setBackground(OWN_MARK_BG)
    return fmt


def mark_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(MARK_BG)
    return fmt


def quote_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QUOTE_UNDERLINE)
    return fmt


def page_reference(page: int) -> str:
    """A page of the applicant's document as a comment cites it, in the interface's language."""
    return _("(p. {page})").format(page=page)


class MaterialsPanel(QWidget):
    """A material picker; a text material in a read-only browser (declared secrets carry a
    coloured background, the reviewer's own marks another), a PDF in the document viewer."""

    secrets_changed = Signal()  # the reviewer marked or unmarked a passage (declared set changed)
    changed = Signal()  # something was saved in the case file

    def __init__(self, parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 case: CaseSession | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.applicant_id: str | None = None
        self.title = PageTitle("", self, fonts=fonts, scale=1.0, column_height=300)
        self.picker = QComboBox(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self._viewport = self.browser.viewport()
        self._viewport.installEventFilter(self)  # context menus arrive there
        self.mark_button = QPushButton(self)
        self.mark_button.clicked.connect(self.mark_selection_secret)
        self.mark_message = QLabel(self)
        self.mark_message.setWordWrap(True)
        self.document = DocumentPanel(self)
        self.document.changed.connect(self.changed)
        self.removed = QLabel(self)
        self.removed.setWordWrap(True)
        self.removed.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text_page = QWidget(self)
        text_box = QVBoxLayout(text_page)
        text_box.setContentsMargins(0, 0, 0, 0)
        text_box.addWidget(self.browser, 1)
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.mark_button)
        mark_row.addWidget(self.mark_message, 1)
        text_box.addLayout(mark_row)
        self.stack = QStackedWidget(self)
        for page in (text_page, self.document, self.removed):
            self.stack.addWidget(page)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the panel's left edge in Mongolian, above it otherwise
        outer = LabelBeside(self.title, layout)
        outer.setContentsMargins(0, 0, 0, 0)
        self.setLayout(outer)
        layout.addWidget(self.picker)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        self._materials: list[MaterialInfo] = []
        self._declared: tuple[str, ...] = ()
        self._own: list[marks.PassageMark] = []
        self.secret_spans: list[tuple[int, int]] = []
        self.own_spans: list[tuple[int, int]] = []
        self._widened = False
        self.picker.currentIndexChanged.connect(self._show)
        self.retranslate()

    def set_materials(self, materials: list[MaterialInfo], declared: tuple[str, ...],
                      applicant_id: str | None = None) -> None:
        self._materials = list(materials)
        self._declared = declared
        self.applicant_id = applicant_id
        shown = self.document.material
        if shown is not None and not any(m.material_id == shown.material_id and not m.removed
                                         for m in materials):
            self.document.close_document()  # another applicant's: out of memory
        self.picker.blockSignals(True)
        self.picker.clear()
        for mat in materials:
            self.picker.addItem(self._item_text(mat), mat.material_id)
        self.picker.blockSignals(False)
        self._show()
        self.retranslate()

    def _item_text(self, mat: MaterialInfo) -> str:
        if mat.kind != "pdf":
            return mat.title
        if mat.removed:
            return _("{title} (removed)").format(title=mat.title)
        return ngettext("{title} (PDF, {count} page)", "{title} (PDF, {count} pages)",
                        mat.pages or 0).format(title=mat.title, count=mat.pages or 0)

    def current_material(self) -> MaterialInfo | None:
        index = self.picker.currentIndex()
        return self._materials[index] if 0 <= index < len(self._materials) else None

    def _show(self) -> None:
        mat = self.current_material()
        self.mark_message.clear()
        if mat is None:
            self.stack.setCurrentIndex(0)
            self.browser.clear()
            self.secret_spans, self.own_spans = [], []
            self.browser.setExtraSelections([])
            self._enable()
            return
        if mat.kind == "pdf":
            self.browser.clear()
            self.secret_spans, self.own_spans = [], []
            if mat.removed or self.case is None:
                self.document.close_document()
                self.stack.setCurrentWidget(self.removed)
            else:
                self.stack.setCurrentWidget(self.document)
                self._make_room()
                self.document.applicant_id = self.applicant_id or ""
                self.document.show_material(self.case, mat, self._declared)
            self._enable()
            self.retranslate()
            return
        self.stack.setCurrentIndex(0)  # a document shown before stays open, hidden
        body = mat.body
        self.browser.setPlainText(body)
        self._highlight()
        self._enable()

    def _make_room(self) -> None:
        """A page needs room to be read: the first time a document is shown in a narrow panel,
        the splitter gives the panel about half the width (the reviewer may drag it back)."""
        splitter = self.parentWidget()
        if self._widened or not isinstance(splitter, QSplitter) or not self.isVisible() \
                or self.width() >= WIDE:
            return  # not shown yet: when it is (showEvent)
        self._widened = True
        sizes = splitter.sizes()
        index = splitter.indexOf(self)
        if index < 0:
            return
        total, others = sum(sizes), sum(sizes) - sizes[index]
        if others <= 0:
            return
        want = max(sizes[index], int(total * 0.4))
        splitter.setSizes([want if i == index else round(size * (total - want) / others)
                           for i, size in enumerate(sizes)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.document:
            self._make_room()

    def _highlight(self) -> None:
        mat = self.current_material()
        if mat is None or mat.kind == "pdf":
            return
        body = mat.body
        self._own = (marks.passage_marks(self.case, self.applicant_id, mat.material_id)
                     if self.case is not None and self.applicant_id else [])
        own = {m.passage for m in self._own}
        self.own_spans = [span for p in own for span in quoted_secret_spans(body, (p,))]
        self.secret_spans = quoted_secret_spans(
            body, tuple(p for p in self._declared if p not in own))
        self.browser.setExtraSelections(
            selections(self.browser, body, self.secret_spans, secret_format())
            + selections(self.browser, body, self.own_spans, own_mark_format()))

    def _enable(self) -> None:
        mat = self.current_material()
        self.mark_button.setEnabled(mat is not None and mat.kind != "pdf"
                                    and self.case is not None and bool(self.applicant_id))

    def current_page(self) -> int | None:
        """The page of the PDF document being read (None when no document is shown)."""
        if self.stack.currentWidget() is not self.document:
            return None
        return self.document.current_page()

    # --- the reviewer's own marks in a text material --------------------------------------------
    def _selection(self) -> tuple[int, int] | None:
        cursor = self.browser.textCursor()
        if not cursor.hasSelection():
            return None
        text = self.browser.toPlainText()
        return from_qt(text, cursor.selectionStart()), from_qt(text, cursor.selectionEnd())

    def _record(self, done: Changed[object]) -> None:
        """The core recorded the edit for undo: the window's Edit › Undo offers it, and the
        controller hands its changes to the pages."""
        self._marks_changed()
        ctrl = getattr(self.window(), "undo", None)
        if isinstance(ctrl, UndoController):
            ctrl.record(done)

    def mark_selection_secret(self) -> bool:
        mat = self.current_material()
        case, applicant = self.case, self.applicant_id
        if mat is None or mat.kind == "pdf" or case is None or not applicant:
            return False
        span = self._selection()
        if span is None:
            self.mark_message.setText(_("Select the passage of the material to mark first."))
            return False
        try:
            self._record(case_edits.mark_passage(case, applicant, mat.material_id, *span))
        except ScorebookError as error:
            self.mark_message.setText(render(error.message))
            return False
        self.mark_message.setText(_("Marked as secret: comments quoting it are warned about and "
                                    "it is removed from every copy for the applicant or the "
                                    "public."))
        return True

    def unmark_at(self, position: int) -> bool:
        """Take back the reviewer's own mark covering ``position`` (a character index)."""
        mat = self.current_material()
        case, applicant = self.case, self.applicant_id
        if mat is None or case is None or not applicant:
            return False
        mark = next((m for m in self._own if any(
            a <= position < b for a, b in quoted_secret_spans(mat.body, (m.passage,)))), None)
        if mark is None:
            return False
        try:
            self._record(case_edits.unmark_passage(case, applicant, mat.material_id,
                                                   mark.mark_id))
        except ScorebookError as error:
            self.mark_message.setText(render(error.message))
            return False
        self.mark_message.setText(_("Your secret mark was removed."))
        return True

    def _marks_changed(self) -> None:
        self.reload_marks()

    def reload_marks(self) -> None:
        """Show the marked passages as the case file has them (after an edit, undo or redo)."""
        if self.case is not None and self.applicant_id:
            self._declared = self.case.declared_secrets(self.applicant_id)
        self._highlight()
        self.retranslate_legend()
        self.secrets_changed.emit()
        if self.document.material is not None:
            self.document.reload_regions()

    def _own_mark_at(self, point: QPoint) -> int | None:
        text = self.browser.toPlainText()
        index = from_qt(text, self.browser.cursorForPosition(point).position())
        return index if any(a <= index < b for a, b in self.own_spans) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            menu = self.context_menu_at(event.pos())
            menu.popup(event.globalPos())
            return True
        return super().eventFilter(watched, event)

    def context_menu_at(self, pos: QPoint) -> QMenu:
        """The browser's menu at ``pos`` (viewport coordinates): copy, mark as secret, and take
        back one's own mark under the pointer."""
        menu = self.browser.createStandardContextMenu(pos)
        menu.addSeparator()
        mark = menu.addAction(_("&Mark as secret"))
        mark.setEnabled(self.mark_button.isEnabled() and self._selection() is not None)
        mark.triggered.connect(self.mark_selection_secret)
        own = self._own_mark_at(pos)
        if own is not None:
            take = menu.addAction(_("&Remove my secret mark"))
            take.triggered.connect(lambda: self.unmark_at(own))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    # --- text -----------------------------------------------------------------------------------
    def retranslate_legend(self) -> None:
        self.legend.setText(_("Highlighted passages are declared trade or technical secrets "
                              "({count} declared). Do not quote them in your comments.")
                            .format(count=len(self._declared)))

    def retranslate(self) -> None:
        self.title.setText(_("Applicant's materials"))
        self.retranslate_legend()
        for i, mat in enumerate(self._materials):
            self.picker.setItemText(i, self._item_text(mat))
        self.mark_button.setText(_("Mar&k the passage as secret"))
        self.mark_button.setToolTip(_("Mark the selected passage of the material as a trade or "
                                      "technical secret"))
        self.removed.setText(_("This document was removed from the case file after the cycle, "
                               "as the review office's rules require. Its title stays listed."))
        self.picker.setAccessibleName(_("Material"))
        self.browser.setAccessibleName(_("Material text"))
        self.legend.setAccessibleName(_("Secret passages"))
        self.title.setAccessibleName(_("Applicant's materials"))
        self.mark_button.setAccessibleName(_("Mark the selected passage as secret"))
        self.removed.setAccessibleName(_("Document removed"))
        self.picker.setToolTip(_("Choose a material"))
        self.document.retranslate()


class PageCitation(QObject):
    """Ctrl+Shift+P (and the context menu) in a comment editor inserts the page of the document
    being read, e.g. "(p. 12)", "（第12页）" in Chinese."""

    def __init__(self, editor: QPlainTextEdit, panel: MaterialsPanel) -> None:
        super().__init__(editor)
        self.editor, self.panel = editor, panel
        shortcut = QShortcut(QKeySequence(CITE_KEY), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.cite)
        self._viewport = editor.viewport()
        self._viewport.installEventFilter(self)  # context menus arrive there

    def cite(self) -> bool:
        page = self.panel.current_page()
        if page is None or self.editor.isReadOnly():
            return False
        self.editor.textCursor().insertText(page_reference(page))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            self.menu_at(event.pos()).popup(event.globalPos())
            return True
        return super().eventFilter(watched, event)

    def menu_at(self, pos: QPoint) -> QMenu:
        """The editor's own menu with "Cite page N of the document" added."""
        menu = self.editor.createStandardContextMenu(pos)
        menu.addSeparator()
        page = self.panel.current_page()
        action = menu.addAction(
            _("Cite page {page} of the document").format(page=page) if page
            else _("Cite the document's page"))
        action.setShortcut(QKeySequence(CITE_KEY))
        action.setEnabled(page is not None and not self.editor.isReadOnly())
        action.triggered.connect(self.cite)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu


def cite_pages(editors: tuple[QPlainTextEdit, ...], panel: MaterialsPanel) -> None:
    """Give each comment editor the page-citation key and menu entry."""
    for editor in editors:
        PageCitation(editor, panel)

"""The applicant's materials, with declared secret passages highlighted, and text-span helpers.

Qt positions text in UTF-16 code units; the services count Python characters (code points).
``to_qt`` and ``from_qt`` convert, so a span outside the Basic Multilingual Plane is not shifted.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.redaction import Secrets, secret_spans
from desktop.i18n import _
from desktop.services.case_types import MaterialInfo
from desktop.ui.fonts import FontSet
from desktop.ui.widgets.field_label import LabelBeside, PageTitle

SECRET_BG = QColor("#ffd7a8")
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


def mark_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(MARK_BG)
    return fmt


def quote_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QUOTE_UNDERLINE)
    return fmt


class MaterialsPanel(QWidget):
    """A material picker and a read-only browser; declared secrets carry a coloured background."""

    def __init__(self, parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.title = PageTitle("", self, fonts=fonts, scale=1.0, column_height=300)
        self.picker = QComboBox(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        # the title stands at the panel's left edge in Mongolian, above it otherwise
        outer = LabelBeside(self.title, layout)
        outer.setContentsMargins(0, 0, 0, 0)
        self.setLayout(outer)
        layout.addWidget(self.picker)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.legend)
        self._materials: list[MaterialInfo] = []
        self._declared: tuple[str, ...] = ()
        self.secret_spans: list[tuple[int, int]] = []
        self.picker.currentIndexChanged.connect(self._show)
        self.retranslate()

    def set_materials(self, materials: list[MaterialInfo], declared: tuple[str, ...]) -> None:
        self._materials = list(materials)
        self._declared = declared
        self.picker.blockSignals(True)
        self.picker.clear()
        for mat in materials:
            self.picker.addItem(mat.title, mat.material_id)
        self.picker.blockSignals(False)
        self._show()
        self.retranslate()

    def _show(self) -> None:
        index = self.picker.currentIndex()
        if not 0 <= index < len(self._materials):
            self.browser.clear()
            self.secret_spans = []
            self.browser.setExtraSelections([])
            return
        body = self._materials[index].body
        self.browser.setPlainText(body)
        self.secret_spans = quoted_secret_spans(body, self._declared)
        self.browser.setExtraSelections(selections(self.browser, body, self.secret_spans,
                                                   secret_format()))

    def retranslate(self) -> None:
        self.title.setText(_("Applicant's materials"))
        self.legend.setText(_("Highlighted passages are declared trade or technical secrets "
                              "({count} declared). Do not quote them in your comments.")
                            .format(count=len(self._declared)))
        self.picker.setAccessibleName(_("Material"))
        self.browser.setAccessibleName(_("Material text"))
        self.legend.setAccessibleName(_("Secret passages"))
        self.title.setAccessibleName(_("Applicant's materials"))
        self.picker.setToolTip(_("Choose a material"))

"""What every office page shares: the open session, a page base, tables, progress, messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import NotFound, ScorebookError
from desktop.domain.messages import Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _, translator
from desktop.i18n.data_names import CONFLICT_KIND, CONFLICT_SOURCE, THRESHOLD_OF, label
from desktop.i18n.formatting import format_date, format_percent, join_list
from desktop.services.office import applicants as office_applicants
from desktop.services.office.changes import EVERYTHING, OfficeChanges
from desktop.services.office.reads import match_template
from desktop.ui.fonts import FontSet
from desktop.ui.names import named
from desktop.ui.office.session import (
    OfficeContext,
    OfficeSession,
    ProgressStrip,
    message_text,
)
from desktop.ui.widgets.field_label import LabelBeside, PageTitle
from desktop.ui.widgets.vertical_header import VerticalHeaderView

if TYPE_CHECKING:
    from desktop.services.office.results_decide import Recusal

__all__ = ["ERROR_COLOUR", "OK_COLOUR", "MessageLabel", "OfficeContext", "OfficePage",
           "OfficeSession", "ProgressStrip", "applicant_choice", "award_label", "date_text",
           "fit_columns",
           "make_table", "message_text", "recused_text", "refill_combo",
           "stage_label", "stored_text", "weight_text", "weights_text"]


ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b7f3b"


class MessageLabel(QLabel):
    """A line saying what happened: results in green, refusals in red (always in words)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._value: Msg | str | None = None
        self._error = False

    def show_ok(self, value: Msg | str | None) -> None:
        self._value, self._error = value, False
        self.retranslate()

    def show_error(self, value: Msg | str | ScorebookError | None) -> None:
        self._value = value.message if isinstance(value, ScorebookError) else value
        self._error = True
        self.retranslate()

    def is_error(self) -> bool:
        return self._error and bool(self.text())

    def retranslate(self) -> None:
        text = message_text(self._value)
        self.setText(text)
        self.setStyleSheet(f"color: {ERROR_COLOUR if self._error else OK_COLOUR};")
        self.setAccessibleName(_("Message"))
        self.setAccessibleDescription(text)


class OfficePage(QWidget):
    """A page of the office window. ``reload`` reads from the services; it runs when the page
    is shown after something changed (never while a task holds the database)."""

    title = ""  # English, marked with N_ by each page
    # the areas of the workspace the page shows: it reads again only when one of them changed
    watches: OfficeChanges = EVERYTHING

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        # the title stands at the left edge in Mongolian, above the page otherwise
        self.heading = PageTitle("", self, fonts=ctx.fonts, scale=1.3)
        self.message = MessageLabel(self)
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.setLayout(LabelBeside(self.heading, self.box))
        ctx.session.changed.connect(self.mark_stale)
        ctx.session.busy_changed.connect(self._busy_changed)

    @property
    def session(self) -> OfficeSession:
        return self.ctx.session

    def mark_stale(self, changes: OfficeChanges = EVERYTHING) -> None:
        """An operation changed ``changes``: read again (now if shown) if the page shows any."""
        if not changes.touches(self.watches):
            return
        self.stale = True
        if self.isVisible():
            self.refresh()

    def set_busy(self, busy: bool) -> None:
        """While a task holds the database the page takes no input, except the Cancel of its
        own progress strip (a disabled page would disable that button too)."""
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not isinstance(child, ProgressStrip):
                child.setEnabled(not busy)

    def _busy_changed(self, busy: bool) -> None:
        if not busy and self.stale and self.isVisible():
            self.refresh()  # it was shown while a task held the database

    def refresh(self) -> None:
        if not self.session.is_open() or self.session.busy:
            return
        self.stale = False
        try:
            self.reload()
        except ScorebookError as error:
            self.message.show_error(error)

    def reload(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(_(self.title))
        self.heading.setAccessibleName(_(self.title))
        self.message.retranslate()
        for view in self.findChildren(QTableView):
            model = view.model()
            retranslate = getattr(model, "retranslate", None)
            if callable(retranslate):
                retranslate()
                if model.rowCount():  # headers and cells changed length with the language
                    fit_columns(view)


HEADER_COLUMN = 80  # pixels: a Mongolian header label's column, before it wraps


def make_table(parent: QWidget, model: Any, fonts: FontSet | None, *,
               stretch_last: bool = True, view_class: type[QTableView] = QTableView
               ) -> QTableView:
    """A table view with a header that sets Mongolian labels vertically."""
    view = view_class(parent)
    # short columns: a tall vertical header would leave a laptop's table few rows
    header = VerticalHeaderView(Qt.Orientation.Horizontal, view, fonts=fonts,
                                column_height=HEADER_COLUMN)
    header.setSectionsClickable(True)
    view.setHorizontalHeader(header)
    view.setModel(model)
    header.setStretchLastSection(stretch_last)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab goes on to the next control; arrows move within
    return view


def fit_columns(view: QTableView) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for i in range(header.count()):
        if header.sectionSize(i) > 360:
            header.resizeSection(i, 360)


def refill_combo(combo: QComboBox, entries: list[tuple[str, str]], default: int = 0) -> None:
    """Replace a combo's entries (text, data) without signals, keeping the current choice when
    it remains (else ``default``; -1 is the last); entries with the same data only take the new
    texts (a language switch)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # names change length
    current = combo.currentData()
    if [combo.itemData(i) for i in range(combo.count())] == [d for _t, d in entries]:
        for i, (text, _d) in enumerate(entries):
            combo.setItemText(i, text)
        return
    combo.blockSignals(True)
    combo.clear()
    for text, data in entries:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else -1
    if index < 0 and entries:
        index = default % len(entries)
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


@cache
def _catalog_templates() -> tuple[str, ...]:
    """Every English source string of the catalogs (the msgids), longest first."""
    found: set[str] = set()
    for language in ("zh_CN", "mn_Mong_CN"):
        catalog = getattr(translator(language), "_catalog", {})
        found.update(k for k in catalog if isinstance(k, str) and k)
    return tuple(sorted(found, key=len, reverse=True))


def stored_text(value: Msg | str | None) -> str:
    """A message or a text read back from storage, in the interface language. A message is
    rendered; a text is what older rows stored: English rendered from a catalog string, so it
    is matched back to its message (its parameters kept) and shown translated; any other text
    (a person's words) as written."""
    if value is None or isinstance(value, Msg):
        return message_text(value)
    text = str(value)
    if not text or not any(c.isascii() and c.isalpha() for c in text):
        return text
    found = match_template(text, _catalog_templates())
    if found is None:
        return text
    of = found.params.get("of")  # a vote rule's "present" | "members"
    if isinstance(of, str) and of in THRESHOLD_OF:
        found = Msg(found.template, {**found.params, "of": Msg(THRESHOLD_OF[of])})
    return message_text(found)


def date_text(value: date | str | None) -> str:
    """A date as the interface language writes it ("2026年5月4日"); a dash for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    try:
        return format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


# --- names from the programme in the interface language -----------------------------------------


def stage_label(programme: Programme | None, stage_id: str | None) -> str:
    """A stage by its name in the interface language (its id only when the programme has no
    such stage)."""
    if stage_id is None:
        return "—"
    if programme is None:
        return stage_id
    try:
        return named(programme.stage(stage_id))
    except NotFound:
        return stage_id


def award_label(programme: Programme | None, award_id: str, fallback: str = "") -> str:
    """An award category by its name in the interface language."""
    if programme is not None:
        try:
            return named(programme.award(award_id))
        except NotFound:
            pass
    return fallback or award_id


def recused_text(recused: Sequence[Recusal]) -> str:
    """"Recused: R3 (Kinship, the reviewer's bundle)" — the reviewers an applicant's totals
    leave out, with the kind and source of each conflict."""
    if not recused:
        return _("Recused: none")
    why = [join_list([label(CONFLICT_KIND, r.kind), label(CONFLICT_SOURCE, r.source)])
           for r in recused]
    return _("Recused: {reviewers}").format(reviewers=join_list(
        f"{r.reviewer} ({reason})" for r, reason in zip(recused, why, strict=True)))


def weight_text(value: Any) -> str:
    """A stage weight as a percentage: "0.375000" -> "37.5%" (locale formatting)."""
    try:
        return format_percent(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def weights_text(programme: Programme | None, weights: Mapping[str, Any]) -> str:
    """"材料评审 37.5%、现场评审 62.5%" in the interface language."""
    return join_list(f"{stage_label(programme, stage)} {weight_text(w)}"
                     for stage, w in weights.items())


def applicant_choice(parent: QWidget, session: OfficeSession, ref: str | None = None) -> QComboBox:
    """A list of the cycle's applicants ("A001 name", the ref as data), ``ref`` chosen."""
    combo = QComboBox(parent)
    for a in office_applicants.list_applicants(session.workspace):
        combo.addItem(a.title, a.ref)
        if a.ref == ref:
            combo.setCurrentIndex(combo.count() - 1)
    return combo

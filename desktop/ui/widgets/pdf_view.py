"""A PDF viewer drawn in memory: pages, zoom, fit-width, search, highlights and marked regions.

The pages come from ``desktop.services.pdf_pages`` (PDFium, Qt-free). Only the visible page is
drawn, on a worker thread, at the zoom shown; a few drawn pages are kept in memory (never on
disk), so paging back and forth is immediate and a big scanned page does not freeze the window.
The text search runs on the worker too and finds Chinese text across line breaks.

Highlights are given by the owner (``set_highlights``: the declared secret passages), regions
too (``set_regions``: rectangles marked secret by hand); in marking mode a drag draws a new one
and ``region_drawn`` says where, in PDF points; a region's context menu offers to remove it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, ngettext, render
from desktop.services.pdf_pages import Box, Hit, PdfPages, PdfUnreadable
from desktop.ui.widgets.pdf_canvas import PageCanvas, Region

__all__ = ["PageCanvas", "PdfView", "Region"]

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
SCREEN = 96 / 72  # pixels a point at 100 %
CACHE = 6  # drawn pages kept in memory


class _Relay(QObject):
    done = Signal(int, object)  # job number, result (or the ScorebookError it raised)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, number: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.relay, self.number, self.work = relay, number, work

    def run(self) -> None:
        try:
            result: Any = self.work()
        except ScorebookError as error:
            result = error
        except Exception:  # a damaged page: shown as a message, never a crash
            result = PdfUnreadable(Msg(N_("The document could not be read here")))
        self.relay.done.emit(self.number, result)


def _close_open(holder: list[PdfPages]) -> None:
    """The viewer went: close what it still had open (its bytes leave memory)."""
    for pages in holder:
        pages.close()
    holder.clear()


class PdfView(QWidget):
    """Page navigation, zoom, fit-width and search over one PDF, drawn in memory."""

    page_shown = Signal(int)  # a page is on screen, drawn
    page_changed = Signal(int)
    searched = Signal(int)  # the search finished: number of places found
    region_drawn = Signal(int, object)  # page (1-based), Box in PDF points
    region_remove_asked = Signal(int)  # region key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.page = 1
        self.zoom = 1.0
        self.scale = SCREEN
        self.fit_width = True
        self.hits: list[Hit] = []
        self.hit_index = -1
        self.regions: list[Region] = []
        self._secrets: Callable[[int], list[Box]] = lambda _page: []
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # PDFium works one call at a time anyway
        self._relay = _Relay()  # no parent: a page still being drawn may report after we go
        self._relay.done.connect(self._job_done)
        self._jobs = 0
        self._waiting: dict[int, Callable[[Any], None]] = {}
        self._searched_for = ""
        self._open: list[PdfPages] = []  # closed when the viewer is destroyed
        holder = self._open
        self.destroyed.connect(lambda *_a: _close_open(holder))

        self.prev_button = self._tool("◀", self.previous_page)
        self.next_button = self._tool("▶", self.next_page)
        self.page_box = QSpinBox(self)
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self.go_to)
        self.page_count_label = QLabel(self)
        self.zoom_out_button = self._tool("−", self.zoom_out)
        self.zoom_box = QComboBox(self)
        self.zoom_box.addItem("", None)
        for z in ZOOMS:
            self.zoom_box.addItem(f"{round(z * 100)} %", z)
        self.zoom_box.activated.connect(self._zoom_picked)
        self.zoom_in_button = self._tool("+", self.zoom_in)
        self.fit_button = self._tool("↔", lambda: self.set_fit_width(True))
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self._search_or_next)
        self.search_box.textChanged.connect(self._search_edited)
        self.search_prev = self._tool("▲", self.previous_hit)
        self.search_next = self._tool("▼", self._search_or_next)
        self.search_info = QLabel(self)

        self.canvas = PageCanvas(self)
        self.canvas.region_drawn.connect(self.region_drawn)
        self.canvas.remove_asked.connect(self.region_remove_asked)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.canvas)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller.setWidgetResizable(False)
        # always there, so fitting the width does not make room for it and shrink again
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

        nav = QHBoxLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        widgets: tuple[QWidget, ...] = (self.prev_button, self.page_box, self.page_count_label,
                                         self.next_button)
        for w in widgets:
            nav.addWidget(w)
        nav.addStretch(1)
        widgets = (self.zoom_out_button, self.zoom_box, self.zoom_in_button, self.fit_button)
        for w in widgets:
            nav.addWidget(w)
        find = QHBoxLayout()
        find.setContentsMargins(0, 0, 0, 0)
        find.addWidget(self.search_box, 1)
        widgets = (self.search_prev, self.search_next, self.search_info)
        for w in widgets:
            find.addWidget(w)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(nav)
        self.box.addLayout(find)
        self.box.addWidget(self.scroller, 1)

        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                           (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
                           (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           (QKeySequence.StandardKey.Find, self.search_box.setFocus),
                           (QKeySequence.StandardKey.FindNext, self.next_hit),
                           (QKeySequence.StandardKey.FindPrevious, self.previous_hit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(ctx)
            shortcut.activated.connect(slot)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(60)
        self._fit_timer.timeout.connect(self._refit)
        self.retranslate()
        self._enable()

    def _tool(self, text: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _c=False: slot())
        return button

    # --- the document ---------------------------------------------------------------------------
    def set_document(self, pages: PdfPages | None, page: int = 1) -> None:
        """Show ``pages`` (the viewer closes the previous document)."""
        old = self.pages
        self._waiting.clear()
        self._cache.clear()
        self.hits, self.hit_index = [], -1
        self.regions = []
        self.pages = pages
        if old is not None and old is not pages:
            self._pool.waitForDone()  # a page being drawn from it finishes first
            old.close()
            if old in self._open:
                self._open.remove(old)
        if pages is not None and pages not in self._open:
            self._open.append(pages)
        self.page = max(1, min(page, pages.page_count if pages else 1))
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(pages.page_count if pages else 1)
        self.page_box.setValue(self.page)
        self.page_box.blockSignals(False)
        self.search_info.clear()
        self._enable()
        self.retranslate()
        if pages is not None:
            self._update_scale()
            self._show_page()
            if self.search_box.text().strip():
                self.search(self.search_box.text())

    def set_secret_boxes(self, boxes_for_page: Callable[[int], list[Box]]) -> None:
        self._secrets = boxes_for_page
        self.canvas.update()

    def secret_boxes(self, page: int) -> list[Box]:
        return self._secrets(page) if self.pages is not None else []

    def set_regions(self, regions: list[Region]) -> None:
        self.regions = list(regions)
        self.canvas.update()

    def widget(self) -> QWidget:
        return self

    def set_marking(self, on: bool) -> None:
        self.canvas.marking = on
        self.canvas.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def _enable(self) -> None:
        has = self.pages is not None
        count = self.pages.page_count if self.pages else 0
        self.prev_button.setEnabled(has and self.page > 1)
        self.next_button.setEnabled(has and self.page < count)
        widgets: tuple[QWidget, ...] = (self.page_box, self.zoom_box, self.zoom_out_button,
                                         self.zoom_in_button, self.fit_button, self.search_box)
        for w in widgets:
            w.setEnabled(has)
        self.search_prev.setEnabled(len(self.hits) > 1)
        self.search_next.setEnabled(has)

    # --- pages ----------------------------------------------------------------------------------
    def go_to(self, page: int) -> None:
        if self.pages is None:
            return
        page = max(1, min(int(page), self.pages.page_count))
        if page == self.page and self.canvas.image is not None:
            return
        self.page = page
        self.page_box.blockSignals(True)
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)
        self._enable()
        self._update_scale()
        self._show_page()
        self.scroller.verticalScrollBar().setValue(0)
        self.page_changed.emit(page)

    def next_page(self) -> None:
        self.go_to(self.page + 1)

    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    # --- zoom -----------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.fit_button.setChecked(False)
        self.zoom = max(ZOOMS[0] / 2, min(zoom, ZOOMS[-1] * 2))
        self._update_scale()
        self._show_page()

    def _zoom_picked(self, index: int) -> None:
        value = self.zoom_box.itemData(index)
        if value is not None:
            self.set_zoom(float(value))

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), self.zoom * 1.25))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6),
                           self.zoom / 1.25))

    def set_fit_width(self, on: bool) -> None:
        self.fit_width = on
        self.fit_button.setChecked(on)
        self._update_scale()
        self._show_page()

    def _update_scale(self) -> None:
        if self.pages is None:
            return
        if self.fit_width:
            width_pt = self.pages.geometry(self.page).view_size(1.0)[0]
            room = self.scroller.viewport().width() - 4
            self.zoom = max(0.1, room / (width_pt * SCREEN))
        self.scale = self.pages.fit_scale(self.page, self.zoom * SCREEN)
        self.zoom = self.scale / SCREEN
        # the first entry shows a zoom that is none of the steps (fit-width)
        text = f"{round(self.zoom * 100)} %"
        index = self.zoom_box.findText(text, Qt.MatchFlag.MatchExactly)
        if index <= 0:
            self.zoom_box.setItemText(0, text)
            index = 0
        self.zoom_box.setCurrentIndex(index)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width and self.pages is not None:
            self._fit_timer.start()

    def _refit(self) -> None:
        before = self.scale
        self._update_scale()
        if abs(self.scale - before) > 1e-3:
            self._show_page()

    def _show_page(self) -> None:
        pages = self.pages
        if pages is None:
            return
        geo = pages.geometry(self.page)
        w, h = geo.view_size(self.scale)
        self.canvas.setFixedSize(w, h)
        key = (self.page, round(self.scale, 3))
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            self.canvas.image = image
            self.canvas.update()
            self.page_shown.emit(self.page)
            return
        self.canvas.image = None
        self.canvas.update()
        ratio = self.devicePixelRatioF()
        page, scale = self.page, self.scale

        def draw() -> QImage:
            drawn = pages.render(page, scale * ratio)
            image = QImage(drawn.pixels, drawn.width, drawn.height, drawn.stride,
                           QImage.Format.Format_RGBX8888).copy()
            image.setDevicePixelRatio(ratio)
            return image

        def shown(result: Any) -> None:
            if isinstance(result, ScorebookError):
                self.search_info.setText(render(result.message))
                return
            self._cache[key] = result
            while len(self._cache) > CACHE:
                self._cache.popitem(last=False)
            if pages is self.pages and (self.page, round(self.scale, 3)) == key:
                self.canvas.image = result
                self.canvas.update()
                self.page_shown.emit(page)

        self._submit(draw, shown)

    def _submit(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self._jobs += 1
        self._waiting[self._jobs] = then
        self._pool.start(_Job(self._relay, self._jobs, work))

    def _job_done(self, number: int, result: object) -> None:
        then = self._waiting.pop(number, None)
        if then is not None:
            then(result)

    def wait_idle(self) -> None:
        self._pool.waitForDone()

    # --- search ---------------------------------------------------------------------------------
    def _search_edited(self, text: str) -> None:
        if not text.strip():
            self.hits, self.hit_index = [], -1
            self.search_info.clear()
            self._enable()
            self.canvas.update()

    def _search_or_next(self) -> None:
        text = self.search_box.text()
        if self.hits and self._searched_for == text:
            self.next_hit()
        else:
            self.search(text)

    def search(self, text: str) -> None:
        """Find ``text`` in every page (on the worker); the first place from this page on is
        shown when done."""
        pages = self.pages
        if pages is None or not text.strip():
            return
        self._searched_for = text
        self.search_info.setText(_("Searching…"))

        def found(result: Any) -> None:
            if pages is not self.pages:
                return
            if isinstance(result, ScorebookError):
                self.search_info.setText(render(result.message))
                return
            self.hits = list(result)
            after = [i for i, h in enumerate(self.hits) if h.page >= self.page]
            self.hit_index = (after[0] if after else 0) if self.hits else -1
            self._enable()
            self._show_hit()
            self.searched.emit(len(self.hits))

        self._submit(lambda: pages.find(text), found)

    def next_hit(self) -> None:
        if self.hits:
            self.hit_index = (self.hit_index + 1) % len(self.hits)
            self._show_hit()

    def previous_hit(self) -> None:
        if self.hits:
            self.hit_index = (self.hit_index - 1) % len(self.hits)
            self._show_hit()

    def _show_hit(self) -> None:
        if not self.hits:
            self.search_info.setText(_("Not found"))
            self.canvas.update()
            return
        hit = self.hits[self.hit_index]
        self.search_info.setText(_("{n} of {count}").format(n=self.hit_index + 1,
                                                            count=len(self.hits)))
        self.go_to(hit.page)
        self.canvas.update()
        if hit.rects:
            r = self.canvas.view_rect(hit.rects[0])
            self.scroller.ensureVisible(int(r.center().x()), int(r.center().y()), 40, 80)

    # --- text -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        count = self.pages.page_count if self.pages else 0
        self.page_count_label.setText(ngettext("of {count} page", "of {count} pages", count)
                                      .format(count=count))
        named: tuple[tuple[QWidget, str, str], ...] = (
                (self.prev_button, _("Previous page"), _("Previous page")),
                (self.next_button, _("Next page"), _("Next page")),
                (self.page_box, _("Page"), _("Go to page")),
                (self.zoom_out_button, _("Zoom out"), _("Zoom out")),
                (self.zoom_in_button, _("Zoom in"), _("Zoom in")),
                (self.zoom_box, _("Zoom"), _("Zoom")),
                (self.fit_button, _("Fit width"), _("Fit the page to the width")),
                (self.search_box, _("Search the document"), _("Search the document")),
                (self.search_prev, _("Previous place found"), _("Previous place found")),
                (self.search_next, _("Next place found"), _("Next place found")),
                (self.search_info, _("Search result"), ""),
                (self.canvas, _("Document page"), ""),
                (self.scroller, _("Document page"), ""))
        for w, name, tip in named:
            w.setAccessibleName(name)
            if tip:
                w.setToolTip(tip)
        self.search_box.setPlaceholderText(_("Search…"))
        if self.hits:
            self.search_info.setText(_("{n} of {count}").format(n=self.hit_index + 1,
                                                                count=len(self.hits)))

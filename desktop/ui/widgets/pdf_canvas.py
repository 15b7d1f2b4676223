"""The page of ``PdfView``: the drawn image, the highlights and the regions marked by hand.

In marking mode a drag draws a rectangle (``region_drawn``: the page and the box in PDF points);
a marked region's context menu offers its removal (``remove_asked``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from desktop.i18n import _
from desktop.services.pdf_pages import Box, Hit, PageGeometry, PdfPages

HIT_BG = QColor(255, 235, 59, 110)
CURRENT_HIT = QColor("#e65100")
SECRET_FILL = QColor(255, 152, 0, 90)
SECRET_EDGE = QColor("#e65100")
REGION_FILL = QColor(176, 0, 32, 60)
REGION_EDGE = QColor("#b00020")


@dataclass(frozen=True)
class Region:
    """A rectangle marked secret by hand (PDF points); ``key`` identifies it to the owner."""

    key: int
    page: int
    box: Box


class CanvasOwner(Protocol):
    """What the canvas reads from its viewer (``PdfView``)."""

    pages: PdfPages | None
    page: int
    scale: float
    hits: list[Hit]
    hit_index: int
    regions: list[Region]

    def secret_boxes(self, page: int) -> list[Box]: ...
    def widget(self) -> QWidget: ...


class PageCanvas(QWidget):
    """One drawn page with its overlays; in marking mode a drag draws a rectangle."""

    region_drawn = Signal(int, object)  # page, Box
    remove_asked = Signal(int)  # region key

    def __init__(self, viewer: CanvasOwner) -> None:
        super().__init__(viewer.widget())
        self.viewer = viewer
        self.image: QImage | None = None
        self.marking = False
        self._drag: tuple[QPointF, QPointF] | None = None
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    # geometry of what is shown
    def _geo(self) -> tuple[PageGeometry, float] | None:
        v = self.viewer
        if v.pages is None:
            return None
        return v.pages.geometry(v.page), v.scale

    def view_rect(self, box: Box) -> QRectF:
        found = self._geo()
        if found is None:
            return QRectF()
        geo, scale = found
        return QRectF(*geo.box_to_view(box, scale))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        v = self.viewer
        if self.image is not None:
            p.drawImage(QRectF(0, 0, self.width(), self.height()), self.image)
        else:
            p.setPen(QColor("#777777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Drawing the page…"))
        for box in v.secret_boxes(v.page):
            r = self.view_rect(box).adjusted(-1, -1, 1, 1)
            p.fillRect(r, SECRET_FILL)
            p.setPen(QPen(SECRET_EDGE, 1))
            p.drawRect(r)
        for i, hit in enumerate(v.hits):
            if hit.page != v.page:
                continue
            for box in hit.rects:
                r = self.view_rect(box).adjusted(-1, -1, 1, 1)
                p.fillRect(r, HIT_BG)
                if i == v.hit_index:
                    p.setPen(QPen(CURRENT_HIT, 2))
                    p.drawRect(r)
        for region in v.regions:
            if region.page != v.page:
                continue
            r = self.view_rect(region.box)
            p.fillRect(r, QBrush(REGION_FILL))
            p.fillRect(r, QBrush(REGION_EDGE, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(REGION_EDGE, 2))
            p.drawRect(r)
        if self._drag is not None:
            p.setPen(QPen(REGION_EDGE, 1, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self._drag[0], self._drag[1]).normalized())
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.marking and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.position(), event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position())
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        start, end = self._drag[0], event.position()
        self._drag = None
        self.update()
        rect = QRectF(start, end).normalized().intersected(QRectF(self.rect()))
        found = self._geo()
        if found is None or rect.width() < 4 or rect.height() < 4:
            return
        geo, scale = found
        box = geo.box_from_view(rect.left(), rect.top(), rect.right(), rect.bottom(), scale)
        self.region_drawn.emit(self.viewer.page, box)

    def region_at(self, point: QPointF) -> Region | None:
        for region in self.viewer.regions:
            if region.page == self.viewer.page and self.view_rect(region.box).contains(point):
                return region
        return None

    def menu_at(self, point: QPointF) -> QMenu | None:
        """The context menu for ``point``: removing the marked region there, if any."""
        region = self.region_at(point)
        if region is None:
            return None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        action = menu.addAction(_("&Remove this secret region"))
        action.triggered.connect(lambda: self.remove_asked.emit(region.key))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.menu_at(QPointF(event.pos()))
        if menu is not None:
            menu.popup(event.globalPos())

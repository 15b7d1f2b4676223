"""The document viewer on real PDFs (reportlab, in memory): pages, zoom, Chinese search,
highlights, regions drawn with the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.pdf_pages import Box, PdfPages
from desktop.ui.widgets.pdf_view import PdfView, Region
from tests.pdf_samples import report_pages, text_pdf
from tests.ui.helpers import key_click

SECRET = "稀土萃取工艺参数保密条款第七项"
NONE = Qt.KeyboardModifier.NoModifier


def input_method(widget: QWidget, text: str) -> None:
    """Commit text as a Chinese input method does (QTest cannot type it key by key)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def viewer_on(qtbot: QtBot, data: bytes) -> PdfView:
    view = PdfView()
    view.resize(700, 800)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        view.set_document(PdfPages(data))
    view.destroyed.connect(lambda: None)
    qtbot.addWidget(view, before_close_func=lambda v: v.set_document(None))
    return view


def pixel(view: PdfView, box: Box) -> QColor:
    centre = view.canvas.view_rect(box).center().toPoint()
    return view.canvas.grab().toImage().pixelColor(centre)


def test_pages_keys_and_the_page_box(qtbot: QtBot) -> None:
    view = viewer_on(qtbot, text_pdf(report_pages(5, SECRET)))
    assert view.page == 1 and view.canvas.image is not None
    assert not view.prev_button.isEnabled()
    view.canvas.setFocus()
    with qtbot.waitSignal(view.page_shown, timeout=10000) as shown:
        key_click(view.canvas, Qt.Key.Key_PageDown)
    assert shown.args == [2] and view.page_box.value() == 2
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        view.page_box.setValue(5)
    assert view.page == 5 and not view.next_button.isEnabled()
    view.next_page()  # past the end: stays
    assert view.page == 5
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        key_click(view.canvas, Qt.Key.Key_PageUp)
    assert view.page == 4
    assert "5" in view.page_count_label.text()


def test_zoom_and_fit_width(qtbot: QtBot) -> None:
    view = viewer_on(qtbot, text_pdf(report_pages(2, SECRET)))
    assert view.fit_width
    room = view.scroller.viewport().width()
    assert room - 10 <= view.canvas.width() <= room  # fitted to the width
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        view.set_zoom(1.0)
    assert not view.fit_width and view.zoom_box.currentText() == "100 %"
    width = view.canvas.width()
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        view.zoom_in()
    assert view.zoom_box.currentText() == "125 %"
    assert view.canvas.width() > width
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        view.zoom_out()
        view.zoom_out()
    assert view.canvas.width() < width
    with qtbot.waitSignal(view.page_shown, timeout=10000):
        qtbot.mouseClick(view.fit_button, Qt.MouseButton.LeftButton)
    assert view.fit_width and view.canvas.width() <= room


def test_search_finds_chinese_and_highlights_it(qtbot: QtBot) -> None:
    view = viewer_on(qtbot, text_pdf(report_pages(4, SECRET, secret_page=3)))
    input_method(view.search_box, "萃取工艺")
    with qtbot.waitSignal(view.searched, timeout=10000) as found:
        key_click(view.search_box, Qt.Key.Key_Return)
    assert found.args == [1]
    qtbot.waitUntil(lambda: view.page == 3 and view.canvas.image is not None)
    assert view.search_info.text()  # "1 of 1", translated
    hit = view.hits[0].rects[0]
    colour = pixel(view, Box(hit.x0, hit.y0, hit.x0 + 2, hit.y1))
    assert colour.red() > 200 and colour.blue() < 200  # yellow over the text
    # a word on every page: next/previous go round
    view.search_box.clear()
    input_method(view.search_box, "满意度")
    with qtbot.waitSignal(view.searched, timeout=10000) as found:
        key_click(view.search_box, Qt.Key.Key_Return)
    assert found.args == [4]
    first = view.hit_index
    key_click(view.search_box, Qt.Key.Key_Return)
    assert view.hit_index == (first + 1) % 4
    view.previous_hit()
    assert view.hit_index == first


def test_secret_boxes_are_painted(qtbot: QtBot) -> None:
    pages = text_pdf(report_pages(2, SECRET, secret_page=1))
    view = viewer_on(qtbot, pages)
    assert view.pages is not None
    (hit,) = view.pages.find(SECRET)
    before = pixel(view, hit.rects[0])
    view.set_secret_boxes(lambda page: list(hit.rects) if page == 1 else [])
    after = pixel(view, hit.rects[0])
    assert after != before
    assert after.red() > after.blue() + 40  # orange


def test_a_region_is_drawn_with_the_mouse_and_shown(qtbot: QtBot) -> None:
    view = viewer_on(qtbot, text_pdf(report_pages(2, SECRET)))
    view.set_marking(True)
    with qtbot.waitSignal(view.region_drawn) as drawn:
        QTest.mousePress(view.canvas, Qt.MouseButton.LeftButton, NONE, QPoint(40, 50))
        QTest.mouseMove(view.canvas, QPoint(200, 120))
        QTest.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, NONE, QPoint(200, 120))
    page, box = drawn.args
    assert page == 1 and isinstance(box, Box)
    assert box.x1 > box.x0 and box.y1 > box.y0
    assert box.y0 > 400  # near the top of an A4 page (y upwards)
    view.set_regions([Region(7, 1, box)])
    colour = pixel(view, box)
    assert colour.red() > colour.green() + 30  # red, hatched
    # its context menu offers the removal
    centre = view.canvas.view_rect(box).center()
    menu = view.canvas.menu_at(centre)
    assert menu is not None
    with qtbot.waitSignal(view.region_remove_asked) as asked:
        menu.actions()[0].trigger()
    assert asked.args == [7]
    menu.deleteLater()
    assert view.canvas.menu_at(centre + QPointF(2000, 0)) is None  # elsewhere: no menu

"""FlowRow: a row of buttons wraps onto further lines instead of widening the window."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.flow import FlowRow


def _page(qtbot: QtBot) -> tuple[QWidget, FlowRow, list[QPushButton]]:
    page = QWidget()
    qtbot.addWidget(page)
    box = QVBoxLayout(page)
    row = FlowRow()
    buttons = [QPushButton(f"A long action label number {n}…") for n in range(7)]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)  # accepted where a QHBoxLayout stood
    box.addLayout(row)
    box.addStretch(1)
    return page, row, buttons


def test_the_row_asks_only_for_its_widest_button(qtbot: QtBot) -> None:
    page, row, buttons = _page(qtbot)
    one_line = sum(b.sizeHint().width() for b in buttons)
    widest = max(b.sizeHint().width() for b in buttons)
    assert row.minimumSize().width() == widest
    assert page.minimumSizeHint().width() < one_line  # the page no longer forces one line


def test_buttons_wrap_in_order_and_keep_their_size(qtbot: QtBot) -> None:
    page, row, buttons = _page(qtbot)
    page.resize(500, 400)
    page.show()
    qtbot.waitExposed(page)
    tops = [b.geometry().top() for b in buttons]
    assert len(set(tops)) > 1 and tops == sorted(tops)  # several lines, in order
    assert all(b.geometry().right() <= page.width() for b in buttons)  # none off the edge
    assert all(b.width() == b.sizeHint().width() for b in buttons)  # no label squeezed
    assert row.heightForWidth(500) > buttons[0].sizeHint().height() * 2


def test_insert_widget_keeps_its_place(qtbot: QtBot) -> None:
    page, row, buttons = _page(qtbot)
    extra = QPushButton("Inserted")
    row.insertWidget(1, extra)
    page.resize(4000, 200)
    page.show()
    qtbot.waitExposed(page)
    assert buttons[0].geometry().right() < extra.geometry().left() < buttons[1].geometry().left()

"""Mongolian in message boxes and the help runs top to bottom; Chinese stays as Qt shows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.i18n import _
from desktop.i18n.mongolian import has_mongolian
from desktop.ui.fonts import FontSet
from desktop.ui.help import HelpDialog, help_text
from desktop.ui.widgets.vertical_message import (
    VerticalPane,
    install,
    message_body,
    verticalise,
)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _box(qtbot: QtBot) -> QMessageBox:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(_("Every item is scored. Export now?"))
    box.setInformativeText("\n".join([_("To: {folder}").format(folder="/media/usb"),
                                      _("Not every applicant has a panel score yet.")]))
    box.addButton(_("E&xport"), QMessageBox.ButtonRole.AcceptRole)
    return box


def test_a_mongolian_message_box_has_a_vertical_body_with_all_its_text(
        qtbot: QtBot, fonts: FontSet, language: None) -> None:
    i18n.set_language("mn_Mong_CN")
    box = _box(qtbot)
    body = verticalise(box)
    box.show()
    qtbot.waitExposed(box)
    assert body is not None and body is message_body(box) and body.is_vertical()
    assert body.text() == f"{box.text()}\n{box.informativeText()}"
    assert has_mongolian(body.text()) and "/media/usb" in body.text()
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and not label.isVisible()  # Qt's horizontal label is hidden
    assert body.isVisible()
    layout = body.vertical_layout(body.contentsRect().height())
    assert "".join(layout.texts).replace(" ", "") == \
        body.text().replace(" ", "").replace("\n", "")  # every word placed, none dropped
    assert layout.length <= body.contentsRect().height() + 1  # no column runs past the body
    assert body.width() >= body.renderer().size(layout).width() - 1  # no column cut off
    assert box.rect().contains(body.geometry())  # the box is big enough for its body


def test_a_chinese_message_box_is_left_as_qt_shows_it(
        qtbot: QtBot, fonts: FontSet, language: None) -> None:
    i18n.set_language("zh_CN")
    box = _box(qtbot)
    assert verticalise(box) is None and message_body(box) is None
    box.show()
    qtbot.waitExposed(box)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.isVisible() and label.text() == box.text()


def test_the_help_in_mongolian_is_a_vertical_pane_with_every_step(
        qtbot: QtBot, qapp: QApplication, fonts: FontSet, language: None) -> None:
    i18n.set_language("mn_Mong_CN")
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.set_role("reviewer")
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = dialog.shown_page()
    assert isinstance(shown, VerticalPane) and shown.isVisible()
    assert shown.text() == help_text("reviewer") and shown.label.is_vertical()
    assert _("Export the score bundle") in shown.text() and "Ctrl+E" in shown.text()
    label = shown.label
    layout = label.vertical_layout(label.contentsRect().height())
    assert "".join(layout.texts).replace(" ", "") == \
        shown.text().replace(" ", "").replace("\n", "")
    assert label.width() >= label.renderer().size(layout).width()  # scrolls, not cut
    i18n.set_language("zh_CN")
    dialog.retranslate()
    assert not isinstance(dialog.shown_page(), VerticalPane)  # Chinese: the browser as before


def test_every_message_box_shown_is_verticalised_once_installed(
        qtbot: QtBot, qapp: QApplication, fonts: FontSet, language: None) -> None:
    i18n.set_language("mn_Mong_CN")
    boxes = install(qapp)
    try:
        box = QMessageBox(QMessageBox.Icon.Question, _("Finalise consensus"),
                          _("Every item is scored. Export now?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(box)
        box.open()  # as QMessageBox.question shows its box: nobody called verticalise
        qtbot.waitExposed(box)
        body = message_body(box)
        assert body is not None and body.isVisible() and body.text() == box.text()
        assert box.rect().contains(body.geometry())
    finally:
        qapp.removeEventFilter(boxes)

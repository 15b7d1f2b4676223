"""The office pages' titles and form labels stand vertical, left of what they head or label, in
Mongolian; in Chinese they stay as before; a run-time switch turns them both ways."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.controller import PAGE_KEYS
from desktop.ui.office.dialogs import OpenWorkspaceDialog
from desktop.ui.widgets.field_label import FieldLabel
from tests.ui.geometry import (
    above,
    beside,
    left_of,
    lying,
    press_mnemonic,
    rect_in,
    settle,
    standing,
)

SWITCHES = (("zh_CN", False), ("mn_Mong_CN", True), ("zh_CN", False))


def _switch(window: MainWindow, language: str) -> None:
    window.language.apply(language, remember=False)
    settle()


def _labelled(page: QWidget) -> list[tuple[FieldLabel, QWidget]]:
    """Every field label of a page with its buddy (the page's title has none)."""
    pairs = []
    for label in page.findChildren(FieldLabel):
        buddy = label.buddy()
        if buddy is not None and buddy.isVisible():
            pairs.append((label, buddy))
    return pairs


def test_every_office_page_title_and_form_label_turns_with_the_language(
        window: MainWindow, office: OfficeController) -> None:
    try:
        for language, vertical in SWITCHES:
            _switch(window, language)
            for name in PAGE_KEYS:
                key = name.removeprefix("office_")
                window.show_page(name)
                settle()
                page = office.page(key)
                heading, content = page.heading.geometry(), page.box.geometry()
                if vertical:
                    assert standing(page.heading), key
                    assert heading.right() < content.left(), key  # at the page's left edge
                    assert abs(heading.top() - content.top()) <= 12, key
                else:
                    assert lying(page.heading), key
                    assert heading.bottom() <= content.top(), key  # above the page, as before
                for label, field in _labelled(page):
                    assert (standing(label) if vertical else lying(label)), (key, label.text())
                    assert left_of(label, field, page), (key, label.text())
    finally:
        _switch(window, "en")


def test_notice_form_goes_into_one_row_in_mongolian_and_back(
        window: MainWindow, office: OfficeController) -> None:
    page = office.page("notices")
    try:
        for language, vertical in SWITCHES:
            _switch(window, language)
            window.show_page("office_notices")
            settle()
            tops = [rect_in(label, page).top() for label in page.labels]
            if vertical:
                assert len(set(tops)) == 1  # side by side: three rows would stand too tall
                lefts = [rect_in(label, page).left() for label in page.labels]
                assert lefts == sorted(lefts)
            else:
                assert tops == sorted(tops) and len(set(tops)) == 3  # one field a row
                assert len({rect_in(f, page).left()
                            for f in (page.notice, page.published, page.refs)}) == 1
            for label, field in zip(page.labels, (page.notice, page.published, page.refs),
                                    strict=True):
                assert label.buddy() is field
            caption, table = page.objections_label, page.objections_view
            if vertical:
                assert standing(caption) and beside(caption, page.objection_applicant, page)
                assert rect_in(caption, page).right() < rect_in(table, page).left()
            else:
                assert lying(caption) and above(caption, page.objection_applicant, page)
    finally:
        _switch(window, "en")


def test_conflict_captions_stand_beside_their_tables(
        window: MainWindow, office: OfficeController) -> None:
    page = office.page("conflicts")
    try:
        for language, vertical in SWITCHES:
            _switch(window, language)
            window.show_page("office_conflicts")
            settle()
            for caption, table in ((page.register_label, page.register_view),
                                   (page.suggest_label, page.suggest_view)):
                if vertical:
                    assert standing(caption)
                    assert rect_in(caption, page).right() < rect_in(table, page).left()
                else:
                    assert lying(caption)
                    assert rect_in(caption, page).bottom() <= rect_in(table, page).top()
            if not vertical:  # the suggestions' caption shares the row of its button
                assert left_of(page.suggest_label, page.accept_button, page)
    finally:
        _switch(window, "en")


def test_open_dialog_labels_stand_and_their_mnemonics_focus_the_fields(
        qtbot: QtBot, window: MainWindow) -> None:
    try:
        for language, vertical in SWITCHES:
            _switch(window, language)
            dialog = OpenWorkspaceDialog(window)
            qtbot.addWidget(dialog)
            dialog.postgres.setChecked(True)  # the URL field takes input
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            settle()
            for label, field in ((dialog.folder_label, dialog.folder),
                                 (dialog.url_label, dialog.url),
                                 (dialog.passphrase_label, dialog.passphrase)):
                assert (standing(label) if vertical else lying(label)), label.text()
                assert left_of(label, field, dialog)
                dialog.browse.setFocus()
                qtbot.waitUntil(dialog.browse.hasFocus)
                press_mnemonic(label)
                qtbot.waitUntil(field.hasFocus)
                assert field.accessibleName()
            dialog.reject()
    finally:
        _switch(window, "en")

"""The reviewer's titles and field labels stand vertical, left of what they label, in Mongolian;
in Chinese they stay where they were; a run-time switch turns them both ways; every mnemonic
still focuses its field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.dialogs import FeedbackDialog, RecusalDialog
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
from tests.ui.mnemonics import clashes, mnemonics
from tests.ui.reviewer.world import Team


def _open(qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
          tmp_path: Path) -> None:
    controller.set_case(team.create("R001", tmp_path / "case"))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    controller.open_applicant("A001")


def _switch(window: MainWindow, language: str) -> None:
    window.language.apply(language, remember=False)
    settle()


def _check_scorebook(window: MainWindow, controller: ReviewerController, vertical: bool) -> None:
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    assert view is not None
    window.show_page("scorebook")
    settle()
    pairs = ((view.strengths_label, view.strengths), (view.improvements_label,
                                                       view.improvements),
             (view.item_title, view._bands_scroll), (page.materials.title, page.materials.picker))
    if vertical:
        assert standing(page.title)
        assert rect_in(page.title, page).right() < rect_in(page.splitter, page).left()
        assert rect_in(page.title, page).right() < rect_in(page.stage, page).left()
        for label, field in pairs:
            assert standing(label), label.text()
            assert beside(label, field, page), label.text()
        for label, field in ((page.stage_label, page.stage),
                             (page.panel_label, page.panel_stage)):
            assert standing(label) and left_of(label, field, page)
        # the two comment boxes stay aligned one above the other
        assert rect_in(view.strengths, page).left() == rect_in(view.improvements, page).left()
    else:
        assert lying(page.title)
        # the title heads the stage row, as it always did
        assert left_of(page.title, page.stage_label, page)
        assert abs(rect_in(page.title, page).center().y()
                   - rect_in(page.stage, page).center().y()) < 12
        for label, field in pairs:
            assert lying(label) and above(label, field, page), label.text()
        for label, field in ((page.stage_label, page.stage),
                             (page.panel_label, page.panel_stage)):
            assert lying(label) and left_of(label, field, page)


def _focus_by_mnemonic(qtbot: QtBot, label: FieldLabel, elsewhere: QWidget,
                       *rivals: QWidget) -> None:
    """Alt+letter moves the focus to the label's field; ``rivals`` (if any) are disabled
    meanwhile, so the one press is the label's."""
    buddy = label.buddy()
    assert buddy is not None
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    for rival in rivals:
        rival.setEnabled(False)
    try:
        press_mnemonic(label)
        qtbot.waitUntil(buddy.hasFocus)
    finally:
        for rival in rivals:
            rival.setEnabled(True)


def test_scorebook_labels_turn_with_the_language_and_mnemonics_focus_their_fields(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    _open(qtbot, window, controller, team, tmp_path)
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    assert view is not None
    try:
        for language, vertical in (("zh_CN", False), ("mn_Mong_CN", True), ("zh_CN", False)):
            _switch(window, language)
            _check_scorebook(window, controller, vertical)
            _focus_by_mnemonic(qtbot, view.strengths_label, view.table)
            for label in (view.improvements_label, page.stage_label, page.panel_label):
                _focus_by_mnemonic(qtbot, label, view.table)
            assert view.strengths.accessibleName() and view.improvements.accessibleName()
    finally:
        _switch(window, "en")


def test_applicants_and_export_titles_and_the_folder_label(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    _open(qtbot, window, controller, team, tmp_path)
    applicants, export = controller.applicants, controller.export
    assert applicants is not None and export is not None
    try:
        for language, vertical in (("zh_CN", False), ("mn_Mong_CN", True), ("zh_CN", False)):
            _switch(window, language)
            window.show_page("applicants")
            settle()
            if vertical:
                assert standing(applicants.heading)
                assert beside(applicants.heading, applicants.hint, applicants)
            else:
                assert lying(applicants.heading)
                assert above(applicants.heading, applicants.hint, applicants)
            window.show_page("export")
            settle()
            if vertical:
                assert standing(export.heading) and beside(export.heading, export.hint, export)
                assert standing(export.folder_label)
            else:
                assert lying(export.heading) and above(export.heading, export.hint, export)
                assert lying(export.folder_label)
            assert left_of(export.folder_label, export.folder, export)
            _focus_by_mnemonic(qtbot, export.folder_label, export.browse)
    finally:
        _switch(window, "en")


def test_recusal_and_feedback_forms_stand_their_labels_beside_the_fields(
        qtbot: QtBot, window: MainWindow) -> None:
    for make in (RecusalDialog, FeedbackDialog):
        for language, vertical in (("zh_CN", False), ("mn_Mong_CN", True), ("zh_CN", False)):
            _switch(window, language)
            dialog = make("内蒙古河套食品股份有限公司", lambda _a, _b: None, window)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            settle()
            labels = [w for w in dialog.findChildren(FieldLabel)]
            assert len(labels) == 2
            for label in labels:
                field = label.buddy()
                assert field is not None
                assert (standing(label) if vertical else lying(label)), label.text()
                assert left_of(label, field, dialog)
                _focus_by_mnemonic(qtbot, label, dialog.buttons)
            dialog.reject()
    _switch(window, "en")


def test_no_two_controls_on_a_page_share_a_mnemonic(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    _open(qtbot, window, controller, team, tmp_path)
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            _switch(window, language)
            for page in ("applicants", "scorebook", "export"):
                window.show_page(page)
                settle()
                assert len(mnemonics(window)) > 5, (language, page)
                assert clashes(window) == [], (language, page)
    finally:
        _switch(window, "en")

"""Export and team-leader import with real progress and Cancel; the USB-stick picker; File ›
Print… for the score sheet; comments saved while typing. Real case files, real bundles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.crypto.bundle import open_bundle
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.roster import verify_roster
from desktop.services.case import CaseSession
from desktop.services.catalogue import framework
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.export_page import ExportPage
from desktop.ui.tasks import TaskHandle, TaskRunner, Work
from desktop.ui.widgets.destination import removable_drives
from desktop.ui.widgets.save_state import SaveState
from tests.ui.helpers import key_clicks
from tests.ui.mnemonics import clashes
from tests.ui.reviewer.world import Team, click_export

ITEMS = [i.id for i in framework().items]


class UiThreadRunner(TaskRunner):
    """Runs each task in the UI thread on the next turn of the event loop: its progress reaches
    the widgets at once, so a Cancel pressed on a given step lands before the next one."""

    def _start(self, handle: TaskHandle, work: Work) -> None:
        QTimer.singleShot(0, self, lambda: handle._run(work))


@pytest.fixture
def stepped(window: MainWindow, tmp_path: Path) -> Iterator[ReviewerController]:
    ctrl = ReviewerController(window, UiThreadRunner(), identity_folder=tmp_path / "identity",
                              kdf=CHEAP_KDF)
    yield ctrl
    ctrl.close()


def _case(team: Team, tmp_path: Path, reviewer: str = "R001") -> CaseSession:
    case = team.create(reviewer, tmp_path / f"case-{reviewer}")
    case.score_item("A001", "onsite", ITEMS[0], 70)
    return case


def _export_page(window: MainWindow, controller: ReviewerController, stick: Path) -> ExportPage:
    window.show()
    window.act_export.trigger()
    page = controller.export
    assert page is not None and window.current_page() == "export"
    stick.mkdir(exist_ok=True)
    page.folder.setText(str(stick))
    return page


def test_export_reports_each_step_and_says_safe_to_remove(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    controller.set_case(_case(team, tmp_path))
    page = _export_page(window, controller, tmp_path / "usb")
    seen: list[int] = []
    page.progress.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(page.done, timeout=20_000) as blocker:
        click_export(page)
        assert page.progress.isVisibleTo(page) and page.progress.cancel_button.isEnabled()
    assert seen == [0, 1, 2, 3] and page.progress.bar.maximum() == 3
    assert not page.progress.isVisibleTo(page) and page.phase.text() == ""
    assert "Safe to remove" in page.message.text()
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == [blocker.args[0].path.name]


@pytest.mark.parametrize("step", [0, 1, 2])
def test_cancel_on_any_step_leaves_no_file_and_a_later_export_works(
        qtbot: QtBot, window: MainWindow, stepped: ReviewerController, team: Team,
        tmp_path: Path, step: int) -> None:
    case = _case(team, tmp_path)
    stepped.set_case(case)
    audit_rows = case.audit_count()
    stick = tmp_path / "usb"
    page = _export_page(window, stepped, stick)
    phases: list[str] = []

    def on_value(value: int) -> None:
        phases.append(page.phase.text())
        if value == step:
            page.progress.cancel_button.click()

    page.progress.bar.valueChanged.connect(on_value)
    with qtbot.waitSignal(page.cancelled, timeout=20_000):
        click_export(page)
    page.progress.bar.valueChanged.disconnect(on_value)
    assert list(stick.iterdir()) == [], "no bundle and no temporary file is left"
    assert "cancelled" in page.message.text() and "Safe to remove" not in page.message.text()
    assert phases[-1].startswith(("Sealing", "Writing", "Verifying")[step])
    assert window.nav.isEnabled() and page.export_button.isEnabled()
    assert window.save_indicator.state() is SaveState.SAVED
    # a cancelled export records nothing: no revision used, no audit row, nothing listed
    assert case.status().exports == () and case.audit_count() == audit_rows

    with qtbot.waitSignal(page.done, timeout=20_000) as blocker:
        click_export(page)
    result = blocker.args[0]
    assert [p.name for p in stick.iterdir()] == [result.path.name]
    assert result.revision == 1
    assert [e.revision for e in case.status().exports] == [1]


def test_export_to_a_missing_folder_says_why_and_records_nothing(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = _case(team, tmp_path)
    controller.set_case(case)
    audit_rows = case.audit_count()
    page = _export_page(window, controller, tmp_path / "usb")
    missing = tmp_path / "MISSING_FOLDER"
    page.folder.setText(str(missing))
    with qtbot.waitSignal(page.failed, timeout=20_000) as blocker:
        click_export(page)
    text = page.message.text()
    assert "Not exported" in text and "Could not write to" in text and str(missing) in text
    assert "Safe to remove" not in text and blocker.args[0] in text
    assert case.status().exports == () and case.audit_count() == audit_rows
    assert page.export_button.isEnabled() and window.nav.isEnabled()
    page.folder.setText(str(tmp_path / "usb"))
    with qtbot.waitSignal(page.done, timeout=20_000) as done:
        click_export(page)
    assert done.args[0].revision == 1


def test_usb_sticks_are_listed_with_their_free_space(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    for root, _name, _free in removable_drives():  # whatever this machine has mounted
        assert root not in ("/", "/boot") and not root.startswith(("/proc", "/sys", "/dev"))
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    controller.set_case(_case(team, tmp_path))
    page = ExportPage(controller.runner, controller._export_work,
                      drives=lambda: [(str(stick), "KINGSTON", 7_500_000_000)])
    qtbot.addWidget(page)
    page.show()
    assert page.drive.count() == 1 and page.drive.isEnabled()
    text = page.drive.itemText(0)
    assert "KINGSTON" in text and "free" in text and str(stick) in text
    assert page.folder.text() == str(stick)  # the only stick is chosen
    with qtbot.waitSignal(page.done, timeout=20_000) as blocker:
        click_export(page)
    assert blocker.args[0].path.parent == stick

    none = ExportPage(controller.runner, controller._export_work, drives=lambda: [])
    qtbot.addWidget(none)
    none.show()
    assert not none.drive.isEnabled() and "No USB stick" in none.drive.itemText(0)
    assert none.folder.text() == "" and none.browse.isEnabled()


def test_export_page_renders_and_has_unique_mnemonics(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    controller.set_case(_case(team, tmp_path))
    page = _export_page(window, controller, tmp_path / "usb")
    qtbot.waitExposed(window)
    assert clashes(window) == []
    for widget in (page.drive, page.refresh_button, page.progress, page.phase):
        assert widget.accessibleName()
    out = tmp_path / "export-page.png"
    assert page.grab().save(str(out)) and out.stat().st_size > 0


def _bundles(team: Team, tmp_path: Path) -> list[Path]:
    out = []
    for rid, pct in (("R001", 30), ("R003", 80)):
        with team.create(rid, tmp_path / f"member-{rid}") as case:
            for item in ITEMS:
                case.score_item("A001", "onsite", item, pct if item == ITEMS[0] else 50)
            (tmp_path / "usb").mkdir(exist_ok=True)
            out.append(case.export_bundle(tmp_path / "usb").path)
    return out


def test_leader_import_shows_progress_per_bundle_and_cancel_keeps_those_done(
        qtbot: QtBot, window: MainWindow, stepped: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    b1, b3 = _bundles(team, tmp_path)
    stepped.set_case(team.create("R002", tmp_path / "case-leader"))
    page = stepped.leader
    assert page is not None
    window.show_page("leader")
    seen: list[int] = []

    def on_value(value: int) -> None:
        seen.append(value)
        if value == 1:
            assert page.progress.bar.maximum() == 2
            page.progress.cancel_button.click()

    page.progress.bar.valueChanged.connect(on_value)
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_files([b1, b3])
    page.progress.bar.valueChanged.disconnect(on_value)
    assert seen == [0, 1]
    assert page.report.rowCount() == 1 and "(R001)" in page.report.index(0, 1).data()  # name (id)
    assert "Cancelled: 1 of 2" in page.import_message.text()
    assert page.pick.isEnabled() and not page.progress.isVisibleTo(page)

    seen.clear()
    page.progress.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_files([b1, b3])
    assert seen == [0, 1, 2]
    outcomes = [page.report.index(r, 4).data() for r in range(page.report.rowCount())]
    assert outcomes == ["New", "Duplicate", "New"]
    assert "2 bundles imported" in page.import_message.text()


def test_print_prints_the_current_score_sheet_and_follows_the_page(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not window.act_print.isEnabled() and window.act_print.toolTip()
    case = team.create("R001", tmp_path / "case")
    for item in ITEMS:
        case.score_item("A001", "onsite", item, 60)
    controller.set_case(case)
    window.show()
    controller.open_applicant("A001")
    assert window.current_page() == "scorebook" and window.act_print.isEnabled()
    out = tmp_path / "sheet.pdf"
    monkeypatch.setattr("desktop.ui.reviewer.controller.save_file",  # the person's choice
                        lambda *_a, **_k: str(out))
    with qtbot.waitSignal(controller.printed, timeout=60_000) as blocker:
        window.act_print.trigger()
    assert blocker.args[0].path == out and out.read_bytes().startswith(b"%PDF")
    assert blocker.args[0].applicant == "A001"
    window.show_page("export")
    assert not window.act_print.isEnabled() and "Nothing to print" in window.act_print.toolTip()
    window.show_page("applicants")
    assert window.act_print.isEnabled()


def test_print_refusal_is_said_plainly(qtbot: QtBot, window: MainWindow,
                                       controller: ReviewerController, team: Team,
                                       tmp_path: Path) -> None:
    controller.set_case(_case(team, tmp_path))  # one item scored: the sheet is incomplete
    controller.open_applicant("A001")
    with qtbot.waitSignal(controller.print_failed, timeout=20_000) as blocker:
        assert controller.print_score_sheet(tmp_path / "sheet.pdf")
    assert blocker.args[0] and not (tmp_path / "sheet.pdf").exists()
    assert "Not printed" in window.statusBar().currentMessage()


def test_typing_a_comment_saves_it_without_leaving_the_box(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = _case(team, tmp_path)
    controller.set_case(case)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    controller.open_applicant("A001")
    assert controller.scorebook is not None
    view = controller.scorebook.current_view()
    assert view is not None and view.table.current_item_id() == ITEMS[0]
    stage = controller.scorebook.stage_id
    assert stage is not None
    view.strengths.setFocus()
    qtbot.waitUntil(view.strengths.hasFocus)
    undo_steps = window.undo.stack.count()

    def saved() -> str:
        return next(v.strengths for v in case.scores("A001", stage) if v.item_id == ITEMS[0])

    key_clicks(view.strengths, "Clear deployment")
    assert window.save_indicator.state() is SaveState.SAVING
    assert view.save_timer.isActive() and saved() == ""
    qtbot.waitUntil(lambda: saved() == "Clear deployment", timeout=5000)
    assert QApplication.focusWidget() is view.strengths  # no focus-out was needed
    assert window.save_indicator.state() is SaveState.SAVED
    assert window.undo.stack.count() == undo_steps + 1  # one undo step, not one per key

    key_clicks(view.strengths, " in all plants")
    qtbot.waitUntil(lambda: saved() == "Clear deployment in all plants", timeout=5000)
    assert window.undo.stack.count() == undo_steps + 2
    window.undo.stack.undo()
    assert saved() == "Clear deployment"
    assert view.strengths.toPlainText() == "Clear deployment"  # the editor shows it


def test_a_comment_typed_just_before_an_export_goes_with_the_bundle(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = _case(team, tmp_path)
    controller.set_case(case)
    window.show()
    controller.open_applicant("A001")
    assert controller.scorebook is not None
    view = controller.scorebook.current_view()
    assert view is not None
    view.strengths.setFocus()
    key_clicks(view.strengths, "Strong leadership")
    assert view.save_timer.isActive()
    page = _export_page(window, controller, tmp_path / "usb")
    with qtbot.waitSignal(page.done, timeout=20_000) as blocker:
        click_export(page)
    assert not view.save_timer.isActive()
    roster = verify_roster(team.roster_bytes, team.office.root_fingerprint, None)
    opened = open_bundle(blocker.args[0].path.read_bytes(), team.office, roster)
    scores = opened.manifest["snapshot"]["scores"]
    assert [s["strengths"] for s in scores if s["item_id"] == ITEMS[0]] == ["Strong leadership"]

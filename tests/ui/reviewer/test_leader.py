"""The team leader's page, a view of ``TeamLeader`` on real case files, packages and bundles:
import the team's bundles, see the divergence, record and finalise a consensus (each edit saved
at once), resolve a fork, export the signed consensus; all of it still there after quitting,
locking and a language switch, and what the command line or another session did shows here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.cli.main import main as cli
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.roster import verify_roster
from desktop.services.case import open_case
from desktop.services.catalogue import framework
from desktop.services.leader import TeamLeader
from desktop.services.office.merge import read_bundles
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_models import FLAG_BG, ConsensusModel
from desktop.ui.reviewer.leader_page import CONSENSUS_TAB, IMPORT_TAB, OVERVIEW_TAB, LeaderPage
from desktop.ui.settings import Settings
from tests.ui.helpers import check_model
from tests.ui.mnemonics import clashes
from tests.ui.reviewer import world
from tests.ui.reviewer.world import NAMES, PASSPHRASE, Team

ITEMS = [i.id for i in framework().items]
ITEM = ITEMS[0]
RATIONALE = "Site visit showed deployment in two of five plants."


def _bundles(team: Team, tmp_path: Path, applicants: tuple[str, ...] = ("A001",),
             members: tuple[tuple[str, int], ...] = (("R001", 30), ("R003", 80)),
             folder: str = "usb") -> list[Path]:
    out = []
    for rid, pct in members:
        with team.create(rid, tmp_path / f"case-{rid}-{folder}") as case:
            for applicant in applicants:
                for item in ITEMS:
                    case.score_item(applicant, "onsite", item, pct if item == ITEM else 50)
            (tmp_path / folder).mkdir(exist_ok=True)
            out.append(case.export_bundle(tmp_path / folder).path)
    return out


def _leader(qtbot: QtBot, window: MainWindow, controller: ReviewerController, folder: Path,
            team: Team | None = None) -> LeaderPage:
    """The leader's case (created from the package, or opened again) on the leader's page."""
    case = team.create("R002", folder) if team is not None else open_case(folder, PASSPHRASE)
    controller.set_case(case)
    page = controller.leader
    assert page is not None, "the leader's page appears for a team leader"
    window.show()
    qtbot.waitExposed(window)
    window.show_page("leader")
    return page


def _import(qtbot: QtBot, page: LeaderPage, paths: list[Path]) -> None:
    with qtbot.waitSignal(page.imported, timeout=30_000):
        page.import_files(paths)


@pytest.fixture
def restart(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
            fonts: FontSet) -> Iterator[Callable[[], tuple[MainWindow, ReviewerController]]]:
    """Scorebook started again: another window and controller, each time it is called."""
    made: list[ReviewerController] = []

    def start() -> tuple[MainWindow, ReviewerController]:
        n = len(made) + 2
        settings = Settings.at(tmp_path / f"settings-{n}.ini")
        win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        ctrl = ReviewerController(win, identity_folder=tmp_path / f"identity-{n}",
                                  kdf=CHEAP_KDF)
        made.append(ctrl)
        return win, ctrl

    yield start
    for ctrl in made:
        ctrl.runner.wait(5000)
        ctrl.close()


def test_leader_imports_bundles_sees_divergence_and_needs_a_rationale(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path, qtmodeltester: object) -> None:
    b1, b3 = _bundles(team, tmp_path)
    tampered = tmp_path / "tampered.sbb"
    data = bytearray(b3.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    page = _leader(qtbot, window, controller, tmp_path / "case-leader", team)
    _import(qtbot, page, [b1, b3, b1, tampered])
    report = page.report
    outcomes = [report.index(r, 4).data() for r in range(report.rowCount())]
    assert outcomes == ["New", "New", "Duplicate", "Rejected"]
    assert report.index(3, 5).data()  # the reason is shown
    assert report.index(0, 1).data() == "Reviewer One (R001)"  # by name, not only the id
    check_model(qtmodeltester, report)
    held = page.held
    check_model(qtmodeltester, held)
    assert held.rowCount() == 2 and "2 bundles held" in page.held_title.text()
    assert {held.index(r, 1).data() for r in range(2)} == {"Reviewer One (R001)",
                                                           "Reviewer Three (R003)"}
    assert {held.index(r, 2).data() for r in range(2)} == {"On-site review"}
    assert {held.index(r, 6).data() for r in range(2)} == {"In force"}
    assert not page.forks_box.isVisibleTo(page)

    page.applicant.setCurrentIndex(page.applicant.findData("A001"))
    assert page.applicant.currentText() == NAMES[0]  # by name, not by id
    assert page.stage.currentText() == "On-site review"
    div = page.divergence
    check_model(qtmodeltester, div)
    headers = [div.headerData(c, Qt.Orientation.Horizontal) for c in range(div.columnCount())]
    assert headers[2:4] == ["Reviewer One", "Reviewer Three"]
    assert headers[-3:] == ["Mean", "Spread", "Flag"]
    assert div.index(0, 2).data() == "30%" and div.index(0, 3).data() == "80%"
    assert div.index(0, 5).data() == "50" and div.index(0, 6).data() == "Discuss"
    assert div.flagged() == [ITEM]

    cons = page.consensus
    check_model(qtmodeltester, cons)
    assert cons.index(0, 1).data() == "55%"  # mean 55 on the 5 % step
    assert not page.finalise()
    assert "Flagged items need a rationale" in page.consensus_message.text()
    assert ITEM in page.consensus_message.text()
    assert cons.setData(cons.index(0, ConsensusModel.RATIONALE), RATIONALE)
    assert cons.setData(cons.index(0, ConsensusModel.PCT), "60")
    assert page.finalise()
    assert "Consensus final" in page.consensus_message.text()
    assert page.consensus_panel.state.text().startswith("Final, total")

    for tab in (IMPORT_TAB, CONSENSUS_TAB, OVERVIEW_TAB):
        page.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert clashes(window) == [], tab


def test_the_leaders_work_is_kept_in_the_case_file_and_exported_from_the_window(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path, restart: Callable[[], tuple[MainWindow, ReviewerController]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case-leader"
    bundles = _bundles(team, tmp_path, ("A001", "A002"))
    page = _leader(qtbot, window, controller, folder, team)
    _import(qtbot, page, bundles)
    page.open_applicant("A001")
    assert page.tabs.currentIndex() == CONSENSUS_TAB
    panel = page.consensus_panel
    cons = page.consensus

    # a rationale typed in the table's editor is saved as the editor closes
    table = panel.consensus_table
    table.setFocus()
    table.setCurrentIndex(cons.index(0, ConsensusModel.RATIONALE))
    table.edit(cons.index(0, ConsensusModel.RATIONALE))
    editor = table.findChild(QLineEdit)
    assert editor is not None
    editor.setText(RATIONALE)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Saved" in panel.message.text())
    case = controller.case
    assert case is not None
    assert TeamLeader(case).divergence("A001", "onsite").items[0].rationale == RATIONALE

    # a refused percentage: the reason next to the table, the typed value kept in sight, the
    # stored value intact
    assert cons.setData(cons.index(0, ConsensusModel.PCT), "62")
    assert "Not saved" in panel.message.text() and "5" in panel.message.text()
    assert cons.index(0, ConsensusModel.PCT).data() == "62"
    assert cons.index(0, ConsensusModel.PCT).data(Qt.ItemDataRole.BackgroundRole).color() == \
        FLAG_BG
    assert TeamLeader(case).divergence("A001", "onsite").items[0].pct is None
    assert cons.setData(cons.index(0, ConsensusModel.PCT), "60%")
    assert cons.index(0, ConsensusModel.PCT).data() == "60%" and not cons.refused()
    assert panel.finalise()
    total = TeamLeader(case).divergence("A001", "onsite").total
    assert total is not None and panel.state.text() == f"Final, total {total:.2f}"
    qtbot.waitUntil(lambda: page.overview_panel.overview.rowCount() == 3)
    assert page.overview_panel.overview.index(0, 4).data() == f"Final, total {total:.2f}"

    # the idle lock and a language switch: the page reads the case file again
    window.lock()
    with qtbot.waitSignal(window.unlocked, timeout=20_000):
        controller.unlock(PASSPHRASE)
    assert panel.state.text() == f"Final, total {total:.2f}"
    window.language.apply("zh_CN", remember=False)
    try:
        assert panel.state.text() != f"Final, total {total:.2f}" and f"{total:.2f}" in \
            panel.state.text()
        assert page.stage.currentText() == "现场评审"
        assert cons.index(0, ConsensusModel.RATIONALE).data() == RATIONALE
    finally:
        window.language.apply("en", remember=False)

    # quit; Scorebook started again on the same case folder
    controller.close()
    win2, ctrl2 = restart()
    page2 = _leader(qtbot, win2, ctrl2, folder)
    assert page2.held.rowCount() == 2 and page2.report.rowCount() == 0
    assert {page2.held.index(r, 0).data() for r in range(2)} == {b.name for b in bundles}
    page2.open_applicant("A001")
    assert page2.consensus.index(0, ConsensusModel.RATIONALE).data() == RATIONALE
    assert page2.consensus.index(0, ConsensusModel.PCT).data() == "60%"
    assert page2.consensus_panel.state.text() == f"Final, total {total:.2f}"

    # export the signed consensus from the window; the office opens it
    stick = tmp_path / "stick"
    stick.mkdir()
    page2.tabs.setCurrentIndex(OVERVIEW_TAB)
    overview = page2.overview_panel
    overview.folder.setText(str(stick))
    assert overview.export_button.isEnabled()
    with qtbot.waitSignal(overview.exported, timeout=30_000) as blocker:
        overview.export_button.click()
    result = blocker.args[0]
    assert result.revision == 1 and result.applicants == ("A001",)
    assert result.not_final == ("A002",)
    assert "Safe to remove" in overview.message.text() and NAMES[1] in overview.message.text()
    assert "revision 1" in overview.last_label.text()
    assert [p.name for p in stick.iterdir()] == [result.path.name]
    roster = verify_roster(team.roster_bytes, team.office.root_fingerprint, None)
    [opened] = read_bundles([result.path], team.office, roster)
    assert opened.record is not None, opened.error
    assert (opened.record.kind, opened.record.reviewer_id) == ("consensus", "R002")
    assert [s.applicant_id for s in opened.record.sheets] == ["A001"]

    # another session of the same case (as the command line would) finalises A002: shown when
    # the page is shown again
    case2 = ctrl2.case
    assert case2 is not None
    other = TeamLeader(case2)
    other.set_consensus("A002", "onsite", ITEM, rationale="组内讨论后取均值")
    other.finalise("A002", "onsite")
    win2.show_page("applicants")
    win2.show_page("leader")
    assert page2.overview_panel.overview.index(1, 4).data().startswith("Final, total")

    # the command line sees what the window finalised, and changes it; the window shows that
    ctrl2.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    assert cli(["case", "team", "consensus", "--case", str(folder), "--applicant", "A001",
                "--stage", "onsite", "--item", f"{ITEM}=65:{RATIONALE} (CLI)", "--finalise",
                "--json"]) == 0
    win3, ctrl3 = restart()
    page3 = _leader(qtbot, win3, ctrl3, folder)
    page3.open_applicant("A001")
    assert page3.consensus.index(0, ConsensusModel.PCT).data() == "65%"
    assert page3.consensus.index(0, ConsensusModel.RATIONALE).data() == f"{RATIONALE} (CLI)"
    assert page3.consensus_panel.state.text().startswith("Final, total")


def test_the_command_line_sees_the_windows_final(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case-leader"
    page = _leader(qtbot, window, controller, folder, team)
    _import(qtbot, page, _bundles(team, tmp_path))
    page.open_applicant("A001")
    assert page.consensus.setData(page.consensus.index(0, ConsensusModel.RATIONALE), RATIONALE)
    assert page.finalise()
    controller.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert cli(["case", "team", "divergence", "--case", str(folder), "--applicant", "A001",
                "--stage", "onsite", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["final"] and not data["outdated"] and data["items"][0]["rationale"] == RATIONALE


def test_a_fork_is_listed_and_resolved_with_a_reason(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    b1, b3 = _bundles(team, tmp_path)
    [other] = _bundles(team, tmp_path, members=(("R003", 60),), folder="usb-other")
    page = _leader(qtbot, window, controller, tmp_path / "case-leader", team)
    _import(qtbot, page, [b1, b3, other])
    assert [page.report.index(r, 4).data() for r in range(3)] == ["New", "New", "Fork"]
    assert page.forks_box.isVisibleTo(page) and page.forks.rowCount() == 1
    assert "1 fork waits" in page.forks_title.text()
    assert {page.held.index(r, 6).data() for r in range(1, 3)} == {"Waits on a fork decision"}
    page.applicant.setCurrentIndex(page.applicant.findData("A001"))
    assert "Reviewer Three" in page.consensus_panel.summary.text()  # waiting on the fork

    dialog = page.resolve_selected()
    assert dialog is not None and not dialog.ok_button.isEnabled()
    dialog.select(other.name)
    assert not dialog.ok_button.isEnabled(), "a reason is required"
    dialog.reason.setText("R003 confirmed the second laptop holds the final scores")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Fork resolved" in page.import_message.text())
    assert page.forks.index(0, 4).data() == f"resolved: {other.name} stands"
    assert page.forks.index(0, 5).data().startswith("R003 confirmed")
    assert not page.status.text().endswith("forks waiting: 1")
    div = page.divergence
    headers = [div.headerData(c, Qt.Orientation.Horizontal) for c in range(div.columnCount())]
    assert headers[2:4] == ["Reviewer One", "Reviewer Three"]
    assert div.index(0, 3).data() == "60%"  # the side that stands


def test_a_member_has_no_leader_page(window: MainWindow, controller: ReviewerController,
                                     team: Team, tmp_path: Path) -> None:
    controller.set_case(team.create("R001", tmp_path / "case"))
    assert controller.leader is None
    assert [b.key for b in window.nav.buttons()] == ["start", "applicants", "scorebook",
                                                      "export"]


def test_a_package_naming_a_leader_the_roster_does_not_gives_no_leader_page(
        window: MainWindow, controller: ReviewerController, team: Team, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(world, "TEAM", [("R001", "Reviewer One", True),
                                        ("R003", "Reviewer Three", False)])
    controller.set_case(team.create("R001", tmp_path / "case"))
    assert controller.leader is None
    assert "leader" not in [b.key for b in window.nav.buttons()]


def test_applicants_model_passes_the_model_tester(
        window: MainWindow, controller: ReviewerController, team: Team, tmp_path: Path,
        qtmodeltester: object) -> None:
    case = team.create("R001", tmp_path / "case")
    case.score_item("A001", "onsite", ITEM, 50)
    case.set_panel_score("A002", "defense", "88")
    case.recuse("A003", "kinship", "My cousin manages its quality department.")
    controller.set_case(case)
    model = controller.applicants.model  # type: ignore[union-attr]
    check_model(qtmodeltester, model)
    # columns: name, on-site, defense, status (the id is the name's tooltip)
    assert model.index(0, 1).data() == "1/23 scored"
    assert model.index(1, 2).data() == "88.00"
    assert model.index(2, 3).data() == "Locked: you declared a conflict"


def test_a_message_about_one_applicant_goes_when_another_is_chosen(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    page = _leader(qtbot, window, controller, tmp_path / "case-leader", team)
    _import(qtbot, page, _bundles(team, tmp_path, ("A001", "A002")))
    page.open_applicant("A001")
    assert not page.finalise()  # the flagged item has no rationale yet
    assert "Flagged items need a rationale" in page.consensus_message.text()
    page.open_applicant("A002")
    assert page.consensus_message.text() == ""
    assert page.stage.sizeAdjustPolicy() == page.stage.SizeAdjustPolicy.AdjustToContents

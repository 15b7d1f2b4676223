"""The team leader: import the team's bundles, see the divergence, finalise a consensus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.catalogue import framework
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_models import ConsensusModel
from tests.ui.helpers import check_model
from tests.ui.reviewer.world import Team

ITEM = framework().items[0].id


def _bundles(team: Team, tmp_path: Path) -> list[Path]:
    out = []
    for rid, pct in (("R001", 30), ("R003", 80)):
        with team.create(rid, tmp_path / f"case-{rid}") as case:
            for item in framework().items:
                case.score_item("A001", "onsite", item.id, pct if item.id == ITEM else 50)
            (tmp_path / "usb").mkdir(exist_ok=True)
            out.append(case.export_bundle(tmp_path / "usb").path)
    return out


def test_leader_imports_bundles_sees_divergence_and_needs_a_rationale(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path, qtmodeltester: object) -> None:
    b1, b3 = _bundles(team, tmp_path)
    tampered = tmp_path / "tampered.sbb"
    data = bytearray(b3.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    controller.set_case(team.create("R002", tmp_path / "case-leader"))
    page = controller.leader
    assert page is not None, "the leader's page appears for a team leader"
    window.show_page("leader")
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_files([b1, b3, b1, tampered])
    report = page.report
    outcomes = [report.index(r, 4).data() for r in range(report.rowCount())]
    assert outcomes == ["New", "New", "Duplicate", "Rejected"]
    assert report.index(3, 5).data()  # the reason is shown
    assert report.index(0, 1).data() == "R001"
    check_model(qtmodeltester, report)

    page.applicant.setCurrentIndex(page.applicant.findData("A001"))
    div = page.divergence
    check_model(qtmodeltester, div)
    headers = [div.headerData(c, Qt.Orientation.Horizontal) for c in range(div.columnCount())]
    assert headers[2:4] == ["R001", "R003"] and headers[-3:] == ["Mean", "Spread", "Flag"]
    assert div.index(0, 2).data() == "30%" and div.index(0, 3).data() == "80%"
    assert div.index(0, 5).data() == "50" and div.index(0, 6).data() == "Discuss"
    assert div.flagged() == [ITEM]

    cons = page.consensus
    check_model(qtmodeltester, cons)
    assert cons.index(0, 1).data() == "55%"  # mean 55 on the 5 % step
    assert not page.finalise()
    assert "Flagged items need a rationale" in page.consensus_message.text()
    assert ITEM in page.consensus_message.text()
    assert cons.setData(cons.index(0, ConsensusModel.RATIONALE),
                        "Site visit showed deployment in two of five plants.")
    assert cons.setData(cons.index(0, ConsensusModel.PCT), "60")
    assert page.finalise()
    assert "Consensus final" in page.consensus_message.text()


def test_a_member_has_no_leader_page(window: MainWindow, controller: ReviewerController,
                                     team: Team, tmp_path: Path) -> None:
    controller.set_case(team.create("R001", tmp_path / "case"))
    assert controller.leader is None
    assert [b.key for b in window.nav.buttons()] == ["start", "applicants", "scorebook",
                                                      "export"]


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
    assert model.index(0, 2).data() == "1/23 scored"
    assert model.index(1, 3).data() == "88.00"
    assert model.index(2, 4).data() == "Locked: you declared a conflict"

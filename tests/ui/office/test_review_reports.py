"""The review reports panel on the consensus page (issue 20): per applicant and stage, complete
or what is missing, from a real workspace with a real signed consensus bundle (findings)
merged; it follows a merge, opens a row in the page's editor and turns with the language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.i18n import set_language
from desktop.services.office import findings, merge, packages
from desktop.services.office.workspace import init_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.review_reports import ReviewReportsPanel
from tests.services.office.helpers import Small, bundle, small_cycle, write
from tests.services.office.test_findings import full_report, with_findings

PHRASE = "copper kettle 19 Winter!"


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Small]:
    path = tmp_path / "office"
    with init_workspace(path, PHRASE, "Test office", kdf=CHEAP_KDF) as ws:
        small = small_cycle(ws)
        c = write(tmp_path, "R4-c.sbb", bundle(
            small, "R4", "material", [a.id for a in small.apps], kind="consensus",
            change=with_findings(full_report(small.apps[0].id))))
        assert merge.merge_files(ws, [c]).files[0].outcome == "new"
        packages.admit(ws, "onsite", [small.apps[0].ref])
    return path, small


@pytest.fixture
def office(qtbot: QtBot, window: MainWindow,
           world: tuple[Path, Small]) -> Iterator[OfficeController]:
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(world[0], PHRASE))
    window.show()
    yield controller
    controller.session.close()


def _cells(panel: ReviewReportsPanel) -> list[list[Any]]:
    m = panel.model
    return [[m.index(r, c).data() for c in range(m.columnCount())]
            for r in range(m.rowCount())]


def test_the_panel_shows_each_report_and_what_is_missing(
        qtbot: QtBot, office: OfficeController, window: MainWindow,
        world: tuple[Path, Small], tmp_path: Path) -> None:
    small = world[1]
    window.show_page("office_consensus")
    page = office.page("consensus")
    panel: ReviewReportsPanel = page.review_reports
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    assert panel.isVisible() and panel.title() == "Review reports"
    cells = _cells(panel)
    a0, a1 = small.apps[0], small.apps[1]
    assert cells[0][:3] == [a0.ref, "Material review", "complete"]
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == \
        f"{a0.ref} {a0.name}"
    assert cells[0][3] == ""
    assert cells[1][:3] == [a0.ref, "On-site review", "incomplete"]
    assert "the team's consensus is not final" in cells[1][3]
    tip = panel.model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<p>") and "the team&#x27;s consensus is not final" in tip
    assert cells[2][0] == a1.ref and "no key themes" in cells[2][3]
    rows = findings.report_statuses(office.session.workspace)
    assert [r.complete for r in rows] == [c[2] == "complete" for c in cells]
    # double-click: the editor below shows that applicant and stage
    index = panel.model.index(1, 0)
    panel.view.doubleClicked.emit(index)
    assert page.applicant.currentData() == a0.ref
    assert page.stage.currentData() == "onsite"
    # a merge elsewhere in the window: the panel follows
    c2 = write(tmp_path, "R4-c2.sbb", bundle(
        small, "R4", "material", [a.id for a in small.apps], kind="consensus", revision=2,
        change=with_findings([*full_report(a0.id), *full_report(a1.id, issue=False)])))
    assert merge.merge_files(office.session.workspace, [c2]).files[0].outcome == "updated"
    office.session.notify()
    qtbot.waitUntil(lambda: _cells(panel)[2][2] == "complete")


def test_the_panel_turns_with_the_language(qtbot: QtBot, office: OfficeController,
                                           window: MainWindow) -> None:
    window.show_page("office_consensus")
    panel: ReviewReportsPanel = office.page("consensus").review_reports
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    try:
        window.language.apply("zh_CN", remember=False)
        assert panel.title() == "评审报告"
        cells = _cells(panel)
        assert cells[0][1] == "材料评审" and cells[0][2] == "完整"
        assert "关键主题" in cells[1][3] and "；" in cells[1][3]  # joined as Chinese writes
        window.language.apply("mn_Mong_CN", remember=False)
        cells = _cells(panel)
        assert all(any("\u1820" <= ch <= "\u18af" for ch in c[2]) for c in cells)
        assert all(any("\u1820" <= ch <= "\u18af" for ch in c[3]) for c in cells[1:])
    finally:
        window.language.apply("en", remember=False)
        set_language("en")
    assert panel.title() == "Review reports"

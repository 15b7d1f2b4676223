"""The cycle set-up page lists what the document leaves open and the office decides it there,
recorded with who and when (issue 21), on a real workspace with real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office import cycle
from desktop.services.office.workspace import init_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from tests.ui.helpers import key_clicks
from tests.ui.mnemonics import clashes

PHRASE = "copper kettle 19 Winter!"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    with init_workspace(path, PHRASE, "Test office", kdf=CHEAP_KDF) as ws:
        cycle.open_cycle(ws, "nmg-chairman", 2025)
    return path


@pytest.fixture
def office(qtbot: QtBot, window: MainWindow, folder: Path) -> Iterator[OfficeController]:
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(folder, PHRASE))
    window.show()
    yield controller
    controller.session.close()


def test_the_office_decides_the_open_points(qtbot: QtBot, office: OfficeController,
                                           window: MainWindow) -> None:
    window.show_page("office_cycle")
    page = office.page("cycle")
    panel = page.decisions
    qtbot.waitUntil(panel.isVisible)
    text = panel.points.text()
    assert "stage weights of the comprehensive score" in text  # 主席 第二十二条: no weights
    assert text.count("<li>") == 8
    sources = {r.key: page.settings.index(i, 2).data()
               for i, r in enumerate(page.settings.rows())}
    assert sources["weights"].startswith("not decided yet")
    assert clashes(window) == []
    key_clicks(panel.by, "Director Wang")
    with qtbot.waitSignal(office.session.changed, timeout=10_000):
        panel.take.click()
    qtbot.waitUntil(lambda: not panel.isVisible())
    ws = office.session.workspace
    shown = {s.key: s for s in cycle.cycle_view(ws).settings}
    assert shown["weights"].decided_by == "Director Wang"
    assert set(shown["weights"].value) == {"onsite", "defense"}
    qtbot.waitUntil(lambda: page.settings.index(0, 2).data().startswith("decided by Director Wang"))

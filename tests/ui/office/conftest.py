"""One demo office workspace per test session (the demo service, smallest programme), copied
for each test so tests never see each other's changes; the office window opened on the copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.demo import PASSPHRASE, DemoResult, run_demo
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.settings import Settings

PROGRAMME = "baotou-hitech"  # the smallest: one award category, quota 3, five applicants


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    # the office settles the material review itself here: the pages that do it have work
    return run_demo(tmp_path_factory.mktemp("office-demo") / "demo", PROGRAMME, 1,
                    material_reports=False)


@pytest.fixture
def demo(demo_source: DemoResult, tmp_path: Path) -> Path:
    """A private copy of the demo: office/ and usb/bundles/."""
    target = tmp_path / "demo"
    shutil.copytree(demo_source.folder / "office", target / "office")
    shutil.copytree(demo_source.folder / "usb" / "bundles", target / "bundles")
    return target


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
           fonts: FontSet) -> Iterator[MainWindow]:
    settings = Settings.at(tmp_path / "settings.ini")
    win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.language.release()  # Qt's catalogs off again for the next tests


@pytest.fixture
def office(qtbot: QtBot, window: MainWindow, demo: Path) -> Iterator[OfficeController]:
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(demo / "office", PASSPHRASE))
    window.show()
    yield controller
    controller.session.close()


def wait_idle(qtbot: QtBot, controller: OfficeController, start: Callable[[], object]) -> None:
    """Call ``start`` (which submits a task) and wait until the task has finished."""
    with qtbot.waitSignal(controller.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        assert start() is not False

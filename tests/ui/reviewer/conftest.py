"""Fixtures: a real team and a main window with the reviewer's controller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.settings import Settings
from tests.ui.reviewer.world import Team, make_team


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return make_team(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
           fonts: FontSet) -> Iterator[MainWindow]:
    settings = Settings.at(tmp_path / "settings.ini")
    win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    # a test that switched the language leaves Qt's own catalogs installed on the application
    # (the switcher outlives the window): English again, for the tests that follow
    win.language.release()


@pytest.fixture
def controller(window: MainWindow, tmp_path: Path) -> Iterator[ReviewerController]:
    ctrl = ReviewerController(window, identity_folder=tmp_path / "identity", kdf=CHEAP_KDF)
    yield ctrl
    ctrl.runner.wait(5000)
    ctrl.close()

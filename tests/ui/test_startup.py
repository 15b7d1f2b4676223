"""Start-up stays light: nothing heavy is imported before the main window's first paint.

The timing itself is a benchmark (``python -m bench ui_start``); this guards its cause. A fresh
interpreter builds the window as ``scorebook-app`` does, waits for the first paint event and
lists the modules loaded by then. What the first screen does not show (the File menu's case-file
and office entries, the idle lock, the lock screen) arrives right after that paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.app import _parse_with_argparse, build_main_window, parse_args
from desktop.ui.idle_lock import IdleLock
from desktop.ui.office import office_of
from desktop.ui.reviewer.controller import ReviewerController

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "babel", "cryptography", "desktop.services",
         "desktop.reports", "desktop.crypto", "desktop.models", "pypdf", "uharfbuzz")
AFTER_PAINT = ("desktop.ui.office", "desktop.ui.reviewer",
               "desktop.ui.idle_lock", "desktop.ui.lock_page")  # none shows on the first screen

PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            WINDOW.removeEventFilter(self)
            print(json.dumps(sorted(sys.modules)), flush=True)
            QTimer.singleShot(0, APP.quit)
        return False

APP = QApplication([])
from desktop.ui.app import build_main_window
WINDOW = build_main_window(APP, sys.argv[1:])
watcher = FirstPaint()
WINDOW.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""


def _modules_at_first_paint(tmp_path: Path, *args: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SCOREBOOK_HOME=str(tmp_path),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    out = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    modules: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return modules


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    modules = _modules_at_first_paint(tmp_path)
    assert "desktop.ui.main_window" in modules  # the probe did build the real window
    heavy = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert heavy == []
    # the pages come with a case file or a workspace; the controllers right after the paint
    assert not [m for m in modules if m.startswith(AFTER_PAINT)]


def test_in_mongolian_too(tmp_path: Path) -> None:
    modules = _modules_at_first_paint(tmp_path, "--language", "mn_Mong_CN")
    heavy = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert heavy == []


QT_ENUMS_PROBE = PROBE.replace(
    "print(json.dumps(sorted(sys.modules)), flush=True)",
    "import enum, gc; print(json.dumps(sorted(c.__qualname__ for c in gc.get_objects() "
    "if isinstance(c, type) and issubclass(c, enum.Enum) and c.__qualname__.startswith('Qt.'))),"
    " flush=True)")


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_qts_namespace_enums_wait_for_the_first_paint(tmp_path: Path, language: str) -> None:
    """PySide makes all ~90 enums of the ``Qt`` namespace at its first touch (~25 ms): the first
    screen does not touch it (``desktop.ui.qt_light``), nor do Mongolian's vertical labels,
    which stand at the top left of their rows by themselves (``FieldLabel.set_top_left``), not
    by a ``Qt.AlignmentFlag`` given to the layout."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SCOREBOOK_HOME=str(tmp_path),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    out = subprocess.run([sys.executable, "-c", QT_ENUMS_PROBE, "--language", language],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                         check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_case_file_entries_and_the_idle_lock_arrive_after_the_first_paint(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path))
    window = build_main_window(qapp, ["--language", "en"])
    qtbot.addWidget(window)
    assert office_of(window) is None and getattr(window, "reviewer", None) is None
    assert window.findChild(IdleLock) is None
    assert not window.act_open.isEnabled()
    window.show()
    qtbot.waitUntil(lambda: window.findChild(IdleLock) is not None)
    assert isinstance(getattr(window, "reviewer", None), ReviewerController)
    assert office_of(window) is not None
    assert window.act_open.isEnabled() and window.act_new.isEnabled()
    entries = [a.text().replace("&", "") for a in window.menu_file.actions()]
    assert "Open office workspace…" in entries and "Open case file…" in entries
    window.lock()  # the lock screen is built when first needed
    assert window.body.currentWidget() is window.lock_page and window.lock_page.isVisible()


def _layout(window: QWidget) -> dict[int, tuple[str, QRect]]:
    """Every visible widget of the window and where it is."""
    return {id(w): (type(w).__name__, w.geometry()) for w in window.findChildren(QWidget)
            if w.isVisible()}


class _AtFirstPaint(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.layout: dict[int, tuple[str, QRect]] | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.layout is None:
            self.layout = _layout(self.window)
        return False


@pytest.mark.parametrize("language", ["en", "mn_Mong_CN"])
def test_what_waits_for_the_first_paint_moves_nothing_on_screen(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path))
    window = build_main_window(qapp, ["--language", language])
    qtbot.addWidget(window)
    window.resize(1000, 640)
    probe = _AtFirstPaint(window)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(IdleLock) is not None)
    qapp.processEvents()
    assert probe.layout is not None and len(probe.layout) > 10
    assert _layout(window) == probe.layout  # the first frame is the settled window


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--language", "zh_CN"], ["--language=mn_Mong_CN"],
    ["--screenshot", "out.png", "--size", "800x500", "--language", "en"],
    ["--screenshot=a b.png", "--demo"], ["-platform", "offscreen", "--demo"], ["--lang", "en"],
    ["-style", "fusion", "--size=640x480"], ["case-folder", "--language=en", "--demo"],
    ["--language", "en", "--language", "zh_CN"], ["--screenshot=", "--size="],
    ["--", "--demo"], ["-", "--demo"], ["-reverse", "--screenshot=-x.png"], ["--size", "-5"],
])
def test_the_plain_start_reads_the_same_options_as_argparse(argv: list[str]) -> None:
    assert vars(parse_args(argv)) == vars(_parse_with_argparse(argv))


@pytest.mark.parametrize("argv", [
    ["--language", "xx"], ["--screenshot"], ["--help"], ["-h"], ["--language", "--demo"],
    ["--demo=1"], ["--language="], ["--languag", "xx"],
])
def test_a_bad_command_line_or_help_goes_to_argparse(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(argv)


@pytest.mark.parametrize("language", ["en", "mn_Mong_CN"])
def test_the_office_progress_strip_comes_and_goes_without_moving_anything(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path))
    window = build_main_window(qapp, ["--language", language])
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    qtbot.waitUntil(lambda: office_of(window) is not None)
    office = office_of(window)
    assert office is not None
    qapp.processEvents()
    before = _layout(window)
    release = threading.Event()
    handle = office.session.run("wait", lambda control: release.wait(10),
                                progress=office.progress, changes=False)
    assert handle is not None
    qtbot.waitUntil(office.progress.isVisible)
    qapp.processEvents()
    assert office.progress.parentWidget() is window.statusBar()
    assert office.progress.geometry().height() <= window.statusBar().height()
    during = _layout(window)
    assert {k: v for k, v in during.items() if k in before} == before  # nothing else moved
    release.set()
    qtbot.waitUntil(lambda: not office.session.busy)
    qapp.processEvents()
    assert not office.progress.isVisible() and _layout(window) == before

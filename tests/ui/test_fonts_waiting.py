"""The faces a first screen does not draw are registered right after its paint
(``desktop.ui.fonts.load_bundled_fonts(language=…)``, ``load_waiting_fonts``), and the screen
looks pixel for pixel as with every face registered before it.

Font registration is for the whole process, so each start runs in a fresh interpreter: the
window as ``scorebook-app`` builds it, grabbed at its first paint and again once what waits for
the paint has run, against the same window built after every face was registered.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.ui.fonts import font_files, waits_for_first_paint

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

SHOTS, ALL_FIRST = sys.argv[1], sys.argv[2] == "all"

def bold_sc():
    return "Bold" in QFontDatabase.styles("Scorebook Sans SC")

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            WINDOW.removeEventFilter(self)
            STATE["at_paint"] = bold_sc()
            QTimer.singleShot(0, first_frame)
        return False

def first_frame():
    WINDOW.grab().save(SHOTS + "-first.png")
    WINDOW.after_first_paint(after)  # queued behind what the window itself waited with

def after():
    STATE["after"] = bold_sc()
    WINDOW.repaint()
    WINDOW.grab().save(SHOTS + "-after.png")
    print(json.dumps(STATE), flush=True)
    APP.quit()

STATE = {}
APP = QApplication([])
if ALL_FIRST:
    from desktop.ui.fonts import load_bundled_fonts
    load_bundled_fonts()  # every face, before anything is built
from desktop.ui.app import build_main_window
WINDOW = build_main_window(APP, sys.argv[3:])
WINDOW.resize(1280, 800)
watcher = FirstPaint()
WINDOW.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""


def _start(tmp_path: Path, name: str, mode: str, language: str,
           *more: str) -> tuple[dict[str, bool], Path]:
    home = tmp_path / f"home-{name}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SCOREBOOK_HOME=str(home),
               LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    shots = tmp_path / name
    out = subprocess.run([sys.executable, "-c", PROBE, str(shots), mode, "--language", language,
                          *more],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                         check=True)
    state: dict[str, bool] = json.loads(out.stdout.strip().splitlines()[-1])
    return state, shots


def _same(a: Path, b: Path) -> bool:
    first, second = QImage(str(a)), QImage(str(b))
    assert not first.isNull() and not second.isNull()
    return first == second


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_a_face_waits_only_where_the_first_screen_does_not_draw_it(tmp_path: Path,
                                                                   language: str) -> None:
    waiting, shots = _start(tmp_path, "waiting", "start", language)
    every, all_shots = _start(tmp_path, "every", "all", language)
    mongolian = language == "mn_Mong_CN"
    # in Mongolian the Chinese bold face comes after the paint; in English and Chinese (their
    # bold titles) before it; with every face registered first it is there at once
    assert waiting == {"at_paint": not mongolian, "after": True}
    assert every == {"at_paint": True, "after": True}
    # the first screen, and the screen once the face has come, look exactly the same
    assert _same(Path(f"{shots}-first.png"), Path(f"{all_shots}-first.png"))
    assert _same(Path(f"{shots}-after.png"), Path(f"{all_shots}-after.png"))


def test_which_faces_wait() -> None:
    files = {p.name: p for p in font_files()}
    bold = files["ScorebookSansSC-Bold.ttf"]
    assert waits_for_first_paint(bold, "mn_Mong_CN")
    for language in ("en", "zh_CN", None):
        assert not waits_for_first_paint(bold, language)
    for name in ("ScorebookSansSC-Regular.ttf", "ScorebookMongolian-Regular.ttf"):
        for language in ("en", "zh_CN", "mn_Mong_CN", None):
            assert not waits_for_first_paint(files[name], language)


def test_a_first_screen_with_a_scorebook_waits_for_no_face(tmp_path: Path) -> None:
    """``--demo`` builds a scorebook (bold Latin digits: the sheet totals) before the first
    paint: in Mongolian too every face is registered first, and its screen is the one with
    every face registered before anything was built (a face registered later would leave what
    was measured before it at the emboldened regular face's widths)."""
    waiting, shots = _start(tmp_path, "waiting", "start", "mn_Mong_CN", "--demo")
    every, all_shots = _start(tmp_path, "every", "all", "mn_Mong_CN", "--demo")
    assert waiting == every == {"at_paint": True, "after": True}
    assert _same(Path(f"{shots}-first.png"), Path(f"{all_shots}-first.png"))
    assert _same(Path(f"{shots}-after.png"), Path(f"{all_shots}-after.png"))

"""Cold start to the first painted main window, against a bare PySide6 QMainWindow.

Each run is a fresh interpreter (``python -c``) that creates the application, shows the window,
waits for its first paint event and prints the elapsed seconds from interpreter start. The
ratio Scorebook / bare is reported (aim ≤ 1.5×). Prints only; no asserts.

Two floors are measured: the bare QMainWindow of the aim (it paints no text at all), and the same
window with a menu bar and one label (it pays Qt's font set-up, which any real window pays). All
three run with Python's bytecode cache in a throw-away folder, warmed once, as an installed app
has it (PYTHONDONTWRITEBYTECODE would otherwise recompile every module of ours on each start).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = tempfile.mkdtemp(prefix="scorebook-bench-ui-")

_FIRST_PAINT = """
import time
T0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is WINDOW:
            print(f"{time.perf_counter() - T0:.4f}", flush=True)
            QTimer.singleShot(0, APP.quit)
            APP.removeEventFilter(self)
        return False
"""

BARE = _FIRST_PAINT + """
from PySide6.QtWidgets import QMainWindow
APP = QApplication([])
WINDOW = QMainWindow()
WINDOW.resize(1280, 800)
watcher = FirstPaint(); APP.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""

TEXT = _FIRST_PAINT + """
from PySide6.QtWidgets import QLabel, QMainWindow
APP = QApplication([])
WINDOW = QMainWindow()
for title in ("&File", "&Edit", "&View", "&Language", "&Help"):
    WINDOW.menuBar().addMenu(title)
WINDOW.setCentralWidget(QLabel("Open a case file or an office workspace from the File menu."))
WINDOW.statusBar().showMessage("Ready")
WINDOW.resize(1280, 800)
watcher = FirstPaint(); APP.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""

SCOREBOOK = _FIRST_PAINT + """
APP = QApplication([])
from desktop.ui.app import build_main_window
WINDOW = build_main_window(APP, [])
WINDOW.resize(1280, 800)
watcher = FirstPaint(); APP.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""


def _run(code: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["SCOREBOOK_HOME"] = HOME  # settings in a throw-away folder, not the user's
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(HOME, "pycache")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=120)
    return float(out.stdout.strip().splitlines()[-1])


def main(rounds: int = 5) -> int:
    _run(BARE), _run(TEXT), _run(SCOREBOOK)  # warm the OS file cache and the bytecode once
    times: dict[str, list[float]] = {"bare": [], "text": [], "app": []}
    for _ in range(rounds):  # interleaved, so a busy spell of the machine hits all three
        times["bare"].append(_run(BARE))
        times["text"].append(_run(TEXT))
        times["app"].append(_run(SCOREBOOK))
    b, t, a = (statistics.median(times[k]) for k in ("bare", "text", "app"))
    print(f"ui start: bare QMainWindow {b * 1000:.0f} ms, with menus and a label "
          f"{t * 1000:.0f} ms, "
          f"Scorebook main window {a * 1000:.0f} ms (median of {rounds})")
    print(f"ratio {a / b:.2f}x the bare window (aim <= 1.5x); {a / t:.2f}x the window with text")
    return 0


if __name__ == "__main__":
    sys.exit(main())

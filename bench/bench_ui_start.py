"""Cold start to the first painted main window, against a bare PySide6 QMainWindow.

Each run is a fresh interpreter (``python -c``) that creates the application, shows the window,
waits for its first paint event and prints the elapsed seconds from interpreter start. The
ratio Scorebook / bare is reported (aim ≤ 1.5×). Prints only; no asserts.
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
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=120)
    return float(out.stdout.strip().splitlines()[-1])


def main(rounds: int = 5) -> int:
    _run(BARE), _run(SCOREBOOK)  # warm the OS file cache once
    bare = [_run(BARE) for _ in range(rounds)]
    app = [_run(SCOREBOOK) for _ in range(rounds)]
    b, a = statistics.median(bare), statistics.median(app)
    print(f"ui start: bare QMainWindow {b * 1000:.0f} ms, Scorebook main window {a * 1000:.0f} ms "
          f"(median of {rounds}); ratio {a / b:.2f}x (aim <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

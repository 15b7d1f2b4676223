"""Start-up stays light: nothing heavy is imported before the main window's first paint.

The timing itself is a benchmark (``python -m bench ui_start``); this guards its cause. A fresh
interpreter builds the window as ``scorebook-app`` does, waits for the first paint event and
lists the modules loaded by then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "babel", "cryptography", "desktop.services",
         "desktop.reports", "desktop.crypto", "desktop.models", "pypdf", "uharfbuzz")

PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is WINDOW:
            APP.removeEventFilter(self)
            print(json.dumps(sorted(sys.modules)), flush=True)
            QTimer.singleShot(0, APP.quit)
        return False

APP = QApplication([])
from desktop.ui.app import build_main_window
WINDOW = build_main_window(APP, sys.argv[1:])
watcher = FirstPaint()
APP.installEventFilter(watcher)
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
    # the pages come with a case file or a workspace, not before
    assert not [m for m in modules if m.startswith(("desktop.ui.reviewer.scorebook",
                                                    "desktop.ui.office.pages"))]


def test_in_mongolian_too(tmp_path: Path) -> None:
    modules = _modules_at_first_paint(tmp_path, "--language", "mn_Mong_CN")
    heavy = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert heavy == []

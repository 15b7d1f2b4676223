"""Start the application opened on an office workspace (``make run``'s demo, and scripts).

The passphrase is handed over in-process, never on a command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.domain.errors import ScorebookError
from desktop.i18n import render
from desktop.ui.app import build_main_window, save_screenshot
from desktop.ui.office.controller import install_office
from desktop.ui.office.dialogs import OpenRequest

OPEN_TIMEOUT_MS = 300_000  # a production key derivation on a slow laptop stays well inside


def run_office_window(folder: Path, passphrase: str, *, page: str = "ranking",
                      screenshot: Path | None = None, size: str = "1280x800",
                      language: str | None = None) -> int:
    """Open the window on ``folder``'s workspace; with ``screenshot``, save a PNG and exit."""
    qt_args = ["--language", language] if language else []
    if screenshot is not None:
        qt_args += ["--screenshot", str(screenshot)]
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "scorebook-app"])
    window = build_main_window(app, qt_args)
    office = install_office(window)
    outcome: list[object] = []
    loop = QEventLoop()

    def finish(result: object) -> None:
        outcome.append(result)
        loop.quit()

    office.opened.connect(lambda _folder: finish(True))
    office.open_failed.connect(finish)
    if not office.open(OpenRequest(folder, passphrase)):
        print("scorebook: the workspace could not be opened", file=sys.stderr)
        return 3
    QTimer.singleShot(OPEN_TIMEOUT_MS, loop.quit)
    loop.exec()
    if outcome != [True]:
        error = outcome[0] if outcome else None
        text = render(error.message) if isinstance(error, ScorebookError) else "timed out"
        print(f"scorebook: cannot open {folder}: {text}", file=sys.stderr)
        return 3
    key = f"office_{page}"
    if key in office.pages:
        window.show_page(key)
    if screenshot is not None:
        return save_screenshot(window, screenshot, size)
    window.show()
    return app.exec()

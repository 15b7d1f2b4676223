"""Render the office pages' screenshots kept under docs/ui/ (offscreen). Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.office.screenshots [DEMO_DIR] [LANG...]

The demo workspace is built in DEMO_DIR (default /tmp/scorebook-office-shots) if absent. The
English set is office-<page>.png; other languages add their tag: office-<page>-<tag>.png.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SCOREBOOK_HOME", "/tmp/scorebook-office-shots-home")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop.run_demo import ensure_demo
from desktop.ui.app import build_main_window
from desktop.ui.office import install_office
from desktop.ui.office.dialogs import OpenRequest

DOCS = Path(__file__).resolve().parents[3] / "docs" / "ui"
PAGES = ("cycle", "applicants", "people", "conflicts", "packages", "import", "divergence",
         "consensus", "ranking", "vote", "notices", "print")


def wait_idle(office: object) -> None:
    session = office.session  # type: ignore[attr-defined]
    loop = QEventLoop()
    while session.busy:
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def shoot(folder: Path, languages: list[str]) -> list[Path]:
    office_dir, _lines = ensure_demo(folder, "baotou-hitech", 1)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = build_main_window(app, ["--language", "en", "--screenshot", "x"])
    office = install_office(window)
    office.open(OpenRequest(office_dir, "demo"))
    wait_idle(office)
    assert office.is_open()
    window.resize(1280, 800)
    window.show()
    written = []
    for language in languages:
        window.language.apply(language, remember=False)
        for key in PAGES:
            window.show_page(f"office_{key}")
            page = office.page(key)
            if key == "applicants":
                page.select(page.model.rows()[0]["ref"])
            if key == "print" and page.rendered is None:
                page.preview()
                wait_idle(office)
            if key == "packages" and not page.results.rows():
                page.folder.setText(str(folder / "usb" / "packages-reissued"))
                page.issue()
                wait_idle(office)
            if key == "import" and not page.report.rows():
                bundles = sorted((folder / "usb" / "bundles").glob("*.sbb"))[:3]
                page.import_paths(bundles)
                wait_idle(office)
            QApplication.processEvents()
            suffix = "" if language == "en" else f"-{language}"
            path = DOCS / f"office-{key}{suffix}.png"
            DOCS.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(path))
            written.append(path)
    window.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/scorebook-office-shots")
    langs = sys.argv[2:] or ["en"]
    for p in shoot(target, langs):
        print(p)

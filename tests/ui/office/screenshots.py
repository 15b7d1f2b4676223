"""Render the office pages' screenshots kept under docs/ui/ (offscreen). Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.office.screenshots [DEMO_DIR] [LANG...]

The demo workspace is built in DEMO_DIR (default /tmp/scorebook-office-shots) if absent. The
English set is office-<page>.png; other languages add their tag: office-<page>-<tag>.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SCOREBOOK_HOME", "/tmp/scorebook-office-shots-home")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop.run_demo import ensure_demo
from desktop.services.case import open_case
from desktop.services.demo import PASSPHRASE
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


def incoming_bundles(folder: Path) -> list[Path]:
    """What a stick brought to the office for the import screenshot: a bundle a reviewer has
    just exported again from the case file (a new revision: "updated"), a copy of a bundle
    already merged ("duplicate") and a damaged one ("rejected", kept in quarantine)."""
    incoming = folder / "usb" / "incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    case_dir = sorted((folder / "reviewers").glob("*/case"))[0]
    with open_case(case_dir, PASSPHRASE) as case:
        fresh = case.export_bundle(incoming, final=True, stage_id="material").path
    merged = sorted((folder / "usb" / "bundles").glob("*.sbb"))
    duplicate = Path(shutil.copy(merged[0], incoming / "copy-of-merged.sbb"))
    data = bytearray(merged[1].read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = incoming / "damaged.sbb"
    damaged.write_bytes(bytes(data))
    return [fresh, duplicate, damaged]


def shoot(folder: Path, languages: list[str]) -> list[Path]:
    office_dir, _lines = ensure_demo(folder, "baotou-hitech", 1)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = build_main_window(app, ["--language", "en", "--screenshot", "x"])
    office = install_office(window)
    office.open(OpenRequest(office_dir, "demo"))
    wait_idle(office)
    assert office.is_open()
    window.resize(1280, 768)  # a laptop screen: every page and the navigation must fit
    window.show()
    written = []
    for language in languages:
        window.language.apply(language, remember=False)
        wait_idle(office)  # a preview on show is drawn again in the new language
        for key in PAGES:
            window.show_page(f"office_{key}")
            page = office.page(key)
            if key == "applicants":
                page.select(page.model.rows()[0].ref)
            if key == "print" and page.rendered is None:
                page.preview()
                wait_idle(office)
            if key == "packages" and not page.results.rows():
                page.folder.setText(str(folder / "usb" / "packages-reissued"))
                page.issue()
                wait_idle(office)
            if key == "import" and not page.report.rows():
                page.import_paths(incoming_bundles(folder))
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

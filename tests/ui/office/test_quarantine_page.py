"""The Import page: exact wording of the import summary, and the quarantine's use and its Clear
button (asks first; Cancel keeps everything)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.conftest import wait_idle


def test_one_bad_file_says_nothing_was_applied_and_the_quarantine_clears(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    window.show_page("office_import")
    page = office.page("import")
    noise = tmp_path / "usb" / "noise.sbb"
    noise.parent.mkdir()
    noise.write_bytes(os.urandom(2048))
    wait_idle(qtbot, office, lambda: page.import_paths([noise]))
    assert page.message.is_error()
    assert page.message.text() == "1 bundle was rejected; nothing was applied (see the report)"
    page.reload()
    assert [r.file for r in page.quarantine.rows()] == ["noise.sbb"]
    assert page.quarantine_usage.text().startswith("1 file in the quarantine folder, 0.0 MiB "
                                                   "of its 64 MiB cap")
    assert page.clear_button.isEnabled() and page.clear_button.accessibleName()

    page.ask_clear()  # Cancel: nothing is deleted
    box = page.confirm_box
    assert box is not None and "1 refused file" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    page.reload()
    assert len(page.quarantine.rows()) == 1

    page.ask_clear()
    box = page.confirm_box
    assert box is not None
    delete = next(b for b in box.buttons()
                  if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole)
    wait_idle(qtbot, office, delete.click)
    assert page.message.text() == ("Quarantine cleared: 1 record removed; 1 file deleted from "
                                   "the quarantine folder")
    page.reload()
    assert page.quarantine.rows() == [] and not page.clear_button.isEnabled()
    assert page.quarantine_usage.text().startswith("0 files in the quarantine folder")
    assert not any(page.session.workspace.quarantine_dir.glob("*.sbb"))


def test_a_good_import_counts_in_the_singular(
        qtbot: QtBot, office: OfficeController, window: MainWindow, demo: Path) -> None:
    window.show_page("office_import")
    page = office.page("import")
    one = sorted((demo / "bundles").glob("*.sbb"))[:1]
    wait_idle(qtbot, office, lambda: page.import_paths(one))
    assert not page.message.is_error()
    assert page.message.text() == "1 file imported and checked"

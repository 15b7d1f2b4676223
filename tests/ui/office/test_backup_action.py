"""File ▸ Back up the office workspace…: enabled with a workspace open, the backup written off the
UI thread and verified, a message naming the file; a recovery sheet when asked for; a refusal
shown in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.demo import PASSPHRASE
from desktop.services.office.backup import backup_facts, restore_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.conftest import wait_idle
from tests.ui.office.test_new_workspace import dialog_mnemonics


def test_the_action_backs_up_the_open_workspace(qtbot: QtBot, window: MainWindow,
                                                office: OfficeController, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    action = office.backup.act_backup
    assert action in window.menu_file.actions() and action.isEnabled()
    assert "&" in action.text()
    folder, sheet = tmp_path / "usb", tmp_path / "safe.pdf"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet), ""))
    wait_idle(qtbot, office, action.trigger)
    (written,) = folder.iterdir()
    box = office.backup.message
    assert box is not None and box.isVisible()
    assert str(written) in box.text() and "safe" in box.text() and str(sheet) in box.text()
    assert sheet.read_bytes().startswith(b"%PDF")
    facts = backup_facts(written)
    fingerprint = office.session.workspace.identity().root_fingerprint
    assert facts.office_fingerprint == fingerprint and facts.recovery_key_id
    assert facts.sha256 in box.text()
    box.close()
    restored = restore_workspace(written, tmp_path / "new", PASSPHRASE)
    assert restored.fingerprint == fingerprint


def test_a_refusal_is_shown_and_nothing_is_written(qtbot: QtBot, office: OfficeController,
                                                   tmp_path: Path) -> None:
    sheet_beside = tmp_path / "usb" / "sheet.pdf"
    wait_idle(qtbot, office, lambda: office.backup.back_up(tmp_path / "usb", sheet_beside))
    box = office.backup.message
    assert box is not None and "beside the backups" in box.text()
    assert not (tmp_path / "usb").exists() or not any((tmp_path / "usb").iterdir())
    box.close()


def test_disabled_without_a_workspace(window: MainWindow, office: OfficeController) -> None:
    office.close_workspace()
    assert not office.backup.act_backup.isEnabled()
    assert office.backup.back_up(Path("nowhere")) is False


def test_restore_from_the_file_menu_with_the_recovery_code(
        qtbot: QtBot, window: MainWindow, office: OfficeController, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.crypto import office_backup as fmt
    from desktop.services.office.backup import backup_workspace

    code = fmt.new_recovery_code()
    monkeypatch.setattr(fmt, "new_recovery_code", lambda: code)
    ws = office.session.workspace
    fingerprint = ws.identity().root_fingerprint
    made = backup_workspace(ws, tmp_path / "usb", recovery_sheet=tmp_path / "sheet.pdf").result
    office.close_workspace()  # the office laptop is lost
    assert office.backup.act_restore.isEnabled()
    dialog = office.backup.choose_backup()
    assert dialog is not None and dialog.isVisible()
    dialog.backup.setText(str(made.path))
    dialog._show_facts()
    assert made.recovery_key_id is not None
    assert fingerprint in dialog.facts.text() and made.recovery_key_id in dialog.facts.text()
    dialog.folder.setText(str(tmp_path / "new"))
    dialog.lost.setChecked(True)
    for lang in ("en", "zh_CN", "mn_Mong_CN"):
        window.language.apply(lang, remember=False)
        letters = dialog_mnemonics(dialog)
        assert len(letters) == len(set(letters)), (lang, letters)
    window.language.apply("en", remember=False)
    dialog.code.setText(code.lower())
    dialog.passphrase.setText("a new passphrase")
    dialog.repeat.setText("not the same")
    dialog.accept()
    assert dialog.isVisible() and "differ" in dialog.error.text()
    dialog.repeat.setText("a new passphrase")
    with qtbot.waitSignal(office.opened, timeout=60_000):
        dialog.accept()
    assert office.session.workspace.identity().root_fingerprint == fingerprint
    assert office.session.workspace.folder == tmp_path / "new"
    box = office.backup.message
    assert box is not None and fingerprint in box.text() and "recovery code" in box.text()
    box.close()

"""File ▸ Re-key the case file: a new data key for the case and its backups, off the UI thread,
with the case passphrase asked for; a wrong one is said in the dialog, which stays open."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.crypto import keyfile
from desktop.models.engine import key_opens
from desktop.services.case_backup import list_backups
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.dialogs import RekeyDialog
from tests.ui.reviewer.world import PASSPHRASE, Team


def test_rekey_from_the_file_menu(qtbot: QtBot, window: MainWindow,
                                  controller: ReviewerController, team: Team,
                                  tmp_path: Path) -> None:
    folder = tmp_path / "case"
    assert not controller.act_rekey.isEnabled()
    assert controller.act_rekey in window.menu_file.actions()
    case = team.create("R001", folder)
    case.backup()
    controller.set_case(case)
    assert controller.act_rekey.isEnabled()
    shutil.copyfile(folder / "case.key", tmp_path / "old.key")
    old_key = case.data_key

    controller.act_rekey.trigger()
    dialog = controller.dialog
    assert isinstance(dialog, RekeyDialog) and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.passphrase.setText("not the passphrase")
    ok.click()
    qtbot.waitUntil(lambda: "Wrong passphrase" in dialog.error.text())
    assert dialog.isVisible() and dialog.passphrase.text() == ""
    assert case.data_key == old_key

    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(controller.rekeyed, timeout=20_000) as signal:
        ok.click()
    assert signal.args == [1]
    assert not dialog.isVisible()
    assert "new data key" in window.statusBar().currentMessage()
    assert case.data_key != old_key
    case.score_item("A001", "onsite", "4.1.2", 70)  # the open case goes on
    files = [folder / "case.db", *list_backups(folder / "backups")]
    assert keyfile.unlock_key_file(tmp_path / "old.key", PASSPHRASE) == old_key
    assert not any(key_opens(f, old_key) for f in files)
    controller.close()
    assert not controller.act_rekey.isEnabled()

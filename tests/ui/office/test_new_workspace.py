"""File ▸ New office workspace…: a real workspace created through the dialog (real SQLCipher,
a real office key), its first cycle opened, the workspace opened in the window; failures leave
nothing behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.errors import InputRejected
from desktop.domain.messages import Msg
from desktop.services.office import cycle
from desktop.services.office.workspace import open_workspace
from desktop.services.programmes import programme
from desktop.ui.main_window import MainWindow
from desktop.ui.names import named
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.controller import RecentWorkspaces
from desktop.ui.office.new_workspace import NewWorkspaceDialog
from desktop.ui.tasks import TaskRunner
from tests.ui.helpers import key_clicks

PHRASE = "copper kettle 19 Winter!"
PROGRAMME = "hohhot-mayor"


def dialog_mnemonics(dialog: QWidget) -> list[str]:
    """The Alt+letters of a dialog's visible enabled buttons and buddied labels."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or not widget.isEnabled():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            match = re.search(r"&([^&\s])", widget.text().replace("&&", ""))
            if match:
                found.append(match.group(1).lower())
    return found


def _controller(qtbot: QtBot, window: MainWindow) -> OfficeController:
    controller = install_office(window)
    controller.kdf = CHEAP_KDF
    window.show()
    qtbot.waitExposed(window)
    return controller


def _new_dialog(controller: OfficeController) -> NewWorkspaceDialog:
    assert controller.act_new.isEnabled() and controller.act_new in \
        controller.window.menu_file.actions()
    controller.act_new.trigger()
    dialog = controller.window.findChild(NewWorkspaceDialog, "NewWorkspaceDialog")
    assert isinstance(dialog, NewWorkspaceDialog) and dialog.isVisible()
    return dialog


def _fill(dialog: NewWorkspaceDialog, folder: Path) -> None:
    index = dialog.programme.findText(named(programme(PROGRAMME)))
    assert index >= 0  # chosen by its display name
    dialog.programme.setCurrentIndex(index)
    dialog.number.setValue(2025)
    dialog.office_name.clear()
    dialog.office_name.setText("呼和浩特市质量奖评审办公室")  # (keyClicks: Latin-1 only)
    dialog.folder.setText(str(folder))
    key_clicks(dialog.passphrase, "short")
    assert "Weak" in dialog.hint.text() and not dialog.create_button.isEnabled()
    dialog.passphrase.clear()
    key_clicks(dialog.passphrase, PHRASE)
    key_clicks(dialog.confirm, PHRASE[:-1])
    assert "differ" in dialog.hint.text() and not dialog.create_button.isEnabled()
    key_clicks(dialog.confirm, PHRASE[-1])
    assert "bits" in dialog.hint.text() and PHRASE not in dialog.hint.text()
    assert dialog.create_button.isEnabled()


def test_a_new_office_workspace_is_created_and_opened(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    controller = _controller(qtbot, window)
    dialog = _new_dialog(controller)
    assert not dialog.create_button.isEnabled()  # nothing filled in yet
    assert all(w.accessibleName() for w in (
        dialog.office_name, dialog.programme, dialog.number, dialog.folder, dialog.browse,
        dialog.passphrase, dialog.confirm, dialog.meter, dialog.create_button,
        dialog.cancel_button))
    mnemonics = dialog_mnemonics(dialog)
    assert len(mnemonics) == len(set(mnemonics)) >= 7, mnemonics
    folder = tmp_path / "offices" / "hohhot"
    _fill(dialog, folder)
    steps: list[tuple[int, int]] = []
    with qtbot.waitSignal(controller.opened, timeout=30_000) as opened:
        dialog.create_button.click()
        assert dialog.busy() and not dialog.passphrase.isEnabled()
        assert dialog.handle is not None
        dialog.handle.progress.connect(lambda d, t: steps.append((d, t)))
    assert opened.args == [str(folder.absolute())]
    assert steps and steps[-1] == (3, 3)
    assert controller.is_open() and window.current_page() == "office_cycle"
    assert RecentWorkspaces(window.settings).folders() == [str(folder.resolve())]
    summary = controller.page("cycle").summary.text()
    assert named(programme(PROGRAMME)) in summary and "2025" in summary
    controller.close_workspace()

    # the same workspace opens with the passphrase, its cycle there, the office name kept
    with open_workspace(folder, PHRASE) as ws:
        assert ws.info().office_name == "呼和浩特市质量奖评审办公室"
        view = cycle.cycle_view(ws)
        assert view.cycle == f"{PROGRAMME}.2025"
    assert PHRASE.encode() not in (folder / "workspace.json").read_bytes()


def test_a_failed_creation_leaves_nothing_and_says_why(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    controller = _controller(qtbot, window)
    dialog = _new_dialog(controller)
    folder = tmp_path / "new" / "office"
    _fill(dialog, folder)

    def refuse(*_args: object, **_kw: object) -> None:
        raise InputRejected(Msg("Cycle {cycle} already exists", {"cycle": "x"}))

    monkeypatch.setattr(cycle, "open_cycle", refuse)  # fails after the keys and database exist
    with qtbot.waitSignal(dialog.failed, timeout=30_000):
        dialog.create_button.click()
    assert "already exists" in dialog.error.text()
    assert not (tmp_path / "new").exists()  # the folders it made are gone too
    assert dialog.isVisible() and not controller.is_open() and dialog.passphrase.isEnabled()

    # a folder that holds files is refused before anything is written into it
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep me", encoding="utf-8")
    dialog.folder.setText(str(busy))
    with qtbot.waitSignal(dialog.failed, timeout=30_000):
        dialog.create_button.click()
    assert "empty folder" in dialog.error.text()
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    dialog.reject()
    assert dialog.passphrase.text() == ""  # forgotten when the dialog closes


def test_the_dialog_in_chinese(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.language.apply("zh_CN", remember=False)
    try:
        dialog = NewWorkspaceDialog(TaskRunner(), window, kdf=CHEAP_KDF)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() != "New office workspace"
        assert dialog.programme.currentText() == programme(
            str(dialog.programme.currentData())).name_zh
        mnemonics = dialog_mnemonics(dialog)
        assert len(mnemonics) == len(set(mnemonics)), mnemonics
        dialog.done(QDialog.DialogCode.Rejected)
    finally:
        window.language.apply("en", remember=False)


def test_cancelling_the_creation_leaves_nothing(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    controller = _controller(qtbot, window)
    dialog = _new_dialog(controller)
    folder = tmp_path / "cancelled"
    _fill(dialog, folder)
    with qtbot.waitSignal(dialog.finished, timeout=30_000) as finished:
        dialog.create_button.click()
        dialog.reject()  # Cancel while the task runs: it stops and removes what it made
    assert finished.args == [int(QDialog.DialogCode.Rejected)]
    assert not folder.exists() and not controller.is_open()

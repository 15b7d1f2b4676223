"""A PostgreSQL office workspace from the window, as ``scorebook office init --database-url``
makes it: File ▸ New office workspace… with *shared PostgreSQL database* creates it on a real
server the test starts; the folder keeps the database's address without its password (nor is it
in the settings); File ▸ Open office workspace… opens it again with the URL and passphrase; the
status bar names the server, never an engine id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.office import cycle
from desktop.services.office.workspace import open_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office.dialogs import OpenRequest, OpenWorkspaceDialog
from tests.pg import PgServer, start_server
from tests.ui.helpers import key_clicks
from tests.ui.office.test_new_workspace import PHRASE, _controller, _fill, _new_dialog

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PgServer]:
    yield from start_server()


def test_a_postgres_workspace_is_created_and_opened_from_the_window(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, pg_server: PgServer) -> None:
    url = pg_server.create_database()
    controller = _controller(qtbot, window)
    dialog = _new_dialog(controller)
    folder = tmp_path / "office-pg"
    _fill(dialog, folder)
    assert not dialog.url.isVisibleTo(dialog)  # the folder's encrypted file by default
    dialog.shared.setChecked(True)
    assert dialog.url.isVisibleTo(dialog) and not dialog.create_button.isEnabled()
    dialog.url.setText(url)
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(controller.opened, timeout=60_000):
        dialog.create_button.click()
    assert controller.is_open() and controller.session.workspace.backend == "postgresql"
    assert "PostgreSQL server" in window.statusBar().currentMessage()
    assert "postgresql" not in window.statusBar().currentMessage().replace("PostgreSQL", "")
    assert dialog.url.text() == ""  # the field holding the password is cleared
    controller.close_workspace()

    kept = (folder / "workspace.json").read_text(encoding="utf-8")
    assert pg_server.password not in kept and "postgresql" in kept
    window.settings.sync()
    settings_file = tmp_path / "settings.ini"  # the window fixture's settings
    assert settings_file.is_file()
    assert pg_server.password not in settings_file.read_text(encoding="utf-8")
    assert not (folder / "office.db").exists()  # the records are on the server
    with open_workspace(folder, PHRASE, url) as ws:
        assert cycle.cycle_view(ws).cycle == "hohhot-mayor.2025"

    opener = OpenWorkspaceDialog(window, str(folder))
    opener.postgres.setChecked(True)
    opener.url.setText(url)
    key_clicks(opener.passphrase, PHRASE)
    request = opener.request()
    assert request == OpenRequest(folder, PHRASE, url)
    with qtbot.waitSignal(controller.opened, timeout=60_000):
        assert controller.open(request)
    assert controller.session.workspace.backend == "postgresql"
    assert "PostgreSQL server" in window.statusBar().currentMessage()
    controller.close_workspace()

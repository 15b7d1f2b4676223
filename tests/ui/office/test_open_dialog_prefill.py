"""File ▸ Open office workspace…: a folder that keeps a PostgreSQL workspace's settings pre-fills
its database URL (never a password) and the PostgreSQL choice; an encrypted-folder workspace or
another folder leaves the URL empty, and a URL the person typed is never replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from desktop.services.office.workspace import _write_folder_file, stored_database_url
from desktop.ui.office.dialogs import OpenWorkspaceDialog
from tests.ui.helpers import key_clicks

SECRET = "s3cr3t-pw"
URL = f"postgresql+psycopg://office:{SECRET}@db.example:5432/scorebook"


def _pg_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "office-pg"
    folder.mkdir()
    _write_folder_file(folder, "postgresql", make_url(URL))  # as office init writes it
    return folder


def test_the_stored_url_is_pre_filled_without_its_password(qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    folder = _pg_folder(tmp_path)
    assert SECRET not in (folder / "workspace.json").read_text(encoding="utf-8")
    dialog = OpenWorkspaceDialog(None, str(folder))
    qtbot.addWidget(dialog)
    assert dialog.postgres.isChecked() and dialog.url.isEnabled()
    assert dialog.url.text() == "postgresql+psycopg://office@db.example:5432/scorebook"
    assert SECRET not in dialog.url.text() and dialog.passphrase.text() == ""
    assert dialog.url.echoMode() == QLineEdit.EchoMode.Normal  # no password: shown
    request = dialog.request()
    assert request is not None and request.database_url == dialog.url.text()

    plain = tmp_path / "elsewhere"
    plain.mkdir()
    dialog.folder.setText(str(plain))  # another folder: not that URL any more
    assert dialog.url.text() == "" and dialog.embedded.isChecked()
    assert dialog.url.echoMode() == QLineEdit.EchoMode.PasswordEchoOnEdit  # one typed: hidden
    dialog.postgres.setChecked(True)
    key_clicks(dialog.url, "postgresql://me@other/db")
    dialog.folder.setText(str(folder))  # what was typed stays
    assert dialog.url.text() == "postgresql://me@other/db" and dialog.postgres.isChecked()


def test_a_password_in_the_folder_file_is_never_shown(tmp_path: Path) -> None:
    folder = _pg_folder(tmp_path)
    body = (folder / "workspace.json").read_text(encoding="utf-8")
    (folder / "workspace.json").write_text(body.replace("office@", f"office:{SECRET}@"),
                                           encoding="utf-8")  # edited by hand
    url = stored_database_url(folder)
    assert url is not None and SECRET not in url and "office@db.example" in url
    assert stored_database_url(tmp_path) is None  # no workspace here
    (folder / "workspace.json").write_text("{", encoding="utf-8")
    assert stored_database_url(folder) is None  # damaged: nothing pre-filled, no crash

"""A new case file gets a folder proposed (~/Scorebook/<reviewer>-<package's date>), in the
first-run wizard and in File ▸ New case file…; the person may change it, and what they typed is
never replaced; opening an existing case proposes nothing."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.identity import new_identity
from desktop.ui.reviewer.open_case import CaseDialog, default_case_folder
from desktop.ui.tasks import TaskRunner
from tests.ui.test_first_run import SECRET_PHRASE, _wizard


def _package(tmp_path: Path) -> Path:
    package = tmp_path / "usb" / "3fa2b1c0d4e5f6a7.sbp"
    package.parent.mkdir()
    package.write_bytes(b"SCBKPKG2")
    stamp = datetime(2026, 9, 14, 10, 0).timestamp()
    os.utime(package, (stamp, stamp))
    return package


def test_the_proposed_folder_is_free_and_names_reviewer_and_visit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    package = _package(tmp_path)
    first = default_case_folder("R017", package, home)
    assert first == home / "Scorebook" / "R017-2026-09-14"
    first.mkdir(parents=True)
    assert default_case_folder("R017", package, home) == first  # empty: still free
    (first / "case.db").write_bytes(b"x")
    assert default_case_folder("R017", package, home) == home / "Scorebook" / "R017-2026-09-14-2"
    assert default_case_folder(None, None, home) == home / "Scorebook" / "case"


def test_new_case_dialog_proposes_and_keeps_what_is_typed(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "identity"
    new_identity("R017", "Wang Lei", SECRET_PHRASE, folder=folder, kdf=CHEAP_KDF)
    package = _package(tmp_path)
    dialog = CaseDialog(TaskRunner(), create=True, identity_folder=folder, kdf=CHEAP_KDF)
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == str(default_case_folder("R017", None))
    dialog.package.setText(str(package))
    assert Path(dialog.folder.text()).name.startswith("R017-2026-09-14")
    dialog.folder.setText(str(tmp_path / "my-visit"))  # edited by the person
    dialog.package.setText(str(package) + " ")
    assert dialog.folder.text() == str(tmp_path / "my-visit")
    opening = CaseDialog(TaskRunner(), create=False, identity_folder=folder)
    qtbot.addWidget(opening)
    assert opening.folder.text() == ""  # opening: the person says which case


def test_the_wizard_proposes_the_case_folder(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "identity")
    page = wizard.case_page
    wizard.info = new_identity("R017", "Wang Lei", SECRET_PHRASE,
                               folder=tmp_path / "identity", kdf=CHEAP_KDF)
    page.initializePage()
    assert page.folder.text() == str(default_case_folder("R017", None))
    page.package.setText(str(_package(tmp_path)))
    assert Path(page.folder.text()).name.startswith("R017-2026-09-14")
    page.open_existing.setChecked(True)
    assert page.folder.text() == ""  # nothing proposed to open
    page.from_package.setChecked(True)
    assert Path(page.folder.text()).name.startswith("R017-2026-09-14")

"""The lost-laptop procedure end to end in the office window, on the demo cycle (real keys,
bundles and files): revoke the key on the people page, write the signed roster update to a USB
stick (people page, and File ▸ Write a roster update…), and decide the revoked key's held
bundles on the import page — each through the same services as the command line."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.services.office import packages
from desktop.services.office.revocation import held_of_revoked
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.lost_laptop import RevokedDecisionDialog, RosterUpdateDialog
from desktop.ui.office.revoke_dialog import RevokeKeyDialog
from tests.ui.mnemonics import clashes
from tests.ui.office.test_setup_actions import (
    _check_names,
    _close,
    _dialog_clashes,
    _page,
    _refusal,
)


def _stick(tmp_path: Path) -> tuple[Path, list[tuple[str, str, int]]]:
    stick = tmp_path / "USB"
    stick.mkdir()
    return stick, [(str(stick), "USB", 8 * 1024**3)]


def test_revoke_write_the_roster_update_and_decide_the_held_bundles(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    ws = office.session.workspace
    people = _page(window, office, "people")
    rid = people.reviewers.rows()[0].reviewer
    dialog = people.revoke_action.revoke_key()
    assert isinstance(dialog, RevokeKeyDialog)
    dialog.reviewer.setCurrentIndex(dialog.reviewer.findData(rid))
    dialog.reason.setPlainText("笔记本电脑在火车上丢失")
    dialog.trusted.setValue(0)  # none of its bundles is trusted: every held one waits
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    waiting = held_of_revoked(ws)
    assert waiting and {b.reviewer for b in waiting} == {rid}
    assert all(b.stands is None for b in waiting)
    text = people.message.text()
    assert "Write roster update…" in text and f"import page ({len(waiting)})" in text

    # the roster update to the USB stick, from the people page
    stick, drives = _stick(tmp_path)
    roster = people.revoke_action.write_roster_update(drives=lambda: drives)
    assert isinstance(roster, RosterUpdateDialog)
    _check_names(roster)
    assert roster.destination.path() == stick  # the only stick found fills the folder
    roster.ok_button().click()
    qtbot.waitUntil(lambda: not roster.isVisible())
    version = packages.office_roster(ws).version
    [written] = list(stick.glob("*.sbr"))
    assert f"v{version}" in written.name
    assert f"Roster version {version} written" in people.message.text()

    # File ▸ Write a roster update…: the same dialog; a missing stick is refused, not made up
    act = office.roster_update.act
    assert act.isEnabled() and act in window.menu_file.actions()
    again = office.roster_update.open(drives=lambda: [])
    assert isinstance(again, RosterUpdateDialog)
    assert not again.ok_button().isEnabled()  # no folder yet
    again.destination.folder.setText(str(tmp_path / "gone"))
    again.ok_button().click()
    box = _refusal(qtbot, again)
    assert "not a folder" in box.text()
    _close(box)
    assert not (tmp_path / "gone").exists()
    again.reject()

    # the held bundles wait on the import page; one is set aside, with a reason
    imports = _page(window, office, "import")
    panel = imports.revoked
    assert panel.isVisibleTo(imports) and panel.model.rowCount() == len(waiting)
    assert "wait" in panel.label.text() or "waits" in panel.label.text()
    decide = panel.decide_selected()
    assert isinstance(decide, RevokedDecisionDialog)
    _check_names(decide)
    assert not decide.ok_button().isEnabled()
    decide.aside.setChecked(True)
    assert not decide.ok_button().isEnabled()  # a reason is required
    decide.reason.setText("无法确认是否本人所发")
    assert _dialog_clashes(decide) == []  # every control enabled: no accelerator twice
    decide.ok_button().click()
    qtbot.waitUntil(lambda: not decide.isVisible())
    first = waiting[0]
    after = {b.sha256: b for b in held_of_revoked(ws)}
    assert after[first.sha256].stands is False
    assert after[first.sha256].reason == "无法确认是否本人所发"
    assert "is set aside" in imports.message.text()
    row = next(r for r in range(panel.model.rowCount())
               if panel.model.index(r, 5).data() == first.file)
    assert panel.model.index(row, 6).data() == "set aside"


def test_the_new_actions_are_named_without_clash(office: OfficeController,
                                                 window: MainWindow) -> None:
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            page = _page(window, office, "people")
            assert page.revoke_action.roster_button.text()
            assert page.revoke_action.roster_button.accessibleName()
            assert office.roster_update.act.text()
            assert clashes(window) == [], language
    finally:
        window.language.apply("en", remember=False)

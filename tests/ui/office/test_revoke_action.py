"""The lost-laptop procedure in the office window: "Revoke key…" on the people page records the
revocation with its reason and signs a new roster; the key's reviewer is shown inactive."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.services.office import packages, reviewers
from desktop.services.office.revocation import list_revocations
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.revoke_dialog import ReplaceKeyDialog, RevokeKeyDialog
from tests.ui.mnemonics import clashes
from tests.ui.office.test_setup_actions import _check_names, _close, _page, _refusal


def test_revoke_a_key_from_the_people_page(qtbot: QtBot, office: OfficeController,
                                           window: MainWindow, tmp_path: Path) -> None:
    ws = office.session.workspace
    page = _page(window, office, "people")
    before = packages.office_roster(ws).version
    rid = reviewers.list_reviewers(ws)[0].reviewer
    dialog = page.revoke_action.revoke_key()
    assert isinstance(dialog, RevokeKeyDialog)
    _check_names(dialog)
    dialog.reviewer.setCurrentIndex(dialog.reviewer.findData(rid))
    dialog.ok_button().click()  # no reason
    box = _refusal(qtbot, dialog)
    assert "reason" in box.text()
    _close(box)
    dialog.reason.setPlainText("笔记本电脑丢失")
    dialog.trusted.setValue(1)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [rev] = list_revocations(ws)
    assert rev.reviewer == rid and rev.reason == "笔记本电脑丢失"
    assert rev.trusted_revision == 1
    assert packages.office_roster(ws).version == before + 1
    assert not next(r for r in page.reviewers.rows() if r.reviewer == rid).active
    assert "revoked" in page.message.text()

    # the reviewer's new key, its fingerprint compared as at enrolment
    new = ReviewerIdentity.generate(rid, "新密钥")
    card = tmp_path / "new.card"
    card.write_bytes(make_card(new))
    replace = page.revoke_action.replace_key()
    assert isinstance(replace, ReplaceKeyDialog)
    _check_names(replace)
    replace.path.setText(str(card))
    assert new.fingerprint in replace.fingerprint.text()
    assert not replace.ok_button().isEnabled()
    replace.compared.setChecked(True)
    replace.ok_button().click()
    qtbot.waitUntil(lambda: not replace.isVisible())
    row = next(r for r in page.reviewers.rows() if r.reviewer == rid)
    assert row.active and row.fingerprint == new.fingerprint
    assert packages.office_roster(ws).version == before + 2


def test_revoke_button_named_without_clash(office: OfficeController, window: MainWindow) -> None:
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            page = _page(window, office, "people")
            assert page.revoke_action.button.text()
            assert page.revoke_action.button.accessibleName()
            assert page.revoke_action.replace_button.text()
            assert clashes(window) == [], language
    finally:
        window.language.apply("en", remember=False)

"""First run on a computer already set up: the wizard uses the identity there (unlocked with its
passphrase, asked once) instead of refusing with "already exists", and goes on to the case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import OfficeIdentity
from desktop.services.identity import new_identity, pin_office, show_identity
from desktop.ui.first_run import CASE, FINGERPRINT, IDENTITY, PASSPHRASE
from tests.ui.helpers import key_clicks
from tests.ui.test_first_run import SECRET_PHRASE, _wizard

OFFICE_FP = OfficeIdentity.generate("Office").root_fingerprint


def test_an_existing_identity_is_used_not_refused(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "identity"
    made = new_identity("R017", "Wang Lei", SECRET_PHRASE, folder=folder, kdf=CHEAP_KDF)
    pin_office(SECRET_PHRASE, OFFICE_FP, folder)
    card_before = made.card_path.read_bytes()
    wizard = _wizard(qtbot, folder)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()
    assert wizard.currentId() == IDENTITY
    page = wizard.identity_page
    assert page.display_name.text() == "Wang Lei" and page.reviewer_id.text() == "R017"
    assert page.reviewer_id.isReadOnly() and "already has your identity" in page.subTitle()
    assert next_button.isEnabled()
    next_button.click()
    assert wizard.currentId() == PASSPHRASE
    pp = wizard.passphrase_page
    assert pp.title() == "Unlock your identity"
    assert not pp.confirm.isVisible() and not pp.meter.isVisible()  # asked once
    key_clicks(pp.passphrase, "not the passphrase")
    assert next_button.isEnabled()
    next_button.click()
    qtbot.waitUntil(lambda: bool(pp.error.text()), timeout=20_000)
    assert wizard.currentId() == PASSPHRASE and "already exists" not in pp.error.text()
    pp.passphrase.clear()
    key_clicks(pp.passphrase, SECRET_PHRASE)
    next_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == FINGERPRINT, timeout=20_000)
    assert wizard.info is not None and wizard.info.fingerprint == made.fingerprint
    fp_page = wizard.fingerprint_page
    assert fp_page.own.text() == made.fingerprint
    assert fp_page.normalised() == wizard.pinned  # the office pinned then, shown again
    next_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == CASE, timeout=20_000)
    assert show_identity(folder).fingerprint == made.fingerprint  # nothing made again
    assert made.card_path.read_bytes() == card_before

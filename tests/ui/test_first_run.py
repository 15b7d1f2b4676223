"""The first-run wizard: identity under a passphrase, fingerprints, then a real case file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.case import open_case
from desktop.services.identity import load_identity
from desktop.services.programmes import programme
from desktop.ui.first_run import (
    CASE,
    FINGERPRINT,
    IDENTITY,
    OFFICE,
    PASSPHRASE,
    ROLE,
    FirstRunWizard,
)
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.names import named
from desktop.ui.office import install_office
from desktop.ui.office.new_workspace import NewWorkspaceDialog
from desktop.ui.reviewer.strength import Level, estimate
from desktop.ui.settings import Settings
from desktop.ui.tasks import TaskRunner
from tests.ui.helpers import key_clicks
from tests.ui.reviewer.world import make_team

SECRET_PHRASE = "lantern orchard 47 Velvet!"


def _wizard(qtbot: QtBot, folder: Path) -> FirstRunWizard:
    runner = TaskRunner()
    wizard = FirstRunWizard(runner, identity_folder=folder, kdf=CHEAP_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_strength_hint() -> None:
    assert estimate("").level is Level.EMPTY
    assert estimate("aaaaaaaaaaaa").level is Level.WEAK
    assert not estimate("abc12").acceptable
    strong = estimate(SECRET_PHRASE)
    assert strong.acceptable and strong.classes == 4 and strong.level >= Level.GOOD


def test_first_run_creates_an_identity_pins_the_office_and_a_case(qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "identity")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()
    assert wizard.currentId() == IDENTITY
    assert not next_button.isEnabled()
    page = wizard.identity_page
    key_clicks(page.display_name, "Wang Lei")
    key_clicks(page.reviewer_id, "R001")
    assert next_button.isEnabled()
    next_button.click()
    assert wizard.currentId() == PASSPHRASE
    pp = wizard.passphrase_page
    key_clicks(pp.passphrase, "short")
    assert "Weak" in pp.hint.text() and not next_button.isEnabled()
    pp.passphrase.clear()
    key_clicks(pp.passphrase, SECRET_PHRASE)
    key_clicks(pp.confirm, SECRET_PHRASE)
    assert "bits" in pp.hint.text() and SECRET_PHRASE not in pp.hint.text()
    assert next_button.isEnabled()
    next_button.click()
    assert pp.busy_bar.isVisible() or wizard.currentId() == FINGERPRINT  # off the UI thread
    qtbot.waitUntil(lambda: wizard.currentId() == FINGERPRINT, timeout=20_000)
    assert wizard.info is not None
    fp_page = wizard.fingerprint_page
    assert fp_page.own.text() == wizard.info.fingerprint

    # the office's roster lists the new identity; the package is sealed to it
    me = load_identity(SECRET_PHRASE, tmp_path / "identity").identity
    team = make_team(tmp_path, me=me.public)
    package = team.package("R001", me.public)
    office_fp = team.office.root_fingerprint
    key_clicks(fp_page.office, office_fp.replace("-", " ").lower()[:10])
    assert not next_button.isEnabled()
    key_clicks(fp_page.office, office_fp.replace("-", " ").lower()[10:])
    assert office_fp in fp_page.check.text()  # normalised
    next_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == CASE, timeout=20_000)
    assert load_identity(SECRET_PHRASE, tmp_path / "identity").office_fingerprint == office_fp

    case_page = wizard.case_page
    case_page.package.setText(str(package))
    case_page.folder.setText(str(tmp_path / "case"))
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    finish.click()
    qtbot.waitUntil(lambda: wizard.case is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.passphrase == ""  # forgotten when the wizard closes
    assert SECRET_PHRASE not in wizard.windowTitle()
    case = wizard.case
    assert case is not None
    assert [a.applicant_id for a in case.status().applicants] == ["A001", "A002", "A003"]
    case.close()
    with open_case(tmp_path / "case", SECRET_PHRASE) as again:
        assert again.reviewer_id == "R001"


def test_a_wrong_office_fingerprint_is_refused_when_the_package_is_opened(
        qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.crypto.keys import OfficeIdentity
    from desktop.services.identity import new_identity

    impostor = OfficeIdentity.generate("Impostor").root_fingerprint
    new_identity("R001", "Wang Lei", SECRET_PHRASE, office_fingerprint=impostor,
                 folder=tmp_path / "identity", kdf=CHEAP_KDF)
    me = load_identity(SECRET_PHRASE, tmp_path / "identity").identity
    team = make_team(tmp_path, me=me.public)
    wizard = _wizard(qtbot, tmp_path / "identity")
    wizard.passphrase = SECRET_PHRASE
    wizard.pinned = impostor
    wizard.setStartId(CASE)
    wizard.restart()
    wizard.case_page.package.setText(str(team.package("R001", me.public)))
    wizard.case_page.folder.setText(str(tmp_path / "case"))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: bool(wizard.case_page.error.text()), timeout=20_000)
    assert wizard.case is None and wizard.isVisible()
    assert not (tmp_path / "case" / "case.db").exists()


def test_a_typed_office_fingerprint_never_replaces_the_pinned_one(
        qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.crypto.keys import OfficeIdentity
    from desktop.services.identity import new_identity

    pinned = OfficeIdentity.generate("Office").root_fingerprint
    other = OfficeIdentity.generate("Impostor").root_fingerprint
    info = new_identity("R001", "Wang Lei", SECRET_PHRASE, office_fingerprint=pinned,
                        folder=tmp_path / "identity", kdf=CHEAP_KDF)
    wizard = _wizard(qtbot, tmp_path / "identity")
    wizard.passphrase, wizard.info = SECRET_PHRASE, info
    wizard.setStartId(FINGERPRINT)
    wizard.restart()
    page = wizard.fingerprint_page
    key_clicks(page.office, other)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=20_000)
    assert "differs from the one pinned" in page.error.text() and other in page.error.text()
    assert wizard.currentId() == FINGERPRINT
    assert load_identity(SECRET_PHRASE, tmp_path / "identity").office_fingerprint == pinned


def test_office_route_explains_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "identity")
    wizard.role_page.office.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == OFFICE
    assert "Create the office workspace now" in wizard.office_page.message.text()
    assert wizard.office_page.create_button.isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_office_route_creates_the_workspace_and_opens_it_in_the_window(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    window = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(window)
    window.show()
    controller = install_office(window)
    wizard = FirstRunWizard(TaskRunner(), identity_folder=tmp_path / "identity", kdf=CHEAP_KDF,
                            parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.office.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.office_page
    assert page.create_button.isVisible() and page.create_button.accessibleName()
    dialog = page.create_office()
    assert isinstance(dialog, NewWorkspaceDialog) and dialog.isVisible()
    dialog.programme.setCurrentIndex(dialog.programme.findText(named(programme("baotou-hitech"))))
    dialog.number.setValue(2025)
    dialog.folder.setText(str(tmp_path / "office"))
    key_clicks(dialog.passphrase, SECRET_PHRASE)
    key_clicks(dialog.confirm, SECRET_PHRASE)
    with qtbot.waitSignal(dialog.created, timeout=30_000):
        dialog.create_button.click()
    assert wizard.office_ws is not None
    fingerprint = wizard.office_ws.info().fingerprint
    assert fingerprint in page.result.text()  # to read aloud at enrolment
    assert not page.create_button.isEnabled()
    assert not controller.is_open()  # handed over when the wizard closes
    with qtbot.waitSignal(controller.opened, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.office_ws is None and controller.is_open()
    assert controller.session.workspace.info().fingerprint == fingerprint
    assert window.current_page() == "office_cycle"
    controller.session.close()


def test_the_language_is_chosen_first_and_the_whole_window_follows(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    switcher = LanguageSwitcher(qapp, settings)
    window = MainWindow(settings, switcher, fonts=fonts)
    qtbot.addWidget(window)
    wizard = FirstRunWizard(TaskRunner(), identity_folder=tmp_path / "identity", kdf=CHEAP_KDF,
                            parent=window, language=switcher, settings=settings)
    switcher.register(wizard)
    qtbot.addWidget(wizard)
    window.show()
    wizard.setModal(False)
    wizard.show()
    assert wizard.currentId() == ROLE and not wizard.isModal()
    assert window.menu_language.isEnabled()  # not blocked by the wizard
    try:
        wizard.role_page.languages["zh_CN"].click()
        assert settings.language == "zh_CN"  # kept for the next start
        assert wizard.windowTitle() != "Set up Scorebook"
        assert window.menu_file.title() != "&File"
        assert wizard.role_page.languages["zh_CN"].isChecked()
    finally:
        switcher.apply("en", remember=False)


def test_plurals_of_the_strength_line(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "identity")
    page = wizard.passphrase_page
    page.passphrase.setText("aaaaaaaaaaaaaaaaaaaa")  # one kind of character
    assert "1 kind of character" in page.hint.text() and "kinds" not in page.hint.text()
    page.passphrase.setText(SECRET_PHRASE)
    assert "4 kinds of character" in page.hint.text()


def test_the_enrolment_card_is_shown_and_copied_for_the_office(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    from desktop.services.identity import new_identity

    info = new_identity("R017", "Wang Lei", SECRET_PHRASE, folder=tmp_path / "identity",
                        kdf=CHEAP_KDF)
    wizard = _wizard(qtbot, tmp_path / "identity")
    wizard.passphrase, wizard.info = SECRET_PHRASE, info
    wizard.setStartId(FINGERPRINT)
    wizard.restart()
    page = wizard.fingerprint_page
    assert str(info.card_path) in page.card.text() and page.copy_card.isEnabled()
    stick = tmp_path / "STICK"
    stick.mkdir()
    copied = page.copy_card_to(stick)
    assert copied == stick / "R017.card"
    assert copied.read_bytes() == info.card_path.read_bytes()
    assert str(copied) in page.copied.text()
    assert page.copy_card_to(tmp_path / "no such folder") is None
    assert page.copied.text().startswith("Not copied")


def test_the_office_route_also_opens_an_existing_workspace(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    window = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(window)
    window.show()
    wizard = FirstRunWizard(TaskRunner(), identity_folder=tmp_path / "identity", kdf=CHEAP_KDF,
                            parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.office.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.office_page
    assert page.open_button.isVisible() and page.create_button.isVisible()
    from PySide6.QtWidgets import QDialog

    from desktop.ui.office.dialogs import OpenWorkspaceDialog

    seen: list[QDialog] = []

    def answer() -> None:  # the window's own open dialog asks; Cancel it
        dialog = qapp.activeModalWidget()
        if isinstance(dialog, OpenWorkspaceDialog):
            seen.append(dialog)
            dialog.reject()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, answer)
    assert page.open_office()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_cancelled_once_the_wizard_waits_in_the_file_menu(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    from desktop.ui.app import build_main_window, first_run, install_reviewer

    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path))
    window = build_main_window(qapp, ["--language", "en"])
    qtbot.addWidget(window)
    install_reviewer(window)
    first_run(window)
    wizard = window.findChild(FirstRunWizard, "FirstRunWizard")
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible() and not wizard.isModal()
    wizard.reject()
    assert window.settings.first_run_dismissed
    qtbot.waitUntil(lambda: window.findChild(FirstRunWizard, "FirstRunWizard") is None)
    first_run(window)  # the next start: not again
    assert window.findChild(FirstRunWizard, "FirstRunWizard") is None
    window.act_setup.trigger()  # File › Set up Scorebook…
    again = window.findChild(FirstRunWizard, "FirstRunWizard")
    assert isinstance(again, FirstRunWizard) and again.isVisible()
    again.reject()

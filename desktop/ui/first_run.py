"""The first-run wizard: the language and who uses the computer (reviewer or office); a
reviewer identity (display name, pseudonymous id) sealed under a passphrase (asked twice, with a
strength hint); the fingerprint to read aloud; the office fingerprint pinned and the enrolment
card copied for the office; then a case file opened or created from a panel package. The office
route creates the office workspace (the dialog of File ▸ New office workspace…) or opens an
existing one.

Every key derivation (identity sealing, pinning, case creation) runs off the UI thread through
the ``TaskRunner`` with a busy indicator. The passphrase lives only in this object's memory and
is dropped when the wizard closes; it is never logged nor put in a title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizard,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, ngettext, set_language
from desktop.services.case import CaseSession
from desktop.services.identity import (
    IdentityInfo,
    NoIdentity,
    load_identity,
    new_identity,
    show_identity,
)
from desktop.services.keys import PRODUCTION, Kdf, kdf_params
from desktop.ui.file_dialogs import existing_folder, open_file, settings_of
from desktop.ui.first_run_pages import (
    CASE,
    FINGERPRINT,
    IDENTITY,
    OFFICE,
    PASSPHRASE,
    ROLE,
    FingerprintPage,
    OfficePage,
    RolePage,
    WizardBase,
    _Page,
    office_ui_available,
)
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.open_case import (
    CaseRequest,
    Proposal,
    default_case_folder,
    folder_row,
    open_or_create,
)
from desktop.ui.reviewer.strength import LEVEL_TEXT, Level, estimate
from desktop.ui.tasks import TaskControl, TaskRunner
from desktop.ui.text import join_list

__all__ = ["CASE", "FINGERPRINT", "IDENTITY", "OFFICE", "PASSPHRASE", "ROLE",
           "FirstRunWizard", "office_ui_available"]

_REVIEWER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class _WizardPage(_Page):
    w: FirstRunWizard  # the pages of this module read the whole wizard


class IdentityPage(_WizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.display_name = QLineEdit(self)
        self.reviewer_id = QLineEdit(self)
        self.name_label = QLabel(self)
        self.id_label = QLabel(self)
        self.name_label.setBuddy(self.display_name)
        self.id_label.setBuddy(self.reviewer_id)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow(self.name_label, self.display_name)
        form.addRow(self.id_label, self.reviewer_id)
        form.addRow(self.error)
        for edit in (self.display_name, self.reviewer_id):
            edit.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        """On a computer already set up, the identity there is used (an identity is made
        once): its name and id are shown, and the passphrase page unlocks it."""
        existing = self.w.existing_identity()
        for edit in (self.display_name, self.reviewer_id):
            edit.setReadOnly(existing is not None)
        if existing is not None:
            self.display_name.setText(existing.display_name)
            self.reviewer_id.setText(existing.reviewer_id)
        self.retranslate()

    def ready(self) -> bool:
        return bool(self.display_name.text().strip()) and \
            _REVIEWER_ID.fullmatch(self.reviewer_id.text().strip()) is not None

    def nextId(self) -> int:
        return PASSPHRASE

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Your reviewer identity"))
        self.setSubTitle(_("The office lists you on its roster under this identity."))
        self.note.setText(_("Use the pseudonymous reviewer id the office gave you (letters, "
                            "digits, dot, dash). Your name is shown to your team only."))
        if self.w.existing_identity() is not None:
            self.setSubTitle(_("This computer already has your identity: Scorebook uses it."))
            self.note.setText(_("An identity is made once per computer. Go on to unlock it "
                                "with its passphrase, then open or create your case file."))
        self.name_label.setText(_("Display na&me"))  # Alt+N is Next
        self.id_label.setText(_("Reviewer &id"))
        self.display_name.setAccessibleName(_("Display name"))
        self.reviewer_id.setAccessibleName(_("Reviewer id"))
        self.reviewer_id.setPlaceholderText(_("for example R017"))
        self.note.setAccessibleName(_("Explanation"))


class PassphrasePage(_WizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar(self)
        self.meter.setRange(0, int(Level.STRONG))
        self.meter.setTextVisible(False)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.pass_label = QLabel(self)
        self.confirm_label = QLabel(self)
        self.pass_label.setBuddy(self.passphrase)
        self.confirm_label.setBuddy(self.confirm)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow(self.pass_label, self.passphrase)
        form.addRow(self.confirm_label, self.confirm)
        form.addRow(self.meter)
        form.addRow(self.hint)
        form.addRow(self.busy_bar)
        form.addRow(self.error)
        for edit in (self.passphrase, self.confirm):
            edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._show_strength()
        self.completeChanged.emit()

    def _show_strength(self) -> None:
        s = estimate(self.passphrase.text())
        self.meter.setValue(int(s.level))
        parts = [_(LEVEL_TEXT[s.level])]
        if s.length:
            parts.append(join_list((
                ngettext("{n} character", "{n} characters", s.length).format(n=s.length),
                ngettext("{n} kind of character", "{n} kinds of character",
                         s.classes).format(n=s.classes),
                ngettext("about {n} bit", "about {n} bits", s.bits).format(n=s.bits))))
        if s.length and not s.acceptable:
            parts.append(_("Use at least 10 characters; several unrelated words work well."))
        elif self.confirm.text() and self.confirm.text() != self.passphrase.text():
            parts.append(_("The two entries differ."))
        self.hint.setText(" — ".join(parts))

    def initializePage(self) -> None:
        existing = self.w.existing_identity() is not None
        for widget in (self.confirm, self.confirm_label, self.meter, self.hint):
            widget.setVisible(not existing)  # unlocking asks once, and no strength
        self.retranslate()

    def ready(self) -> bool:
        text = self.passphrase.text()
        if self.w.existing_identity() is not None:
            return bool(text)
        return estimate(text).acceptable and text == self.confirm.text()

    def _unlock(self) -> bool:
        """The identity already here, unlocked with the passphrase typed (off the UI thread)."""
        w = self.w
        secret, folder = self.passphrase.text(), w.identity_folder

        def work(control: TaskControl) -> IdentityInfo:
            control.check_cancelled()
            stored = load_identity(secret, folder)  # WrongPassphrase: said on the page
            info = show_identity(folder)
            return IdentityInfo(info.folder, info.reviewer_id, info.display_name,
                                info.fingerprint, info.enc_fingerprint, info.card_path,
                                stored.office_fingerprint)

        def done(info: object) -> None:
            assert isinstance(info, IdentityInfo)
            w.info = info
            w.passphrase = secret
            w.pinned = info.office_fingerprint

        return self.run(_("Unlock identity"), work, done)

    def validatePage(self) -> bool:
        w = self.w
        if w.info is not None:  # made already (the user came back): keep it
            return True
        if w.existing_identity() is not None:
            return self._unlock()
        ident = w.identity_page
        rid, name = ident.reviewer_id.text().strip(), ident.display_name.text().strip()
        secret = self.passphrase.text()
        folder, kdf = w.identity_folder, w.kdf

        def work(control: TaskControl) -> IdentityInfo:
            control.check_cancelled()
            return new_identity(rid, name, secret, folder=folder, kdf=kdf_params(kdf))

        def done(info: object) -> None:
            assert isinstance(info, IdentityInfo)
            w.info = info
            w.passphrase = secret

        return self.run(_("Create identity"), work, done)

    def nextId(self) -> int:
        return FINGERPRINT

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Choose a passphrase"))
        self.setSubTitle(_("It protects your keys and your case files if the laptop is lost."))
        self.note.setText(_("Nobody can recover it for you, not even the office. Making the "
                            "keys takes a moment."))
        if self.w.existing_identity() is not None:
            self.setTitle(_("Unlock your identity"))
            self.setSubTitle(_("Type the passphrase you chose when this computer was set up."))
            self.note.setText(_("Unlocking takes a moment."))
        self.pass_label.setText(_("&Passphrase"))
        self.confirm_label.setText(_("&Repeat it"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.confirm.setAccessibleName(_("Repeat the passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.hint.setAccessibleName(_("Passphrase strength"))
        self.note.setAccessibleName(_("Explanation"))
        self._show_strength()


class CasePage(_WizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.from_package = QRadioButton(self)
        self.open_existing = QRadioButton(self)
        self.later = QRadioButton(self)
        self.from_package.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.from_package, self.open_existing, self.later):
            group.addButton(b)
            b.toggled.connect(self._changed)
        self.package = QLineEdit(self)
        self.package_browse = QPushButton(self)
        self.folder = QLineEdit(self)
        self.folder_browse = QPushButton(self)
        self.package_label = QLabel(self)
        self.folder_label = QLabel(self)
        self.package_label.setBuddy(self.package)
        self.folder_label.setBuddy(self.folder)
        form = QFormLayout(self)
        form.addRow(self.from_package)
        form.addRow(self.open_existing)
        form.addRow(self.later)
        form.addRow(self.package_label, folder_row(self, self.package, self.package_browse))
        form.addRow(self.folder_label, folder_row(self, self.folder, self.folder_browse))
        form.addRow(self.busy_bar)
        form.addRow(self.error)
        self.package.textChanged.connect(self._changed)
        self.folder.textChanged.connect(self._changed)
        self.package_browse.clicked.connect(self._browse_package)
        self.folder_browse.clicked.connect(self._browse_folder)
        self.proposal = Proposal(self.folder)  # a new case: a folder proposed, editable
        self.package.textChanged.connect(self._propose)
        self.from_package.toggled.connect(self._propose)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self._propose()

    def _propose(self) -> None:
        """~/Scorebook/<reviewer>-<package's date> for a new case; nothing to open one."""
        if not self.from_package.isChecked():
            self.proposal.offer(None)
            return
        info, text = self.w.info, self.package.text().strip()
        self.proposal.offer(default_case_folder(info.reviewer_id if info else None,
                                                Path(text) if text else None))

    def _browse_package(self) -> None:
        path = open_file(self, _("Choose the panel package"), _("Panel packages (*.sbp)"),
                         settings_of(self.w))
        if path:
            self.package.setText(path)

    def _browse_folder(self) -> None:
        path = existing_folder(self, _("Choose the case folder"), settings_of(self.w))
        if path:
            self.folder.setText(path)

    def _changed(self) -> None:
        creating = self.from_package.isChecked()
        for w in (self.package, self.package_browse, self.package_label):
            w.setEnabled(creating)
        for w in (self.folder, self.folder_browse, self.folder_label):
            w.setEnabled(not self.later.isChecked())
        self.completeChanged.emit()

    def ready(self) -> bool:
        if self.later.isChecked():
            return True
        if not self.folder.text().strip():
            return False
        return not self.from_package.isChecked() or bool(self.package.text().strip())

    def nextId(self) -> int:
        return -1

    def validatePage(self) -> bool:
        w = self.w
        if self.later.isChecked() or w.case is not None:
            return True
        request = CaseRequest(Path(self.folder.text().strip()), w.passphrase,
                              Path(self.package.text().strip()) if self.from_package.isChecked()
                              else None, w.identity_folder, w.pinned, w.kdf)

        def done(case: object) -> None:
            assert isinstance(case, CaseSession)
            w.case = case

        return self.run(_("Open case file"), lambda c: open_or_create(request, c), done)

    def retranslate(self) -> None:
        super().retranslate()
        self.setTitle(_("Your case file"))
        self.setSubTitle(_("The office gives each reviewer a panel package for the visit."))
        self.from_package.setText(_("&Create a case file from a panel package"))
        self.open_existing.setText(_("Open an &existing case file"))
        self.later.setText(_("&Later"))
        self.package_label.setText(_("Panel &package"))
        self.folder_label.setText(_("Case fol&der"))  # Alt+F is Finish
        self.package_browse.setText(_("Browse…"))
        self.folder_browse.setText(_("Browse…"))
        for widget, name in ((self.from_package, _("Create a case file from a panel package")),
                             (self.open_existing, _("Open an existing case file")),
                             (self.later, _("Later")), (self.package, _("Panel package")),
                             (self.package_browse, _("Browse for the panel package")),
                             (self.folder, _("Case folder")),
                             (self.folder_browse, _("Browse for the case folder"))):
            widget.setAccessibleName(name)


class FirstRunWizard(WizardBase):
    def __init__(self, runner: TaskRunner, *, identity_folder: Path | None = None,
                 kdf: Kdf = PRODUCTION, parent: QWidget | None = None,
                 language: LanguageSwitcher | None = None, settings: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunWizard")
        self.runner = runner
        self.language = language
        self.settings = settings  # the window's Settings (file dialogs start where they were)
        self.identity_folder = identity_folder
        self.kdf = kdf
        self.handle: Any = None
        self.info: IdentityInfo | None = None
        self.passphrase = ""
        self.pinned: str | None = None
        self.case: CaseSession | None = None
        self.office_ws: Any = None  # an office Workspace created on the office route
        self._existing: IdentityInfo | None = None  # the identity already on this computer
        self._looked = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.resize(720, 560)  # room for the longest page (the card, the busy bar) on 768 px
        self.role_page = RolePage(self)
        self.office_page = OfficePage(self)
        self.identity_page = IdentityPage(self)
        self.passphrase_page = PassphrasePage(self)
        self.fingerprint_page = FingerprintPage(self)
        self.case_page = CasePage(self)
        for pid, page in ((ROLE, self.role_page), (OFFICE, self.office_page),
                          (IDENTITY, self.identity_page), (PASSPHRASE, self.passphrase_page),
                          (FINGERPRINT, self.fingerprint_page), (CASE, self.case_page)):
            self.setPage(pid, page)
        self.setStartId(ROLE)
        self.rejected.connect(self._cancel)
        self.finished.connect(self._forget)
        self.retranslate()

    def set_language(self, tag: str) -> None:
        """The language chosen on the first page: the whole window follows, and it is kept."""
        if self.language is not None:
            self.language.apply(tag)  # retranslates this wizard too (registered)
        else:
            set_language(tag)
            self.retranslate()

    def existing_identity(self) -> IdentityInfo | None:
        """The identity already on this computer (its public card; no passphrase needed)."""
        if not self._looked:
            self._looked = True
            try:
                self._existing = show_identity(self.identity_folder)
            except NoIdentity:
                self._existing = None
            except ScorebookError:  # an unreadable card: making one again is refused anyway
                self._existing = None
        return self._existing

    def role(self) -> str:
        return "office" if self.role_page.office.isChecked() else "reviewer"

    def _cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _forget(self) -> None:
        self.passphrase = ""
        self.passphrase_page.passphrase.clear()
        self.passphrase_page.confirm.clear()
        self._hand_over_office()

    def _hand_over_office(self) -> None:
        """A workspace created on the office route opens in the window's office (it exists
        either way, so also when the wizard is then cancelled). Without a main window it stays
        in ``office_ws`` for the caller."""
        parent = self.parentWidget()
        if self.office_ws is None or not isinstance(parent, MainWindow):
            return
        from desktop.ui.office.controller import install_office

        ws, self.office_ws = self.office_ws, None
        install_office(parent).adopt(ws)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up Scorebook"))
        for which, text in ((QWizard.WizardButton.NextButton, _("&Next >")),
                            (QWizard.WizardButton.BackButton, _("< &Back")),
                            (QWizard.WizardButton.FinishButton, _("&Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)
            button = self.button(which)
            button.setAccessibleName(text.replace("&", "").strip("<> "))
        for pid in self.pageIds():
            page = self.page(pid)
            if isinstance(page, _Page):
                page.retranslate()

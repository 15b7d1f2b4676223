"""The lost-laptop procedure on the people page: "Revoke key…" records the revocation (reason, when
the office learnt of the loss, the last revision it trusts) and signs a new roster; bundles of the
key the office did not hold before are refused from then on (``services.office.revocation``).
"Write roster update…" then puts the signed roster on a USB stick for the cases in the field, and
the held bundles above the trusted revision wait on the import page for a decision
(``lost_laptop``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.domain.messages import N_, Msg
from desktop.i18n import _
from desktop.services.office import reviewers, revocation
from desktop.services.office.changes import Done
from desktop.services.office.results_trust import KeyReplaced, KeyRevoked
from desktop.ui.office.common import OfficeContext
from desktop.ui.office.lost_laptop import RosterUpdateDialog, written_text
from desktop.ui.office.people_dialogs import EnrolReviewerDialog
from desktop.ui.office.setup_dialogs import _Actions, _ServiceDialog


def _who(reviewer: str, name: str) -> str:
    """"R3 (王五)": the id and the name, when it says more."""
    return f"{reviewer} ({name})" if name and name != reviewer else reviewer


class RevokeKeyDialog(_ServiceDialog):
    refusal_title = N_("The key was not revoked")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None,
                 reviewer: str | None = None) -> None:
        super().__init__(ctx, parent)
        self.reviewer = QComboBox(self)
        for r in reviewers.list_reviewers(ctx.session.workspace):
            if r.active:
                self.reviewer.addItem(f"{r.reviewer} {r.name}", r.reviewer)
        if reviewer is not None and (i := self.reviewer.findData(reviewer)) >= 0:
            self.reviewer.setCurrentIndex(i)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.learnt = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.learnt.setCalendarPopup(True)
        self.learnt.setMaximumDateTime(QDateTime.currentDateTime().addSecs(60))
        self.trusted = QSpinBox(self)
        self.trusted.setRange(0, 2**31 - 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.labels = [self._label(w, i) for i, w in enumerate(
            (self.reviewer, self.reason, self.learnt, self.trusted))]
        self.grid.addWidget(self.note, 4, 1)
        self.grid.addWidget(self.buttons, 5, 0, 1, 2)
        self.retranslate()
        self.resize(560, self.sizeHint().height())

    def perform(self) -> Done[KeyRevoked]:
        learnt = datetime.fromtimestamp(self.learnt.dateTime().toSecsSinceEpoch(), UTC)
        return revocation.revoke_key(self.ctx.session.workspace,
                                     str(self.reviewer.currentData() or ""),
                                     self.reason.toPlainText(), learnt, self.trusted.value())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Revoke a reviewer's key"))
        for label, text, name in zip(self.labels, (
                _("Re&viewer:"), _("Rea&son:"), _("Learnt of the loss &at:"),
                _("Last &trusted revision:")),
                (_("Reviewer"), _("Reason"), _("Learnt of the loss at"),
                 _("Last trusted revision")), strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self.note.setText(_("A new roster version is signed. Bundles of this key that the "
                            "office did not hold before are refused; held ones above the last "
                            "trusted revision wait for your decision. Give the cases the new "
                            "roster with a roster update."))
        self.ok.setText(_("&Revoke key"))
        self.ok.setAccessibleName(_("Revoke the key"))
        self.buttons.setAccessibleName(_("Revoke or cancel"))


class ReplaceKeyDialog(EnrolReviewerDialog):
    """The reviewer's new key (the card's reviewer id is the revoked one), its fingerprint read
    aloud and compared as at enrolment; a new roster version is signed."""

    refusal_title = N_("The key was not replaced")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        for label in self.labels:  # organisation and affiliations stay as enrolled
            label.hide()
            buddy = label.buddy()
            if buddy is not None:
                buddy.hide()

    def perform(self) -> Any:  # revocation.replace_key's Done[KeyReplaced]
        if self.card is None or self.identity is None:
            return super().perform()  # refuses: no card chosen
        return revocation.replace_key(self.ctx.session.workspace, self.identity.reviewer_id,
                                      self.card, self.identity.fingerprint)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Replace a reviewer's key"))
        self.ok_button().setText(_("&Replace key"))
        self.ok_button().setAccessibleName(
            _("enrol a replacement key for a reviewer whose key is revoked"))
        self.buttons.setAccessibleName(_("Replace or cancel"))


class RevokeAction(_Actions):
    """The people page's "Revoke key…", "Replace key…" and "Write roster update…" buttons,
    beside the other set-up buttons."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.button = QPushButton(page)
        self.button.clicked.connect(self.revoke_key)
        self.replace_button = QPushButton(page)
        self.replace_button.clicked.connect(self.replace_key)
        self.roster_button = QPushButton(page)
        self.roster_button.clicked.connect(lambda: self.write_roster_update())

    def write_roster_update(self, **options: Any) -> QDialog | None:
        """The signed roster to a USB stick (``options``: the dialog's, e.g. ``drives``)."""
        dialog = self._open(lambda: RosterUpdateDialog(self.page.ctx, self.page, **options))
        if isinstance(dialog, RosterUpdateDialog):
            dialog.accepted.connect(
                lambda: self.page.message.show_ok(written_text(dialog.result_view)))
        return dialog

    def replace_key(self) -> QDialog | None:
        dialog = self._open(lambda: ReplaceKeyDialog(self.page.ctx, self.page))
        if isinstance(dialog, ReplaceKeyDialog):
            dialog.accepted.connect(lambda: self._replaced(dialog.result_view))
        return dialog

    def _replaced(self, view: KeyReplaced) -> None:
        # the page reads again by itself: the session told it the people changed
        self.page.message.show_ok(Msg(N_(
            "Reviewer {reviewer} now signs with key {fp} (replaces {old}); roster version "
            "{version} signed. Next: Write roster update… for the cases in the field"),
            {"reviewer": _who(view.reviewer, view.name), "fp": view.fingerprint,
             "old": view.replaces, "version": view.roster_version}))

    def revoke_key(self) -> QDialog | None:
        view = self.page.views[0]
        index = view.currentIndex()
        chosen = self.page.reviewers.row(index.row()).reviewer if index.isValid() else None
        dialog = self._open(lambda: RevokeKeyDialog(self.page.ctx, self.page, chosen))
        if isinstance(dialog, RevokeKeyDialog):
            dialog.accepted.connect(lambda: self._show(dialog.result_view))
        return dialog

    def _show(self, view: KeyRevoked) -> None:
        params = {"fp": view.fingerprint, "reviewer": _who(view.reviewer, view.name),
                  "version": view.roster_version, "count": view.awaiting}
        self.page.message.show_ok(Msg(N_(
            "Key {fp} of reviewer {reviewer} revoked; roster version {version} signed. Next: "
            "Write roster update… for the cases in the field") if not params["count"] else N_(
            "Key {fp} of reviewer {reviewer} revoked; roster version {version} signed. Next: "
            "Write roster update… for the cases in the field, and decide the held bundles "
            "waiting on the import page ({count})"), params))

    def retranslate(self) -> None:
        self.button.setText(_("Revoke &key…"))
        self.button.setAccessibleName(_("Revoke a reviewer's key (a lost laptop)"))
        self.replace_button.setText(_("Re&place key…"))
        self.replace_button.setAccessibleName(
            _("enrol a replacement key for a reviewer whose key is revoked"))
        self.roster_button.setText(_("Write roster &update…"))
        self.roster_button.setAccessibleName(
            _("Write the signed roster to a USB stick for the cases in the field"))

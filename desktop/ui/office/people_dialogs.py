"""Set-up dialogs of the office's people: enrol a reviewer, form a team, add a committee
member, and the People page's actions that open them (services only; see setup_dialogs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.services.keys import EnrolmentCardView, read_enrolment_card
from desktop.services.office import reads, reviewers
from desktop.services.office.changes import Done
from desktop.services.office.results_people import CommitteeMemberAdded, ReviewerEnrolled, TeamView
from desktop.ui.names import named
from desktop.ui.office.common import ERROR_COLOUR, OfficeContext, message_text
from desktop.ui.office.setup_dialogs import _Actions, _lines, _ServiceDialog, _words
from desktop.ui.widgets.field_label import FieldLabel

__all__ = ["AddCommitteeMemberDialog", "EnrolReviewerDialog", "NewTeamDialog", "PeopleActions"]

ROLES = (("member", N_("member")), ("chair", N_("chair")), ("vice_chair", N_("vice-chair")))


class EnrolReviewerDialog(_ServiceDialog):
    """Enrol a reviewer from their enrolment card: the card's fingerprint is shown to be compared
    aloud with the reviewer's own before the office confirms."""

    refusal_title = N_("The reviewer was not enrolled")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        known = reviewers.list_reviewers(ctx.session.workspace)
        self.path = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.card_info = QLabel(self)
        self.card_info.setWordWrap(True)
        self.fingerprint = QLabel(self)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.4)
        mono.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(mono)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.compared = QCheckBox(self)
        self.organisation = QLineEdit(self)
        self.industry = QComboBox(self)
        self.industry.setEditable(True)
        self.industry.addItems(_words(r.industry for r in known))
        self.industry.setCurrentText("")
        self.past = QPlainTextEdit(self)
        self.past.setTabChangesFocus(True)
        self.past.setMaximumHeight(80)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.path_label = FieldLabel(buddy=self.path, parent=self, fonts=ctx.fonts,
                                     column_height=90)
        self.grid.addWidget(self.path_label, 0, 0)
        self.grid.addLayout(row, 0, 1)
        self.grid.addWidget(self.card_info, 1, 1)
        self.grid.addWidget(self.fingerprint, 2, 1)
        self.grid.addWidget(self.compared, 3, 1)
        self.labels = [self._label(w, i + 4) for i, w in enumerate(
            (self.organisation, self.industry, self.past))]
        self.grid.addWidget(self.buttons, 7, 0, 1, 2)
        self.card: bytes | None = None
        self.identity: EnrolmentCardView | None = None
        self._problem: Msg | str | None = None
        self.path.textChanged.connect(self._read_card)
        self.compared.toggled.connect(self._enable)
        self.retranslate()
        self._read_card()
        self.resize(620, self.sizeHint().height())

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the reviewer's enrolment card"), self.path.text(),
            _("Enrolment cards (*.card *.json);;All files (*)"))
        if name:
            self.path.setText(name)

    def _read_card(self) -> None:
        """Read and verify the card (its self-signature) as soon as a file is named."""
        self.card, self.identity, self._problem = None, None, None
        self.compared.setChecked(False)
        text = self.path.text().strip()
        if text:
            try:
                self.identity = read_enrolment_card(Path(text))
                self.card = self.identity.data
            except ScorebookError as error:
                self._problem = error.message
            except OSError:
                self._problem = Msg(N_("Cannot read the card file {file}"), {"file": text})
        self._show_card()

    def _show_card(self) -> None:
        pub = self.identity
        if pub is not None:
            self.card_info.setText(_("Card of {reviewer} ({name}), signed by its own key. "
                                     "Read the fingerprint aloud with the reviewer; it must "
                                     "match the one their laptop shows:").format(
                                         reviewer=pub.reviewer_id, name=pub.display_name))
            self.card_info.setStyleSheet("")
            self.fingerprint.setText(pub.fingerprint)
        else:
            self.card_info.setText(message_text(self._problem) if self._problem else
                                   _("Choose the card file the reviewer exported."))
            self.card_info.setStyleSheet(f"color: {ERROR_COLOUR};" if self._problem else "")
            self.fingerprint.setText("")
        self.card_info.setAccessibleDescription(self.card_info.text())
        self.fingerprint.setAccessibleDescription(self.fingerprint.text())
        self._enable()

    def _enable(self) -> None:
        self.compared.setEnabled(self.identity is not None)
        self.ok_button().setEnabled(self.identity is not None and self.compared.isChecked())

    def perform(self) -> Done[ReviewerEnrolled]:
        if self.card is None:
            raise InputRejected(Msg(N_("Choose the card file the reviewer exported.")))
        return reviewers.enrol(
            self.ctx.session.workspace, self.card, organisation=self.organisation.text().strip(),
            industry=self.industry.currentText().strip(),
            affiliations=[reviewers.AffiliationInput(o) for o in _lines(self.past.toPlainText())])

    def retranslate(self) -> None:
        self.setWindowTitle(_("Enrol reviewer"))
        self.path_label.setText(_("Enrolment &card:"))
        self.path.setAccessibleName(_("Enrolment card file"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Choose the reviewer's enrolment card"))
        self.card_info.setAccessibleName(_("The card"))
        self.fingerprint.setAccessibleName(_("Key fingerprint"))
        self.compared.setText(_("The reviewer read out the &same fingerprint"))
        self.compared.setAccessibleName(_("The fingerprints were compared and match"))
        for label, text, name in zip(self.labels, (
                _("Present &organisation:"), _("&Industry:"),
                _("&Past organisations (one a line):")),
                (_("Present organisation"), _("Industry"), _("Past organisations")),
                strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self.ok_button().setText(_("&Enrol"))
        self.ok_button().setAccessibleName(_("Enrol the reviewer"))
        self.buttons.setAccessibleName(_("Enrol or cancel"))
        self._show_card()


class NewTeamDialog(_ServiceDialog):
    """A team of the programme's size, by industry, with one leader. The service checks the
    rules (size, leader, industry, one team per reviewer) and names the article it applies."""

    refusal_title = N_("The team was not formed")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        ws = ctx.session.workspace
        self.programme: Programme = reads.cycle_programme(ws)
        teams = reviewers.list_teams(ws)
        team_of = {m: t.name for t in teams for m in t.members}
        self.name = QLineEdit(self)
        self.industry = QComboBox(self)
        self.industry.setEditable(True)
        known = reviewers.list_reviewers(ws)
        self.industry.addItems(_words([*(r.industry for r in known),
                                       *(t.industry for t in teams)]))
        self.industry.setCurrentText("")
        self.members = QListWidget(self)
        self.rows = known
        self.team_of = team_of
        for r in known:
            item = QListWidgetItem(self.members)
            item.setData(Qt.ItemDataRole.UserRole, r.reviewer)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.leader = QComboBox(self)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.labels = [self._label(w, i) for i, w in enumerate(
            (self.name, self.industry, self.members, self.leader))]
        self.grid.addWidget(self.rule, 4, 1)
        self.grid.addWidget(self.buttons, 5, 0, 1, 2)
        self.members.itemChanged.connect(self._members_changed)
        self.retranslate()
        self.resize(560, 480)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def check(self, reviewer: str, on: bool = True) -> None:
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == reviewer:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _members_changed(self) -> None:
        current = self.leader.currentData()
        self.leader.blockSignals(True)
        self.leader.clear()
        for rid in self.chosen():
            self.leader.addItem(self._member_text(rid), rid)
        index = self.leader.findData(current)
        self.leader.setCurrentIndex(index if index >= 0 else self.leader.count() - 1)
        self.leader.blockSignals(False)

    def _member_text(self, rid: str) -> str:
        row = next(r for r in self.rows if r.reviewer == rid)
        text = f"{rid} {row.name}"
        if row.industry:
            text += f" — {row.industry}"
        if rid in self.team_of:
            text += " " + _("(already in {team})").format(team=self.team_of[rid])
        return text

    def perform(self) -> Done[TeamView]:
        members = self.chosen()
        leader = self.leader.currentData()
        return reviewers.create_team(self.ctx.session.workspace, self.name.text().strip(),
                                     members, str(leader) if leader else "",
                                     industry=self.industry.currentText().strip())

    def retranslate(self) -> None:
        self.setWindowTitle(_("New team"))
        for label, text, name in zip(self.labels, (
                _("Team &name:"), _("&Industry:"), _("&Members:"), _("&Leader:")),
                (_("Team name"), _("Industry"), _("Team members"), _("Leader")), strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self.members.blockSignals(True)
        for i in range(self.members.count()):
            item = self.members.item(i)
            item.setText(self._member_text(str(item.data(Qt.ItemDataRole.UserRole))))
        self.members.blockSignals(False)
        self._members_changed()
        team = self.programme.team
        if team is not None and (team.min_size or team.max_size):
            self.rule.setText(_("{programme}: a team has {min} to {max} members, one of them "
                                "the leader ({cite})").format(
                programme=named(self.programme), min=team.min_size or 1,
                max=team.max_size or "—", cite=str(team.cite) if team.cite else "—"))
        else:
            self.rule.setText("")
        self.rule.setAccessibleName(_("The programme's team rule"))
        self.rule.setAccessibleDescription(self.rule.text())
        self.ok.setText(_("&Form team"))
        self.ok.setAccessibleName(_("Form the team"))
        self.buttons.setAccessibleName(_("Form the team or cancel"))


class AddCommitteeMemberDialog(_ServiceDialog):
    refusal_title = N_("The committee member was not added")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        for value, _text in ROLES:
            self.role.addItem("", value)
        self.organisation = QLineEdit(self)
        self.labels = [self._label(w, i) for i, w in enumerate(
            (self.name, self.role, self.organisation))]
        self.grid.addWidget(self.buttons, 3, 0, 1, 2)
        self.retranslate()
        self.resize(480, self.sizeHint().height())

    def perform(self) -> Done[CommitteeMemberAdded]:
        name = self.name.text().strip()
        if not name:
            raise InputRejected(Msg(N_("The committee member's name is empty")))
        return reviewers.add_committee_member(self.ctx.session.workspace, name,
                                              role=str(self.role.currentData()),
                                              organisation=self.organisation.text().strip())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Add committee member"))
        for label, text, name in zip(self.labels, (
                _("&Name:"), _("&Role:"), _("&Organisation:")),
                (_("Name"), _("Role"), _("Organisation")), strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        for i, (_value, text) in enumerate(ROLES):
            self.role.setItemText(i, _(text))
        self.ok.setText(_("&Add"))
        self.ok.setAccessibleName(_("Add the member"))
        self.buttons.setAccessibleName(_("Add or cancel"))


class PeopleActions(_Actions):
    """The people page's buttons: enrol a reviewer, form a team, add a committee member."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.enrol_button = QPushButton(page)
        self.enrol_button.clicked.connect(self.enrol_reviewer)
        self.team_button = QPushButton(page)
        self.team_button.clicked.connect(self.new_team)
        self.member_button = QPushButton(page)
        self.member_button.clicked.connect(self.add_committee_member)
        for button in (self.enrol_button, self.team_button, self.member_button):
            self.row.addWidget(button)
        self.row.addStretch(1)

    def _done(self, dialog: _ServiceDialog, message: Callable[[Any], Msg], tab: int) -> None:
        def done() -> None:
            if dialog.result_view is not None:
                self._show(message(dialog.result_view), tab)

        dialog.accepted.connect(done)

    def _show(self, message: Msg, tab: int) -> None:
        self.page.message.show_ok(message)
        self.page.refresh()
        self.page.tabs.setCurrentIndex(tab)

    def enrol_reviewer(self) -> QDialog | None:
        dialog = self._open(lambda: EnrolReviewerDialog(self.page.ctx, self.page))
        if isinstance(dialog, EnrolReviewerDialog):
            self._done(dialog, lambda v: Msg(N_("Enrolled reviewer {reviewer} ({name}), key "
                                                "fingerprint {fingerprint}"),
                                             {"reviewer": v.reviewer, "name": v.name,
                                              "fingerprint": v.fingerprint}), 0)
        return dialog

    def new_team(self) -> QDialog | None:
        dialog = self._open(lambda: NewTeamDialog(self.page.ctx, self.page))
        if isinstance(dialog, NewTeamDialog):
            self._done(dialog, lambda v: Msg(N_("Formed team {team}, leader {leader}"),
                                             {"team": v.name, "leader": v.leader}), 1)
        return dialog

    def add_committee_member(self) -> QDialog | None:
        dialog = self._open(lambda: AddCommitteeMemberDialog(self.page.ctx, self.page))
        if isinstance(dialog, AddCommitteeMemberDialog):
            self._done(dialog, lambda v: Msg(N_("Added {name} to the committee"),
                                             {"name": v.name}), 2)
        return dialog

    def retranslate(self) -> None:
        self.enrol_button.setText(_("Enrol &reviewer…"))
        self.enrol_button.setAccessibleName(_("Enrol a reviewer from their enrolment card"))
        self.team_button.setText(_("New &team…"))
        self.team_button.setAccessibleName(_("Form a new team"))
        self.member_button.setText(_("Add committee &member…"))
        self.member_button.setAccessibleName(_("Add a committee member"))

"""Set-up actions of the office window for applicants: add an applicant, check eligibility (the
people's dialogs, reviewers, teams and the committee, are in people_dialogs).

Every dialog calls the office services and nothing else; a refusal (a typed error) is shown in a
message box that names the problem, the dialog stays open with what was typed, and nothing is
stored. None of these services has a reverse operation, so the changes are not undoable.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from desktop.domain import credit_code
from desktop.domain.errors import FactsError, InputRejected, ScorebookError
from desktop.domain.facts import parse_facts
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import AwardKind, Programme
from desktop.i18n import _
from desktop.services.files import read_data_file
from desktop.services.office import applicants, eligibility, reads, reviewers
from desktop.services.office.changes import EVERYTHING, Done
from desktop.services.office.results import ApplicantView, EligibilityRecorded
from desktop.ui.names import named
from desktop.ui.office.common import (
    ERROR_COLOUR,
    OK_COLOUR,
    OfficeContext,
    applicant_choice,
    message_text,
)
from desktop.ui.widgets.field_label import FieldLabel
from desktop.ui.widgets.flow import FlowRow

__all__ = ["AddApplicantDialog", "ApplicantActions", "EligibilityDialog", "show_refusal"]

OVERALL = {"eligible": N_("eligible"), "not_eligible": N_("not eligible"),
           "needs_evidence": N_("needs evidence")}
OUTCOME = {"met": N_("met"), "not_met": N_("NOT MET"), "needs_evidence": N_("needs evidence")}
SECRET_KINDS = (("trade", N_("trade secret")), ("technical", N_("technical secret")))


def show_refusal(parent: QWidget, title: str, error: ScorebookError) -> QMessageBox:
    """A warning naming the problem; window-modal and non-blocking (the caller keeps it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message_text(error.message),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.setAccessibleDescription(box.text())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _words(values: Iterable[str]) -> list[str]:
    """The distinct non-empty words, sorted (the workspace's words for a field)."""
    return sorted({v for v in values if v})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _ServiceDialog(QDialog):
    """A dialog whose OK button calls a service: on a refusal the box names the problem and the
    dialog stays open; on success ``done_text`` says what happened and the pages re-read."""

    refusal_title = ""  # English, marked with N_
    leave = QDialogButtonBox.StandardButton.Cancel

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = QGridLayout(self)
        self.refusal: QMessageBox | None = None
        self.result_view: Any = None  # what perform returned: a service's typed result
        self.buttons = QDialogButtonBox(self.leave, self)
        # the action button says what it does (a standard OK would not)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def ok_button(self) -> QPushButton:
        return self.ok

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _label(self, buddy: QWidget, row: int) -> FieldLabel:
        label = FieldLabel(buddy=buddy, parent=self, fonts=self.ctx.fonts, column_height=90)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(buddy, row, 1)
        return label

    def perform(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        if self.ctx.session.busy:
            return
        try:
            done = self.perform()
        except ScorebookError as error:
            self.refusal = show_refusal(self, _(self.refusal_title), error)
            return
        # a Done: its result is kept and the pages learn what it changed; else everything
        self.result_view = done.result if isinstance(done, Done) else done
        self.ctx.session.notify(done if isinstance(done, Done) else EVERYTHING)
        super().accept()


# --- applicants -------------------------------------------------------------------------------


class AddApplicantDialog(_ServiceDialog):
    refusal_title = N_("The applicant was not added")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        ws = ctx.session.workspace
        self.programme: Programme = reads.cycle_programme(ws)
        known = applicants.list_applicants(ws)
        teams = reviewers.list_teams(ws)
        self.award = QComboBox(self)
        for award in self.programme.awards:
            self.award.addItem(named(award), award.id)
        self.name = QLineEdit(self)
        self.code = QLineEdit(self)
        self.code.setMaxLength(40)
        self.code_check = QLabel(self)
        self.code_check.setWordWrap(True)
        self.employer = QLineEdit(self)
        self.region = QComboBox(self)
        self.region.setEditable(True)
        self.region.addItems(_words([self.programme.region_zh, *(a.region for a in known)]))
        self.region.setCurrentText(self.programme.region_zh)
        self.industry = QComboBox(self)
        self.industry.setEditable(True)
        self.industry.addItems(_words([*(a.industry for a in known),
                                       *(t.industry for t in teams)]))
        self.industry.setCurrentText("")
        self.size_box = QComboBox(self)
        self.size_box.setEditable(True)
        self.size_box.addItems(_words(a.size for a in known))
        self.size_box.setCurrentText("")
        self.material_title = QLineEdit(self)
        self.material = QPlainTextEdit(self)
        self.material.setTabChangesFocus(True)
        self.secrets = QPlainTextEdit(self)
        self.secrets.setTabChangesFocus(True)
        self.secrets.setMaximumHeight(80)
        self.secret_kind = QComboBox(self)
        for value, _label in SECRET_KINDS:
            self.secret_kind.addItem("", value)
        self.labels = [self._label(w, i) for i, w in enumerate(
            (self.award, self.name, self.code))]
        self.grid.addWidget(self.code_check, 3, 1)
        self.labels += [self._label(w, i + 4) for i, w in enumerate(
            (self.employer, self.region, self.industry, self.size_box, self.material_title,
             self.material, self.secrets, self.secret_kind))]
        self.grid.addWidget(self.buttons, 12, 0, 1, 2)
        self.code.textChanged.connect(self._check_code)
        self.award.currentIndexChanged.connect(self._award_changed)
        self.retranslate()
        self._award_changed()
        self.resize(620, self.sizeHint().height())

    def individual(self) -> bool:
        award = self.programme.award(str(self.award.currentData()))
        return award.kind is AwardKind.INDIVIDUAL

    def _award_changed(self) -> None:
        self.employer.setEnabled(self.individual())
        self._check_code()

    def code_problem(self) -> str:
        """The credit-code check's message ('' when the code is valid, or may be left out)."""
        text = self.code.text()
        if not text.strip():
            return "" if self.individual() else _(
                "An organisation needs its unified social credit code")
        try:
            credit_code.validate(text)
        except ScorebookError as error:
            return message_text(error.message)
        return ""

    def _check_code(self) -> None:
        problem = self.code_problem()
        if problem:
            self.code_check.setText(problem)
            self.code_check.setStyleSheet(f"color: {ERROR_COLOUR};")
        elif self.code.text().strip():
            self.code_check.setText(_("Valid credit code: {code}").format(
                code=credit_code.normalise(self.code.text())))
            self.code_check.setStyleSheet(f"color: {OK_COLOUR};")
        else:
            self.code_check.setText("")
        self.code_check.setAccessibleDescription(self.code_check.text())

    def item(self) -> applicants.ApplicantInput:
        materials: tuple[applicants.MaterialInput, ...] = ()
        body = self.material.toPlainText()
        if body.strip() or self.material_title.text().strip():
            kind = str(self.secret_kind.currentData())
            materials = (applicants.MaterialInput(
                self.material_title.text(), body,
                tuple(applicants.SecretInput(kind, p)
                      for p in _lines(self.secrets.toPlainText()))),)
        individual = self.individual()
        return applicants.ApplicantInput(
            name=self.name.text(), award_id=str(self.award.currentData()),
            kind="individual" if individual else "organisation",
            credit_code=self.code.text().strip() or None,
            region=self.region.currentText().strip(),
            industry=self.industry.currentText().strip(), size=self.size_box.currentText().strip(),
            employer=(self.employer.text().strip() or None) if individual else None,
            materials=materials)

    def perform(self) -> Done[ApplicantView]:
        return applicants.add_applicant(self.ctx.session.workspace, self.item())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Add applicant"))
        texts = (_("A&ward category:"), _("&Name:"), _("Unified social &credit code:"),
                 _("&Employer (individual award):"), _("&Region:"), _("&Industry:"),
                 _("Si&ze:"), _("Material &title:"), _("&Material text:"),
                 _("Declared &secret passages (one a line):"), _("Secret &kind:"))
        names = (_("Award category"), _("Applicant's name"), _("Unified social credit code"),
                 _("Employer"), _("Region"), _("Industry"), _("Size"), _("Material title"),
                 _("Material text"), _("Declared secret passages"), _("Kind of secret"))
        for label, text, name in zip(self.labels, texts, names, strict=True):
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(name)
        self.ok.setText(_("&Add"))
        self.ok.setAccessibleName(_("Add the applicant"))
        self.code.setPlaceholderText(_("18 characters, GB 32100"))
        self.code_check.setAccessibleName(_("Credit code check"))
        for i, (_value, text) in enumerate(SECRET_KINDS):
            self.secret_kind.setItemText(i, _(text))
        self.secrets.setPlaceholderText(_("Each passage must occur in the material text"))
        self.buttons.setAccessibleName(_("Add or cancel"))
        self._check_code()


def _result_html(view: EligibilityRecorded) -> str:
    """The eligibility result with each finding's rule citation."""
    overall = view.overall
    as_of = _("As of {date}").format(date=view.as_of or "—")
    parts = [f"<h3>{html.escape(f'{view.ref} {view.applicant_name}'.strip())}: "
             f"{html.escape(_(OVERALL[overall]) if overall in OVERALL else overall)}</h3>",
             f"<p>{html.escape(as_of)}</p>", "<ul>"]
    for f in view.findings:
        outcome = f.outcome
        parts.append(f"<li><b>{html.escape(_(OUTCOME[outcome]) if outcome in OUTCOME else outcome)}"
                     f"</b> — {html.escape(f.reason)} ({html.escape(f.cite)})</li>")
    parts.append("</ul>")
    return "".join(parts)


class EligibilityDialog(_ServiceDialog):
    """Check an applicant's eligibility from a facts file (TOML or JSON); the result stays
    shown with the citation of every rule."""

    refusal_title = N_("The eligibility was not checked")
    leave = QDialogButtonBox.StandardButton.Close

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None,
                 ref: str | None = None) -> None:
        super().__init__(ctx, parent)
        self.applicant = applicant_choice(self, ctx.session, ref)
        self.path = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.results = QTextBrowser(self)
        self.results.setMinimumHeight(220)
        self.labels = [self._label(self.applicant, 0)]
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.path_label = FieldLabel(buddy=self.path, parent=self, fonts=ctx.fonts,
                                     column_height=90)
        self.grid.addWidget(self.path_label, 1, 0)
        self.grid.addLayout(row, 1, 1)
        self.grid.addWidget(self.results, 2, 0, 1, 2)
        self.grid.addWidget(self.buttons, 3, 0, 1, 2)
        self.retranslate()
        self.resize(640, 480)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the applicant's facts file"), self.path.text(),
            _("Facts files (*.toml *.json)"))
        if name:
            self.path.setText(name)

    def perform(self) -> Done[EligibilityRecorded]:
        text = self.path.text().strip()
        if not text:
            raise InputRejected(Msg(N_("Choose the applicant's facts file first")))
        facts = read_data_file(Path(text), FactsError)
        parse_facts(facts, text)  # a malformed file is refused naming the file, not "facts"
        return eligibility.record_facts(self.ctx.session.workspace,
                                        str(self.applicant.currentData()), facts)

    def accept(self) -> None:
        """Check, show the result and stay open (Close leaves)."""
        if self.ctx.session.busy:
            return
        try:
            done = self.perform()
        except ScorebookError as error:
            self.refusal = show_refusal(self, _(self.refusal_title), error)
            return
        self.result_view = done.result
        self.results.setHtml(_result_html(done.result))
        self.ctx.session.notify(done)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Check eligibility"))
        self.labels[0].setText(_("&Applicant:"))
        self.applicant.setAccessibleName(_("Applicant"))
        self.path_label.setText(_("&Facts file:"))
        self.path.setAccessibleName(_("Facts file"))
        self.path.setPlaceholderText(_("A TOML or JSON facts file"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Choose the applicant's facts file"))
        self.ok_button().setText(_("C&heck"))
        self.ok_button().setAccessibleName(_("Check the eligibility"))
        self.results.setAccessibleName(_("Eligibility result with the rules cited"))
        self.buttons.setAccessibleName(_("Check or close"))
        if self.result_view is not None:
            self.results.setHtml(_result_html(self.result_view))


class _Actions:
    """A page's set-up buttons; ``dialog`` is the one opened last (window-modal)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.row = FlowRow()  # wraps rather than widening the window (Mongolian labels)
        self.dialog: QDialog | None = None

    def _open(self, make: Callable[[], QDialog]) -> QDialog | None:
        ctx: OfficeContext = self.page.ctx
        if not ctx.session.is_open() or ctx.session.busy:
            return None
        try:
            dialog = make()
        except ScorebookError as error:
            self.page.message.show_error(error)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog


class ApplicantActions(_Actions):
    """The applicants page's buttons and what they open."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.add_button = QPushButton(page)
        self.add_button.clicked.connect(self.add_applicant)
        self.check_button = QPushButton(page)
        self.check_button.clicked.connect(self.check_eligibility)
        self.row.addWidget(self.add_button)
        self.row.addWidget(self.check_button)
        self.row.addStretch(1)

    def add_applicant(self) -> QDialog | None:
        dialog = self._open(lambda: AddApplicantDialog(self.page.ctx, self.page))
        if isinstance(dialog, AddApplicantDialog):
            dialog.accepted.connect(lambda: self._added(dialog))
        return dialog

    def _added(self, dialog: AddApplicantDialog) -> None:
        view: ApplicantView | None = dialog.result_view
        if view is None:
            return
        self.page.message.show_ok(Msg(N_("Added applicant {ref} {name}"),
                                      {"ref": view.ref, "name": view.name}))
        self.page.refresh()
        self.page.select(view.ref)

    def check_eligibility(self) -> QDialog | None:
        index = self.page.view.currentIndex()
        ref = self.page.model.row(index.row()).ref if index.isValid() else None
        return self._open(lambda: EligibilityDialog(self.page.ctx, self.page, ref))

    def retranslate(self) -> None:
        self.add_button.setText(_("A&dd applicant…"))
        self.add_button.setAccessibleName(_("Add an applicant"))
        self.check_button.setText(_("&Check eligibility…"))
        self.check_button.setAccessibleName(_("Check an applicant's eligibility from a facts "
                                              "file"))


# --- reviewers, teams, committee --------------------------------------------------------------

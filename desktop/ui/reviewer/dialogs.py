"""The reviewer's small dialogs: declare a conflict (recusal), supervision feedback, re-key.

Each dialog hands its values to a ``submit`` callable (a service call); a refusal from the core
is shown inside the dialog, translated, and the dialog stays open with the user's text intact.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import N_, _, render
from desktop.services.case_types import Assessment, RecusalReason
from desktop.ui.widgets.field_label import FieldLabel

REASON_TEXT: dict[RecusalReason, str] = {
    RecusalReason.EMPLOYMENT: N_("Employment (now or in recent years)"),
    RecusalReason.CONSULTING: N_("Consulting or services"),
    RecusalReason.SHAREHOLDING: N_("Shareholding"),
    RecusalReason.KINSHIP: N_("Kinship"),
    RecusalReason.COMPETITOR: N_("Competitor"),
    RecusalReason.KEY_PARTNER: N_("Key customer or supplier"),
    RecusalReason.OTHER: N_("Other"),
}
ASSESSMENT_TEXT: dict[Assessment, str] = {
    Assessment.COMPLIANT: N_("Compliant: no concerns"),
    Assessment.CONCERNS: N_("Concerns"),
    Assessment.VIOLATION: N_("Violation of the review rules"),
}


class _SubmitDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _run(self, submit: Callable[[], None]) -> bool:
        try:
            submit()
        except ScorebookError as error:
            self.error.setText(render(error.message))
            return False
        return True

    def retranslate_buttons(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        ok.setAccessibleName(ok.text().replace("&", ""))
        self.error.setAccessibleName(_("Message"))


class RecusalDialog(_SubmitDialog):
    """Reason, statement, and an explicit confirmation that the scorebook locks for good."""

    def __init__(self, applicant_name: str, submit: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecusalDialog")
        self._applicant_name = applicant_name
        self._submit = submit
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.reason = QComboBox(self)
        for kind in REASON_TEXT:
            self.reason.addItem("", kind.value)
        self.statement = QPlainTextEdit(self)
        self.statement.setTabChangesFocus(True)
        self.confirm = QCheckBox(self)
        self.reason_label = FieldLabel("", self.reason, self, column_height=70)
        self.statement_label = FieldLabel("", self.statement, self)
        form = QFormLayout()
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.statement_label, self.statement)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.statement.textChanged.connect(self._update)
        self.confirm.toggled.connect(self._update)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.statement.toPlainText().strip()) and self.confirm.isChecked())

    def accept(self) -> None:
        reason = str(self.reason.currentData())
        text = self.statement.toPlainText()
        if self._run(lambda: self._submit(reason, text)):
            super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Declare a conflict"))
        self.intro.setText(_("Declare a conflict of interest with {applicant}. You will no "
                             "longer be able to score this applicant; your scores for it never "
                             "leave this laptop.").format(applicant=self._applicant_name))
        for i, kind in enumerate(REASON_TEXT):
            self.reason.setItemText(i, _(REASON_TEXT[kind]))
        self.reason_label.setText(_("&Reason"))
        self.statement_label.setText(_("&Statement"))
        self.statement.setPlaceholderText(_("Describe the conflict"))
        self.confirm.setText(_("I &understand that this applicant's scorebook locks for good"))
        self.reason.setAccessibleName(_("Reason"))
        self.statement.setAccessibleName(_("Statement"))
        self.confirm.setAccessibleName(_("Confirm the recusal"))
        self.intro.setAccessibleName(_("Explanation"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Declare conflict"))
        self.retranslate_buttons()


class FeedbackDialog(_SubmitDialog):
    """The reviewer's assessment of the applicant's conduct (supervision feedback)."""

    def __init__(self, applicant_name: str, submit: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FeedbackDialog")
        self._applicant_name = applicant_name
        self._submit = submit
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.assessment = QComboBox(self)
        for value in ASSESSMENT_TEXT:
            self.assessment.addItem("", value.value)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.assessment_label = FieldLabel("", self.assessment, self, column_height=70)
        self.text_label = FieldLabel("", self.text, self)
        form = QFormLayout()
        form.addRow(self.assessment_label, self.assessment)
        form.addRow(self.text_label, self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def accept(self) -> None:
        value = str(self.assessment.currentData())
        text = self.text.toPlainText()
        if self._run(lambda: self._submit(value, text)):
            super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Supervision feedback"))
        self.intro.setText(_("How did {applicant} conduct itself during the review (gifts, "
                             "hospitality, pressure)? The office reads this feedback.")
                           .format(applicant=self._applicant_name))
        for i, value in enumerate(ASSESSMENT_TEXT):
            self.assessment.setItemText(i, _(ASSESSMENT_TEXT[value]))
        self.assessment_label.setText(_("&Assessment"))
        self.text_label.setText(_("&Details"))
        self.assessment.setAccessibleName(_("Assessment"))
        self.text.setAccessibleName(_("Details"))
        self.intro.setAccessibleName(_("Explanation"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Record feedback"))
        self.retranslate_buttons()


class RekeyDialog(_SubmitDialog):
    """Re-key the case file: a fresh data key for the case and its backups, wrapped under the
    case passphrase (asked for here). ``start`` begins the work off the UI thread; the caller
    reports back with ``failed`` (the dialog stays open) or ``finished`` (it closes)."""

    def __init__(self, start: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RekeyDialog")
        self._start = start
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = FieldLabel("", self.passphrase, self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.hide()
        form = QFormLayout()
        form.addRow(self.passphrase_label, self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def accept(self) -> None:
        passphrase = self.passphrase.text()
        self.passphrase.clear()  # never kept in the widget
        if not passphrase:
            self.error.setText(_("Enter the case passphrase"))
            return
        self.error.clear()
        self.set_busy(True)
        self._start(passphrase)

    def set_busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.passphrase.setEnabled(not on)
        self.buttons.setEnabled(not on)

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.passphrase.setFocus()

    def finished_ok(self) -> None:
        self.set_busy(False)
        super().accept()

    def reject(self) -> None:
        if not self.busy.isVisible():  # a re-key under way is not interrupted
            super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Re-key the case file"))
        self.intro.setText(_("The case file and its backups get a new data key. Copies of the "
                             "key file made before (with the passphrase of that time) will no "
                             "longer open them. Your passphrase stays the same."))
        self.passphrase_label.setText(_("Case &passphrase"))
        self.passphrase.setAccessibleName(_("Case passphrase"))
        self.intro.setAccessibleName(_("Explanation"))
        self.busy.setAccessibleName(_("Re-keying the case file…"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Re-key"))
        self.retranslate_buttons()

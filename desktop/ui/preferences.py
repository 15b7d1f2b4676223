"""Edit › Preferences…: the settings a person may change (the idle-lock time), applied at once
and remembered (``Settings``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.settings import MAX_IDLE_LOCK_MINUTES, Settings
from desktop.ui.widgets.field_label import FieldLabel, LabelForm


class PreferencesDialog(QDialog):
    idle_lock_changed = Signal(int)  # minutes (0: never), saved before it is said

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreferencesDialog")
        self.settings = settings
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_label = FieldLabel("", self.idle_minutes, self)
        self.idle_hint = QLabel(self)
        self.idle_hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = LabelForm()
        form.add_row(self.idle_label, self.idle_minutes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.idle_hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.load()

    def load(self) -> None:
        """Show the saved values (the dialog is kept between uses)."""
        self.idle_minutes.setValue(self.settings.idle_lock_minutes)

    def accept(self) -> None:
        minutes = self.idle_minutes.value()
        changed = minutes != self.settings.idle_lock_minutes
        self.settings.idle_lock_minutes = minutes
        self.settings.sync()
        if changed:
            self.idle_lock_changed.emit(minutes)
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))
        self.idle_label.setText(_("&Lock the window after this many idle minutes"))
        self.idle_minutes.setSuffix(" " + _("min"))
        self.idle_minutes.setSpecialValueText(_("Never"))
        self.idle_hint.setText(_("With no key press or mouse movement for this long, the "
                                 "window locks and asks for the passphrase again. 0 turns the "
                                 "lock off (not advised on a shared laptop)."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setText(_("OK"))
        cancel.setText(_("Cancel"))
        for widget, name in ((self.idle_minutes, _("Idle minutes before the window locks")),
                             (self.idle_hint, _("Explanation")), (ok, _("OK")),
                             (cancel, _("Cancel")), (self.buttons, _("Save or cancel"))):
            widget.setAccessibleName(name)

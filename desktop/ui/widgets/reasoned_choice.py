"""A decision between bundles, with its reason: the office's forks and the leader's broken chains.

The dialog lays out an introduction, any explaining labels, one radio button per option, a
reason line, a note on how the decision is kept, and the OK/Cancel buttons. OK is enabled only
once an option is chosen and a reason is typed. Each subclass names its options and texts in
``retranslate`` and says what an option stands for in ``choice``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.field_label import FieldLabel


class ReasonedChoiceDialog(QDialog):
    def __init__(self, options: int, parent: QWidget | None = None, *,
                 explain: tuple[QLabel, ...] = ()) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.option_buttons: list[QRadioButton] = []
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        for label in explain:
            box.addWidget(label)
        for i in range(options):
            button = QRadioButton(self)
            button.toggled.connect(self._changed)
            self.group.addButton(button, i)
            self.option_buttons.append(button)
            box.addWidget(button)
        self.reason_label = FieldLabel(parent=self, column_height=70)
        self.reason = QLineEdit(self)
        self.reason_label.setBuddy(self.reason)
        self.reason.textChanged.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(self.reason_label)
        row.addWidget(self.reason, 1)
        box.addLayout(row)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)

    def chosen_index(self) -> int | None:
        index = self.group.checkedId()
        return None if index < 0 else index

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def choice(self) -> tuple[str, str] | None:
        """(what the chosen option stands for, the reason), or None while incomplete."""
        raise NotImplementedError

    def _changed(self) -> None:
        self.ok_button.setEnabled(self.choice() is not None)

    def accept(self) -> None:
        if self.choice() is not None:
            super().accept()

"""The status bar's saved-state indicator: every edit is autosaved, and the user can see it."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _

if TYPE_CHECKING:  # datetime loads with the first save, not before the first paint
    from datetime import datetime


class SaveState(StrEnum):
    NOTHING_OPEN = "nothing_open"
    SAVED = "saved"
    SAVING = "saving"
    FAILED = "failed"


_COLOURS = {SaveState.SAVED: "#1b7f3b", SaveState.SAVING: "#8a6d00",
            SaveState.FAILED: "#b00020", SaveState.NOTHING_OPEN: "#666666"}


class SaveIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = SaveState.NOTHING_OPEN
        self._time: datetime | None = None
        self.setContentsMargins(8, 0, 8, 0)
        self.retranslate()

    def state(self) -> SaveState:
        return self._state

    def set_state(self, state: SaveState) -> None:
        self._state = state
        if state is SaveState.SAVED:
            from datetime import datetime

            self._time = datetime.now()
        self.retranslate()

    def mark_saved(self) -> None:
        self.set_state(SaveState.SAVED)

    def retranslate(self) -> None:
        texts = {
            SaveState.NOTHING_OPEN: _("No file open"),
            SaveState.SAVED: _("Saved"),
            SaveState.SAVING: _("Saving…"),
            SaveState.FAILED: _("Not saved"),
        }
        text = texts[self._state]
        if self._state is SaveState.SAVED and self._time is not None:
            from desktop.i18n.formatting import format_time  # Babel: not before the first paint

            text = _("Saved {time}").format(time=format_time(self._time))
        self.setText(f"● {text}")
        self.setStyleSheet(f"color: {_COLOURS[self._state]};")
        self.setAccessibleName(_("Save state"))
        self.setAccessibleDescription(text)
        self.setToolTip(_("Every change is saved as you make it"))

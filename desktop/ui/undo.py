"""Undo and redo over service calls.

Each undoable edit is a pair of service calls (do, undo); both go through the services, so the
rules are re-checked every time. The edit is applied before it is pushed, so a refusal raises
to the caller and nothing is recorded. Operations that cannot be taken back (signing, export,
merge) run through ``perform_final``, which clears the history: undoing past them would make the
case file disagree with what left the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.domain.errors import ScorebookError

T = TypeVar("T")


class ServiceCommand(QUndoCommand):
    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object],
                 on_error: Callable[[ScorebookError], None]) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._on_error = on_error
        self._applied = True  # pushed after the first do; the stack's first redo is skipped

    def redo(self) -> None:
        if self._applied:
            return
        self._call(self._do)
        self._applied = True

    def undo(self) -> None:
        self._call(self._undo)
        self._applied = False

    def _call(self, fn: Callable[[], object]) -> None:
        # An exception may not cross back into Qt: report it and drop the command.
        try:
            fn()
        except ScorebookError as error:
            self.setObsolete(True)
            self._on_error(error)


class UndoController(QObject):
    failed = Signal(object)  # a ScorebookError raised while undoing or redoing
    history_cut = Signal(str)  # a non-undoable operation cleared the history

    def __init__(self, stack: QUndoStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack or QUndoStack(self)

    def perform(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        """Apply ``do`` now (a ScorebookError propagates, nothing recorded), then record it."""
        do()
        self.stack.push(ServiceCommand(text, do, undo, self.failed.emit))

    def perform_final(self, text: str, operation: Callable[[], T]) -> T:
        """Run an operation that cannot be undone; on success the history is cleared."""
        result = operation()
        self.stack.clear()
        self.history_cut.emit(text)
        return result

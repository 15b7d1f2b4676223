"""The window's Edit › Undo and Redo: over the case file, the core's own history.

For the case file, undo lives in the services (``desktop.services.case_undo``): every edit is
recorded there with what it replaced, and undone or redone there, audited. The window's stack
mirrors it: an edit the core recorded (``record``) pushes a ``CaseStep`` whose undo and redo
call the core's ``undo``/``redo`` (naming the step they expect, so the two can never drift
apart) and whose text is the core's label. Every change — the edit itself, an undo, a redo — is
announced once with its ``CaseChanges`` (``applied``), which the window hands to its pages.

Edits outside the case file's history (the demo's in-memory scorebook, the team leader's
consensus and findings) still push a pair of service calls (``perform``); both go through the
services, so the rules are re-checked every time. Operations that cannot be taken back (signing,
export) run through ``perform_final``, which clears the history: undoing past them would make
the case file disagree with what left the machine (the core ends its own history as well).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.i18n import render

if TYPE_CHECKING:
    from desktop.domain.errors import ScorebookError
    from desktop.services.case_undo import CaseHistory
    from desktop.services.changes import Changed

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
        from desktop.domain.errors import ScorebookError  # not before the window's first paint

        try:
            fn()
        except ScorebookError as error:
            self.setObsolete(True)
            self._on_error(error)


class CaseStep(QUndoCommand):
    """One step of the core's history (already applied when pushed)."""

    def __init__(self, controller: UndoController, history: CaseHistory, step: int,
                 text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._history = history
        self.step = step
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            return
        self._run(lambda: self._history.redo(expect=self.step))
        self._applied = True

    def undo(self) -> None:
        self._run(lambda: self._history.undo(expect=self.step))
        self._applied = False

    def _run(self, fn: Callable[[], Changed[Any]]) -> None:
        from desktop.domain.errors import ScorebookError  # not before the window's first paint

        try:
            done = fn()
        except ScorebookError as error:  # refused: the case file is as it was
            self.setObsolete(True)
            self._controller.failed.emit(error)
            return
        self._controller.applied.emit(done.changes)


class UndoController(QObject):
    failed = Signal(object)  # a ScorebookError raised while undoing or redoing
    history_cut = Signal(str)  # a non-undoable operation cleared the history
    applied = Signal(object)  # the CaseChanges of an edit, an undo or a redo of the case file

    def __init__(self, stack: QUndoStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack or QUndoStack(self)
        self.history: CaseHistory | None = None

    def use_history(self, history: CaseHistory | None) -> None:
        """The open case's history (None: no case); the stack starts empty."""
        self.stack.clear()
        self.history = history

    def record(self, done: Changed[Any]) -> None:
        """An edit the core made and recorded: push its step (labelled as the core labels it)
        and announce what changed."""
        history = self.history
        if done.step is not None and history is not None and history.undo_step == done.step:
            label = history.undo_label
            self.stack.push(CaseStep(self, history, done.step,
                                     render(label) if label is not None else ""))
        if done.changes.any:
            self.applied.emit(done.changes)

    @property
    def can_undo(self) -> bool:
        return self.stack.canUndo()

    @property
    def can_redo(self) -> bool:
        return self.stack.canRedo()

    def perform(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        """Apply ``do`` now (a ScorebookError propagates, nothing recorded), then record it."""
        do()
        self.stack.push(ServiceCommand(text, do, undo, self.failed.emit))

    def perform_final(self, text: str, operation: Callable[[], T]) -> T:
        """Run an operation that cannot be undone; on success the history is cleared."""
        result = operation()
        self.stack.clear()
        if self.history is not None:
            self.history.end()
        self.history_cut.emit(text)
        return result

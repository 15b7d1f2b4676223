"""Long work (key derivation, merges, exports, printing) off the UI thread.

The work function receives a ``TaskControl`` — plain Python, no Qt — to report progress and ask
whether it was cancelled. Results, typed errors and cancellation come back as signals of a
``TaskHandle`` on the UI thread. ``InlineTaskRunner`` runs the work at once in the caller's thread
with the same API, for deterministic tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg

Work = Callable[["TaskControl"], Any]


class TaskCancelled(ScorebookError):
    """Raised by ``TaskControl.check_cancelled`` to stop work the user cancelled."""

    def __init__(self) -> None:
        super().__init__(Msg(N_("Cancelled")))


class TaskCrashed(ScorebookError):
    """An unexpected exception in a task; the original is chained as ``__cause__``."""

    def __init__(self, name: str) -> None:
        super().__init__(Msg(N_("The task '{task}' failed unexpectedly"), {"task": name}))


class TaskControl:
    """What the work sees: progress reporting and cancellation (thread-safe, Qt-free)."""

    def __init__(self, on_progress: Callable[[int, int], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def set_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(int(done), int(total))

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled

    def cancel(self) -> None:
        self._cancel.set()


class TaskHandle(QObject):
    """One submitted task. Signals arrive on the thread the handle lives in (the UI thread)."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # a ScorebookError (unexpected errors arrive as TaskCrashed)
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.control = TaskControl(self.progress.emit)
        self.done = False

    def cancel(self) -> None:
        self.control.cancel()

    def _run(self, work: Work) -> None:
        """Run ``work`` here and report; called in the worker (or inline) thread."""
        outcome: ScorebookError | None = None
        result: Any = None
        try:
            result = work(self.control)
        except ScorebookError as error:
            outcome = error
        except Exception as error:
            outcome = TaskCrashed(self.name)
            outcome.__cause__ = error
        if isinstance(outcome, TaskCancelled) or (outcome is None and
                                                  self.control.is_cancelled()):
            self._finish(self.cancelled.emit)
        elif outcome is not None:
            failure = outcome
            self._finish(lambda: self.failed.emit(failure))
        else:
            self._finish(lambda: self.succeeded.emit(result))

    def _finish(self, emit: Callable[[], None]) -> None:
        self.done = True
        emit()
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, work: Work) -> None:
        super().__init__()
        self._handle = handle
        self._work = work

    def run(self) -> None:
        self._handle._run(self._work)


class TaskRunner(QObject):
    """Runs tasks on a thread pool, started on the next turn of the event loop."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool(self)
        self._active: set[TaskHandle] = set()

    def submit(self, name: str, work: Work, *,
               on_success: Callable[[Any], None] | None = None,
               on_error: Callable[[ScorebookError], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None,
               on_cancel: Callable[[], None] | None = None) -> TaskHandle:
        handle = TaskHandle(name, self)
        if on_success:
            handle.succeeded.connect(on_success)
        if on_error:
            handle.failed.connect(on_error)
        if on_progress:
            handle.progress.connect(on_progress)
        if on_cancel:
            handle.cancelled.connect(on_cancel)
        self._active.add(handle)
        handle.finished.connect(lambda: self._active.discard(handle))
        self._start(handle, work)
        return handle

    def _start(self, handle: TaskHandle, work: Work) -> None:
        # Start on the next turn of the event loop, so that whoever called submit() can still
        # connect to the handle's signals: a cross-thread emit with no receiver yet is lost.
        QTimer.singleShot(0, self, lambda: self._pool.start(_Runnable(handle, work)))

    def active(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        for handle in list(self._active):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (for shutdown); tasks not yet started are not waited for."""
        return self._pool.waitForDone(msecs)


class InlineTaskRunner(TaskRunner):
    """Runs each task at once in the calling thread (tests: deterministic, same signals)."""

    def _start(self, handle: TaskHandle, work: Work) -> None:
        handle._run(work)

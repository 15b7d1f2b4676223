"""Auto-lock after an idle time: any user input anywhere in the application restarts the timer.

When the time runs out ``lock_requested`` is emitted once and the timer stops until ``resume()``
(called after the passphrase reopened the window). An interval of 0 turns the lock off.

``IdleLock.minutes(app, minutes, window)`` follows the window's ``idle_lock_minutes_changed``
(Edit › Preferences…): a new time applies at once, counted from that moment.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    lock_requested = Signal()

    def __init__(self, app: QCoreApplication, interval_ms: int, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # remaining() is then exact
        self._timer.timeout.connect(self._expired)
        self._locked = False
        self.set_interval(interval_ms)
        app.installEventFilter(self)

    @classmethod
    def minutes(cls, app: QCoreApplication, minutes: int, parent: QObject | None = None
                ) -> IdleLock:
        lock = cls(app, minutes * 60_000, parent)
        changed = getattr(parent, "idle_lock_minutes_changed", None)  # a MainWindow's
        if changed is not None:
            changed.connect(lock.set_minutes)
        return lock

    def set_minutes(self, minutes: int) -> None:
        self.set_interval(minutes * 60_000)

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(max(0, interval_ms))
        self._restart()

    def interval(self) -> int:
        return self._timer.interval()

    def remaining(self) -> int:
        """Milliseconds left before the lock (-1 when not running)."""
        return self._timer.remainingTime()

    def is_locked(self) -> bool:
        return self._locked

    def resume(self) -> None:
        self._locked = False
        self._restart()

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)

    def _restart(self) -> None:
        if self._locked or self._timer.interval() <= 0:
            self._timer.stop()
        else:
            self._timer.start()

    def _expired(self) -> None:
        self._locked = True
        self.lock_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self._locked:
            self._timer.start()
        return False

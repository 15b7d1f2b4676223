from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.errors import ScorebookError, ScoreValueError
from desktop.domain.messages import Msg
from desktop.ui.tasks import (
    InlineTaskRunner,
    TaskCancelled,
    TaskControl,
    TaskCrashed,
    TaskRunner,
)


def count_to(n: int) -> Callable[[TaskControl], int]:
    def work(control: TaskControl) -> int:
        for i in range(n):
            control.check_cancelled()
            control.set_progress(i + 1, n)
        return n * 2
    return work


def refuse(control: TaskControl) -> None:
    raise ScoreValueError(Msg("refused {what}", {"what": "37"}))


def crash(control: TaskControl) -> None:
    raise RuntimeError("boom")


def test_thread_runner_delivers_result_and_progress_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    progress: list[tuple[int, int]] = []
    threads: list[threading.Thread] = []
    handle = runner.submit("count", count_to(5),
                           on_progress=lambda d, t: progress.append((d, t)),
                           on_success=lambda _r: threads.append(threading.current_thread()))
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: len(progress) == 5)  # queued progress signals drain
    assert progress[-1] == (5, 5)
    assert threads == [threading.main_thread()]


def test_thread_runner_delivers_the_result_value(qtbot: QtBot) -> None:
    runner = TaskRunner()
    handle = runner.submit("count", count_to(3))
    with qtbot.waitSignal(handle.succeeded, timeout=5000) as result:
        pass
    assert result.args == [6]


def test_typed_error_arrives_as_is_and_unexpected_errors_are_wrapped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    handle = runner.submit("refuse", refuse)
    with qtbot.waitSignal(handle.failed, timeout=5000) as failed:
        pass
    assert isinstance(failed.args[0], ScoreValueError)
    assert str(failed.args[0]) == "refused 37"
    handle = runner.submit("crash", crash)
    with qtbot.waitSignal(handle.failed, timeout=5000) as failed:
        pass
    error = failed.args[0]
    assert isinstance(error, TaskCrashed) and isinstance(error.__cause__, RuntimeError)
    assert "boom" not in str(error)  # no internals in the user's message


def test_cancel_is_honoured(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()

    def wait_then_check(control: TaskControl) -> str:
        started.set()
        release.wait(5)
        control.check_cancelled()
        return "finished"

    handle = runner.submit("slow", wait_then_check)
    qtbot.waitUntil(started.is_set)  # the task starts on the next turn of the event loop
    handle.cancel()
    with qtbot.waitSignal(handle.cancelled, timeout=5000):
        release.set()  # let the work see the cancel only once we listen for the signal
    assert runner.wait(5000)


def test_inline_runner_is_deterministic() -> None:
    runner = InlineTaskRunner()
    events: list[object] = []
    runner.submit("count", count_to(2), on_progress=lambda d, t: events.append((d, t)),
                  on_success=events.append)
    assert events == [(1, 2), (2, 2), 4]
    errors: list[ScorebookError] = []
    runner.submit("refuse", refuse, on_error=errors.append)
    assert isinstance(errors[0], ScoreValueError)
    cancelled: list[bool] = []

    def cancel_self(control: TaskControl) -> None:
        control.cancel()
        control.check_cancelled()

    runner.submit("cancel", cancel_self, on_cancel=lambda: cancelled.append(True))
    assert cancelled == [True]
    assert runner.active() == 0
    control = TaskControl()
    control.cancel()
    with pytest.raises(TaskCancelled):
        control.check_cancelled()

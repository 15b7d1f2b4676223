"""The Qt binding itself: a release that corrupts reference counts on emit must not be installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_signal_emit_keeps_reference_counts() -> None:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(200):
        probe.ping.emit()
    assert sys.getrefcount(True) >= before  # PySide6 6.12.0 on Python 3.11 loses 200 here

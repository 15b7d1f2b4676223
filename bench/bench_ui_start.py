"""Cold start to the first painted main window, against a bare PySide6 QMainWindow.

Each run is a fresh interpreter (``python -c``) that creates the application, shows the window
and waits for the window's first paint event. Two times are taken: from the launch of the
process (the parent's clock just before it starts the child, read against the child's at the
paint: ``time.perf_counter`` is the system's monotonic clock on Linux, macOS and Windows) —
what a user waits for after a double-click, interpreter start-up included — and from the first
line of the child's code. The ratio Scorebook / bare of the launch times is the aim's (≤ 1.5×);
the in-process ratio is printed beside it, and the ratio of the CPU time each process had used
by its first paint (``time.process_time``: on this shared machine the wall times of a busy
spell move a ratio by ±0.3, the CPU times far less). Prints only; no asserts.

The paint is observed by an event filter on the window alone. A filter on the whole application
(as this bench used before) is itself a start-up cost: PySide then wraps every object and event
Qt delivers into Python (~170 enum classes created), and charges a window with more widget types
more for it — the measuring, not the window.

Floors: the bare QMainWindow of the aim (it paints no text at all), and the same window with a
menu bar and one label (it pays Qt's font set-up, which any real window pays). Scorebook starts
in English (the bench's locale); its Chinese and Mongolian first screens are timed too, for
information. Every run has Python's bytecode cache in a throw-away folder, warmed once, as an
installed app has it (PYTHONDONTWRITEBYTECODE would otherwise recompile every module of ours on
each start).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = tempfile.mkdtemp(prefix="scorebook-bench-ui-")

_FIRST_PAINT = """
import time
T0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            now = time.perf_counter()
            cpu = time.process_time()
            WINDOW.removeEventFilter(self)

            def frame_done():  # runs once the paint of the window and its children is over
                done = time.perf_counter()
                print(f"{now:.6f} {now - T0:.6f} {done:.6f} {cpu:.6f}", flush=True)
                APP.quit()

            QTimer.singleShot(0, frame_done)
        return False
"""

_SHOW = """
WINDOW.resize(1280, 800)
watcher = FirstPaint()
WINDOW.installEventFilter(watcher)
WINDOW.show()
APP.exec()
"""

BARE = _FIRST_PAINT + """
from PySide6.QtWidgets import QMainWindow
APP = QApplication([])
WINDOW = QMainWindow()
""" + _SHOW

TEXT = _FIRST_PAINT + """
from PySide6.QtWidgets import QLabel, QMainWindow
APP = QApplication([])
WINDOW = QMainWindow()
for title in ("&File", "&Edit", "&View", "&Language", "&Help"):
    WINDOW.menuBar().addMenu(title)
WINDOW.setCentralWidget(QLabel("Open a case file or an office workspace from the File menu."))
WINDOW.statusBar().showMessage("Ready")
""" + _SHOW

SCOREBOOK = _FIRST_PAINT + """
import sys
APP = QApplication([])
from desktop.ui.app import build_main_window
WINDOW = build_main_window(APP, sys.argv[1:])
""" + _SHOW

RUNS: dict[str, tuple[str, list[str]]] = {
    "bare": (BARE, []),
    "text": (TEXT, []),
    "app": (SCOREBOOK, []),
    "app_zh": (SCOREBOOK, ["--language", "zh_CN"]),
    "app_mn": (SCOREBOOK, ["--language", "mn_Mong_CN"]),
}


def _run(key: str, code: str, args: list[str]) -> tuple[float, float, float, float]:
    """Seconds to the window's first paint event from launch and from the child's first line,
    from launch to the end of that first frame (the children painted too), and the CPU time
    the process had used by the first paint (interpreter start-up included)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["SCOREBOOK_HOME"] = os.path.join(HOME, key)  # throw-away settings, one folder a kind
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(HOME, "pycache")
    launched = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    painted, inside, done, cpu = (float(v) for v in out.stdout.strip().splitlines()[-1].split())
    return painted - launched, inside, done - launched, cpu


def main(rounds: int = 7) -> int:
    for key, (code, args) in RUNS.items():  # warm the OS file cache and the bytecode once
        _run(key, code, args)
    times: dict[str, list[tuple[float, float, float, float]]] = {k: [] for k in RUNS}
    for _ in range(rounds):  # interleaved, so a busy spell of the machine hits all of them
        for key, (code, args) in RUNS.items():
            times[key].append(_run(key, code, args))
    med = {k: tuple(statistics.median(run[i] for run in v) for i in range(4))
           for k, v in times.items()}
    print(f"ui start, median of {rounds}: to the first paint event from launch | from the "
          "child's first line | to the end of the first frame from launch | CPU time used by "
          "the first paint (x the bare window)")
    for key, label in (("bare", "bare QMainWindow"), ("text", "with menus and a label"),
                       ("app", "Scorebook, English"), ("app_zh", "Scorebook, Chinese"),
                       ("app_mn", "Scorebook, Mongolian")):
        cells = [f"{med[key][i] * 1000:4.0f} ms {med[key][i] / med['bare'][i]:.2f}x"
                 for i in range(4)]
        print(f"  {label:24s} " + " | ".join(cells))
    app, bare, text = med["app"], med["bare"], med["text"]
    print(f"ratio {app[0] / bare[0]:.2f}x the bare window from launch (aim <= 1.5x); "
          f"{app[1] / bare[1]:.2f}x in-process; {app[2] / bare[2]:.2f}x to the end of the "
          f"first frame; {app[0] / text[0]:.2f}x the window with text; {app[3] / bare[3]:.2f}x "
          "in CPU time")
    # On a shared machine a busy spell lengthens some runs of one kind: the best of each kind
    # (its quietest run) and each round's own ratio (the kinds of a round ran one after the
    # other) say what the medians blur.
    best = {k: tuple(min(run[i] for run in v) for i in (0, 3)) for k, v in times.items()}
    print("best of", rounds, "(launch to first paint | CPU), and the median of the rounds' own "
          "ratios to the bare window of the same round:")
    for key, label in (("app", "English"), ("app_zh", "Chinese"), ("app_mn", "Mongolian")):
        pairs = [(run[0] / b[0], run[3] / b[3]) for run, b in zip(times[key], times["bare"],
                                                                   strict=True)]
        print(f"  {label:10s} best {best[key][0] / best['bare'][0]:.2f}x | "
              f"{best[key][1] / best['bare'][1]:.2f}x   per round "
              f"{statistics.median(p[0] for p in pairs):.2f}x | "
              f"{statistics.median(p[1] for p in pairs):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

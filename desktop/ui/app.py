"""``scorebook-app``: create the application, load fonts and language, show the main window.

``--screenshot PATH`` renders the window offscreen to a PNG (for the docs) and exits;
``--demo`` opens an in-memory demo scorebook; ``--language`` overrides the remembered language.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import SUPPORTED

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

__all__ = ["build_main_window", "first_run", "install_reviewer", "main", "parse_args",
           "save_screenshot"]


class StartOptions:
    """The app's own options; every other argument is left to Qt (``-platform``, ``-style`` …)."""

    def __init__(self, screenshot: Path | None = None, size: str = "1366x768",
                 language: str | None = None, demo: bool = False) -> None:
        self.screenshot = screenshot
        self.size = size
        self.language = language
        self.demo = demo


_VALUED = ("--screenshot", "--size", "--language")


def parse_args(argv: Sequence[str]) -> StartOptions:
    """Our options, read as argparse reads them (``_parse_with_argparse``). The common starts
    (none of them, ``--language zh_CN``, ``--demo`` …) are read here: building the parser looks
    its help texts up in gettext's catalogs and loads ``locale`` (~10–15 ms of the start).
    Anything else — help, an abbreviation, a value missing or out of range — goes to argparse,
    which answers or refuses it."""
    options: dict[str, str] = {}
    demo = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not arg.startswith("-"):
            continue  # a file, or a Qt option's value: argparse leaves them too
        name, eq, value = arg.partition("=")
        if name in _VALUED:
            if not eq:
                if i >= len(argv) or argv[i].startswith("-"):
                    return _parse_with_argparse(argv)  # "expected one argument"
                value = argv[i]
                i += 1
            if name == "--language" and value not in SUPPORTED:
                return _parse_with_argparse(argv)  # "invalid choice"
            options[name] = value
        elif arg == "--demo":
            demo = True
        elif arg.startswith("--") or arg.startswith("-h"):
            return _parse_with_argparse(argv)  # help, an abbreviation, an unknown option
    screenshot = options.get("--screenshot")
    return StartOptions(Path(screenshot) if screenshot is not None else None,
                        options.get("--size", "1366x768"), options.get("--language"), demo)


def _parse_with_argparse(argv: Sequence[str]) -> StartOptions:
    import argparse

    parser = argparse.ArgumentParser(prog="scorebook-app")
    parser.add_argument("--screenshot", type=Path, metavar="PATH",
                        help="render the main window to a PNG file and exit")
    parser.add_argument("--size", default="1366x768", help="window size for --screenshot")
    parser.add_argument("--language", choices=SUPPORTED, help="interface language")
    parser.add_argument("--demo", action="store_true", help="open an in-memory demo scorebook")
    args, _qt_args = parser.parse_known_args(list(argv))
    return StartOptions(args.screenshot, args.size, args.language, args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "scorebook-app", *argv])
    window = build_main_window(app, argv)
    if args.screenshot is not None:
        return save_screenshot(window, args.screenshot, args.size)
    if not args.demo:
        window.after_first_paint(lambda: first_run(window))  # its imports wait for the paint
    window.show()
    return app.exec()


def build_main_window(app: QApplication, argv: Sequence[str]) -> MainWindow:
    """Name the application (QSettings locations), load fonts and language, build the window."""
    from PySide6.QtCore import QLocale

    from desktop.ui.fonts import load_bundled_fonts, load_waiting_fonts
    from desktop.ui.i18n_qt import LanguageSwitcher
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    args = parse_args(argv)
    app.setOrganizationName("Scorebook")
    app.setOrganizationDomain("scorebook.invalid")
    app.setApplicationName("Scorebook")
    app.setApplicationDisplayName("Scorebook")

    settings = Settings.default()
    switcher = LanguageSwitcher(app, settings)
    if args.language:
        language = switcher.apply(args.language, remember=args.screenshot is None)
    else:
        language = switcher.apply(switcher.initial_language(QLocale.system().name()),
                                  remember=False)
    # the faces the first screen in this language draws; the others right after its paint. A
    # first screen other than the start page (--demo's scorebook, --screenshot) gets every face
    # first: a face registered later leaves what was measured before it at the wrong widths.
    only_start = not args.demo and args.screenshot is None
    fonts = load_bundled_fonts(language=language if only_start else None)
    app.setFont(fonts.ui_font(app.font()))

    window = MainWindow(settings, switcher, fonts=fonts)
    window.after_first_paint(load_waiting_fonts)
    if args.demo:
        from desktop.services.catalogue import framework
        from desktop.ui.demo import add_demo_scorebook

        add_demo_scorebook(window, framework())
    else:
        # The status bar keeps room for the office's progress strip from the first paint, so
        # the office (File ▸ Open office workspace…) installs after it and moves nothing.
        from desktop.ui.widgets.progress_strip import reserve_progress_room

        reserve_progress_room(window)
        window.after_first_paint(lambda: install_office(window))
        window.after_first_paint(lambda: install_reviewer(window))
        if any(not a.startswith("-") for a in argv):  # scorebook-app FILE (file manager)
            window.after_first_paint(lambda: open_start_file(window, argv))
    window.after_first_paint(lambda: install_idle_lock(app, window))
    window.after_first_paint(lambda: install_vertical_messages(app))
    return window


def first_run(window: MainWindow, *, asked: bool = False) -> None:
    """The first-run wizard (``first_run_start.first_run``; its module loads after the first
    paint, with it)."""
    from desktop.ui.first_run_start import first_run as show_wizard

    show_wizard(window, asked=asked)


def install_reviewer(window: MainWindow) -> None:
    """The File menu's case-file entries (``first_run_start.install_reviewer``, after the
    first paint)."""
    from desktop.ui.first_run_start import install_reviewer as install

    install(window)


def install_vertical_messages(app: QApplication) -> None:
    """Mongolian in every message box runs top to bottom (``widgets.vertical_message``)."""
    from desktop.ui.widgets.vertical_message import install

    install(app)


def open_start_file(window: MainWindow, argv: Sequence[str]) -> None:
    """A file given at start goes where it is used (``desktop.ui.open_file``)."""
    from desktop.ui.open_file import open_file_argument

    open_file_argument(window, argv)


def install_office(window: MainWindow) -> None:
    """The File menu's office entries (after the first paint: nothing of them shows on the
    first screen; the status bar already has room for the office's progress strip)."""
    from desktop.ui.office import install_office as install

    office = install(window)
    start = window.welcome
    start.set_office_available(True)
    start.open_workspace_requested.connect(
        lambda folder: open_workspace(window, folder) if folder else office.open_dialog())


def open_workspace(window: MainWindow, folder: str) -> None:
    """A recent workspace chosen on the start page: its passphrase prompt, the folder filled in."""
    from PySide6.QtWidgets import QDialog

    from desktop.ui.office import office_of
    from desktop.ui.office.dialogs import OpenWorkspaceDialog

    office = office_of(window)
    if office is None:
        return
    dialog = OpenWorkspaceDialog(window, folder)
    dialog.passphrase.setFocus()
    if dialog.exec() == QDialog.DialogCode.Accepted:
        request = dialog.request()
        dialog.passphrase.clear()
        if request is not None:
            office.open(request)


def install_idle_lock(app: QApplication, window: MainWindow) -> None:
    """Lock the window after the configured idle time.

    Installed once the window has painted: its application-wide event filter runs in Python, so
    every event before the first paint would otherwise make PySide wrap each object it reaches.
    """
    from desktop.ui.idle_lock import IdleLock

    idle = IdleLock.minutes(app, window.settings.idle_lock_minutes, window)
    idle.lock_requested.connect(window.lock)
    window.unlocked.connect(idle.resume)


def save_screenshot(window: object, path: Path, size: str = "1366x768") -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)
    width, _x, height = size.partition("x")
    window.resize(int(width), int(height))
    window.show()
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path))
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

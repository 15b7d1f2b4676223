"""Entry point of the packaged app (both executables of the one-folder bundle).

- ``--self-test``: run ``desktop.selftest`` offscreen, plus a step that starts the main window
  offscreen when the Qt interface is present; exit 0 only if every step passed.
- ``scorebook-app`` (the windowed executable): the desktop interface.
- ``scorebook`` (the console executable): the command line when given arguments; with none, the
  desktop interface (so a double-click opens the app), or the command line's usage if the
  interface is not part of the build; with one Scorebook file (``scorebook x.sbb``), the
  interface taking that file where it is used.

Qt is imported only when the interface starts, never at import time.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.selftest import Step

GUI_EXECUTABLE = "scorebook-app"
SELF_TEST = "--self-test"


def wants_gui(argv: Sequence[str], executable: str | None = None) -> bool:
    """Start the desktop interface? (the windowed executable always; the console one if bare)."""
    name = Path(executable or sys.executable).stem.lower()
    if name == GUI_EXECUTABLE:
        return has_gui()
    return (not argv or opens_a_file(argv)) and has_gui()


def opens_a_file(argv: Sequence[str]) -> bool:
    """``scorebook FILE`` with a Scorebook file (a bundle, package, card, roster, case): the
    window, which takes it where it is used, as ``scorebook-app FILE`` does."""
    if len(argv) != 1 or argv[0].startswith("-"):
        return False
    from desktop.services.file_kinds import FileKind, classify

    return classify(Path(argv[0])).kind is not FileKind.UNKNOWN


def has_gui() -> bool:
    try:
        return importlib.util.find_spec("desktop.ui.app") is not None
    except ImportError:  # desktop.ui missing from the build
        return False


def gui_step() -> Step:
    """A self-test step that opens the main window offscreen and renders it to a PNG."""
    from desktop.domain.messages import N_
    from desktop.i18n import current_language, set_language
    from desktop.selftest import Context, Step, check

    def run(ctx: Context) -> str:
        from desktop.ui.app import main as app_main
        from desktop.ui.platform_plugin import native_platform_plugin

        native = native_platform_plugin()
        check(native is None or native.is_file(),
              f"Qt's platform plugin for this system is missing: {native}")
        png = ctx.folder / "window.png"
        before = current_language()
        try:
            code = app_main(["--screenshot", str(png), "--language", "mn_Mong_CN"])
        finally:
            set_language(before)  # the window switched the process-wide language
        check(code == 0 and png.is_file() and png.stat().st_size > 1000,
              f"the main window did not render (exit {code})")
        shown = os.environ.get("QT_QPA_PLATFORM") or "default"
        plugin = f", {native.name} present" if native is not None else ""
        return f"{png.stat().st_size // 1024} KB PNG, platform {shown}{plugin}"

    return Step("gui", N_("main window (offscreen)"), run)


def self_test(argv: Sequence[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # never show a window while testing
    from desktop.cli.main import _language_from
    from desktop.i18n import set_language
    from desktop.selftest import run

    set_language(_language_from(argv))  # --lang, SCOREBOOK_LANG or the locale, as the CLI does

    extra = [gui_step()] if has_gui() else []
    stream = sys.stdout
    log: io.StringIO | None = None
    if stream is None:  # the windowed executable on Windows has no console
        log = io.StringIO()
        stream = log
    code = run(stream, extra_steps=extra, keep_folder="--keep" in argv)
    if log is not None:
        from desktop.paths import user_data_dir

        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "self-test.txt").write_text(log.getvalue(), encoding="utf-8")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    sys.dont_write_bytecode = True  # Alembic loads migration scripts: no __pycache__ beside them
    if SELF_TEST in args:
        return self_test(args)
    if wants_gui(args):
        from desktop.ui.app import main as app_main

        return app_main(args)
    from desktop.cli.main import freeze_for_exit
    from desktop.cli.main import main as cli_main

    try:
        return cli_main(args)
    finally:
        if argv is None:  # the process ends next
            freeze_for_exit()


if __name__ == "__main__":
    sys.exit(main())

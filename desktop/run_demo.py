"""`make run`: build (once) a demo office workspace with the demo service, then open the app on it.

    python -m desktop.run_demo DIR [--programme ID] [--seed N] [--page KEY]
                                   [--screenshot PNG] [--size WxH] [--language TAG] [--headless]

The demo is built in DIR the first time (``scorebook demo``'s service) and reused afterwards.
The window opens on DIR/office, unlocked in-process with the demo passphrase (or
``SCOREBOOK_PASSPHRASE`` when set) — never from the command line. ``--headless`` prints the
demo's summary instead, for machines without a display; ``--screenshot`` renders the window to a
PNG offscreen and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_PROGRAMME = "baotou-hitech"  # the smallest of the five: one category, quota 3


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m desktop.run_demo")
    parser.add_argument("folder", nargs="?", default="demo-workspace", type=Path)
    parser.add_argument("--programme", default=DEFAULT_PROGRAMME)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page", default="ranking",
                        help="office page to show first (cycle, applicants, people, conflicts, "
                             "packages, import, divergence, consensus, ranking, vote, notices, "
                             "print)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--language")
    parser.add_argument("--headless", action="store_true",
                        help="build the demo and print its summary; no window")
    return parser.parse_args(list(argv))


def ensure_demo(folder: Path, programme_id: str, seed: int) -> tuple[Path, list[str]]:
    """The demo's office folder, built if absent; and lines describing it."""
    from desktop.services.office.workspace import FOLDER_FILE

    office = folder / "office"
    if (office / FOLDER_FILE).is_file():
        return office, [f"Reusing the demo workspace in {folder} (delete it to rebuild)",
                        f"Office workspace: {office} (passphrase: demo)"]
    from desktop.i18n import render
    from desktop.services.demo import run_demo

    result = run_demo(folder, programme_id, seed)
    lines = [f"Demo cycle {result.cycle} built in {folder}", render(result.kdf_note),
             f"Office workspace: {result.workspace} (passphrase: demo)",
             f"Bundles: {len(result.bundles)}; case files: {len(result.cases)}"]
    for cat in result.ranking.categories if result.ranking is not None else ():
        lines.append(f"{cat.award_id}: within quota {', '.join(cat.within) or '-'}")
    if result.notice is not None:
        explain = result.notice.explain
        lines.append(explain if isinstance(explain, str) else render(explain))
    return result.workspace, lines


def passphrase() -> str:
    from desktop.services.demo import PASSPHRASE

    return os.environ.get("SCOREBOOK_PASSPHRASE") or PASSPHRASE


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    folder = args.folder.expanduser()
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        office, lines = ensure_demo(folder, args.programme, args.seed)
    except Exception as error:  # a typed ScorebookError renders; anything else is reported
        from desktop.domain.errors import ScorebookError
        from desktop.i18n import render

        text = render(error.message) if isinstance(error, ScorebookError) else repr(error)
        print(f"scorebook demo: {text}", file=sys.stderr)
        return 3
    print("\n".join(lines))
    if args.headless:
        return 0
    if not _has_display():
        print("No display found (DISPLAY / WAYLAND_DISPLAY unset): the demo is built; run "
              "`python -m desktop.run_demo DIR --screenshot out.png` to render the window.")
        return 0
    return run_window(office, args)


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(office: Path, args: argparse.Namespace) -> int:
    from desktop.ui.office.launch import run_office_window

    return run_office_window(office, passphrase(), page=args.page, screenshot=args.screenshot,
                             size=args.size, language=args.language)


if __name__ == "__main__":
    sys.exit(main())

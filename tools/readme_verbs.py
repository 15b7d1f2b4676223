"""Print the README's table of `scorebook` verbs from the parser itself (English help texts).

``.venv/bin/python tools/readme_verbs.py`` rewrites the table between the ``verbs`` markers of
README.md in place; ``--print`` only prints it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from desktop.cli.main import build_parser
from desktop.i18n import set_language


def _argument(action: argparse.Action) -> str:
    name = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    return f"{name}…" if action.nargs in ("*", "+") else name


def walk(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, str]]:
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help or "" for a in action._choices_actions}
        for name, sub in action.choices.items():
            path = f"{prefix} {name}".strip()
            inner = list(walk(sub, path))
            if inner:
                yield from inner
                continue
            positional = [a for a in sub._actions
                          if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]
            command = " ".join(["scorebook", path, *(_argument(a) for a in positional)])
            yield command, helps.get(name, "")


README = Path(__file__).resolve().parent.parent / "README.md"
_BLOCK = re.compile(r"(<!-- verbs:[^\n]*-->\n).*?(<!-- /verbs -->)", re.S)


def table() -> str:
    set_language("en")
    rows = ["| command | what it does |", "|---|---|"]
    rows += [f"| `{command}` | {help_text} |" for command, help_text in walk(build_parser())]
    return "\n".join(rows) + "\n"


def main() -> None:
    text = table()
    if "--print" in sys.argv[1:]:
        print(text, end="")
        return
    readme = README.read_text(encoding="utf-8")
    updated, count = _BLOCK.subn(lambda m: m.group(1) + text + m.group(2), readme)
    if count != 1:
        sys.exit("README.md: expected one <!-- verbs: --> … <!-- /verbs --> block")
    README.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()

"""Print the README's table of `scorebook` verbs from the parser itself (English help texts).

Run ``.venv/bin/python tools/readme_verbs.py`` and paste between the ``verbs`` markers.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

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


def main() -> None:
    set_language("en")
    print("| command | what it does |\n|---|---|")
    for command, help_text in walk(build_parser()):
        print(f"| `{command}` | {help_text} |")


if __name__ == "__main__":
    main()

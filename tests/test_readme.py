"""The README tells a newcomer the truth: the two commands exist and every CLI verb is listed."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent


def _verbs(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}".strip()
                inner = _verbs(sub, path)
                found.extend(inner or [path])
    return found


def test_every_cli_verb_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    verbs = _verbs(build_parser())
    assert len(verbs) > 20
    missing = [v for v in verbs if f"scorebook {v}" not in readme]
    assert missing == []


def test_the_two_commands_are_make_targets() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci

"""argparse's own texts, looked up once per process and environment; the terminal's size asked
once while a parser is built (issue 26).

argparse translates its few texts ("usage: ", "options", "show this help message and exit" …)
through the standard ``gettext`` module at every parser and argument it makes: for the ``case``
command, about 220 look-ups, each walking the locale variables and probing the file system for a
catalogue (``gettext.find``) — some 20 ms of a command that should answer at once. ``install``
puts a memo in front of argparse's two look-ups. An answer is kept under everything the look-up
reads: the text (and count), the locale variables, the current text domain and its folder; a
changed environment or binding is looked up afresh. (A catalogue file that appears in the
system's locale folder while the process runs is the one thing not seen again: the standard
module itself keeps each catalogue it has opened for the life of the process.)

Each ``add_argument`` also makes a help formatter to check the argument's metavar, and each
formatter asks the terminal its size (``shutil.get_terminal_size``: the environment and an ioctl
on standard output): some 300 times for the case command, ~5 ms. The check never uses the width.
``building`` answers those with one asking for the time a parser is built, then puts the plain
function back, so help printed afterwards is laid out for the terminal as it is then.
"""

from __future__ import annotations

import argparse
import gettext
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # what gettext.find reads
_MARK = "_scorebook_memo"


def _context() -> tuple[Any, ...]:
    domain = gettext.textdomain()
    return (tuple(os.environ.get(name) for name in ENVIRONMENT), domain,
            gettext.bindtextdomain(domain))


def memo(look_up: Callable[..., str]) -> Callable[..., str]:
    """``look_up`` (``gettext.gettext`` or ``ngettext``) answering from a memo keyed by its
    arguments and everything it reads beside them (``_context``)."""
    kept: dict[tuple[Any, ...], str] = {}

    def answer(*args: Any) -> str:
        key = (args, _context())
        found = kept.get(key)
        if found is None:
            found = kept[key] = look_up(*args)
        return found

    setattr(answer, _MARK, look_up)
    return answer


def install() -> None:
    """argparse's look-ups through the memo (once; installing again changes nothing)."""
    for name in ("_", "ngettext"):
        current = getattr(argparse, name)
        if not hasattr(current, _MARK):
            setattr(argparse, name, memo(current))


@contextmanager
def building() -> Iterator[None]:
    """While a parser is built: the terminal's size asked once (see the module)."""
    plain = shutil.get_terminal_size
    asked: list[os.terminal_size] = []

    def size(fallback: tuple[int, int] = (80, 24)) -> os.terminal_size:
        if not asked:
            asked.append(plain(fallback))
        return asked[0]

    shutil.get_terminal_size = size
    try:
        yield
    finally:
        shutil.get_terminal_size = plain

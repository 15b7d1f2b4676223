"""argparse's own texts, looked up once per process and environment (issue 26).

argparse translates its few texts ("usage: ", "options", "show this help message and exit" …)
through the standard ``gettext`` module at every parser and argument it makes: for the ``case``
command, about 220 look-ups, each walking the locale variables and probing the file system for a
catalogue (``gettext.find``) — some 20 ms of a command that should answer at once. ``install``
puts a memo in front of argparse's two look-ups. An answer is kept under everything the look-up
reads: the text (and count), the locale variables, the current text domain and its folder; a
changed environment or binding is looked up afresh. (A catalogue file that appears in the
system's locale folder while the process runs is the one thing not seen again: the standard
module itself keeps each catalogue it has opened for the life of the process.)
"""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Callable
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

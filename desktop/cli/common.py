"""Shared plumbing for command modules: verb registration, output, passphrases.

A command-group module in ``desktop/cli/`` defines ``register(sub)`` taking the top-level
subparsers object; it is discovered automatically. Each verb function takes the parsed
``args`` and returns an exit code (0) or raises a ``ScorebookError``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.cli.json_out import to_jsonable  # the one --json serialiser (re-exported)
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.i18n import _

Handler = Callable[[argparse.Namespace], int]
PASSPHRASE_ENV = "SCOREBOOK_PASSPHRASE"
MAX_PASSPHRASE_FILE = 64 * 1024


class UsageError(InputRejected):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


def common_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    # Read before parsing by main._language_from; accepted here so it may follow the verb.
    parent.add_argument("--lang", metavar="LANG",
                        help=_("interface language: en, zh_CN or mn_Mong_CN"))
    return parent


def group(sub: Any, name: str, help_text: str) -> Any:
    """Add a command group (``scorebook NAME …``) and return its subparsers."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    inner = parser.add_subparsers(dest=f"{name}_verb", metavar="VERB", required=True)
    return inner


def verb(sub: Any, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=help_text, parents=[common_parent()]
    )
    parser.set_defaults(handler=handler)
    return parser


def emit(args: argparse.Namespace, data: Any, human: str | Callable[[], str]) -> None:
    """Print ``data`` as JSON with ``--json``, else the human text."""
    if getattr(args, "json", False):
        json.dump(to_jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        text = human() if callable(human) else human
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="FILE",
        help=_("read the passphrase from the first line of FILE (else ${env} or a prompt)")
        .replace("${env}", PASSPHRASE_ENV),
    )


def read_passphrase(args: argparse.Namespace, prompt: str | None = None, *,
                    env: str = PASSPHRASE_ENV, file_attr: str = "passphrase_file",
                    confirm: bool = False) -> str:
    """A passphrase from --passphrase-file, the environment, or an interactive prompt.

    Never from a command-line argument. The value is never printed or logged.
    """
    path: Path | None = getattr(args, file_attr, None)
    if path is not None:
        try:
            with path.open("rb") as fh:  # capped: a passphrase file is one short line
                raw = fh.read(MAX_PASSPHRASE_FILE + 1)
        except OSError:
            raise UsageError(Msg(N_("Cannot read the passphrase file {file}"),
                                 {"file": str(path)})) from None
        if len(raw) > MAX_PASSPHRASE_FILE:
            raise UsageError(Msg(N_("The passphrase file {file} is too large"),
                                 {"file": str(path)}))
        try:
            text = raw.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            raise UsageError(Msg(N_("The passphrase file {file} is not UTF-8 text"),
                                 {"file": str(path)})) from None
        if not text or not text[0]:
            raise UsageError(Msg(N_("The passphrase file {file} is empty"), {"file": str(path)}))
        return text[0]
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(Msg(N_("No passphrase: use --passphrase-file, set {env}, or run in a "
                                "terminal"), {"env": env}))
    from desktop.i18n.formatting import label_value  # Babel: only when a person is asked

    first = getpass.getpass(label_value(prompt or _("Passphrase"), ""))  # "口令：", "… ᠄ "
    if confirm:
        again = getpass.getpass(label_value(_("Repeat the passphrase"), ""))
        if again != first:
            raise UsageError(Msg(N_("The two passphrases differ")))
    if not first:
        raise UsageError(Msg(N_("The passphrase is empty")))
    return first


# --- confidential text from a file ------------------------------------------------------------
# A command line is visible to every local user (``ps``) and stays in the shell's history, so
# text that may be confidential (secret passages, reviewers' comments, rationales, declarations)
# can come from a file or standard input instead: ``--NAME-file FILE`` (``-`` reads stdin).

STDIN = "-"
MAX_TEXT_FILE = 1024 * 1024


def is_stdin(path: Path | None) -> bool:
    return path is not None and str(path) == STDIN


def read_text_file(path: Path) -> str:
    """UTF-8 text from ``path`` (``-``: standard input), capped, without its final newline.

    Refused (usage error, exit 2) if it cannot be read, is too large, is not UTF-8 or is empty;
    the message names the file, never its content.
    """
    where = _("standard input") if is_stdin(path) else str(path)
    try:
        if is_stdin(path):
            stream = getattr(sys.stdin, "buffer", None)
            raw: bytes | str = (stream.read(MAX_TEXT_FILE + 1) if stream is not None
                                else sys.stdin.read(MAX_TEXT_FILE + 1))
        else:
            with path.open("rb") as fh:
                raw = fh.read(MAX_TEXT_FILE + 1)
    except OSError:
        raise UsageError(Msg(N_("Cannot read the text file {file}"), {"file": where})) from None
    if len(raw) > MAX_TEXT_FILE:
        raise UsageError(Msg(N_("The text file {file} is too large"), {"file": where}))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise UsageError(Msg(N_("The text file {file} is not UTF-8 text"),
                             {"file": where})) from None
    text = text.rstrip("\r\n")
    if not text.strip():
        raise UsageError(Msg(N_("The text file {file} is empty"), {"file": where}))
    return text


def add_text_option(parser: argparse.ArgumentParser, name: str, help_text: str, *,
                    required: bool = False, default: str | None = None) -> None:
    """``--NAME TEXT`` or ``--NAME-file FILE`` (one of them; ``-`` is standard input).

    The file form comes first: it is the one to prefer for anything confidential.
    """
    options = parser.add_mutually_exclusive_group(required=required)
    options.add_argument(
        f"--{name}-file", type=Path, metavar="FILE",
        help=_("{what}, read from FILE ('-': standard input); prefer this to --{name}")
        .format(what=help_text, name=name))
    options.add_argument(
        f"--{name}", default=default, metavar="TEXT",
        help=_("{what}, on the command line (other users of this computer can see it: prefer "
               "--{name}-file)").format(what=help_text, name=name))


def applicant_help() -> str:
    """Help for a case file's ``--applicant`` (ids there are long: a name or a prefix will do)."""
    return _("the applicant: its name, its id, or the start of its id (4 characters or more)")


def text_options(args: argparse.Namespace, *dests: str) -> list[str | None]:
    """The values of text options added by ``add_text_option``, files read (at most one from
    standard input)."""
    files: list[Path | None] = [getattr(args, f"{d}_file", None) for d in dests]
    if sum(1 for f in files if is_stdin(f)) > 1:
        raise UsageError(Msg(N_("Only one option can read standard input ('-')")))
    return [read_text_file(f) if f is not None else getattr(args, d)
            for d, f in zip(dests, files, strict=True)]


def passages(path: Path) -> list[str]:
    """Non-blank lines of a text file (``-``: standard input), each stripped: one passage a line."""
    return [line.strip() for line in read_text_file(path).splitlines() if line.strip()]


def add_item_options(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--items-file FILE`` (one ITEM=PCT:RATIONALE a line) and ``--item ITEM=PCT:RATIONALE``."""
    parser.add_argument(
        "--items-file", type=Path, metavar="FILE",
        help=_("items read from FILE ('-': standard input), one ITEM=PCT:RATIONALE a line; "
               "blank lines and lines starting with # are skipped. Prefer it to --item: a "
               "rationale may quote confidential material"))
    parser.add_argument(
        "--item", action="append", default=[], metavar="ITEM=PCT:RATIONALE",
        help=help_text + " " + _("(on the command line other users of this computer can see "
                                 "it: prefer --items-file)"))


def item_specs(args: argparse.Namespace) -> list[str]:
    """The ITEM=PCT:RATIONALE specs: those of --items-file first, then each --item."""
    specs: list[str] = []
    if args.items_file is not None:
        specs = [line.strip() for line in read_text_file(args.items_file).splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
    return specs + list(args.item)


# --- batch imports --------------------------------------------------------------------------


def batch_verdict(outcomes: Sequence[str]) -> None:
    """After a batch import printed its full report: exit 3 if any file was rejected or made a
    fork (a person must decide); the good files are applied either way. Duplicates and stale
    revisions are not failures. The message counts exactly (``merge.import_verdict``)."""
    from desktop.domain.merge import import_verdict  # the merge rules: only when they run

    verdict = import_verdict(outcomes)
    if verdict is not None:
        raise InputRejected(verdict)


BATCH_EXIT_HELP = N_("Exit status: 0 when every file was applied (duplicates and older revisions "
                     "count as applied); 3 when any file was rejected (tampered, unknown signer, "
                     "wrong recipient, malformed, too large, revoked) or made a fork that needs a "
                     "person's decision. The good files are applied and the full report is "
                     "printed either way.")


def database_url(text: str) -> str:
    """The ``--database-url`` type: a password in it would be readable by every local user
    (process list, shell history), so it is refused; libpq's password file or
    ``$SCOREBOOK_DATABASE_URL`` carry it instead. The message never repeats the URL."""
    from desktop.services.office.workspace import url_has_password

    if url_has_password(text):  # False for an unreadable URL: opening reports it in its words
        raise argparse.ArgumentTypeError(_(
            "a password does not belong on the command line: put the URL in "
            "SCOREBOOK_DATABASE_URL or the password in libpq's password file (~/.pgpass)"))
    return text


# --- text tables ----------------------------------------------------------------------------

_NUMBER = re.compile(r"^[=≈]?[-+]?\d+(?:[.,/]\d+)?%?$")


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: East Asian wide and full-width characters take two,
    combining marks and format characters (Mongolian vowel separator, joiners) none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(to_jsonable(value)).replace("\n", " ")


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None, *,
          indent: str = "", right: Sequence[bool] | None = None) -> str:
    """Rows as aligned columns (two spaces apart), headers underlined with dashes.

    Widths count display columns (Chinese takes two). Columns whose cells are all numbers
    (``12``, ``648.09``, ``=2``, ``7/8``) are right-aligned unless ``right`` says otherwise.
    ``None`` shows as "–".
    """
    cells = [[_cell(v) for v in row] for row in rows]
    head = [str(h) for h in headers] if headers else []
    ncol = max([len(head)] + [len(r) for r in cells]) if (head or cells) else 0
    for r in cells:
        r.extend([""] * (ncol - len(r)))
    head.extend([""] * (ncol - len(head)) if head else [])
    widths = [max([display_width(head[i]) if head else 0]
                  + [display_width(r[i]) for r in cells]) for i in range(ncol)]
    if right is None:
        right = [bool(cells) and all(_NUMBER.match(r[i]) or r[i] in ("", "–") for r in cells)
                 and any(r[i] not in ("", "–") for r in cells) for i in range(ncol)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - display_width(v))
            parts.append(pad + v if i < len(right) and right[i] else v + pad)
        return (indent + "  ".join(parts)).rstrip()

    out = []
    if head:
        out.append(line(head))
        out.append((indent + "  ".join("-" * w for w in widths)).rstrip())
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def case_group(sub: Any) -> Any:
    """The subparsers of ``scorebook case`` (None if that group is not there)."""
    parser = getattr(sub, "choices", {}).get("case")
    if parser is None:
        return None
    for action in parser._actions:  # argparse keeps a group's subparsers among its actions
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None

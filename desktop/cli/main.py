"""Entry point of the ``scorebook`` command: builds the parser, runs a verb, maps errors.

This is the one place where typed errors become messages and exit codes:
0 done; 2 usage (including an unreadable, empty or non-UTF-8 ``--…-file`` text file);
3 input rejected (malformed file, value out of range, rule violated, wrong passphrase,
tampered file, unknown signer, a path the file system refuses); 1 an unexpected failure.

Batch imports (``office merge``, ``case team import``) apply every good bundle and print the
full report, then exit 3 if any bundle was rejected (tampered, unknown signer, wrong recipient,
malformed, too large, revoked) or made a fork that waits for a person's decision; duplicates
and older (stale) revisions are not failures, so a re-import of the same files exits 0.

Nothing confidential is taken as an argument (``ps`` and the shell history would show it):
passphrases come from a prompt, the environment or ``--passphrase-file``; declared secret
passages only from ``--secrets-file``; comments, declarations, notes, reasons and consensus
rationales may come from ``--…-file FILE`` (``-``: standard input), which the help recommends.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.cli import argparse_texts
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, render, set_language

# The top-level commands: each one's help (the same text its module's ``register`` gives it:
# tests/cli/test_cli_imports.py compares them) and the modules whose ``register(sub)`` build it,
# in the order of the help. Only the modules of the command on the line are imported, and each
# imports at its top only argparse, the translations and light helpers: the services
# (SQLAlchemy, reportlab, the cryptography) are imported by the handlers, so ``--help`` and a
# verb that opens no file answer at once (desktop/cli/ruff.toml bans them at module level).
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bundle": (N_("score bundles"), ("bundle",)),
    "case": (N_("your encrypted case file for one review cycle"),
             ("case", "case_findings", "team", "team_findings")),
    "criteria": (N_("the scoring framework (GB/T 19580-2012)"), ("criteria",)),
    "demo": (N_("build a demo review cycle (every artefact real) in DIR"), ("demo",)),
    "eligibility": (N_("check an applicant's facts file against a programme's conditions"),
                    ("eligibility",)),
    "identity": (N_("your reviewer identity (keys and enrolment card)"), ("identity",)),
    "office": (N_("the review office: cycles, applicants, reviewers, merge, ranking, vote, "
                  "notices"), ("office",)),
    "print": (N_("print documents as PDF"), ("print",)),
    "programmes": (N_("the award programmes and their rules"), ("programmes",)),
}
VERB_MODULES = tuple(m for _help, modules in COMMANDS.values() for m in modules)


def command_of(argv: Sequence[str]) -> str | None:
    """The command named on the line (the first word that is no option nor ``--lang``'s value),
    if it is one of ``COMMANDS``."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif arg == "--":
            continue
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(command: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The parser of every command; with ``every=False`` only ``command``'s is built whole, the
    others named with their help (what ``scorebook --help`` and a usage error show)."""
    with argparse_texts.building():  # the terminal's size asked once, not at every argument
        return _build(command, every)


def _build(command: str | None, every: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorebook",
        description=_("Scorebook: offline scoring for quality-award review panels."),
    )
    parser.add_argument("--version", action="version", version=f"scorebook {__version__}")
    parser.add_argument("--lang", metavar="LANG",
                        help=_("interface language: en, zh_CN or mn_Mong_CN"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, modules) in COMMANDS.items():
        if every or name == command:
            for module in modules:
                importlib.import_module(f"desktop.cli.{module}").register(sub)
        else:
            sub.add_parser(name, help=_(help_text), description=_(help_text))
    return parser


def _language_from(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("SCOREBOOK_LANG") or os.environ.get("LANGUAGE") or os.environ.get(
        "LC_ALL") or os.environ.get("LANG")


def _os_error(exc: OSError) -> Msg:
    """A one-line message naming the path and the system's reason (never file content)."""
    reason = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return Msg(N_("The file system refused: {reason}"), {"reason": reason})
    return Msg(N_("Cannot use {file}: {reason}"), {"file": os.fsdecode(exc.filename),
                                                  "reason": reason})


def freeze_for_exit() -> None:
    """The process ends next: move every object out of the cyclic collector's reach, so the
    interpreter's teardown does not walk them all again (a few hundred ms once the database
    layer is loaded). Reference counting still frees and closes what it did, and the exit
    handlers still run; only cycles are left for the system to reclaim with the process."""
    gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``: the process's own when None, and then it ends next)."""
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        if argv is None:
            freeze_for_exit()


def _run(args_list: list[str]) -> int:
    argparse_texts.install()  # argparse's own texts looked up once, not at every argument
    set_language(_language_from(args_list))  # before the parser, so help is translated
    parser = build_parser(command_of(args_list), every=False)
    args = parser.parse_args(args_list)  # exits 2 on a usage error
    try:
        return int(args.handler(args) or 0)
    except ScorebookError as exc:
        sys.stderr.write(_("error: ") + render(exc.message) + "\n")
        return exc.exit_code
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # the file system refused (a file where a folder goes, no space, …)
        sys.stderr.write(_("error: ") + render(_os_error(exc)) + "\n")
        return 3
    except KeyboardInterrupt:
        sys.stderr.write(_("Interrupted.") + "\n")
        return 130

if __name__ == "__main__":
    sys.exit(main())

"""What every ``scorebook office`` verb shares: the workspace folder and options, the
inputs read before the passphrase, and the applicant, reviewer and member named on the line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.cli.common import (
    UsageError,
    add_passphrase_option,
    database_url,
    emit,
    item_specs,
    passages,
    read_passphrase,
    read_text_file,
    text_options,
)
from desktop.domain.errors import FileFormatError, NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.open_points import MEANINGS
from desktop.i18n import _
from desktop.paths import user_data_dir

if TYPE_CHECKING:
    from desktop.services.office.results import ApplicantView
    from desktop.services.office.results_people import CommitteeMemberView, ReviewerView
    from desktop.services.office.workspace import Workspace

RowT = TypeVar("RowT")  # a typed result (an applicant, a reviewer, a committee member)

WORKSPACE_ENV = "SCOREBOOK_OFFICE"
MAX_MATERIAL_BYTES = 8 * 1024 * 1024  # one material's text extract
MAX_BALLOTS_BYTES = 1024 * 1024
MAX_FACTS_BYTES = 1024 * 1024
MIN_ID_PREFIX = 4  # the start of an id that names one thing


TEXT_OPTIONS = ("note", "reason", "summary")  # verbs' add_text_option names

# The services' choices, named here so the parser is built without the office services
# (tests/cli/test_cli_imports.py checks they agree with applicants.KINDS, .SECRET_KINDS and
# cycle.OFFICE_KEYS).
APPLICANT_KINDS = ("organisation", "individual")
SECRET_KINDS = ("trade", "technical")
SETTING_KEYS = tuple(sorted({*MEANINGS, "normalisation_official", "min_award_score",
                             "publication_day_counts"}))


def read_text(path: Path, limit: int) -> str:
    """A UTF-8 text file, refused before reading if over ``limit`` (typed errors only)."""
    from desktop.services.files import read_capped_text

    try:
        return read_capped_text(path, limit)
    except FileFormatError:  # not UTF-8 (too large or unreadable: its own typed error)
        raise UsageError(Msg(N_("{file} is not UTF-8 text"), {"file": str(path)})) from None


def workspace_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "workspace", None)
    if given is not None:
        return Path(given)
    env = os.environ.get(WORKSPACE_ENV)
    return Path(env) if env else user_data_dir() / "office"


def open_ws(args: argparse.Namespace) -> Workspace:
    from desktop.services.office.workspace import open_workspace, resolve_database_url

    return open_workspace(workspace_dir(args), read_passphrase(args),
                          resolve_database_url(args.database_url))


def common_options(parser: argparse.ArgumentParser, cycle_opt: bool = True) -> None:
    parser.add_argument("--workspace", "--office", dest="workspace", type=Path, metavar="DIR",
                        help=_("the office workspace folder (--workspace or --office, the "
                               "same)"))
    parser.add_argument("--database-url", metavar="URL", type=database_url,
                        help=_("a PostgreSQL database (postgresql+psycopg://…); prefer the "
                               "environment or libpq's password file for the password"))
    if cycle_opt:
        parser.add_argument("--cycle", metavar="CYCLE",
                            help=_("cycle, e.g. baotou-hitech.2025 (default: the latest)"))
    add_passphrase_option(parser)


def read_inputs(args: argparse.Namespace) -> None:
    """Read the text, item and secret files into ``args`` (before any passphrase is asked)."""
    present = [name for name in TEXT_OPTIONS if hasattr(args, f"{name}_file")]
    for name, value in zip(present, text_options(args, *present), strict=True):
        setattr(args, name, value)
    if getattr(args, "items_file", None) is not None:
        args.item, args.items_file = item_specs(args), None
    if getattr(args, "text_file", None) is not None:  # `office feedback`: only from a file
        args.text = read_text_file(args.text_file)
    secrets_file = getattr(args, "secrets_file", None)
    if secrets_file is not None:
        if args.material is None:
            raise UsageError(Msg(N_("--secrets-file needs --material: the passages are "
                                    "declared in that material")))
        args.secrets = passages(secrets_file)


def with_workspace(work: Callable[[argparse.Namespace, Workspace], tuple[Any, Any]]
             ) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        read_inputs(args)
        with open_ws(args) as ws:
            data, human = work(args, ws)
        emit(args, data, human)
        return 0
    return handler


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {text}")
                                         .format(text=text)) from None


def pick_one(text: str, rows: Sequence[RowT], id_of: Callable[[RowT], str],
             names_of: Callable[[RowT], tuple[str | None, ...]]) -> RowT | None:
    """The row named by ``text``: exactly by one of its names (``names_of``) or its id, else
    by the start of its id (4 characters or more) when that names one row."""
    for row in rows:
        if text in (str(k or "") for k in (id_of(row), *names_of(row))):
            return row
    if len(text) >= MIN_ID_PREFIX:
        hits = [r for r in rows if str(id_of(r)).startswith(text)]
        if len(hits) == 1:
            return hits[0]
    return None


def applicant_row(ws: Workspace, cycle_ref: str | None, given: str) -> ApplicantView:
    """An applicant of the cycle by its reference, name, credit code or id."""
    from desktop.services.office import applicants

    rows = applicants.list_applicants(ws, cycle_ref)
    row = pick_one(given.strip(), rows, lambda r: r.id, lambda r: (r.ref, r.name)) or next(
        (r for r in rows if (r.credit_code or "") == given.strip().upper()), None)
    if row is None:
        raise NotFound(Msg(N_("No applicant '{applicant}' in this cycle (give its reference, "
                              "name, credit code or id)"), {"applicant": given}))
    return row


def reviewer_row(ws: Workspace, given: str) -> ReviewerView:
    """An enrolled reviewer by id or name."""
    from desktop.services.office import reviewers

    row = pick_one(given.strip(), reviewers.list_reviewers(ws), lambda r: r.reviewer,
                   lambda r: (r.name,))
    if row is None:
        raise NotFound(Msg(N_("No reviewer '{reviewer}' is enrolled (give their id or name)"),
                           {"reviewer": given}))
    return row


def member_row(members: Sequence[CommitteeMemberView], given: str) -> CommitteeMemberView:
    row = pick_one(given.strip(), members, lambda m: m.member, lambda m: (m.name,))
    if row is None:
        raise NotFound(Msg(N_("No committee member '{member}' in this cycle (give their name "
                              "or id; 'office committee list' shows them)"), {"member": given}))
    return row


def applicant_names(ws: Workspace, cycle_ref: str | None) -> dict[str, str]:
    from desktop.services.office import applicants

    return {a.ref: a.name for a in applicants.list_applicants(ws, cycle_ref)}

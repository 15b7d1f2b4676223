"""The office's keys on the command line: ``office reviewer enrol`` (the card's fingerprint as the
reviewer read it out is required and compared), ``office backup`` (an encrypted, verified backup
of the workspace and the office keys; ``--recovery-sheet`` prints a new recovery code for a safe)
and ``office restore`` (a new computer: the same office, the same fingerprint).

Registered by ``desktop.cli.office`` (``register_verbs``). The recovery code is never an
argument: it comes from ``--recovery-code-file``, ``$SCOREBOOK_RECOVERY_CODE`` or a prompt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import add_passphrase_option, emit, read_passphrase, verb
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, current_language, render

if TYPE_CHECKING:
    from desktop.services.office import backup
    from desktop.services.office.workspace import Workspace

RECOVERY_ENV = "SCOREBOOK_RECOVERY_CODE"


def _enrol(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.keys import check_card_fingerprint, read_enrolment_card
    from desktop.services.office import reviewers

    card = read_enrolment_card(args.card)
    check_card_fingerprint(card, args.fingerprint)
    affs = [reviewers.AffiliationInput(a) for a in args.past_organisation]
    view = reviewers.enrol(ws, card.data, organisation=args.organisation,
                           industry=args.industry, affiliations=affs).result
    return view, lambda: text.reviewer_enrolled(view)


def _backup_text(r: backup.BackupResult) -> str:
    return "\n".join(render(m) for m in r.summary(Msg(N_(
        "Only the workspace passphrase opens it: print a recovery sheet with --recovery-sheet "
        "FILE.pdf and keep it in a safe"))))


def _backup(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import backup

    result = backup.backup_workspace(ws, args.to, recovery_sheet=args.recovery_sheet,
                                     language=current_language()).result
    return result, lambda: _backup_text(result)


def _restore_text(r: backup.RestoredWorkspace) -> str:
    return "\n".join(render(m) for m in r.summary(Msg(N_(
        "The passphrase given is the workspace's new one. Make a backup with a new recovery "
        "sheet: 'scorebook office backup --recovery-sheet FILE.pdf'"))))


def _restore(args: argparse.Namespace) -> int:
    from desktop.cli.office_common import workspace_dir
    from desktop.services.office import backup

    folder = workspace_dir(args)
    code = None
    if args.recovery or args.recovery_code_file is not None:
        code = read_passphrase(args, _("Recovery code"), env=RECOVERY_ENV,
                               file_attr="recovery_code_file")
        passphrase = read_passphrase(args, _("New workspace passphrase"), confirm=True)
    else:
        passphrase = read_passphrase(args, _("Passphrase of the backup"))
    restored = backup.restore_workspace(args.backup, folder, passphrase, recovery_code=code)
    emit(args, restored, lambda: _restore_text(restored))
    return 0


def register_verbs(office: Any, rev: Any) -> None:
    """Add ``reviewer enrol`` to ``rev``, ``backup`` and ``restore`` to ``office``."""
    from desktop.cli.office_common import common_options, with_workspace

    p = verb(rev, "enrol", _("enrol a reviewer from their enrolment card"),
             with_workspace(_enrol))
    common_options(p, cycle_opt=False)
    p.add_argument("card", type=Path)
    p.add_argument("--fingerprint", required=True, metavar="XXXX-…",
                   help=_("the card's fingerprint as the reviewer reads it out from their "
                          "laptop (compared with the card's; refused if they differ)"))
    p.add_argument("--organisation", default="")
    p.add_argument("--industry", default="")
    p.add_argument("--past-organisation", action="append", default=[])

    p = verb(office, "backup", _("write an encrypted, verified backup of the workspace and the "
                                 "office keys"), with_workspace(_backup))
    common_options(p, cycle_opt=False)
    p.add_argument("--to", type=Path, required=True, metavar="DIR",
                   help=_("the folder to write the backup into (another disk, a USB stick)"))
    p.add_argument("--recovery-sheet", type=Path, metavar="FILE.pdf",
                   help=_("also draw a new recovery code and print it to FILE.pdf for a safe: it "
                          "opens this backup and the later ones without the passphrase. Not "
                          "in the backup folder; print the file, then delete it"))

    p = verb(office, "restore", _("rebuild the office workspace from a backup (a new computer): "
                                  "the same office fingerprint"), _restore)
    p.add_argument("backup", type=Path, metavar="BACKUP")
    p.add_argument("--workspace", "--office", dest="workspace", type=Path, metavar="DIR",
                   help=_("the new workspace folder (empty or missing)"))
    add_passphrase_option(p)
    p.add_argument("--recovery", action="store_true",
                   help=_("open the backup with the code of the recovery sheet (the passphrase "
                          "is lost); the passphrase given becomes the new one"))
    p.add_argument("--recovery-code-file", type=Path, metavar="FILE",
                   help=_("read the recovery code from the first line of FILE (else ${env} or "
                          "a prompt); implies --recovery").replace("${env}", RECOVERY_ENV))

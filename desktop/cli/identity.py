"""``scorebook identity new|show``: the reviewer's keys on this laptop and the public card."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import add_passphrase_option, emit, group, read_passphrase, verb
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services import identity


def register(sub: Any) -> None:
    ident = group(sub, "identity", _("your reviewer identity (keys and enrolment card)"))
    new = verb(ident, "new", _("make your identity (once, at enrolment)"), _new)
    new.add_argument("--id", required=True, dest="reviewer_id", metavar="ID",
                     help=_("your pseudonymous reviewer id, as the office gave it"))
    new.add_argument("--name", required=True, metavar="NAME", help=_("your display name"))
    new.add_argument("--office-fingerprint", metavar="FP",
                     help=_("the office root fingerprint, compared in person"))
    new.add_argument("--dir", type=Path, metavar="DIR", help=_("where to keep the identity"))
    add_passphrase_option(new)
    show = verb(ident, "show", _("show your public card and fingerprint"), _show)
    show.add_argument("--dir", type=Path, metavar="DIR", help=_("where the identity is kept"))


def _data(info: identity.IdentityInfo) -> dict[str, Any]:
    return {"reviewer_id": info.reviewer_id, "display_name": info.display_name,
            "fingerprint": info.fingerprint, "encryption_fingerprint": info.enc_fingerprint,
            "card": info.card_path, "office_fingerprint": info.office_fingerprint}


def _human(info: identity.IdentityInfo) -> str:
    lines = [
        _("Reviewer {id} ({name})").format(id=info.reviewer_id, name=info.display_name),
        _("Fingerprint: {fp}").format(fp=info.fingerprint),
        _("Enrolment card: {path}").format(path=info.card_path),
    ]
    if info.office_fingerprint:
        lines.append(_("Office fingerprint pinned: {fp}").format(fp=info.office_fingerprint))
    return "\n".join(lines)


def _new(args: argparse.Namespace) -> int:
    from desktop.services import identity

    passphrase = read_passphrase(args, _("New passphrase for your identity"), confirm=True)
    info = identity.new_identity(args.reviewer_id, args.name, passphrase,
                                 office_fingerprint=args.office_fingerprint, folder=args.dir)
    emit(args, _data(info), lambda: _human(info) + "\n" + _(
        "Give the card to the review office and read the fingerprint aloud to them."))
    return 0


def _show(args: argparse.Namespace) -> int:
    from desktop.services import identity

    info = identity.show_identity(args.dir)
    emit(args, _data(info), lambda: _human(info))
    return 0

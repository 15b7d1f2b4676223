"""A lost laptop on the command line: ``office reviewer revoke`` (reason, when the office learnt of
the loss, the last trusted revision; a new roster version is signed), ``office reviewer replace``
(a replacement key for the same reviewer, its card's fingerprint compared), ``office reviewer
revoked`` (the revocations), ``office reviewer held-revoked`` (the held bundles of revoked keys
above the trusted revision: waiting, or decided with the reason), ``office reviewer
decide-revoked`` (whether one of them stands) and ``office roster-update`` (the signed roster
in a small ``.sbr`` file for the cases in the field).

Registered by ``desktop.cli.office`` (``register_verbs``).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import add_text_option, verb
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.office.results_trust import RevokedBundle
    from desktop.services.office.workspace import Workspace


def _moment(text: str) -> datetime:
    """YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM]; without a zone, this computer's."""
    try:
        return datetime.fromisoformat(text).astimezone()
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date or time (YYYY-MM-DD or "
                                           "YYYY-MM-DDTHH:MM): {text}").format(text=text)
                                         ) from None


def _who(reviewer: str, name: str) -> str:
    """"R3 (王五)": the id the verbs take and the name, when it says more."""
    return f"{reviewer} ({name})" if name and name != reviewer else reviewer


def _revoke(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import revocation

    view = revocation.revoke_key(ws, args.reviewer, args.reason, args.learnt_at,
                                 args.trusted_revision, args.cycle).result

    def human() -> str:
        lines = [_("Key {fp} of reviewer {reviewer} revoked; roster version {version} "
                   "signed").format(fp=view.fingerprint, reviewer=_who(view.reviewer, view.name),
                                    version=view.roster_version),
                 _("Held bundles of that key re-checked: {held}; waiting for the office's "
                   "decision: {awaiting}").format(held=view.held, awaiting=view.awaiting),
                 _("Give the cases the new roster: 'scorebook office roster-update --to DIR'")]
        return "\n".join(lines)
    return view, human


def _replace(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.keys import check_card_fingerprint, read_enrolment_card
    from desktop.services.office import revocation

    card = read_enrolment_card(args.card)
    check_card_fingerprint(card, args.fingerprint)
    view = revocation.replace_key(ws, args.reviewer, card.data, args.fingerprint,
                                  args.cycle).result
    return view, lambda: _("Reviewer {reviewer} now signs with key {fp} (replaces {old}); "
                           "roster version {version} signed").format(
        reviewer=_who(view.reviewer, view.name), fp=view.fingerprint, old=view.replaces,
        version=view.roster_version)


def _revoked(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import revocation

    rows = revocation.list_revocations(ws)

    def human() -> str:
        if not rows:
            return _("No key has been revoked")
        return "\n".join(_("{reviewer}  {fp}  learnt {learnt}  trusted up to revision "
                           "{trusted}: {reason}").format(
            reviewer=_who(r.reviewer, r.name), fp=r.fingerprint,
            learnt=r.learnt_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            trusted=r.trusted_revision, reason=r.reason) for r in rows)
    return rows, human


def _held(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import revocation

    rows = revocation.held_of_revoked(ws, args.cycle)

    def state(r: RevokedBundle) -> str:
        if r.stands is None:
            return _("waits for your decision")
        return (_("stands") if r.stands else _("set aside")) + f" — {r.reason}"

    def human() -> str:
        if not rows:
            return _("No held bundle of a revoked key waits for a decision")
        return "\n".join(_("{file}  {reviewer} ({name})  {stage}  revision {revision} (trusted "
                           "up to {trusted}): {state}").format(
            file=r.file, reviewer=r.reviewer, name=r.name,
            stage=text.stage_name(r.programme, r.stage), revision=r.revision,
            trusted=r.trusted_revision, state=state(r)) for r in rows)
    return rows, human


def _decide(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import revocation

    view = revocation.decide_revoked(ws, args.bundle, args.stands, args.reason,
                                     args.cycle).result
    return view, lambda: (_("Bundle {file} stands") if view.stands else
                          _("Bundle {file} is set aside")).format(file=view.file)


def _roster_update(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import revocation

    view = revocation.write_roster_update(ws, args.to, args.cycle).result
    return view, lambda: _("Roster version {version} written to {file}: import it in each "
                           "case ('scorebook case roster import FILE')").format(
        version=view.version, file=view.file)


def register_verbs(office: Any, rev: Any) -> None:
    """Add ``revoke``, ``replace``, ``revoked``, ``decide-revoked`` to ``rev`` and
    ``roster-update`` to ``office``."""
    from desktop.cli.office_common import common_options, with_workspace

    p = verb(rev, "revoke", _("revoke a reviewer's key (a lost laptop) and sign a new roster"),
             with_workspace(_revoke))
    common_options(p)
    p.add_argument("reviewer", metavar="REVIEWER")
    add_text_option(p, "reason", _("why the key is revoked"), required=True)
    p.add_argument("--learnt-at", type=_moment, required=True, metavar="DATE",
                   help=_("when the office learnt of the loss (YYYY-MM-DD or "
                          "YYYY-MM-DDTHH:MM): bundles of the key it did not hold before are "
                          "refused"))
    p.add_argument("--trusted-revision", type=int, required=True, metavar="N",
                   help=_("the last revision of that key the office trusts (0: none)"))

    p = verb(rev, "replace", _("enrol a replacement key for a reviewer whose key is revoked"),
             with_workspace(_replace))
    common_options(p)
    p.add_argument("reviewer", metavar="REVIEWER")
    p.add_argument("card", type=Path, metavar="CARD")
    p.add_argument("--fingerprint", required=True, metavar="XXXX-…",
                   help=_("the card's fingerprint as the reviewer reads it out from their "
                          "laptop (compared with the card's; refused if they differ)"))

    p = verb(rev, "revoked", _("list the revoked keys"), with_workspace(_revoked))
    common_options(p, cycle_opt=False)

    p = verb(rev, "held-revoked", _("list the held bundles of revoked keys above the trusted "
                                    "revision: waiting for a decision, or decided"),
             with_workspace(_held))
    common_options(p)

    p = verb(rev, "decide-revoked", _("decide whether a held bundle of a revoked key stands"),
             with_workspace(_decide))
    common_options(p)
    p.add_argument("bundle", metavar="BUNDLE",
                   help=_("the held bundle's file name, or the start of its hash"))
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--stands", dest="stands", action="store_true",
                      help=_("the bundle stands"))
    side.add_argument("--set-aside", dest="stands", action="store_false",
                      help=_("the bundle is set aside"))
    add_text_option(p, "reason", _("the reason for the decision (kept in the history)"),
                    required=True)

    p = verb(office, "roster-update", _("write the signed roster to a small file (.sbr) for "
                                        "the cases in the field"),
             with_workspace(_roster_update))
    common_options(p)
    p.add_argument("--to", type=Path, required=True, metavar="DIR",
                   help=_("the folder to write it into (a USB stick)"))

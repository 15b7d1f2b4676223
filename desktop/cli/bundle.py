"""``scorebook bundle inspect FILE``: open and verify a score bundle and summarise it.

The key and roster come from a case (``--case``: a team leader opening a member's bundle, or a
reviewer checking their own), from an identity plus a signed roster (``--identity-dir``,
``--roster``, ``--office-fingerprint``), or from the review office's workspace (``--office``:
the office key and the roster last issued for the cycle). The summary holds no score or comment
text.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import UsageError, add_passphrase_option, emit, group, read_passphrase, verb
from desktop.domain.messages import N_, Msg
from desktop.i18n import _


def register(sub: Any) -> None:
    g = group(sub, "bundle", _("score bundles"))
    p = verb(g, "inspect", _("verify a bundle with your key and summarise it"), _inspect)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--case", type=Path, metavar="DIR",
                   help=_("use the key and roster of this case"))
    p.add_argument("--identity-dir", type=Path, metavar="DIR",
                   help=_("use this identity's key (with --roster)"))
    p.add_argument("--roster", type=Path, metavar="FILE", help=_("the signed roster"))
    p.add_argument("--office-fingerprint", metavar="FP",
                   help=_("the office root fingerprint read out by the office: needed when none "
                          "is pinned; when one is, it must be the same (refused otherwise)"))
    p.add_argument("--office", type=Path, metavar="DIR",
                   help=_("use the review office's key and the roster it last issued (the "
                          "office workspace folder)"))
    p.add_argument("--cycle", metavar="CYCLE",
                   help=_("with --office: the cycle whose roster to use (default: the latest)"))
    add_passphrase_option(p)


def _inspect(args: argparse.Namespace) -> int:
    from desktop.reports.labels import Labels
    from desktop.services import bundles
    from desktop.services.keys import NoOfficeFingerprint

    bundle = bundles.read_bundle(args.file)
    if sum(x is not None for x in (args.case, args.office, args.identity_dir)) > 1:
        raise UsageError(Msg(N_("Give one of --case, --office or --identity-dir")))
    if args.office is not None:
        found = bundles.inspect_with_office(
            bundle, args.office, read_passphrase(args, _("Office passphrase")), args.cycle)
    elif args.case is not None:
        found = bundles.inspect_with_case(bundle, args.case,
                                          read_passphrase(args, _("Case passphrase")))
    elif args.identity_dir is not None or args.roster is not None:
        if args.roster is None:
            raise UsageError(Msg(N_("Give --roster with --identity-dir")))
        try:
            found = bundles.inspect_with_identity(
                bundle, args.roster, read_passphrase(args, _("Identity passphrase")),
                args.identity_dir, args.office_fingerprint)
        except NoOfficeFingerprint:
            raise UsageError(Msg(N_("No office fingerprint: give --office-fingerprint"))) \
                from None
    else:
        raise UsageError(Msg(N_("Give --case DIR, --office DIR, or --identity-dir with "
                                "--roster")))
    summary = found.summary
    signer = summary.reviewer_name
    stage = summary.stage_id if found.stage is None else \
        Labels().pick(found.stage.name_zh, found.stage.name_en, found.stage.name_mn)

    def human() -> str:
        return "\n".join([
            _("Valid bundle signed by {reviewer} ({fp})").format(
                reviewer=f"{signer} ({summary.reviewer_id})" if signer
                else summary.reviewer_id, fp=summary.signer_fingerprint),
            _("Cycle {cycle}, stage {stage}, revision {rev}, {kind}, made {at}").format(
                cycle=summary.cycle_id, stage=stage, rev=summary.revision,
                kind=_("final") if summary.final else _("interim"), at=summary.created_at),
            _("{scores} item scores, {panel} panel scores, {recusals} recusals, "
              "{feedback} feedback entries").format(
                scores=summary.scores, panel=summary.panel_scores,
                recusals=summary.recusals, feedback=summary.feedback),
            _("Content hash {hash}").format(hash=summary.content_hash),
        ])

    emit(args, summary, human)
    return 0

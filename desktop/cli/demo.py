"""``scorebook demo DIR --programme ID [--seed N]``: build a realistic, reproducible cycle."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import emit, verb
from desktop.domain.messages import Msg
from desktop.i18n import _, ngettext, render

if TYPE_CHECKING:
    from desktop.services.demo import DemoResult


def register(sub: Any) -> None:
    parser = verb(sub, "demo", _("build a demo review cycle (every artefact real) in DIR"),
                  _run)
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--programme", required=True, metavar="ID",
                        help=_("programme id (see 'scorebook programmes list')"))
    parser.add_argument("--seed", type=int, default=1, metavar="N")


def _summary(r: DemoResult) -> dict[str, Any]:
    return {
        "folder": r.folder, "programme": r.programme_id, "cycle": r.cycle,
        "workspace": r.workspace, "passphrase": "demo", "note": r.kdf_note,
        "packages": r.packages, "cases": r.cases, "bundles": r.bundles,
        "quarantine": r.quarantine, "conflicted": r.conflicted,
        "secret_applicant": r.secret_applicant, "merges": r.merges,
        "applicants": r.names, "consensus_bundles": r.consensus_bundles,
        "leader_flagged_items": r.leader_flagged, "findings": r.findings,
        "issue_notes": r.issue_notes, "onsite_cases": r.onsite_cases,
        "ranking": r.ranking.categories if r.ranking else [], "unresolved": r.unresolved,
        "votes": r.votes,
        "notice": r.notice,
    }


def _named(r: DemoResult, refs: list[str]) -> str:
    """Applicants as a person reads them: the id and the name ("A003 包头某某有限公司")."""
    return ", ".join(f"{ref} {r.names[ref]}" if ref in r.names else ref for ref in refs) or "-"


def _human(r: DemoResult) -> str:
    lines = [
        _("Demo cycle {cycle} built in {folder}").format(cycle=r.cycle, folder=r.folder),
        render(r.kdf_note),
        _("Office workspace: {path} (passphrase: demo)").format(path=r.workspace),
        _("Panel packages: {n} in {path}").format(n=len(r.packages),
                                                  path=r.packages[0].parent if r.packages
                                                  else "-"),
        _("Case files: {n} under {path}").format(n=len(r.cases), path=r.folder / "reviewers"),
        _("Bundles: {n} in {path}").format(n=len(r.bundles),
                                           path=r.bundles[0].parent if r.bundles else "-"),
        _("Quarantine: {path}").format(path=r.quarantine),
    ]
    if r.conflicted:
        lines.append(_("Conflict of interest: reviewer {reviewer} with applicant {applicant}")
                     .format(reviewer=r.conflicted[0], applicant=_named(r, [r.conflicted[1]])))
    if r.secret_applicant:
        lines.append(_("Declared secrets: applicant {applicant}").format(
            applicant=_named(r, [r.secret_applicant])))
    if r.consensus_bundles:
        lines.append(_("Team leaders' consensus: {n} signed bundles ({flagged} flagged items "
                       "with a rationale), merged at the office").format(
            n=len(r.consensus_bundles), flagged=r.leader_flagged))
        lines.append(_("The teams' findings: {findings} (agreed strengths and improvements, key "
                       "themes, suggestions, site-visit issues and their resolutions); "
                       "{notes} on-site notes on site-visit issues").format(
            findings=r.findings, notes=r.issue_notes))
    for cat in r.ranking.categories if r.ranking else ():
        lines.append(_("{award}: within quota {within}").format(
            award=cat.award_id, within=_named(r, list(cat.within))))
    if r.unresolved:
        lines.append(ngettext(
            "Unresolved when the committee voted: {n} matter, listed with the ranking; the "
            "office confirmed going ahead (kept in the history)",
            "Unresolved when the committee voted: {n} matters, listed with the ranking; the "
            "office confirmed going ahead (kept in the history)",
            len(r.unresolved)).format(n=len(r.unresolved)))
    for v in r.votes:
        lines.append(_("Vote {award}: elected {elected}").format(
            award=v.award_id, elected=_named(r, list(v.elected))))
    if r.notice:
        explain = r.notice.explain
        lines.append(render(explain) if isinstance(explain, Msg) else explain)
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    from desktop.services.demo import run_demo

    result = run_demo(args.folder, args.programme, args.seed)
    emit(args, _summary(result), lambda: _human(result))
    return 0

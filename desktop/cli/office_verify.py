"""``scorebook office verify``: open every held bundle of the cycle again and check its stored row
against its signed bytes (``desktop.services.office.verify``).

The full report is printed first (``--json``: every bundle and roster with its result); the exit
status is 3 when any held bundle or roster does not verify, 0 when all do.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.cli.common import table, verb
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_
from desktop.i18n import _, ngettext, render
from desktop.i18n.data_names import BUNDLE_KIND, label

if TYPE_CHECKING:
    from desktop.services.office.verify import VerifyReport
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]

EXIT_HELP = N_("Exit status: 0 when every held bundle and roster verifies; 3 when any does not "
               "(each is listed with its reason).")


def verify_text(report: VerifyReport) -> str:
    from desktop.cli.office_text import stage_name
    from desktop.services.programmes import programme_of_cycle

    count = len(report.bundles)
    lines = [ngettext("Cycle {cycle}: {count} held bundle opened again with the office key "
                      "and checked against the rosters the office signed",
                      "Cycle {cycle}: {count} held bundles opened again with the office key "
                      "and checked against the rosters the office signed", count).format(
                          cycle=report.cycle, count=count)]
    programme = programme_of_cycle(report.cycle)
    failed = report.failed
    if failed:
        rows = [(b.file, b.reviewer, stage_name(programme, b.stage), label(BUNDLE_KIND, b.kind),
                 b.revision, render(b.reason) if b.reason is not None else "")
                for b in failed]
        lines.append(table(rows, [_("File"), _("Reviewer"), _("Stage"), _("Kind"),
                                  _("Revision"), _("Reason")]))
    for r in report.rosters:
        if not r.ok:
            lines.append(_("Roster version {version} does not verify: {reason}").format(
                version=r.version, reason=render(r.reason) if r.reason is not None else ""))
    verdict = report.verdict()
    lines.append(render(verdict) if verdict is not None else
                 _("Every held bundle verifies: its signature, and its stored manifest and "
                   "hashes match the signed bytes"))
    return "\n".join(lines)


def add_verbs(office: Any, common: Callable[[argparse.ArgumentParser], None],
              with_ws: Callable[[Work], Callable[[argparse.Namespace], int]]) -> None:
    """Add ``office verify`` to the ``office`` group."""

    def handler(args: argparse.Namespace) -> int:
        from desktop.services.office.results_bundles import verify_held

        done: list[VerifyReport] = []

        def work(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
            report = verify_held(ws, args.cycle).result
            done.append(report)
            return report, lambda: verify_text(report)

        code = with_ws(work)(args)  # prints the full report first
        verdict = done[0].verdict() if done else None
        if verdict is not None:
            raise InputRejected(verdict)
        return code

    p = verb(office, "verify", _("re-verify every held bundle's signature and check its stored "
                                 "row against the signed bytes"), handler)
    p.epilog = _(EXIT_HELP)
    common(p)

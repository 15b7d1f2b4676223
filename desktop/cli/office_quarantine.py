"""``scorebook office quarantine list|clear``: the refused bundle files the workspace keeps.

``list`` shows the cycle's refused files (name, reason, the copy and its size) and how full the
quarantine folder is against its cap; ``clear`` deletes the cycle's records and every copy no
other cycle still names, and records that in the cycle's history. Both take --json.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import group, table, verb
from desktop.i18n import _, ngettext, render

if TYPE_CHECKING:
    from desktop.services.office.quarantine import QuarantineCleared, QuarantineView
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]


def list_text(view: QuarantineView) -> str:
    from desktop.services.office.quarantine import mib

    usage = ngettext("{count} file in the quarantine folder, {size} MiB of its {cap} MiB cap "
                     "({folder})",
                     "{count} files in the quarantine folder, {size} MiB of its {cap} MiB cap "
                     "({folder})", view.copies).format(
        count=view.copies, size=mib(view.size), cap=mib(view.cap), folder=view.folder)
    if not view.entries:
        return "\n".join([_("No refused file is recorded for cycle {cycle}").format(
            cycle=view.cycle), usage])
    rows = [(e.file, e.sha256[:12], render(e.reason) if not isinstance(e.reason, str)
             else e.reason, Path(e.copied_to).name if e.copied_to else _("not kept"),
             "" if e.size is None else e.size, e.received_at.strftime("%Y-%m-%d %H:%M"))
            for e in view.entries]
    heading = ngettext("{count} refused file recorded for cycle {cycle}",
                       "{count} refused files recorded for cycle {cycle}",
                       len(view.entries)).format(count=len(view.entries), cycle=view.cycle)
    return "\n".join([heading, table(rows, [_("File"), _("SHA-256"), _("Reason"),
                                            _("Kept in quarantine as"), _("Bytes"),
                                            _("Received")]), usage])


def clear_text(done: QuarantineCleared) -> str:
    from desktop.services.office.quarantine import mib

    return " ".join([
        ngettext("{count} record removed for cycle {cycle};",
                 "{count} records removed for cycle {cycle};", done.entries).format(
            count=done.entries, cycle=done.cycle),
        ngettext("{count} file deleted ({size} MiB freed);",
                 "{count} files deleted ({size} MiB freed);", done.copies).format(
            count=done.copies, size=mib(done.size)),
        _("{size} MiB left in the quarantine folder").format(size=mib(done.left))])


def _list(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office.quarantine import quarantine_list

    view = quarantine_list(ws, args.cycle)
    return view, lambda: list_text(view)


def _clear(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office.quarantine import quarantine_clear

    done = quarantine_clear(ws, args.cycle).result
    return done, lambda: clear_text(done)


def add_verbs(office: Any, common: Callable[[argparse.ArgumentParser], None],
             with_ws: Callable[[Work], Callable[[argparse.Namespace], int]]) -> None:
    """Add ``office quarantine list|clear`` to the ``office`` group."""
    q = group(office, "quarantine", _("refused bundle files kept in the workspace: list, "
                                      "clear"))
    p = verb(q, "list", _("list the refused files with their reasons, and how full the "
                          "quarantine folder is"), with_ws(_list))
    common(p)
    p = verb(q, "clear", _("delete the cycle's refused files and their records (recorded in "
                           "the history)"), with_ws(_clear))
    common(p)

"""The held bundles' operations with what they change: importing bundle files, resolving a
fork and verifying the held bundles again return ``Done`` (the window hands the changes to its
pages; the CLI reads ``.result``).

The merge and the forks live in ``merge.py`` (their results are typed in ``merge_types.py``:
``MergeSummary``, ``FileResult``, ``ForkView``); this module says what each changed, so a page
that shows none of it is not read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.services.office import merge, verify
from desktop.services.office.changes import DERIVED, Done, OfficeChanges
from desktop.services.office.merge import Cancelled, Progress
from desktop.services.office.merge_types import ForkView, MergeSummary
from desktop.services.office.verify import VerifyReport
from desktop.services.office.workspace import Workspace

# held bundles, refused files kept in the quarantine, forks, the merged state derived again
# (the scores and the teams' findings read from the consensus bundles), and the history
IMPORTED = DERIVED | OfficeChanges(history=True)
FORK_RESOLVED = DERIVED | OfficeChanges(history=True)
VERIFIED = OfficeChanges(history=True)  # a check changes nothing but its line in the history


def import_bundles(ws: Workspace, paths: Sequence[Path], cycle_ref: str | None = None, *,
                   progress: Progress | None = None,
                   is_cancelled: Cancelled | None = None) -> Done[MergeSummary]:
    """``merge.merge_files``: the report of every file and what the import changed."""
    return Done(merge.merge_files(ws, paths, cycle_ref, progress=progress,
                                  is_cancelled=is_cancelled), IMPORTED)


def resolve_fork(ws: Workspace, bundle_ref: str, reason: str,
                 cycle_ref: str | None = None) -> Done[ForkView]:
    """``merge.resolve_fork``: the fork as decided, and what that changed."""
    return Done(merge.resolve_fork(ws, bundle_ref, reason, cycle_ref), FORK_RESOLVED)


def verify_held(ws: Workspace, cycle_ref: str | None = None, *,
                progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> Done[VerifyReport]:
    """``verify.verify_held``: every held bundle checked again; only the history changed."""
    return Done(verify.verify_held(ws, cycle_ref, progress=progress,
                                   is_cancelled=is_cancelled), VERIFIED)

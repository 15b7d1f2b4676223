"""An export is recorded only once its file was written and read back, and a revision number
never carries two different contents.

The order, for the reviewer's score bundles (``case_export``) and any other bundle a case writes:

1. Build, sign and seal in memory. In one transaction, *reserve* the revision: a
   ``PendingExport`` row holding the sealed bytes, their content hash and their *basis* (a hash
   of everything the bundle says apart from its random id and its time). No export record, no
   audit row; ``case status`` does not list it.
2. Write to the stick: temporary name, fsync, rename, fsync the folder, read back from the
   medium, compare and open it in full (``desktop.crypto.usb.write_verified``).
3. In one transaction: the export record and its audit row, and the pending row removed.

A failure at 2 (missing folder, unwritable stick, read-back mismatch, a cancel) removes the
pending row when the write *certainly* left nothing a person could carry to the office: the
folder was missing and still is, or it is there and holds neither the file nor its temporary.
Then nothing at all was recorded and the next export takes the same revision.

When that cannot be known — the stick vanished in the middle of the write, or the process died
anywhere between 1 and 3 — the pending row stays, because the file may be on a stick. The next
export then either sends the very same bytes again under that revision (when it would say the
same thing: same basis), or, if the content changed, takes the next revision and leaves a gap
(the office takes the higher revision; gaps are normal). Either way no revision number is ever
used for two different contents, so the office never sees a fork caused by a failed export.
The record of the next successful export lists the revisions it skipped in its audit row.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.crypto import strictjson as sj
from desktop.crypto.bundle import BUNDLE_SUFFIX
from desktop.crypto.usb import write_verified
from desktop.domain.errors import ScorebookError
from desktop.models import case as m

T = TypeVar("T")


class Runs(Protocol):
    """What this module needs of an open case: one unit of work at a time."""

    def run(self, work: Callable[[Session], T]) -> T: ...


@dataclass(frozen=True)
class Reserved:
    """A revision reserved for one bundle (``reused``: left by an interrupted export)."""

    id: int
    kind: str
    stage_id: str
    revision: int
    bundle_id: str
    content_hash: str
    prev_hash: str | None
    final: bool
    file_name: str
    destination_kind: str
    data: bytes = field(repr=False)
    detail: dict[str, Any] = field(default_factory=dict)
    reused: bool = False


def basis(**parts: Any) -> str:
    """A hash of what a bundle says apart from its id and time (snapshot, stage, recipients…)."""
    return hashlib.sha256(sj.dumps(parts)).hexdigest()


def leftover(s: Session, kind: str, stage_id: str, recorded: int) -> m.PendingExport | None:
    """The highest pending export above the last recorded revision: an interrupted export
    whose file may have left the machine."""
    return s.scalars(select(m.PendingExport)
                     .where(m.PendingExport.kind == kind, m.PendingExport.stage_id == stage_id,
                            m.PendingExport.revision > recorded)
                     .order_by(m.PendingExport.revision.desc()).limit(1)).first()


def next_revision(recorded: int, left: m.PendingExport | None) -> int:
    """The revision a new content takes: above every recorded and every pending one."""
    return max(recorded, 0 if left is None else left.revision) + 1


def as_reserved(row: m.PendingExport, reused: bool) -> Reserved:
    return Reserved(row.id, row.kind, row.stage_id, row.revision, str(row.bundle_id),
                    row.content_hash, row.prev_hash, row.final, row.file_name,
                    row.destination_kind, row.data, json.loads(row.detail_json), reused)


def reserve(s: Session, *, kind: str, stage_id: str, revision: int, basis_hash: str,
            bundle_id: str, content_hash: str, prev_hash: str | None, final: bool,
            file_name: str, destination_kind: str, data: bytes,
            detail: dict[str, Any]) -> Reserved:
    """Add the pending row (committed with the caller's unit of work)."""
    row = m.PendingExport(kind=kind, stage_id=stage_id, revision=revision, basis=basis_hash,
                          bundle_id=uuid.UUID(bundle_id), prev_hash=prev_hash,
                          content_hash=content_hash, final=final, file_name=file_name,
                          destination_kind=destination_kind,
                          detail_json=json.dumps(detail, sort_keys=True), data=data)
    s.add(row)
    s.flush()
    return as_reserved(row, reused=False)


def settle(s: Session, reserved: Reserved) -> list[int]:
    """Remove the pending rows the recorded export settles (its own and any below it); return
    the revisions skipped (interrupted exports whose content was never sent again)."""
    where = (m.PendingExport.kind == reserved.kind,
             m.PendingExport.stage_id == reserved.stage_id,
             m.PendingExport.revision <= reserved.revision)
    skipped = sorted(r for r in s.scalars(select(m.PendingExport.revision).where(*where))
                     if r != reserved.revision)
    s.execute(delete(m.PendingExport).where(*where))
    return skipped


def _is_dir(folder: Path) -> bool | None:
    """Whether ``folder`` is a folder now (None: it cannot be told)."""
    try:
        return folder.is_dir()
    except OSError:
        return None


def left_nothing(folder: Path, name: str, was_there: bool | None) -> bool:
    """After a failed write: True only if certainly no copy of ``name`` (nor its temporary)
    is in ``folder``. A folder that vanished during the write (a stick pulled out) may hold
    the file on the stick: that is not certain, so False."""
    try:
        if not folder.is_dir():
            return was_there is False  # nothing can be written into what is not a folder
        return not (folder / name).exists() and not any(folder.glob(f".{name}.*.tmp"))
    except OSError:
        return False


def _release(case: Runs, reserved: Reserved) -> None:
    def drop(s: Session) -> None:
        s.execute(delete(m.PendingExport).where(m.PendingExport.id == reserved.id))

    # If even this fails, the row stays: the revision is not reused (safe, one gap).
    with contextlib.suppress(SQLAlchemyError, ScorebookError, OSError):
        case.run(drop)


def write_and_record(case: Runs, reserved: Reserved, to_dir: Path,
                     verify: Callable[[bytes], None],
                     record: Callable[[Session, Reserved, list[int]], None],
                     check: Callable[[], None] = lambda: None) -> Path:
    """Steps 2 and 3: write ``reserved`` verified into ``to_dir``, then ``record(s, reserved,
    skipped)`` and settle the pending rows in one unit of work. On any failure the reservation
    is released when nothing was left behind (never a reused one: its bytes may be out)."""
    to_dir = Path(to_dir)
    was_there = _is_dir(to_dir)
    try:
        check()
        path = write_verified(to_dir, reserved.data, verify, BUNDLE_SUFFIX)
    except BaseException:
        if not reserved.reused and left_nothing(to_dir, reserved.file_name, was_there):
            _release(case, reserved)
        raise

    def commit(s: Session) -> None:
        record(s, reserved, settle(s, reserved))

    case.run(commit)
    return path


__all__ = ["Reserved", "as_reserved", "basis", "left_nothing", "leftover", "next_revision",
           "reserve", "settle", "write_and_record"]

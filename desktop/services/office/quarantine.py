"""The quarantine: refused bundle files kept for a person to look at, listed and cleared.

A file the merge refuses is copied once per distinct content (named by the start of its
SHA-256) into the workspace's ``quarantine/`` folder, and a row records its name, the reason
and where the copy is. The folder is capped (``QUARANTINE_CAP`` bytes in all): a refused file
that would go over the cap is recorded but not copied, and the merge report says so and how to
make room (``scorebook office quarantine clear``). Clearing removes a cycle's rows and every copy
no row still names (a copy shared with another cycle stays), and is recorded in the cycle's
history.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.crypto.bundle import BUNDLE_SUFFIX
from desktop.domain.messages import N_, Msg
from desktop.models.office.review import QuarantinedFile
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import cycle_code, dumps, log, resolve_cycle
from desktop.services.office.reads import encode_msg, revive_text
from desktop.services.office.results_base import Keyed
from desktop.services.office.workspace import Workspace

QUARANTINE_CAP = 64 * 1024 * 1024  # bytes, all copies together
MIB = 1024 * 1024
CLEARED = OfficeChanges(bundles=True, history=True)  # the refused files the import page lists


@dataclass(frozen=True)
class Kept:
    """Where a refused file's copy is (None: not copied) and, if not, why."""

    path: str | None
    not_kept: Msg | None = None


@dataclass(frozen=True)
class QuarantineEntry(Keyed):
    """A refused file recorded (the window's quarantine table reads these rows as they are)."""

    file: str  # the name the file had when it was refused
    sha256: str
    reason: Msg | str
    copied_to: str | None  # None: the file was not copied (over the cap, or unreadable)
    size: int | None  # bytes of the copy (None: no copy)
    received_at: datetime


@dataclass(frozen=True)
class QuarantineView(Keyed):
    cycle: str
    folder: str
    entries: tuple[QuarantineEntry, ...]
    copies: int  # distinct files in the folder (all cycles)
    size: int  # bytes in the folder (all cycles)
    cap: int


@dataclass(frozen=True)
class QuarantineCleared(Keyed):
    cycle: str
    entries: int  # rows removed
    copies: int  # files deleted
    size: int  # bytes freed
    left: int  # bytes still in the folder (copies other cycles name)


def _copies(folder: Path) -> dict[str, int]:
    """name -> size of every copy in the quarantine folder."""
    if not folder.is_dir():
        return {}
    return {p.name: p.stat().st_size for p in folder.glob(f"*{BUNDLE_SUFFIX}") if p.is_file()}


def mib(size: int) -> str:
    """A size in MiB as people read it: ``64`` for a whole number, else one decimal."""
    return str(size // MIB) if size % MIB == 0 else f"{size / MIB:.1f}"


def copy_name(sha256: str) -> str:
    return sha256[:32] + BUNDLE_SUFFIX


def keep(s: Session, ws: Workspace, cycle: Cycle, file: Path, sha256: str,
         data: bytes | None, reason: Msg, cap: int | None = None) -> Kept:
    """Record a refused file and keep one copy per distinct content, within the cap."""
    cap = QUARANTINE_CAP if cap is None else cap
    folder = ws.quarantine_dir
    kept: Kept
    if data is None or not sha256:
        kept = Kept(None, Msg(N_("not copied to the quarantine: the file could not be read")))
    else:
        target = folder / copy_name(sha256)
        held = _copies(folder)
        if target.name in held:
            kept = Kept(str(target))
        elif sum(held.values()) + len(data) > cap:
            kept = Kept(None, Msg(N_("not copied to the quarantine: the folder would go over "
                                     "its cap of {cap} MiB (it holds {size} MiB); see "
                                     "'scorebook office quarantine list' and clear it"),
                                  {"cap": mib(cap), "size": mib(sum(held.values()))}))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(file, target)
                if target.stat().st_size != len(data):
                    raise OSError
            except OSError:
                target.write_bytes(data)
            kept = Kept(str(target))
    if s.execute(select(QuarantinedFile.id).where(QuarantinedFile.cycle_id == cycle.id,
                                                  QuarantinedFile.sha256 == sha256,
                                                  QuarantinedFile.file_name == file.name)
                 ).first() is None:
        s.add(QuarantinedFile(cycle_id=cycle.id, sha256=sha256, file_name=file.name,
                              reason=dumps(encode_msg(reason)),
                              copied_to=kept.path or ""))
    return kept


def quarantine_list(ws: Workspace, cycle_ref: str | None = None) -> QuarantineView:
    """The cycle's refused files (oldest first), and the folder's count, size and cap."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        held = _copies(ws.quarantine_dir)
        entries = []
        for q in s.execute(select(QuarantinedFile).where(QuarantinedFile.cycle_id == cycle.id)
                           .order_by(QuarantinedFile.received_at, QuarantinedFile.file_name)
                           ).scalars():
            name = Path(q.copied_to).name if q.copied_to else ""
            present = name in held
            entries.append(QuarantineEntry(q.file_name, q.sha256, revive_text(q.reason),
                                           q.copied_to if present else None,
                                           held[name] if present else None, q.received_at))
        return QuarantineView(cycle_code(cycle), str(ws.quarantine_dir), tuple(entries),
                              len(held), sum(held.values()), QUARANTINE_CAP)


def quarantine_clear(ws: Workspace, cycle_ref: str | None = None) -> Done[QuarantineCleared]:
    """Remove the cycle's quarantine rows and every copy no row names any more; recorded in
    the cycle's history (counts only)."""
    folder = ws.quarantine_dir
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        mine = QuarantinedFile.cycle_id == cycle.id
        entries = len(s.execute(select(QuarantinedFile.id).where(mine)).all())
        s.execute(delete(QuarantinedFile).where(mine))
        named = {Path(c).name for c in s.execute(select(QuarantinedFile.copied_to)).scalars()
                 if c}
        held = _copies(folder)
        gone = {name: size for name, size in held.items() if name not in named}
        log(s, cycle, "quarantine.clear", entries=entries, copies=len(gone),
            bytes=sum(gone.values()))
        code = cycle_code(cycle)
    for name in gone:  # after the commit: a failed clear leaves every copy in place
        (folder / name).unlink(missing_ok=True)
    return Done(QuarantineCleared(code, entries, len(gone), sum(gone.values()),
                                  sum(held.values()) - sum(gone.values())), CLEARED)

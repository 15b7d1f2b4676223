"""Encrypted backups of a case (``VACUUM INTO``: a consistent copy under the same data key) with
rotation, and restore.

A backup never carries a key file: it opens with the case's data key. A re-key (a passphrase
change, or ``case rekey``) re-encrypts every backup under the new data key
(``desktop.services.case_rekey``), so a copy of an old key file opens no later backup either.

Restore checks the backup first (it decrypts with our key, every page passes its HMAC, it is this
case), keeps a backup of the current state, copies the backup beside the live file, fsyncs, and
only then swaps it in with ``os.replace``. A failure before the swap leaves the live case as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from desktop.atomic import fsync_dir
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models.engine import CaseFileCorrupt, checkpoint, open_engine, raw_execute
from desktop.services.case_open import OpenCase
from desktop.services.case_paths import BACKUP_PREFIX as PREFIX
from desktop.services.case_paths import BACKUP_SUFFIX as SUFFIX
from desktop.services.case_paths import list_backups
from desktop.services.case_undo import end_history


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows needs write access
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(case: OpenCase, keep: int = 10) -> Path:
    """Write an encrypted copy into ``backups/`` and keep the newest ``keep`` copies."""
    if keep < 1:
        raise InputRejected(Msg(N_("Keep at least one backup")))
    folder = case.paths.backups
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{PREFIX}{stamp}{SUFFIX}"
    temp = folder / f".{secrets.token_hex(8)}.tmp"
    try:
        raw_execute(case.engine, "VACUUM INTO ?", (str(temp),))
        fsync_file(temp)
        os.replace(temp, final)
        fsync_dir(folder)
    finally:
        temp.unlink(missing_ok=True)
    case.run(lambda s: audit.append(s, actor=case.reviewer_id, action="case.backup",
                                    entity="case", new={"file": final.name}))
    for old in list_backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return final


def verify_backup(case: OpenCase, path: Path) -> None:
    """The backup opens with this case's key, passes its integrity check, and is this case."""
    engine = open_engine(path, case.data_key)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT case_id FROM case_meta WHERE id = 1")).scalar()
    except Exception as exc:
        raise CaseFileCorrupt(path.name, type(exc).__name__) from None
    finally:
        engine.dispose()
    if found is None or str(found).replace("-", "") != case.case_id.hex:
        raise InputRejected(Msg(N_("{file} is a backup of another case"), {"file": path.name}))


def restore(case: OpenCase, path: Path) -> None:
    if not path.is_file():
        raise InputRejected(Msg(N_("No backup file {file}"), {"file": str(path)}))
    # Check a private copy, so a file changing under us cannot pass the check and then differ.
    staged = case.paths.folder / f".restore-{secrets.token_hex(8)}.db"
    try:
        shutil.copyfile(path, staged)
        fsync_file(staged)
        verify_backup(case, staged)
        backup(case)  # the state being replaced stays recoverable
        checkpoint(case.engine)
        case.engine.dispose()
        live = case.paths.db
        for side in (Path(f"{live}-wal"), Path(f"{live}-shm")):
            side.unlink(missing_ok=True)
        os.replace(staged, live)
        fsync_dir(case.paths.folder)
    finally:
        staged.unlink(missing_ok=True)
        for side in (Path(f"{staged}-wal"), Path(f"{staged}-shm")):
            side.unlink(missing_ok=True)
    case._reopen()
    end_history(case)  # the history described the file that was replaced
    case.run(lambda s: audit.append(s, actor=case.reviewer_id, action="case.restore",
                                    entity="case", new={"file": path.name}))


__all__ = ["backup", "fsync_file", "list_backups", "restore", "verify_backup"]

"""The office's own loss: an encrypted, verified backup of the workspace and its keys, restored on
another computer with the same office fingerprint; a recovery code that opens it without the
passphrase.

``backup_workspace(ws, to_dir)`` writes one file (``office-<time>-<id>.sbob``, format in
``desktop.crypto.office_backup``): the database (``VACUUM INTO``: a consistent copy, encrypted
under the workspace's data key, so no clear text is ever written), the office identity inside
it, the key file (the data key wrapped under the passphrase) and, when the office has printed a
recovery sheet, the data key sealed to the recovery code's public key. It is written atomically,
then read back from the medium and opened with the data key (every byte authenticated, the
database's pages and the office fingerprint checked) before it is reported written.

``backup_workspace(ws, to_dir, recovery_sheet=PDF)`` also draws a new recovery code, prints it
on a sheet (``desktop.services.printing.recovery``: the office fingerprint, the backup's id,
hash and date, the code) and keeps its public key in ``office.recovery`` (authenticated with a
key derived from the data key): this backup and every later one open with that code, until a
new sheet is printed. The code itself is kept nowhere but on paper.

``restore_workspace(file, folder, passphrase)`` rebuilds the workspace in an empty folder (a new
computer): with the passphrase of the backup's time, or with ``recovery_code=`` (``passphrase``
is then the new passphrase). A backup keeps the key file of its time: after a passphrase change,
older backups still open with the older passphrase (or the recovery code). The office identity,
hence its fingerprint, is the same: bundles sealed to the office before the loss open, and
reviewers' pinned fingerprints still match.

PostgreSQL workspaces are refused: the database server's own backups (``pg_dump``) hold the
whole workspace, office keys included (encrypted under the passphrase, as in the database).
The ``quarantine/`` folder (copies of refused files, each recorded in the database with its
hash and reason) is not part of a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from desktop.atomic import fsync_dir, write_atomic
from desktop.crypto import keyfile
from desktop.crypto import office_backup as fmt
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import ReadBackFailed
from desktop.crypto.usb import read_capped
from desktop.domain.messages import N_, Msg
from desktop.models.engine import CaseFileCorrupt, open_engine, raw_execute
from desktop.models.office.setup import WorkspaceInfo
from desktop.services.office.backup_types import (
    PASSPHRASE,
    RECOVERY_CODE,
    BackupFacts,
    BackupRefused,
    BackupResult,
    RestoredWorkspace,
)
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import log
from desktop.services.office.workspace import (
    DB_FILE,
    FOLDER_FILE,
    KEY_FILE,
    Workspace,
    _open_identity,
    _write_folder_file,
    open_workspace,
)

SUFFIX = ".sbob"
RECOVERY_FILE = "office.recovery"
MAX_BACKUP_BYTES = (8 + 4 + fmt.MAX_HEADER_BYTES + fmt.MAX_DATABASE_BYTES + fmt.TAG_BYTES)
BACKED_UP = OfficeChanges(history=True)  # a backup changes nothing but the history


# --- the recovery key the office keeps ------------------------------------------------------------


def recovery_key_id(ws: Workspace) -> str | None:
    """The id of the recovery key later backups are sealed to (None: no sheet printed yet)."""
    public = _recovery_public(ws)
    return None if public is None else fmt.recovery_key_id(public)


def _recovery_public(ws: Workspace) -> bytes | None:
    path = ws.folder / RECOVERY_FILE
    if not path.is_file():
        return None
    return fmt.read_recovery_record(keyfile.read_small(path, path.name), ws.data_key)[0]


def _keep_recovery(folder: Path, data_key: bytes, public: bytes) -> None:
    write_atomic(folder / RECOVERY_FILE,
                 fmt.recovery_record(data_key, public, sj.format_time()))


# --- backup --------------------------------------------------------------------------------------


def _refuse_postgresql(ws: Workspace) -> None:
    if ws.backend != "sqlcipher":
        raise BackupRefused(Msg(N_(
            "This workspace keeps its data in PostgreSQL: back it up with the database server's "
            "own tools (pg_dump), which hold the whole workspace, office keys included "
            "(encrypted under the passphrase). Scorebook backs up embedded workspaces")))


def _snapshot(ws: Workspace) -> bytes:
    """A consistent copy of the database (still encrypted under the data key), checked: every
    page authenticates and it holds this office."""
    temp = ws.folder / f".backup-{secrets.token_hex(8)}.db"
    try:
        raw_execute(ws.engine, "VACUUM INTO ?", (str(temp),))
        _check_database(temp, ws.data_key, ws.identity().root_fingerprint)
        return temp.read_bytes()
    finally:
        temp.unlink(missing_ok=True)
        for side in (Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            side.unlink(missing_ok=True)


def _check_database(path: Path, data_key: bytes, fingerprint: str) -> str:
    """Open the database file with the data key (integrity checked), its office identity
    included; return the office's name. ``BackupRefused`` for another office's."""
    damaged = BackupRefused(Msg(N_("The database in the backup is damaged or holds no office "
                                   "workspace")))
    try:
        engine = open_engine(path, data_key)
    except CaseFileCorrupt:
        raise damaged from None
    try:
        with engine.connect() as conn:
            row = conn.execute(select(WorkspaceInfo.office_name, WorkspaceInfo.office_fingerprint,
                                      WorkspaceInfo.identity_sealed)).one()
    except Exception:  # a database that opens but has no workspace in it
        raise damaged from None
    finally:
        engine.dispose()
    name, stored, sealed = row
    identity = _open_identity(data_key, sealed)
    if stored != fingerprint or identity.root_fingerprint != fingerprint:
        raise BackupRefused(Msg(N_("The backup holds another office (fingerprint {found}, not "
                                   "{expected})"), {"found": stored, "expected": fingerprint}))
    return str(name)


def _read_back(path: Path) -> bytes:
    """The file as the medium has it (cached pages dropped first where the system allows)."""
    with open(path, "rb") as handle:
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return handle.read(MAX_BACKUP_BYTES + 1)


def _write_verified(path: Path, data: bytes, database: bytes, data_key: bytes,
                    code: str | None) -> None:
    write_atomic(path, data)
    try:
        back = _read_back(path)
        if back != data:
            raise ReadBackFailed(str(path.parent))
        header = fmt.read_header(back)
        if fmt.open_body(back, header, data_key) != database:
            raise ReadBackFailed(str(path.parent))
        if code is not None and fmt.data_key_from_recovery(header, code) != data_key:
            raise ReadBackFailed(str(path.parent))
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
            fsync_dir(path.parent)
        raise


def backup_workspace(ws: Workspace, to_dir: Path, *, recovery_sheet: Path | None = None,
                     language: str | None = None) -> Done[BackupResult]:
    """Write a verified backup of ``ws`` into ``to_dir`` (made if missing). With
    ``recovery_sheet``: a new recovery code, printed to that PDF, opens this backup and the
    later ones (the sheet may not be written into ``to_dir``: never keep it with the backups)."""
    _refuse_postgresql(ws)
    if recovery_sheet is not None and _inside(recovery_sheet, to_dir):
        raise BackupRefused(Msg(N_("The recovery sheet does not belong beside the backups: "
                                   "anyone holding both could open them. Choose another "
                                   "place for {file}"), {"file": str(recovery_sheet)}))
    to_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    code = fmt.new_recovery_code() if recovery_sheet is not None else None
    public = fmt.recovery_public(code) if code is not None else _recovery_public(ws)
    fingerprint = ws.identity().root_fingerprint
    database = _snapshot(ws)
    key_path = ws.folder / KEY_FILE
    key_file = keyfile.read_small(key_path, key_path.name)
    keyfile.parse_header(key_file, key_path.name, keyfile.KEY_FILE_FORMAT)
    created = datetime.now(UTC).replace(microsecond=0)
    backup_id, data = fmt.seal_backup(database, ws.data_key, key_file, fingerprint,
                                      sj.format_time(created), public)
    path = to_dir / f"office-{created:%Y%m%dT%H%M%SZ}-{backup_id[:8]}{SUFFIX}"
    _write_verified(path, data, database, ws.data_key, code)
    office_name = str(ws.info().office_name)
    result = BackupResult(path, backup_id, hashlib.sha256(data).hexdigest(), len(data), created,
                          office_name, fingerprint,
                          None if public is None else fmt.recovery_key_id(public))
    if code is not None and public is not None and recovery_sheet is not None:
        from desktop.services.printing.recovery import RecoverySheet, write_recovery_sheet

        try:
            sheet = write_recovery_sheet(RecoverySheet(result, code), recovery_sheet, language)
        except BaseException:
            path.unlink(missing_ok=True)  # its code was never printed: do not leave it about
            raise
        _keep_recovery(ws.folder, ws.data_key, public)
        result = replace(result, recovery_sheet=sheet)
    with ws.uow() as s:
        log(s, None, "workspace.backup", backup=backup_id, file=path.name,
            recovery_key=result.recovery_key_id, new_recovery_sheet=code is not None)
    return Done(result, BACKED_UP)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().parent.is_relative_to(folder.resolve())
    except OSError:
        return False


# --- reading and restoring ------------------------------------------------------------------------


def _read(path: Path) -> tuple[bytes, fmt.BackupHeader]:
    if not path.is_file():
        raise BackupRefused(Msg(N_("No backup file {file}"), {"file": str(path)}))
    data = read_capped(path, MAX_BACKUP_BYTES)
    return data, fmt.read_header(data)


def backup_facts(path: Path) -> BackupFacts:
    """What a backup file says of itself (id, date, office fingerprint, recovery key), its
    format checked; nothing is decrypted."""
    data, header = _read(path)
    return BackupFacts(path, header.backup_id, sj.parse_time(header.created_at),
                       header.office_fingerprint, header.recovery_key_id,
                       hashlib.sha256(data).hexdigest())


def _refuse_existing(folder: Path) -> None:
    taken = [name for name in (FOLDER_FILE, DB_FILE, KEY_FILE, RECOVERY_FILE)
             if (folder / name).exists()]
    if taken:
        raise BackupRefused(Msg(N_("{folder} already holds an office workspace (or part of "
                                   "one): restore into an empty folder"),
                                {"folder": str(folder)}))


def restore_workspace(backup_file: Path, folder: Path, passphrase: str, *,
                      recovery_code: str | None = None,
                      kdf: keyfile.KdfParams = keyfile.PRODUCTION_KDF) -> RestoredWorkspace:
    """Rebuild the workspace of ``backup_file`` in ``folder`` (refused when it holds one).

    Without ``recovery_code`` the passphrase of the backup's time opens it and stays the
    passphrase. With it, the code opens the backup and ``passphrase`` becomes the new one
    (its key file made with ``kdf``). Nothing is left in ``folder`` when anything fails."""
    _refuse_existing(folder)
    if not passphrase:
        raise BackupRefused(Msg(N_("The passphrase is empty")))
    data, header = _read(backup_file)
    if recovery_code is not None:
        data_key = fmt.data_key_from_recovery(header, recovery_code)
    else:
        data_key = fmt.data_key_from_passphrase(header, passphrase, backup_file.name)
    database = fmt.open_body(data, header, data_key)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    made: list[Path] = []
    try:
        db = folder / DB_FILE
        made.append(db)
        write_atomic(db, database)
        office_name = _check_database(db, data_key, header.office_fingerprint)
        made.append(folder / KEY_FILE)
        if recovery_code is None:
            write_atomic(folder / KEY_FILE, header.key_file)  # the key file of its time
        else:
            keyfile.write_key_file(folder / KEY_FILE, data_key, passphrase, kdf)
        if header.recovery_public is not None:
            made.append(folder / RECOVERY_FILE)
            _keep_recovery(folder, data_key, header.recovery_public)
        made.append(folder / FOLDER_FILE)
        _write_folder_file(folder, "sqlcipher", None)
        ws = open_workspace(folder, passphrase)
    except BaseException:
        for path in made:
            for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                side.unlink(missing_ok=True)
        raise
    opened_with = RECOVERY_CODE if recovery_code is not None else PASSPHRASE
    try:
        fingerprint = ws.identity().root_fingerprint
        with ws.uow() as s:
            log(s, None, "workspace.restore", backup=header.backup_id, opened_with=opened_with)
    finally:
        ws.close()
    return RestoredWorkspace(folder, office_name, fingerprint, header.backup_id,
                             sj.parse_time(header.created_at), opened_with,
                             header.recovery_key_id)


__all__ = ["PASSPHRASE", "RECOVERY_CODE", "BackupFacts", "BackupRefused", "BackupResult",
           "RestoredWorkspace", "backup_facts", "backup_workspace",
           "recovery_key_id", "restore_workspace"]

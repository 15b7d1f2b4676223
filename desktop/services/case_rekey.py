"""Re-keying a case: a fresh random data key for the database and every backup, wrapped in a new
key file, so a copy of the old key file (with the old passphrase) opens no later state.

A passphrase change re-keys (``CaseSession.change_passphrase``), and so does an explicit re-key
under the same passphrase (``CaseSession.rekey``). The steps, each durable before the next; the
database's own ``PRAGMA rekey`` is the single commit point:

1. stage the backups: each is copied, re-keyed to the new data key, checked, and renamed to
   ``backups/.<name>.rekeyed`` (the backups themselves are untouched);
2. stage the key file: the new data key wrapped under the new passphrase, ``case.key.next``;
3. commit: ``PRAGMA rekey`` of the live database (one write transaction, through the WAL);
4. reopen under the new key, fold the WAL into the file (no page under the old key is left)
   and append the audit row (with a key check value, a hash that identifies the new key);
5. finish: each staged backup replaces its original, then ``case.key.next`` replaces
   ``case.key`` (last: while it exists, the re-key is unfinished).

After a crash, ``unlock`` (run by ``open_case`` under the case lock) settles it by trying the
keys on the database, never by guessing from the files: before the commit the database opens
with the old key, so the old passphrase opens the case and the staged files are deleted; after
it, the database opens only with the new key, so the new passphrase opens the case and steps
4–5 are finished (the audit row added if it is missing); the old passphrase is then refused as
wrong. So a crash at any point leaves a case that opens with exactly one of the two passphrases.

Staging needs free space for one more copy of the backups; a failure before the commit (a full
disk, a backup that does not open with the case's key) undoes the staging and changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.atomic import fsync_dir
from desktop.crypto import keyfile
from desktop.crypto.keyfile import KdfParams, Unsealed
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models import audit, case_db
from desktop.models.case import AuditEntry
from desktop.models.engine import (
    CaseFileCorrupt,
    checkpoint,
    driver_connection,
    key_opens,
    make_engine,
    open_engine,
)
from desktop.models.engine import rekey as rekey_database
from desktop.services.case_backup import fsync_file, list_backups
from desktop.services.case_open import OpenCase
from desktop.services.case_paths import (
    STAGED,
    WORK,
    CasePaths,
    next_key_path,
    staged_backups,
)

REKEY_ACTIONS = ("case.rekey", "case.passphrase")


class BackupNotRekeyed(InputRejected):
    def __init__(self, file: str) -> None:
        super().__init__(Msg(N_("The backup {file} does not open with this case's key, so it "
                                "cannot be re-encrypted: move it out of the backups folder and "
                                "try again"), {"file": file}))


def _step(name: str) -> None:
    """Between two steps (a test makes the process die here to check each crash point)."""


def key_check(key: bytes) -> str:
    """A key check value: names a data key in the audit log without revealing anything of it."""
    return hashlib.sha256(b"scorebook.case-key-check/1" + key).hexdigest()[:16]


def _unlink_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _roll_back(paths: CasePaths) -> None:
    """Undo a re-key that did not reach its commit: staged backups and key file go."""
    for path in staged_backups(paths):
        _unlink_db(path)
    next_key_path(paths).unlink(missing_ok=True)
    for leftover in paths.folder.glob(f".{paths.key.name}.*.tmp"):  # write_atomic's, on a kill
        leftover.unlink(missing_ok=True)
    fsync_dir(paths.folder)


def _roll_forward(paths: CasePaths) -> None:
    """Finish a committed re-key: staged backups over their originals, then the key file."""
    for path in staged_backups(paths):
        if path.name.endswith(STAGED):
            os.replace(path, path.with_name(path.name[1:].removesuffix(STAGED)))
        else:
            _unlink_db(path)
    if paths.backups.is_dir():
        fsync_dir(paths.backups)
    _step("backups_replaced")
    os.replace(next_key_path(paths), paths.key)
    fsync_dir(paths.folder)


def _try_unlock(path: Path, passphrase: str) -> Unsealed | None:
    try:
        return keyfile.unlock_key_file_detail(path, passphrase)
    except keyfile.WrongPassphrase:
        return None


def unlock(paths: CasePaths, passphrase: str) -> tuple[Unsealed, bool]:
    """The case's data key for ``passphrase`` (with its key file's details), after settling a
    re-key a crash interrupted; True when that re-key was finished here. The lock is held."""
    pending = next_key_path(paths)
    if not pending.exists():
        if staged_backups(paths):  # a re-key stopped while staging its backups
            _roll_back(paths)
        return keyfile.unlock_key_file_detail(paths.key, passphrase), False
    current = _try_unlock(paths.key, passphrase)
    if current is not None and key_opens(paths.db, current.plaintext):
        _roll_back(paths)
        return current, False
    try:
        staged = _try_unlock(pending, passphrase)
    except keyfile.KeyFileCorrupt:
        staged = None
    if staged is not None and key_opens(paths.db, staged.plaintext):
        _roll_forward(paths)
        return staged, True
    if current is None or staged is None:
        # the passphrase opens only the key the database is not under: an old passphrase after
        # the commit, a new one before it (the next open with the right one settles the files)
        raise keyfile.WrongPassphrase(paths.key.name)
    raise CaseFileCorrupt(paths.db.name, "opens with neither key")


def made_for_tests(case: OpenCase) -> bool:
    """The case's own record (its first audit row, under the data key) says it was made with
    test parameters (``KdfParams.test_only``): the demo's and the tests'."""
    return case.run(lambda s: case_db.made_for_tests(driver_connection(s)))


def after_open(case: OpenCase, passphrase: str, found: Unsealed, finished: bool) -> None:
    """On a successful open: record a re-key finished here whose audit row a crash prevented;
    seal the key file again when its passphrase was not in NFC or its parameters are below the
    floor (production parameters, unless the case was made for tests or the demo)."""
    if finished:
        check = key_check(case.data_key)

        def missing(s: Session) -> bool:
            last = s.scalars(select(AuditEntry.new).where(AuditEntry.action.in_(REKEY_ACTIONS))
                             .order_by(AuditEntry.seq.desc()).limit(1)).first()
            return check not in (last or "")

        if case.run(missing):
            _audit(case, "case.rekey", check, len(list_backups(case.paths.backups)),
                   finished_on_open=True)
    test_file = found.params.below_floor() and made_for_tests(case)
    target = keyfile.upgrade_target(found, test_file=test_file)
    if target is None:
        return
    keyfile.write_key_file(case.paths.key, case.data_key, passphrase, target)
    case.run(lambda s: audit.append(s, actor=case.reviewer_id, action="case.key_upgrade",
                                    entity="case", new={"kdf": target.to_dict(),
                                                        "nfc": found.legacy_passphrase}))


def _audit(case: OpenCase, action: str, check: str, backups: int, **extra: object) -> None:
    case.run(lambda s: audit.append(s, actor=case.reviewer_id, action=action, entity="case",
                                    new={"key_check": check, "backups": backups, **extra}))


def _stage_backup(source: Path, old_key: bytes, new_key: bytes) -> Path:
    """A copy of ``source`` re-keyed to ``new_key``, checked and durable, beside it."""
    work = source.with_name(f".{source.name}{WORK}")
    done = source.with_name(f".{source.name}{STAGED}")
    shutil.copyfile(source, work)
    engine = make_engine(work, old_key)
    try:
        rekey_database(engine, new_key)
        checkpoint(engine)
    except Exception:
        raise BackupNotRekeyed(source.name) from None
    finally:
        engine.dispose()
    open_engine(work, new_key).dispose()  # every page checks under the new key
    for side in (Path(f"{work}-wal"), Path(f"{work}-shm")):
        side.unlink(missing_ok=True)
    fsync_file(work)
    os.replace(work, done)
    return done


def rekey(case: OpenCase, old: str, new: str, kdf: KdfParams | None = None, *,
          action: str = "case.rekey") -> int:
    """Give the case a fresh data key wrapped under ``new`` (``old`` must unlock the current
    key file); re-encrypt the backups. Returns how many backups were re-encrypted."""
    if not new:
        raise InputRejected(Msg(N_("The passphrase is empty")))
    paths = case.paths
    current = keyfile.unlock_key_file_detail(paths.key, old)
    if not hmac.compare_digest(current.plaintext, case.data_key):
        raise keyfile.WrongPassphrase(paths.key.name)  # the key file was replaced under us
    test_file = current.params.below_floor() and made_for_tests(case)
    params = kdf or keyfile.params_for_rewrap(current.params, test_file=test_file)
    old_key, new_key = case.data_key, secrets.token_bytes(keyfile.DATA_KEY_BYTES)
    _roll_back(paths)  # nothing should be staged (open_case settles a crash); be sure
    backups = list_backups(paths.backups)
    committed = False
    try:
        for backup in backups:
            _stage_backup(backup, old_key, new_key)
        if backups:
            fsync_dir(paths.backups)
        _step("backups_staged")
        keyfile.write_key_file(next_key_path(paths), new_key, new, params)
        _step("key_staged")
        rekey_database(case.engine, new_key)
        committed = True
    except BaseException:
        case.engine.dispose()  # after a failed rekey the connection's keys are not trusted
        committed = key_opens(paths.db, new_key)
        if not committed:
            try:
                _roll_back(paths)
            finally:
                case._use_key(old_key)
            raise
    _step("committed")
    case._use_key(new_key)
    checkpoint(case.engine)  # the new pages into the file; the WAL (old key) is emptied
    _audit(case, action, key_check(new_key), len(backups))
    _step("recorded")
    _roll_forward(paths)
    return len(backups)


__all__ = ["BackupNotRekeyed", "after_open", "key_check", "made_for_tests", "rekey", "unlock"]

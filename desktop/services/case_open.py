"""An open case file: its folder's paths, its engine under the data key, its lock, and one unit
of work per call (``OpenCase``).

``desktop.services.case.CaseSession`` is an ``OpenCase`` with the reviewer's use cases; the
modules that work on an open case for it — backups (``case_backup``), the hand-off
(``case_export``), re-keying (``case_rekey``), roster updates (``case_roster``) — take an
``OpenCase``, so none of them imports ``case`` back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.crypto import keyfile
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster, verify_roster
from desktop.domain.criteria import Framework
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models import case as m
from desktop.models.engine import open_engine, session_factory, unit_of_work
from desktop.models.migrations import runner
from desktop.services import case_reads as reads
from desktop.services import catalogue
from desktop.services.case_lock import CaseLock
from desktop.services.case_paths import BACKUP_DIR, DB_NAME, KEY_NAME, CasePaths

T = TypeVar("T")


class OpenCase:
    """An open, locked case file. Close it to release the lock."""

    paths: CasePaths

    def __init__(self, paths: CasePaths, engine: Engine, lock: CaseLock, key: bytes) -> None:
        self.paths = paths
        self.engine = engine
        self._factory: sessionmaker[Session] = session_factory(engine)
        self._lock = lock
        self._key = key
        with self._uow() as s:
            meta = s.get_one(m.CaseMeta, 1)
            self.case_id = meta.case_id
            self.reviewer_id = meta.reviewer_id
            self.criteria_ref = meta.criteria_ref
            self.office_fingerprint = meta.office_fingerprint
        self.framework: Framework = catalogue.framework_for_ref(self.criteria_ref)

    # housekeeping

    def close(self) -> None:
        if self._lock.held:
            try:
                self.engine.dispose()
            finally:  # the lock goes even when the driver fails to close
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _uow(self) -> Iterator[Session]:
        if not self._lock.held:
            raise InputRejected(Msg(N_("The case is closed")))
        with unit_of_work(self._factory) as session:
            yield session

    def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` as one unit of work (for services built on this case)."""
        with self._uow() as session:
            return work(session)

    # what the case's own modules read

    def identity(self) -> ReviewerIdentity:
        with self._uow() as s:
            row = s.get_one(m.IdentityKey, self.reviewer_id)
            return ReviewerIdentity.from_private_dict(json.loads(row.private_json))

    def roster(self) -> Roster:
        """The roster the package came with, verified again against the pinned root."""
        with self._uow() as s:
            meta = s.get_one(m.CaseMeta, 1)
            data, have = meta.roster_bytes, meta.roster_version
        return verify_roster(data, self.office_fingerprint, have)

    def cycle_and_stage(self) -> tuple[str, str]:
        return self.run(reads.cycle_and_stage)

    # the data key (used by case_backup and case_rekey)

    def check_passphrase(self, passphrase: str) -> None:
        """Raise ``WrongPassphrase`` unless ``passphrase`` unwraps this case's data key (the idle
        lock's check). Costs one key derivation: run it off the UI thread."""
        if keyfile.unlock_key_file(self.paths.key, passphrase) != self._key:
            raise keyfile.WrongPassphrase(self.paths.key.name)

    def _use_key(self, key: bytes) -> None:
        self.engine.dispose()
        self._key = key
        self._reopen()

    def _reopen(self) -> None:
        self.engine = open_engine(self.paths.db, self._key)
        runner.upgrade(self.engine)
        self._factory = session_factory(self.engine)

    @property
    def data_key(self) -> bytes:
        return self._key


__all__ = ["BACKUP_DIR", "DB_NAME", "KEY_NAME", "CasePaths", "OpenCase"]

"""A case file opened read-only through the database driver, without SQLAlchemy (issue 26).

``scorebook case status`` once paid for importing SQLAlchemy, the models and Alembic (about
half a second on a two-core laptop) to read a few tables. ``open_light`` opens the case as the
full open does (``case.open_case``) and makes the same checks, in the same order, with the same
errors: the case lock (``CaseLocked``), the key file under the passphrase (``WrongPassphrase``,
``KeyFileCorrupt``), every page of the database under the data key (``CaseFileCorrupt``), the
scoring framework it names (``NotFound``). Whenever the full open would *change* something, it
answers None and the caller takes the full open, which does it: no case file in the folder (the
full open's ``NoCase``), a re-key a crash left unsettled, a schema to migrate (or one too new), a
key file to seal again (below the floor, or a passphrase not in NFC), documents past their
keep-until day. So a case is read here only when it is exactly as the full open would leave it.

``status`` is ``scorebook case status``: the status the window reads (``case_status``), through
the light open when it can.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from desktop.crypto import keyfile
from desktop.domain.criteria import Framework
from desktop.models import case_db
from desktop.services import catalogue
from desktop.services.case_lock import CaseLock
from desktop.services.case_paths import CasePaths, rekey_unsettled
from desktop.services.case_status import documents_due, read_status

if TYPE_CHECKING:
    from desktop.services.case_status_types import CaseStatus

T = TypeVar("T")


class LightCase:
    """A case open read-only on one driver connection, its lock held. Close it to release."""

    def __init__(self, paths: CasePaths, connection: Any, lock: CaseLock,
                 framework: Framework) -> None:
        self.paths = paths
        self.framework = framework
        self._connection = connection
        self._lock = lock

    def read(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` on the connection in one read transaction."""
        self._connection.execute("BEGIN")
        try:
            return work(self._connection)
        finally:
            self._connection.execute("ROLLBACK")  # nothing was written

    def status(self) -> CaseStatus:
        return self.read(lambda c: read_status(c, self.framework, self.paths.backups))

    def close(self) -> None:
        if self._lock.held:
            try:
                self._connection.close()
            finally:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_light(case_dir: Path, passphrase: str, today: date | None = None) -> LightCase | None:
    """The case at ``case_dir`` open read-only, or None when the full open has work to do (see
    the module). Raises what the full open raises for a wrong passphrase, a damaged or foreign
    file, a lock held elsewhere; nothing is written either way."""
    paths = CasePaths(case_dir)
    if not paths.db.exists() and not paths.key.exists():
        return None  # the full open says NoCase
    lock = CaseLock(case_dir).acquire()
    connection = None
    try:
        if rekey_unsettled(paths):
            lock.release()
            return None
        found = keyfile.unlock_key_file_detail(paths.key, passphrase)
        connection = case_db.connect_checked(paths.db, found.plaintext)
        try:
            framework = _current(connection, found, today or date.today())
        except case_db.db_errors(True):
            framework = None  # not the tables of a current case: the full open says what
    except BaseException:
        if connection is not None:
            connection.close()
        lock.release()
        raise
    if framework is None:
        connection.close()
        lock.release()
        return None
    return LightCase(paths, connection, lock, framework)


def _current(connection: Any, found: keyfile.Unsealed, today: date) -> Framework | None:
    """The case's framework when the full open would change nothing; None otherwise."""
    if case_db.schema_revision(connection) != case_db.SCHEMA_HEAD:
        return None  # to migrate, or made by a newer Scorebook: the full open says which
    meta = case_db.fetch(connection, "SELECT criteria_ref FROM case_meta WHERE id = 1")
    if not meta:
        return None
    framework = catalogue.framework_for_ref(meta[0][0])
    test_file = found.params.below_floor() and case_db.made_for_tests(connection)
    if keyfile.upgrade_target(found, test_file=test_file) is not None:
        return None  # the full open seals the key file again (``case_rekey.after_open``)
    if documents_due(connection, today):
        return None  # the full open removes them (``CaseDocuments.expire_documents``)
    return framework


def status(case_dir: Path, passphrase: str) -> CaseStatus:
    """The case's status (``CaseSession.status``'s), read through the light open when the case
    is current, else through the full open (which migrates, settles or seals first)."""
    light = open_light(case_dir, passphrase)
    if light is not None:
        with light:
            return light.status()
    from desktop.services.case import open_case  # SQLAlchemy: only when there is work to do

    with open_case(case_dir, passphrase) as case:
        return case.status()


__all__ = ["LightCase", "open_light", "status"]

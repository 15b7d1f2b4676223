"""The office workspace: a folder, its master database, and the office identity inside it.

Two backends, one schema:

- **embedded** (default): ``office.db`` in the folder, SQLCipher under a random 256-bit data key
  wrapped by the passphrase (Argon2id) in ``office.key`` beside it, exactly like a case file;
- **PostgreSQL**: a database URL (``--database-url`` or ``SCOREBOOK_DATABASE_URL``), for an
  office where several people work at once. The wrapped data key is then kept in the database.

Either way the office identity (root signing key, bundle encryption key) is stored encrypted
under the data key, so the passphrase is needed to sign or open anything. The folder also holds
``quarantine/`` (refused files) and ``workspace.json`` (the backend and the database URL
*without* its password). A URL is only ever shown with its password masked.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.atomic import write_atomic
from desktop.crypto import keyfile
from desktop.crypto import strictjson as sj
from desktop.crypto.keys import OfficeIdentity
from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.messages import N_, Msg
from desktop.models.engine import make_engine as make_sqlite_engine
from desktop.models.engine import open_engine, session_factory
from desktop.models.office import schema
from desktop.models.office.setup import WORKSPACE_FORMAT, WorkspaceInfo

DATABASE_URL_ENV = "SCOREBOOK_DATABASE_URL"
FOLDER_FILE = "workspace.json"
DB_FILE = "office.db"
KEY_FILE = "office.key"
QUARANTINE = "quarantine"
_IDENTITY_AAD = b"scorebook.office-identity/1"
# The same, for a workspace made with test parameters (``KdfParams.test_only``: the demo's and
# the tests'): the mark is authenticated under the data key, so a file cannot claim it.
_TEST_IDENTITY_AAD = b"scorebook.office-identity/1;kdf=test"


class WorkspaceError(InputRejected):
    """The workspace cannot be created or opened."""


def mask_url(url: str | URL) -> str:
    """The URL as it may be shown: the password replaced by ``***``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "(unreadable database URL)"
    return parsed.render_as_string(hide_password=True)


def url_has_password(url: str) -> bool:
    """Whether a database URL carries a password (False for a URL that cannot be read: opening
    the workspace reports that in its own words). Never repeats the URL."""
    try:
        return bool(make_url(url).password)
    except (ArgumentError, ValueError):
        return False


def _pg_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise WorkspaceError(Msg(N_("The database URL is not a valid URL"))) from None
    if not parsed.drivername.startswith("postgresql"):
        raise WorkspaceError(Msg(N_("Only PostgreSQL database URLs are supported, not {name}"),
                                 {"name": parsed.drivername}))
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def resolve_database_url(explicit: str | None) -> str | None:
    return explicit or os.environ.get(DATABASE_URL_ENV) or None



@dataclass(frozen=True)
class WorkspaceFacts:
    """The workspace's own facts: whose it is, the office key's fingerprint (compared in
    person at enrolment), where its database lives."""

    office_name: str
    fingerprint: str
    backend: str  # "sqlcipher" | "postgresql"
    location: str
    folder: str
    created_at: datetime

@dataclass
class Workspace:
    """An open workspace. ``uow()`` is one unit of work; ``identity()`` unlocks the office key."""

    folder: Path
    engine: Engine
    backend: str  # "sqlcipher" | "postgresql"
    data_key: bytes = field(repr=False)
    factory: sessionmaker[Session] = field(init=False, repr=False)
    _identity: OfficeIdentity | None = field(default=None, init=False, repr=False)
    made_for_tests: bool = field(default=False, init=False)  # the identity's sealed mark

    def __post_init__(self) -> None:
        self.factory = session_factory(self.engine)

    @property
    def location(self) -> str:
        if self.backend == "postgresql":
            return mask_url(self.engine.url)
        return str(self.folder / DB_FILE)

    @property
    def quarantine_dir(self) -> Path:
        return self.folder / QUARANTINE

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One session, one transaction: commit on success, roll back on any error."""
        with self.factory() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """One read-only unit of work that sees one consistent state. On PostgreSQL several
        office machines commit while it reads: at the default READ COMMITTED each statement
        would see the latest commit, so a ranking read beside a merge could mix the state
        before the merge with the state after it. Here the transaction is REPEATABLE READ,
        READ ONLY: every statement sees the state as of its first one, without waiting for
        the merge (a SQLCipher workspace already reads in one ``BEGIN IMMEDIATE``)."""
        with self.factory() as session, session.begin():
            if self.engine.dialect.name == "postgresql":  # said with the BEGIN: no round trip
                session.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                                      "postgresql_readonly": True})
            yield session

    def identity(self) -> OfficeIdentity:
        if self._identity is None:
            with self.uow() as s:
                info = s.execute(select(WorkspaceInfo)).scalar_one()
                sealed = info.identity_sealed
            self._identity, self.made_for_tests = _open_marked(self.data_key, sealed)
        return self._identity

    def info(self) -> WorkspaceFacts:
        with self.uow() as s:
            row = s.execute(select(WorkspaceInfo)).scalar_one()
            return WorkspaceFacts(row.office_name, row.office_fingerprint, self.backend,
                                  self.location, str(self.folder), row.created_at)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _seal_identity(data_key: bytes, identity: OfficeIdentity, test_kdf: bool = False) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(data_key).encrypt(nonce, sj.dumps(identity.to_private_dict()),
                                            _TEST_IDENTITY_AAD if test_kdf else _IDENTITY_AAD)


def _open_marked(data_key: bytes, sealed: bytes) -> tuple[OfficeIdentity, bool]:
    """The office identity, and whether the workspace was made with test parameters."""
    for aad, test in ((_IDENTITY_AAD, False), (_TEST_IDENTITY_AAD, True)):
        try:
            plain = AESGCM(data_key).decrypt(sealed[:12], sealed[12:], aad)
        except (InvalidTag, ValueError):
            continue
        return OfficeIdentity.from_private_dict(sj.loads(plain)), test
    raise WorkspaceError(Msg(N_("The office identity in the workspace is damaged")))


def _open_identity(data_key: bytes, sealed: bytes) -> OfficeIdentity:
    return _open_marked(data_key, sealed)[0]


def _pg_engine(url: URL) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, pool_size=5)
    try:
        with engine.connect():
            pass
    except DBAPIError:
        engine.dispose()
        # The driver's text may name host and user; it never has the password, but we show
        # our own message with the masked URL only.
        raise WorkspaceError(Msg(N_("Cannot connect to the database {url}"),
                                 {"url": mask_url(url)})) from None
    return engine


def _write_folder_file(folder: Path, backend: str, url: URL | None) -> None:
    body: dict[str, Any] = {"format": WORKSPACE_FORMAT, "backend": backend}
    if url is not None:
        body["database_url"] = url._replace(password=None).render_as_string(hide_password=False)
    write_atomic(folder / FOLDER_FILE,
                         (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _read_folder_file(folder: Path) -> dict[str, Any]:
    path = folder / FOLDER_FILE
    if not path.is_file():
        raise NotFound(Msg(N_("{folder} is not an office workspace (no {file}): run "
                              "'scorebook office init' first"),
                           {"folder": str(folder), "file": FOLDER_FILE}))
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise WorkspaceError(Msg(N_("{file} is damaged"), {"file": str(path)})) from None
    if not isinstance(body, dict) or body.get("format") != WORKSPACE_FORMAT:
        raise WorkspaceError(Msg(N_("{file} is not a workspace file of this Scorebook"),
                                 {"file": str(path)}))
    return body


def stored_database_url(folder: Path) -> str | None:
    """The PostgreSQL URL a workspace folder keeps, never with a password (the window pre-fills
    it); None for an encrypted-folder workspace or a folder that holds no workspace."""
    try:
        body = _read_folder_file(folder)
    except InputRejected:
        return None
    stored = body.get("database_url")
    if body.get("backend") != "postgresql" or not isinstance(stored, str):
        return None
    try:
        return make_url(stored)._replace(password=None).render_as_string(hide_password=False)
    except (ArgumentError, ValueError):
        return None


def init_workspace(folder: Path, passphrase: str, office_name: str,
                   database_url: str | None = None,
                   kdf: keyfile.KdfParams = keyfile.PRODUCTION_KDF) -> Workspace:
    """Create a workspace (folder, database, office identity). Refuses an existing one."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (folder / FOLDER_FILE).exists():
        raise WorkspaceError(Msg(N_("{folder} already holds an office workspace"),
                                 {"folder": str(folder)}))
    if not passphrase:
        raise WorkspaceError(Msg(N_("The passphrase is empty")))
    identity = OfficeIdentity.generate(office_name)
    url = _pg_url(database_url) if database_url else None
    if url is None:
        db = folder / DB_FILE
        if db.exists():
            raise WorkspaceError(Msg(N_("{file} already exists"), {"file": str(db)}))
        data_key = keyfile.create_key_file(folder / KEY_FILE, passphrase, kdf)
        engine = make_sqlite_engine(db, data_key)
        backend, wrapped = "sqlcipher", None
    else:
        engine = _pg_engine(url)
        data_key = secrets.token_bytes(keyfile.DATA_KEY_BYTES)
        backend = "postgresql"
        wrapped = keyfile.seal(data_key, passphrase, kdf, keyfile.KEY_FILE_FORMAT)
        if schema.current_revision(engine) is not None:
            engine.dispose()
            raise WorkspaceError(Msg(N_("The database {url} already holds an office workspace"),
                                     {"url": mask_url(url)}))
    schema.upgrade(engine)
    ws = Workspace(folder, engine, backend, data_key)
    with ws.uow() as s:
        s.add(WorkspaceInfo(id=1, format=WORKSPACE_FORMAT, office_name=office_name,
                            office_fingerprint=identity.root_fingerprint,
                            office_public=identity.root_sign_pub + identity.enc_pub,
                            identity_sealed=_seal_identity(data_key, identity,
                                                           kdf.test_only),
                            key_wrapped=wrapped))
    (folder / QUARANTINE).mkdir(exist_ok=True)
    _write_folder_file(folder, backend, url)
    ws._identity, ws.made_for_tests = identity, kdf.test_only
    return ws


def open_workspace(folder: Path, passphrase: str, database_url: str | None = None) -> Workspace:
    """Open a workspace; ``WrongPassphrase`` for a wrong passphrase, typed errors otherwise."""
    body = _read_folder_file(folder)
    backend = body.get("backend")
    found: keyfile.Unsealed | None = None
    if backend == "sqlcipher":
        found = keyfile.unlock_key_file_detail(folder / KEY_FILE, passphrase)
        data_key = found.plaintext
        engine = open_engine(folder / DB_FILE, data_key)
    elif backend == "postgresql":
        stored = body.get("database_url")
        given = database_url or (stored if isinstance(stored, str) else None)
        if not given:
            raise WorkspaceError(Msg(N_("This workspace uses PostgreSQL: give the database URL "
                                        "with --database-url or {env}"),
                                     {"env": DATABASE_URL_ENV}))
        engine = _pg_engine(_pg_url(given))
        if schema.current_revision(engine) is None:
            engine.dispose()
            raise WorkspaceError(Msg(N_("The database {url} holds no office workspace"),
                                     {"url": mask_url(engine.url)}))
        with engine.connect() as conn:
            wrapped = conn.execute(select(WorkspaceInfo.key_wrapped)).scalar_one()
        if wrapped is None:
            engine.dispose()
            raise WorkspaceError(Msg(N_("The workspace database has no key")))
        try:
            found = keyfile.unseal_detail(wrapped, passphrase, "office database",
                                          keyfile.KEY_FILE_FORMAT)
            data_key = found.plaintext
        except BaseException:
            engine.dispose()
            raise
    else:
        raise WorkspaceError(Msg(N_("{file} names an unknown backend"),
                                 {"file": str(folder / FOLDER_FILE)}))
    try:
        schema.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    ws = Workspace(folder, engine, backend, data_key)
    ws.identity()  # proves the data key opens the identity
    if found is not None:
        target = keyfile.upgrade_target(
            found, test_file=found.params.below_floor() and ws.made_for_tests)
        if target is not None:
            _rewrap(ws, passphrase, target)
    (folder / QUARANTINE).mkdir(exist_ok=True)
    return ws


def _rewrap(ws: Workspace, passphrase: str, params: keyfile.KdfParams) -> None:
    """Wrap the data key again (``keyfile.upgrade_target``): under the NFC form of a passphrase
    that only opened it as typed (a workspace made before passphrases were normalised), and with
    the production parameters when its own are below the floor (unless the workspace's sealed
    identity says it was made for a test or the demo). As for a case's key file: a file that
    opens is the office's own, so weak parameters never refuse it, they are raised."""
    if ws.backend == "sqlcipher":
        keyfile.write_key_file(ws.folder / KEY_FILE, ws.data_key, passphrase, params)
        return
    wrapped = keyfile.seal(ws.data_key, passphrase, params, keyfile.KEY_FILE_FORMAT)
    with ws.uow() as s:
        s.get_one(WorkspaceInfo, 1).key_wrapped = wrapped


def passphrase_unlocks(ws: Workspace, passphrase: str) -> bool:
    """Whether ``passphrase`` is the open workspace's (unlocking the locked window): the wrapped
    key (the key file beside the embedded database, or the row in PostgreSQL, read through the
    open connection) unwraps to the data key in use. ``WrongPassphrase`` for a wrong passphrase;
    False for a wrapped key that holds another key (the file was replaced)."""
    if ws.backend == "sqlcipher":
        return keyfile.unlock_key_file(ws.folder / KEY_FILE, passphrase) == ws.data_key
    with ws.uow() as s:
        wrapped = s.execute(select(WorkspaceInfo.key_wrapped)).scalar_one()
    if wrapped is None:
        raise WorkspaceError(Msg(N_("The workspace database has no key")))
    return keyfile.unseal(wrapped, passphrase, "office database",
                          keyfile.KEY_FILE_FORMAT) == ws.data_key

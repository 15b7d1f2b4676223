"""A real, throw-away PostgreSQL server for tests: initdb + pg_ctl in a temporary directory.

The server listens on 127.0.0.1 only, on a free port, with password (scram) authentication.
initdb refuses to run as root, so when the tests run as root the server runs as a dedicated
unprivileged system user (``scorebook-pg``, created if missing). Tests that need it are marked
``postgres`` and skip, saying why, only when no PostgreSQL binaries exist on the machine.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_USER = "scorebook-pg"


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        path = Path(candidate)
        if (path / "initdb").exists() and (path / "pg_ctl").exists():
            return path
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", PG_USER, "--", *argv]


def _ensure_user() -> None:
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        PG_USER], check=True, capture_output=True)


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int
    password: str
    user: str = "scorebook"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/"
                f"{database}")

    def start(self) -> None:
        _ensure_user()
        owner = pwd.getpwnam(PG_USER) if os.geteuid() == 0 else None
        if owner is not None:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.root.chmod(0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if owner is not None:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        try:
            subprocess.run(_as_server_user([
                str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", self.user,
                "--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync"]), check=True, capture_output=True)
        finally:
            pwfile.unlink(missing_ok=True)
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.root} -c fsync=off "
                   f"-c full_page_writes=off -c max_connections=40")
        subprocess.run(_as_server_user([
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", options,
            "-l", str(self.root / "log"), "-w", "-t", "60", "start"]),
            check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_server_user([
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w",
            "stop"]), capture_output=True)

    def create_database(self) -> str:
        """A fresh database on the server; returns its SQLAlchemy URL."""
        import psycopg

        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user,
                             password=self.password, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: hex only
        return self.url(name)


def start_server() -> Iterator[PgServer]:
    """Start a server for the session; yields it and stops it (and removes its files) after."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        import os

        import pytest

        reason = "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
        if os.environ.get("CI"):  # CI installs them (packaging/install-system-deps.sh)
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="scorebook-pg-"))
    server = PgServer(bin_dir=bin_dir, root=root, port=_free_port(),
                      password=secrets.token_urlsafe(12))
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError("could not start PostgreSQL: " +
                           exc.stderr.decode("utf-8", "replace")[-2000:]) from None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)

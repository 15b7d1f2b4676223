"""Re-key: a passphrase change (or ``rekey``) draws a new data key for the database and every
backup; a copy of the old key file with the old passphrase opens no later state. A failure or a
SIGKILL at each step leaves a case that opens with exactly one of the two passphrases."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto import keyfile
from desktop.crypto.keyfile import WrongPassphrase
from desktop.models import case as m
from desktop.models.engine import CaseFileCorrupt, key_opens, open_engine
from desktop.models.engine import rekey as engine_rekey
from desktop.services import case_rekey
from desktop.services.case import CaseSession, open_case
from desktop.services.case_backup import list_backups
from desktop.services.case_rekey import BackupNotRekeyed, key_check
from tests.models.case_world import PASSPHRASE, World, make_world

ROOT = Path(__file__).resolve().parents[2]
NEW = "a new passphrase"


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _made(world: World, folder: Path, backups: int = 2) -> None:
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70, "before", "")
        for _ in range(backups):
            case.backup()
        case.score_item("A001", "onsite", "4.1.3", 45)


def _rows(case: CaseSession, action: str) -> list[dict[str, object]]:
    return case.run(lambda s: [json.loads(r or "{}") for r in s.scalars(
        select(m.AuditEntry.new).where(m.AuditEntry.action == action))])


def _leftovers(folder: Path) -> list[str]:
    names = [p.name for p in folder.iterdir()] + [p.name for p in (folder / "backups").iterdir()]
    return sorted(n for n in names if n.startswith(".") or n.endswith(".next"))


def _opens_everything(folder: Path, key: bytes) -> bool:
    files = [folder / "case.db", *list_backups(folder / "backups")]
    return all(key_opens(f, key) for f in files)


def _opens_nothing(folder: Path, key: bytes) -> bool:
    files = [folder / "case.db", *list_backups(folder / "backups")]
    return not any(key_opens(f, key) for f in files)


def test_a_passphrase_change_gives_a_new_data_key_to_the_case_and_its_backups(
        world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    _made(world, folder)
    old_copy = tmp_path / "stolen.key"  # a thief's copy of the key file, with the passphrase
    shutil.copyfile(folder / "case.key", old_copy)
    old_key = keyfile.unlock_key_file(old_copy, PASSPHRASE)
    assert _opens_everything(folder, old_key)
    with open_case(folder, PASSPHRASE) as case:
        with pytest.raises(WrongPassphrase):
            case.change_passphrase("not it", NEW)
        assert case.change_passphrase(PASSPHRASE, NEW) == 2
        case.score_item("A001", "onsite", "4.1.4", 30)  # the open session goes on
        new_key = case.data_key
    assert new_key != old_key
    assert keyfile.unlock_key_file(folder / "case.key", NEW) == new_key
    assert _opens_everything(folder, new_key)
    assert _opens_nothing(folder, old_key)  # the old key file copy opens no later state
    with pytest.raises(CaseFileCorrupt):
        open_engine(folder / "case.db", old_key)
    for backup in list_backups(folder / "backups"):
        with pytest.raises(CaseFileCorrupt):
            open_engine(backup, old_key)
    assert not (folder / "case.db-wal").exists() or (folder / "case.db-wal").stat().st_size == 0
    assert _leftovers(folder) == []
    with pytest.raises(WrongPassphrase):
        open_case(folder, PASSPHRASE)
    # the old key file put back in place opens nothing either
    shutil.copyfile(folder / "case.key", tmp_path / "current.key")
    shutil.copyfile(old_copy, folder / "case.key")
    with pytest.raises(CaseFileCorrupt):
        open_case(folder, PASSPHRASE)
    shutil.copyfile(tmp_path / "current.key", folder / "case.key")
    with open_case(folder, NEW) as case:
        assert case.verify_audit().ok
        assert {v.item_id: v.pct for v in case.scores("A001", "onsite")} == {
            "4.1.2": 70, "4.1.3": 45, "4.1.4": 30}
        [row] = _rows(case, "case.passphrase")
        assert row == {"key_check": key_check(new_key), "backups": 2}
        assert old_key.hex() not in json.dumps(row) and new_key.hex() not in json.dumps(row)
        case.restore(list_backups(folder / "backups")[0])  # a re-keyed backup restores
        assert case.scores("A001", "onsite")[0].strengths == "before"
        assert case.verify_audit().ok


def test_rekey_keeps_the_passphrase_and_changes_the_key(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    _made(world, folder, backups=1)
    old_copy = (folder / "case.key").read_bytes()
    with open_case(folder, PASSPHRASE) as case:
        old_key = case.data_key
        with pytest.raises(WrongPassphrase):
            case.rekey("not it")
        assert case.rekey(PASSPHRASE) == 1
        new_key = case.data_key
        assert case.verify_audit().ok and len(_rows(case, "case.rekey")) == 1
    assert new_key != old_key
    assert keyfile.unseal(old_copy, PASSPHRASE, "k", keyfile.KEY_FILE_FORMAT) == old_key
    assert _opens_nothing(folder, old_key) and _opens_everything(folder, new_key)
    with open_case(folder, PASSPHRASE) as case:
        assert case.scores("A001", "onsite")[0].pct == 70


@pytest.mark.parametrize("step", ["staging", "backups_staged", "key_staged", "database"])
def test_a_failure_before_the_commit_changes_nothing(world: World, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     step: str) -> None:
    folder = tmp_path / "case"
    _made(world, folder)
    before = {p.name: p.read_bytes() for p in list_backups(folder / "backups")}
    key_before = (folder / "case.key").read_bytes()

    def fail(*_args: object) -> None:
        raise OSError("disk full (simulated)")

    if step == "staging":
        monkeypatch.setattr(case_rekey, "_stage_backup", fail)
    elif step == "database":
        monkeypatch.setattr(case_rekey, "rekey_database",
                            lambda engine, key: fail() if engine.url.database.endswith(
                                "case.db") else REAL_REKEY(engine, key))
    else:
        monkeypatch.setattr(case_rekey, "_step", lambda name: fail() if name == step else None)
    with open_case(folder, PASSPHRASE) as case:
        old_key = case.data_key
        with pytest.raises(OSError):
            case.change_passphrase(PASSPHRASE, NEW)
        assert case.data_key == old_key
        case.score_item("A001", "onsite", "4.1.4", 30)  # still usable under the old key
    assert _leftovers(folder) == []
    assert (folder / "case.key").read_bytes() == key_before
    assert {p.name: p.read_bytes() for p in list_backups(folder / "backups")} == before
    with pytest.raises(WrongPassphrase):
        open_case(folder, NEW)
    with open_case(folder, PASSPHRASE) as case:
        assert case.verify_audit().ok and not _rows(case, "case.passphrase")


REAL_REKEY = engine_rekey


@pytest.mark.parametrize("step", ["committed", "recorded", "backups_replaced"])
def test_a_failure_after_the_commit_is_finished_by_the_next_open(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    folder = tmp_path / "case"
    _made(world, folder)

    def fail(name: str) -> None:
        if name == step:
            raise OSError("power cut (simulated)")

    monkeypatch.setattr(case_rekey, "_step", fail)
    case = open_case(folder, PASSPHRASE)
    with pytest.raises(OSError):
        case.change_passphrase(PASSPHRASE, NEW)
    case.close()
    monkeypatch.setattr(case_rekey, "_step", lambda name: None)
    with pytest.raises(WrongPassphrase):  # the database moved on: the old passphrase is refused
        open_case(folder, PASSPHRASE)
    with open_case(folder, NEW) as case:
        assert case.verify_audit().ok
        assert len(_rows(case, "case.passphrase") + _rows(case, "case.rekey")) == 1
        new_key = case.data_key
    assert _leftovers(folder) == [] and _opens_everything(folder, new_key)


def test_a_backup_that_does_not_open_stops_the_change_before_anything_changes(
        world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    _made(world, folder, backups=1)
    (folder / "backups" / "case-20000101T000000000000Z.backup.db").write_bytes(b"\0" * 8192)
    with open_case(folder, PASSPHRASE) as case, pytest.raises(BackupNotRekeyed):
        case.rekey(PASSPHRASE)
    assert _leftovers(folder) == []
    with open_case(folder, PASSPHRASE) as case:
        assert not _rows(case, "case.rekey")


# --- SIGKILL at each step, and at random moments ------------------------------------------------

CHILD = """
import os, signal, sys
from pathlib import Path
from desktop.services import case_rekey
from desktop.services.case import open_case

folder, point = Path(sys.argv[1]), sys.argv[2]

def die(name):
    if name == point:
        os.kill(os.getpid(), signal.SIGKILL)

case_rekey._step = die
case = open_case(folder, os.environ["SCOREBOOK_TEST_OLD"])
print("ready", flush=True)
case.change_passphrase(os.environ["SCOREBOOK_TEST_OLD"], os.environ["SCOREBOOK_TEST_NEW"])
print("done", flush=True)
"""
WINNER = {"backups_staged": "old", "key_staged": "old", "committed": "new", "recorded": "new",
          "backups_replaced": "new", "none": "new"}


def _child(folder: Path, point: str) -> subprocess.Popen[str]:
    env = dict(os.environ, SCOREBOOK_TEST_OLD=PASSPHRASE, SCOREBOOK_TEST_NEW=NEW)
    return subprocess.Popen([sys.executable, "-c", CHILD, str(folder), point], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, text=True)


def _which_opens(folder: Path, new_first: bool = False) -> tuple[str, bytes]:
    """Exactly one passphrase opens the case (tried in either order: the first try may be the
    one that settles the files); the case is whole and settled afterwards."""
    works = []
    tries = [("old", PASSPHRASE), ("new", NEW)]
    for name, passphrase in reversed(tries) if new_first else tries:
        try:
            case = open_case(folder, passphrase)
        except WrongPassphrase:
            continue
        with case:
            assert case.verify_audit().ok
            assert case.scores("A001", "onsite")[0].pct == 70
            rows = _rows(case, "case.passphrase") + _rows(case, "case.rekey")
            assert len(rows) == (name == "new")
            assert all(r["key_check"] == key_check(case.data_key) for r in rows)
            works.append((name, case.data_key))
    assert len(works) == 1, works
    assert _leftovers(folder) == []
    assert _opens_everything(folder, works[0][1])
    return works[0]


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_at_each_step_leaves_exactly_one_passphrase(world: World,
                                                            tmp_path: Path) -> None:
    base = tmp_path / "base"
    _made(world, base)
    old_key = keyfile.unlock_key_file(base / "case.key", PASSPHRASE)
    for point, winner in WINNER.items():
        folder = tmp_path / point
        shutil.copytree(base, folder)
        child = _child(folder, point)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        child.wait(timeout=120)
        assert child.returncode == (0 if point == "none" else -signal.SIGKILL), point
        name, key = _which_opens(folder, new_first=True)
        assert name == winner, point
        assert (key == old_key) == (winner == "old")
        if winner == "new":
            assert _opens_nothing(folder, old_key)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_leaves_exactly_one_passphrase(world: World,
                                                                 tmp_path: Path) -> None:
    base = tmp_path / "base"
    _made(world, base, backups=3)
    rng = random.Random(20250917)
    outcomes = set()
    for attempt in range(6):
        folder = tmp_path / f"k{attempt}"
        shutil.copytree(base, folder)
        child = _child(folder, "-")
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        outcomes.add(_which_opens(folder, new_first=attempt % 2 == 1)[0])
    assert outcomes  # which one opens depends on the moment of the kill

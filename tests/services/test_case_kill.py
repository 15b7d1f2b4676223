"""Crash safety: a scoring process killed with SIGKILL again and again loses no acknowledged
edit, and the case file always opens with its audit chain intact; an exporting process killed
at each point between building a bundle and recording it never lets one revision carry two
contents, and records only exports that were written and read back.
(about 30 s here, so not marked slow)"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.services.case import open_case
from tests.models.case_world import PASSPHRASE, World, make_world

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from desktop.services.case import open_case
case = open_case(Path(sys.argv[1]), sys.argv[2])
k = int(sys.argv[3])
items = ["4.1.2", "4.1.3", "4.1.4"]
while True:
    case.score_item("A001", "onsite", items[k % 3], (k % 21) * 5, f"seq={k}", "")
    print(k, flush=True)  # acknowledged: score_item returned, so the commit is durable
    k += 1
"""


def _stored_seq(folder: Path) -> tuple[int, int]:
    with open_case(folder, PASSPHRASE) as case:
        assert case.verify_audit().ok
        seqs = [int(v.strengths.removeprefix("seq=")) for v in case.scores("A001", "onsite")]
        return max(seqs, default=-1), case.audit_count()


def test_sigkill_during_scoring_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("SIGKILL is POSIX")
    world = make_world(tmp_path)
    folder = tmp_path / "case"
    world.create(folder).close()
    rng = random.Random(20250601)
    next_k, acked_total = 0, 0
    for _round in range(20):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), PASSPHRASE,
                                  str(next_k)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        want = rng.randint(1, 30)
        last = None
        for _ in range(want):
            line = child.stdout.readline()
            assert line, "the child stopped early"
            last = int(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert last is not None
        acked_total += want
        stored, rows = _stored_seq(folder)
        assert stored >= last  # every acknowledged edit is there (and maybe one more)
        assert rows >= 1 + acked_total
        next_k = stored + 1


# --- exports: killed at each point between building the bundle and recording it ---------------

EXPORT_CHILD = """
import os, signal, sys
from pathlib import Path
from desktop.crypto import usb
from desktop.services import case_export, export_pending
from desktop.services.case import open_case

folder, stick, point, change = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]

def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

real_open, real_write = case_export.open_bundle, export_pending.write_verified

def sealed_then_die(*args, **kwargs):
    real_open(*args, **kwargs)
    die()

def written_then_die(*args, **kwargs):
    real_write(*args, **kwargs)
    die()

if point == "sealed":  # built, signed and sealed in memory; nothing reserved yet
    case_export.open_bundle = sealed_then_die
elif point == "reserved":  # the revision reserved (committed), nothing written
    export_pending.write_verified = die
elif point == "renamed":  # the file renamed onto the stick, not read back yet
    usb._read_from_medium = die
elif point == "verified":  # written, read back and verified; not recorded
    export_pending.write_verified = written_then_die
case = open_case(folder, os.environ["SCOREBOOK_TEST_PASSPHRASE"])
if change != "-":
    case.score_item("A001", "onsite", "4.1.2", int(change), "seq=" + change, "")
result = case.export_bundle(stick)
print(result.revision, flush=True)
if point == "recorded":  # recorded and reported: the process dies before closing
    die()
"""


def _export_round(folder: Path, stick: Path, point: str, change: int | None) -> int | None:
    stick.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SCOREBOOK_TEST_PASSPHRASE=PASSPHRASE)
    done = subprocess.run([sys.executable, "-c", EXPORT_CHILD, str(folder), str(stick), point,
                           "-" if change is None else str(change)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if point in ("none", "recorded"):
        assert done.stdout.strip(), done.stderr
        assert done.returncode == (0 if point == "none" else -signal.SIGKILL), done.stderr
        return int(done.stdout.split()[0])
    assert done.returncode == -signal.SIGKILL, done.stderr
    return None


def _check_export_invariants(folder: Path, sticks: Path, world: World) -> dict[str, object]:
    """No revision was ever written with two contents; every recorded export is on a stick
    with its content hash; one audit row per recorded export; the audit chain holds."""
    from sqlalchemy import select

    from desktop.crypto.bundle import open_bundle
    from desktop.models import case as m

    by_revision: dict[int, set[str]] = {}
    files: dict[str, str] = {}
    for path in sorted(sticks.rglob("*.sbb")):
        opened = open_bundle(path.read_bytes(), world.office, world.roster)
        by_revision.setdefault(opened.revision, set()).add(opened.content_hash)
        files[path.name] = opened.content_hash
    assert all(len(hashes) == 1 for hashes in by_revision.values()), by_revision
    # A kill -9 in the middle of a write can leave its temporary behind (nothing runs after
    # SIGKILL): hidden, named *.tmp, never taken for a bundle (the office reads *.sbb).
    assert all(t.name.startswith(".") and ".sbb." in t.name for t in sticks.rglob("*.tmp"))
    with open_case(folder, PASSPHRASE) as case:
        assert case.verify_audit().ok
        exports = case.status().exports
        for e in exports:
            assert files.get(e.file_name) == e.content_hash  # written and read back
        audit_rows = case.run(lambda s: len(list(s.scalars(
            select(m.AuditEntry).filter_by(action="bundle.export")))))
        assert audit_rows == len(exports)
        pending = case.run(lambda s: [r.revision for r in s.scalars(
            select(m.PendingExport).order_by(m.PendingExport.revision))])
    return {"recorded": [e.revision for e in exports], "pending": pending,
            "on_sticks": {r: next(iter(h)) for r, h in by_revision.items()}}


# (kill point, score change before exporting or None, the state after it)
EXPORT_ROUNDS: list[tuple[str, int | None, list[int], list[int]]] = [
    ("sealed", 60, [], []),          # nothing reserved: the next export is revision 1
    ("none", None, [1], []),
    ("reserved", 65, [1], [2]),      # revision 2 reserved, nothing written
    ("none", None, [1, 2], []),      # same content: revision 2 again, the same bytes
    ("renamed", 70, [1, 2], [3]),    # revision 3 on a stick, not read back
    ("none", 75, [1, 2, 4], []),     # other content: revision 4; 3 is skipped for good
    ("verified", 80, [1, 2, 4], [5]),  # revision 5 verified on a stick, not recorded
    ("none", None, [1, 2, 4, 5], []),  # same content: revision 5 again, the same bytes
    ("recorded", 85, [1, 2, 4, 5, 6], []),
    ("verified", None, [1, 2, 4, 5, 6], [7]),  # chained to 6: new content, revision 7
    ("renamed", None, [1, 2, 4, 5, 6], [7]),   # the same bytes sent again, killed again
    ("none", None, [1, 2, 4, 5, 6, 7], []),
]


def test_sigkill_at_each_point_of_an_export_never_reuses_a_revision(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("SIGKILL is POSIX")
    world = make_world(tmp_path)
    folder = tmp_path / "case"
    world.create(folder).close()
    sticks = tmp_path / "sticks"
    reserved_bytes: dict[int, str] = {}
    for k, (point, change, recorded, pending) in enumerate(EXPORT_ROUNDS):
        revision = _export_round(folder, sticks / f"stick-{k}", point, change)
        state = _check_export_invariants(folder, sticks, world)
        assert (state["recorded"], state["pending"]) == (recorded, pending), (k, point, state)
        if revision is not None:
            assert revision == recorded[-1]
        on_sticks = state["on_sticks"]
        assert isinstance(on_sticks, dict)
        for rev, content in on_sticks.items():  # once out, a revision keeps its content
            assert reserved_bytes.setdefault(rev, content) == content
    assert set(reserved_bytes) == {1, 2, 3, 4, 5, 6, 7}


LOOP_CHILD = """
import os, sys
from pathlib import Path
from desktop.services.case import open_case
case = open_case(Path(sys.argv[1]), os.environ["SCOREBOOK_TEST_PASSPHRASE"])
stick, k = Path(sys.argv[2]), int(sys.argv[3])
while True:
    case.score_item("A001", "onsite", "4.1.3", (k % 21) * 5, f"seq={k}", "")
    print(case.export_bundle(stick).revision, flush=True)
    k += 1
"""


def test_sigkill_at_random_moments_of_repeated_exports(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("SIGKILL is POSIX")
    world = make_world(tmp_path)
    folder = tmp_path / "case"
    world.create(folder).close()
    sticks = tmp_path / "sticks"
    rng = random.Random(20250616)
    env = dict(os.environ, SCOREBOOK_TEST_PASSPHRASE=PASSPHRASE)
    acked: list[int] = []
    for k in range(6):
        stick = sticks / f"stick-{k}"
        stick.mkdir(parents=True)
        child = subprocess.Popen([sys.executable, "-c", LOOP_CHILD, str(folder), str(stick),
                                  str(k * 100)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 text=True)
        assert child.stdout is not None
        line = child.stdout.readline()  # one export acknowledged, then a kill mid-way
        assert line, "the child stopped early"
        acked.append(int(line))
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        state = _check_export_invariants(folder, sticks, world)
        recorded = state["recorded"]
        assert isinstance(recorded, list) and set(acked) <= set(recorded)
    assert acked == sorted(acked) and len(set(acked)) == len(acked)

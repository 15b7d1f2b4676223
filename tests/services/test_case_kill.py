"""Crash safety: a scoring process killed with SIGKILL again and again loses no acknowledged
edit, and the case file always opens with its audit chain intact.
(about 15 s here, so not marked slow)"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.case import open_case
from tests.models.case_world import PASSPHRASE, make_world

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

"""Two office machines on one PostgreSQL workspace at the same time (issue 16, part 7): two
processes merging disjoint and overlapping bundles lose nothing and count nothing twice, and a
merge beside a re-rank shows only states a sequential merge passes through; in both cases the
final state equals that of the same merges run one after the other.

Real processes (``merge_child``) against the real server the tests start (tests/pg.py). The
workspace is made once, then copied with ``CREATE DATABASE … TEMPLATE`` so the concurrent and
the sequential runs start from the same bytes (same cycle, keys and applicant ids).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.models.office.decision import HistoryEntry
from desktop.models.office.review import (
    ConsensusItem,
    Feedback,
    ItemScore,
    MergeRefusal,
    PanelScore,
    QuarantinedFile,
    ReceivedBundle,
)
from desktop.services.office import merge, ranking
from desktop.services.office.workspace import Workspace, init_workspace, open_workspace
from tests.pg import PgServer
from tests.services.office.helpers import Small, scores_for, small_cycle, write
from tests.services.office.merge_child import canonical

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "pass phrase"


# --- the files two office machines merge ------------------------------------------------------


def _bundle(small: Small, rid: str, stage: str, apps: list[str], *, revision: int = 1,
            seed: int = 1, kind: str = "scores", recusals: tuple[str, ...] = ()) -> bytes:
    scores = scores_for(apps, stage, seed)
    if kind == "consensus":  # the leader's consensus: the rationale where comments go
        scores = [s | {"strengths": "合议理由", "improvements": ""} for s in scores]
    snap = {"scores": scores, "panel_scores": [],
            "recusals": [{"applicant_id": a, "reason": "employment", "text": "曾任职",
                          "declared_at": "2025-07-01T00:00:00Z"} for a in recusals],
            "feedback": [{"applicant_id": apps[0], "stage_id": stage, "rating": "compliant",
                          "text": f"{rid} 守规", "created_at": "2025-07-01T00:00:00Z",
                          "secret_marks": []}] if kind == "scores" and apps else []}
    manifest = new_manifest(kind=kind, cycle_id=small.cycle, stage_id=stage, reviewer_id=rid,
                            revision=revision, prev_hash="", snapshot=snap, audit_head="")
    return build_bundle(small.ids[rid], manifest, [small.office_enc])


def _files(small: Small, folder: Path) -> dict[str, Path]:
    """Scores of four reviewers on two stages, a second revision, a fork, a consensus, a
    recusal declared in the field and a tampered file."""
    a0, a1, a2 = (a.id for a in small.apps)
    everyone = [a0, a1, a2]
    made = {
        "R2-material-1": _bundle(small, "R2", "material", everyone, seed=1),
        "R3-material-1": _bundle(small, "R3", "material", everyone, seed=2),
        "R4-material-1": _bundle(small, "R4", "material", everyone, seed=3),
        "R1-material-1": _bundle(small, "R1", "material", [a0, a2], seed=4, recusals=(a1,)),
        "R2-onsite-1": _bundle(small, "R2", "onsite", everyone, seed=5),
        "R3-onsite-1": _bundle(small, "R3", "onsite", everyone, seed=6),
        "R2-material-2": _bundle(small, "R2", "material", everyone, revision=2, seed=7),
        "R3-onsite-1-fork": _bundle(small, "R3", "onsite", everyone, seed=8),
        "R4-consensus-material": _bundle(small, "R4", "material", [a0], seed=9,
                                         kind="consensus"),
        "R4-onsite-1": _bundle(small, "R4", "onsite", everyone, seed=10),
    }
    bad = bytearray(_bundle(small, "R3", "material", everyone, revision=3, seed=11))
    bad[len(bad) // 2] ^= 0x01
    made["tampered"] = bytes(bad)
    return {name: write(folder, f"{name}.sbb", data) for name, data in made.items()}


A = ["R2-material-1", "R3-material-1", "R4-material-1", "R2-material-2", "tampered",
     "R2-onsite-1", "R4-consensus-material"]
B = ["R1-material-1", "R3-onsite-1", "R3-onsite-1-fork", "R4-onsite-1", "tampered",
     "R3-material-1", "R2-material-2"]  # the last two and the tampered one overlap with A


def _batches(names: list[str], files: dict[str, Path], size: int = 2) -> list[list[str]]:
    return [[str(files[n]) for n in names[i:i + size]] for i in range(0, len(names), size)]


# --- workspaces copied from one template ------------------------------------------------------


def _clone(server: PgServer, template_url: str) -> str:
    import psycopg

    name = "t_" + secrets.token_hex(6)
    template = make_url(template_url).database
    with psycopg.connect(host="127.0.0.1", port=server.port, user=server.user,
                         password=server.password, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')  # our hex names only
    return server.url(name)


class Template:
    def __init__(self, server: PgServer, root: Path) -> None:
        self.server = server
        self.root = root
        self.url = server.create_database()
        folder = root / "template"
        ws = init_workspace(folder, PASSPHRASE, "Test office", database_url=self.url,
                            kdf=CHEAP_KDF)
        try:
            self.small = small_cycle(ws)
        finally:
            ws.close()  # CREATE DATABASE … TEMPLATE needs no one connected to it
        self.folder = folder
        self.files = _files(self.small, root / "in")

    def copy(self, name: str) -> tuple[Path, str]:
        folder = self.root / name
        shutil.copytree(self.folder, folder)
        return folder, _clone(self.server, self.url)


@pytest.fixture
def template(pg_server: PgServer, tmp_path: Path) -> Template:
    return Template(pg_server, tmp_path)


def _child(mode: str, folder: Path, url: str, arg: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, SCOREBOOK_PASSPHRASE=PASSPHRASE, SCOREBOOK_DATABASE_URL=url)
    child = subprocess.Popen([sys.executable, "-m", "tests.services.office.merge_child", mode,
                              str(folder), str(arg)], cwd=ROOT, env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        child.kill()
        raise AssertionError(f"child did not start: {line!r} {child.communicate()[1]}")
    return child


def _go(*children: subprocess.Popen[str]) -> None:
    for child in children:  # both are waiting: release them together
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()


def _lines(child: subprocess.Popen[str], timeout: float = 300) -> list[dict[str, Any]]:
    out, err = child.communicate(timeout=timeout)
    assert child.returncode == 0, err
    lines = out.splitlines()
    assert lines[-1] == "done", err
    return [json.loads(x) for x in lines[:-1]]


def _job(folder: Path, name: str, batches: list[list[str]]) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(batches), encoding="utf-8")
    return path


# --- the state compared ------------------------------------------------------------------------


def state(ws: Workspace) -> dict[str, Any]:
    """Everything merging stores or derives, without the per-database row ids."""
    with ws.uow() as s:
        held = sorted((r.sha256, r.content_hash, r.signer_id, r.stage_id, r.kind, r.revision)
                      for r in s.execute(select(ReceivedBundle)).scalars())
        out: dict[str, Any] = {
            "held": held,
            "item_scores": sorted((r.reviewer_id, str(r.applicant_id), r.stage_id, r.item_id,
                                   r.pct, r.strengths, r.improvements)
                                  for r in s.execute(select(ItemScore)).scalars()),
            "panel_scores": sorted((r.reviewer_id, str(r.applicant_id), r.stage_id,
                                    str(r.value))
                                   for r in s.execute(select(PanelScore)).scalars()),
            "consensus": sorted((str(r.applicant_id), r.stage_id, r.item_id, r.pct,
                                 r.rationale, r.leader_id)
                                for r in s.execute(select(ConsensusItem)).scalars()),
            "feedback": sorted((r.reviewer_id, str(r.applicant_id), r.stage_id, r.assessment,
                                r.text) for r in s.execute(select(Feedback)).scalars()),
            "refusals": sorted((str(r.applicant_id), r.reason)
                               for r in s.execute(select(MergeRefusal)).scalars()),
            "quarantined": sorted({(r.sha256, r.file_name)
                                   for r in s.execute(select(QuarantinedFile)).scalars()}),
            "quarantine_rows": s.execute(select(func.count())
                                         .select_from(QuarantinedFile)).scalar_one(),
            "merges": s.execute(select(func.count()).select_from(HistoryEntry)
                                .where(HistoryEntry.action == "merge")).scalar_one(),
        }
    out["forks"] = sorted((f.reviewer, f.stage, f.kind, f.revision,
                           tuple(sorted(x.content_hash for x in f.sides)), f.chosen)
                          for f in merge.list_forks(ws))
    out["ranking"] = canonical(ranking.rank(ws))
    return out


def _sequential(template: Template, name: str, batches: list[list[str]],
                after_each: list[str] | None = None) -> dict[str, Any]:
    folder, url = template.copy(name)
    ws = open_workspace(folder, PASSPHRASE, url)
    try:
        if after_each is not None:
            after_each.append(canonical(ranking.rank(ws)))
        for batch in batches:
            merge.merge_files(ws, [Path(p) for p in batch])
            if after_each is not None:
                after_each.append(canonical(ranking.rank(ws)))
        return state(ws)
    finally:
        ws.close()


def _final(folder: Path, url: str) -> dict[str, Any]:
    ws = open_workspace(folder, PASSPHRASE, url)
    try:
        return state(ws)
    finally:
        ws.close()


# --- the tests -----------------------------------------------------------------------------------


def test_two_machines_merging_at_once_equal_one_after_the_other(template: Template) -> None:
    files = template.files
    a, b = _batches(A, files), _batches(B, files)
    folder, url = template.copy("concurrent")
    first = _child("merge", folder, url, _job(template.root, "a", a))
    second = _child("merge", folder, url, _job(template.root, "b", b))
    _go(first, second)
    seen = _lines(first) + _lines(second)
    together = _final(folder, url)
    alone = _sequential(template, "sequential", a + b)
    assert together == alone

    # lose nothing: every distinct file that verifies is held once; the tampered one is not
    valid = {files[n] for n in A + B if n != "tampered"}
    assert len(together["held"]) == len(valid) == 10
    # count nothing twice: each distinct file was taken (new, updated, stale or fork) exactly
    # once over both machines; every other sight of it was a duplicate
    outcomes: Counter[str] = Counter()
    taken: Counter[str] = Counter()
    for line in seen:
        for file, outcome in line["files"]:
            outcomes[outcome] += 1
            if outcome not in ("duplicate", "rejected"):
                taken[file] += 1
    assert set(taken.values()) == {1} and len(taken) == len(valid)
    assert outcomes["duplicate"] == 2 and outcomes["rejected"] == 2
    assert together["merges"] == len(a) + len(b)
    assert together["forks"] and together["consensus"] and together["feedback"]
    assert together["item_scores"] and together["quarantined"]


def test_a_merge_beside_a_re_rank_shows_only_sequential_states(template: Template) -> None:
    files = template.files
    names = A + [n for n in B if n not in A]
    batches = _batches(names, files)
    allowed: list[str] = []
    alone = _sequential(template, "sequential", batches, after_each=allowed)

    folder, url = template.copy("concurrent")
    stop = template.root / "stop"
    merger = _child("merge", folder, url, _job(template.root, "all", batches))
    ranker = _child("rank", folder, url, stop)
    _go(merger, ranker)
    try:
        merged = _lines(merger)
    finally:
        stop.touch()
    rankings = [line["ranking"] for line in _lines(ranker)]
    assert len(merged) == len(batches) and len(rankings) >= 2
    for seen in rankings:  # each ranking is one the sequential merge passed through
        assert canonical(seen) in allowed
    assert canonical(rankings[-1]) == allowed[-1]
    assert _final(folder, url) == alone

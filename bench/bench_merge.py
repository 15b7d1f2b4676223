"""Merging 1,000 score bundles (200 applicants × 5 reviewers, 23 items) into the office workspace.

Each bundle is one reviewer's sheet for one applicant (1,000 distinct reviewers, so none
supersedes another). Timed: ``merge_files`` on the encrypted embedded workspace — read, verify
(decrypt, signature, roster), classify, keep every bundle whole, derive the 23,000 item scores.
Two floors, measured in the same run on the same files, share the same 23,000 rows inserted bare
(one executemany into an encrypted SQLite table, one transaction):

- floor A: our ``open_bundle`` of every file (HPKE, Ed25519, roster, strict JSON and schema);
- floor B: the bare cryptography of bench_bundles — a single-shot HPKE open of each signed
  payload sealed to the office alone and one Ed25519 verify — the issue's "done bare".

- floor C: floor B + what the office must do because it keeps every bundle whole (each file
  hashed, its raw bytes and manifest text in one executemany under a unique hash index) + a bare
  ``json.loads`` of each payload (``bench/merge_parts.py``, each part timed).

Aim: ≤ 2× (the issue's floor is B; A shows what the merge adds beyond opening, C what is left
beyond what keeping the bundles whole costs). On SQLite the same files are then merged into a
copy of the set-up with each step timed: where the merge's CPU goes. Then 10 more
bundles (two more applicants) into the office holding those 1,000, against floor B for those 10
(issue 26: an import should cost in proportion to what it imports), and a re-import of 10 held
ones. ``--postgres``: the same against a PostgreSQL server started for the run
(``bench/pg_option.py``; the floors' bare inserts stay in SQLite), with peak memory. Prints;
asserts nothing.
"""

from __future__ import annotations

import gc
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bench import merge_parts, pg_option
from desktop.crypto import container, dsse
from desktop.crypto.bundle import (
    BUNDLE_TYPE,
    MAX_BUNDLE_BYTES,
    build_bundle,
    new_manifest,
    open_bundle,
)
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.models.engine import make_engine
from desktop.services.catalogue import framework
from desktop.services.office import applicants, cycle, merge, packages, reviewers
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import kept
from desktop.services.office.workspace import Workspace, init_workspace, open_workspace

APPLICANTS = 200
PER_APPLICANT = 5
MORE = 2  # applicants whose 10 bundles arrive after the 1,000 ("10 more into 1,000")


def setup(folder: Path, url: str | None = None, more: int = MORE
          ) -> tuple[Workspace, list[Path]]:
    ws = init_workspace(folder / "office", "bench", "Bench office", kdf=CHEAP_KDF,
                        database_url=url)
    cycle.open_cycle(ws, "baotou-hitech", 2025)
    cycle.decide_suggested(ws)
    import random

    rng = random.Random(1)
    fw = framework()
    enc = ws.identity().enc_pub
    files: list[Path] = []
    (folder / "in").mkdir()
    for a in range(APPLICANTS + more):
        app = applicants.add_applicant(ws, applicants.ApplicantInput(
            name=f"基准企业{a}有限公司", award_id="hitech",
            credit_code=credit_code.generate(rng, "150271"), industry="制造业")).result
        ids = []
        for r in range(PER_APPLICANT):
            ident = ReviewerIdentity.generate(f"R{a:03d}-{r}", f"评审员{a}-{r}")
            reviewers.enrol(ws, make_card(ident), industry="制造业")
            ids.append(ident)
        members = [i.reviewer_id for i in ids]
        reviewers.create_team(ws, f"T{a}", members, members[-1], industry="制造业")
        packages.assign(ws, app.ref, f"T{a}")
        for ident in ids:
            scores = [{"applicant_id": app.id, "stage_id": "material", "item_id": it.id,
                       "pct": rng.randrange(0, 21) * 5, "strengths": "优势：体系健全。" * 3,
                       "improvements": "改进：加强对标。" * 3, "secret_marks": []}
                      for it in fw.items]
            m = new_manifest(kind="scores", cycle_id="baotou-hitech.2025", stage_id="material",
                             reviewer_id=ident.reviewer_id, revision=1, prev_hash="",
                             audit_head="", snapshot={"scores": scores, "panel_scores": [],
                                                      "recusals": [], "feedback": []})
            path = folder / "in" / f"{ident.reviewer_id}.sbb"
            path.write_bytes(build_bundle(ident, m, [enc]))
            files.append(path)
    packages.issue_roster(ws)
    return ws, files


def floor_engine(folder: Path) -> Any:
    """A fresh encrypted SQLite database with a bare item-score table (the floors' inserts)."""
    engine = make_engine(folder / f"floor-{secrets.token_hex(4)}.db", secrets.token_bytes(32))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE item_score (id TEXT PRIMARY KEY, reviewer TEXT, "
                             "applicant TEXT, stage TEXT, item TEXT, pct INTEGER, "
                             "strengths TEXT, improvements TEXT)")
    return engine


def floor(ws: Workspace, files: list[Path], folder: Path) -> float:
    with ws.uow() as s:
        roster = packages.current_roster(s, resolve_cycle(s))
    assert roster is not None
    identity = ws.identity()
    engine = floor_engine(folder)
    start, cpu = time.perf_counter(), time.process_time()
    rows = []
    for path in files:
        opened = open_bundle(path.read_bytes(), identity, roster[0])
        for sc in opened.manifest["snapshot"]["scores"]:
            rows.append((secrets.token_hex(16), opened.manifest["reviewer_id"],
                         sc["applicant_id"], sc["stage_id"], sc["item_id"], sc["pct"],
                         sc["strengths"], sc["improvements"]))
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO item_score VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - start
    _FLOOR_CPU["A"] = time.process_time() - cpu
    engine.dispose()
    return elapsed


_FLOOR_CPU: dict[str, float] = {}  # floor A's CPU time in the last run


def bare_floor(ws: Workspace, files: list[Path], folder: Path) -> float:
    """Floor B: bare HPKE open + Ed25519 verify of each file's signed payload, same inserts."""
    return bare_floor_times(ws, files, folder)[0]


def bare_floor_times(ws: Workspace, files: list[Path], folder: Path) -> tuple[float, float]:
    """Floor B's wall and CPU time."""
    import json

    office = ws.identity()
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    prepared = []  # not timed: the same signed envelopes, sealed whole to the office alone
    for path in files:
        envelope = container.unseal(container.BUNDLE_MAGIC, path.read_bytes(),
                                    office.enc_private, MAX_BUNDLE_BYTES)
        env = dsse.parse_binary(envelope, BUNDLE_TYPE)
        manifest = json.loads(env.payload)
        signer = Ed25519PublicKey.from_public_bytes(
            reviewers_sign_pub(ws, manifest["reviewer_id"]))
        rows = [(secrets.token_hex(16), manifest["reviewer_id"], sc["applicant_id"],
                 sc["stage_id"], sc["item_id"], sc["pct"], sc["strengths"], sc["improvements"])
                for sc in manifest["snapshot"]["scores"]]
        prepared.append((suite.encrypt(envelope, office.enc_private.public_key(), b"floor"),
                         env, signer, rows))
    engine = floor_engine(folder)
    start, cpu = time.perf_counter(), time.process_time()
    all_rows = []
    for sealed, env, signer, rows in prepared:
        suite.decrypt(sealed, office.enc_private, b"floor")
        signer.verify(env.sig, dsse.pae(env.payload_type, env.payload))
        all_rows.extend(rows)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO item_score VALUES (?, ?, ?, ?, ?, ?, ?, ?)", all_rows)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    return elapsed, used


_SIGN_PUBS: dict[str, bytes] = {}


def reviewers_sign_pub(ws: Workspace, reviewer_id: str) -> bytes:
    if not _SIGN_PUBS:
        with ws.uow() as s:
            roster = packages.current_roster(s, resolve_cycle(s))
        assert roster is not None
        _SIGN_PUBS.update({e.reviewer_id: e.sign_pub for e in roster[0].reviewers})
    return _SIGN_PUBS[reviewer_id]


def _options() -> tuple[bool, int, Path | None]:
    """``--incremental`` (or SCOREBOOK_BENCH_MERGE=incremental): only the imports into the
    1,000 — the 1,000 merged untimed-against-floors, then ``--batches N`` batches of 10 more
    (default 5), each against floor B for those 10; ``--cache DIR`` (SQLite only): keep the
    set-up workspace (and, with ``--incremental``, the one holding the 1,000 merged) in DIR and
    start from a copy of it next time (a profile of the imports without 20 s of set-up)."""
    args = sys.argv[1:]
    incremental = "--incremental" in args or \
        os.environ.get("SCOREBOOK_BENCH_MERGE") == "incremental"
    batches = int(args[args.index("--batches") + 1]) if "--batches" in args else 5
    cache = Path(args[args.index("--cache") + 1]) if "--cache" in args else None
    if cache is not None and pg_option.wanted():
        raise SystemExit("--cache: SQLite only")
    return incremental, batches if incremental else 1, cache


def _prepared(folder: Path, url: str | None, more: int, cache: Path | None,
              stage: str) -> tuple[Workspace, list[Path], bool]:
    """The workspace and the files, from ``cache`` when it holds ``stage`` for ``more``;
    whether it came from there."""
    for name in dict.fromkeys((stage, "setup")):
        saved = None if cache is None else cache / f"{name}-{more}"
        if saved is not None and (saved / "ready").exists():
            shutil.copytree(saved / "office", folder / "office")
            files = [saved / "in" / n for n in (saved / "order").read_text().split()]
            return open_workspace(folder / "office", "bench"), files, name == stage
    ws, files = setup(folder, url, more)
    return ws, files, False


def _save(ws: Workspace, folder: Path, files: list[Path], cache: Path | None, more: int,
          stage: str) -> Workspace:
    """Keep the workspace (closed, copied, opened again) and the files in ``cache``."""
    if cache is None or (cache / f"{stage}-{more}" / "ready").exists():
        return ws
    saved = cache / f"{stage}-{more}"
    shutil.rmtree(saved, ignore_errors=True)
    ws.close()
    shutil.copytree(folder / "office", saved / "office")
    (saved / "in").mkdir()
    for path in files:
        shutil.copyfile(path, saved / "in" / path.name)
    (saved / "order").write_text("\n".join(p.name for p in files))
    (saved / "ready").touch()
    return open_workspace(folder / "office", "bench")


def main() -> None:
    incremental, batches, cache = _options()
    more_apps = MORE * batches
    with tempfile.TemporaryDirectory() as tmp, pg_option.database_url() as url:
        folder = Path(tmp)
        t0 = time.perf_counter()
        stage = "merged" if incremental else "setup"
        ws, every, cached = _prepared(folder, url, more_apps, cache, stage)
        if not cached and incremental:
            ws = _save(ws, folder, every, cache, more_apps, "setup")
        split = APPLICANTS * PER_APPLICANT
        files, more = every[:split], every[split:]
        print(f"setup: {len(every)} bundles in {time.perf_counter() - t0:.1f} s (not timed; "
              f"{pg_option.backend()}{'; from the cache' if cached else ''})")
        if incremental:
            _incremental(ws, folder, files, more, cached, cache, every)
            return
        if not cached:
            ws = _save(ws, folder, every, cache, more_apps, "setup")
        try:
            bare = floor(ws, files, folder)
            crypto, crypto_cpu = bare_floor_times(ws, files, folder)
            engine = floor_engine(folder)
            whole, whole_cpu, whole_parts = merge_parts.floor_c(
                ws, files, engine,
                lambda rid: Ed25519PublicKey.from_public_bytes(reviewers_sign_pub(ws, rid)))
            engine.dispose()
            crypto_more = sorted(bare_floor(ws, more, folder) for _ in range(5))
            whole_more = _floor_c_best(ws, more, folder)
            if url is None:  # a copy of the set-up for the decomposition (SQLite only)
                ws.close()
                shutil.copytree(folder / "office", folder / "parts")
                ws = open_workspace(folder / "office", "bench")
            result, full, full_cpu = _merge(ws, files)
            assert result.counts["new"] == len(files), result.counts
            added, ten, ten_cpu = _merge(ws, more)  # 10 new bundles into an office of 1,000
            assert added.counts["new"] == len(more), added.counts
            again = _again(ws, files)
        finally:
            ws.close()
        parts = None if url is not None else merge_parts.decompose(
            lambda: open_workspace(folder / "parts", "bench"), files)
    print(f"floor (open_bundle ×{len(files)} + {result.item_scores} bare inserts): "
          f"{bare:.2f} s")
    print(f"floor B (bare HPKE open + Ed25519 verify ×{len(files)} + the same inserts): "
          f"{crypto:.2f} s")
    print(f"merge_files ×{len(files)}: {full:.2f} s (CPU {full_cpu:.2f} s)  ratio "
          f"{full / crypto:.2f}× floor B (aim ≤ 2×), {full / bare:.2f}× floor A")
    print(f"  in CPU time: floor A {_FLOOR_CPU['A']:.2f} s, floor B {crypto_cpu:.2f} s; ratio "
          f"{full_cpu / crypto_cpu:.2f}× floor B, {full_cpu / _FLOOR_CPU['A']:.2f}× floor A")
    print(f"floor C (floor B + every bundle kept whole: hashed, raw bytes and manifest text in "
          f"one executemany with a unique hash index, + a bare json.loads of each payload): "
          f"{whole:.2f} s (CPU {whole_cpu:.2f} s)")
    print(f"  ratio {full / whole:.2f}× floor C, in CPU time {full_cpu / whole_cpu:.2f}× "
          f"(floor C's CPU: HPKE + Ed25519 {whole_parts['crypto'] * 1000:.0f} ms, json.loads "
          f"{whole_parts['json.loads'] * 1000:.0f} ms, item scores "
          f"{whole_parts['items'] * 1000:.0f} ms, bundles {whole_parts['bundles'] * 1000:.0f} "
          f"ms, commit {whole_parts['commit'] * 1000:.0f} ms, hashing and the rest "
          f"{whole_parts['rest'] * 1000:.0f} ms)")
    print(f"10 more into {len(files)}: {ten * 1000:.0f} ms (CPU {ten_cpu * 1000:.0f} ms)  "
          f"floor B for those 10 "
          f"{crypto_more[0] * 1000:.1f} ms (slowest of 5 {crypto_more[-1] * 1000:.1f} ms)  "
          f"ratio {ten / crypto_more[0]:.0f}× (aim ≤ 2×)")
    print(f"  floor C for those 10: {whole_more[0] * 1000:.1f} ms (CPU "
          f"{whole_more[1] * 1000:.1f} ms)  ratio {ten / whole_more[0]:.1f}×, in CPU time "
          f"{ten_cpu / whole_more[1]:.1f}×")
    print(f"re-import of 10 held (duplicates): {min(again) * 1000:.0f} ms "
          f"(slowest of 3 {max(again) * 1000:.0f} ms)   {pg_option.peak_memory()}")
    if parts is not None:
        print("\n".join(merge_parts.report(*parts, whole_parts, whole_cpu)))


def _floor_c_best(ws: Workspace, files: list[Path], folder: Path) -> tuple[float, float]:
    """Floor C of ``files``, best of 5: wall and CPU time (each its own best)."""
    runs = []
    for _ in range(5):
        engine = floor_engine(folder)
        wall, cpu, _parts = merge_parts.floor_c(
            ws, files, engine,
            lambda rid: Ed25519PublicKey.from_public_bytes(reviewers_sign_pub(ws, rid)))
        engine.dispose()
        runs.append((wall, cpu))
    return min(w for w, _c in runs), min(c for _w, c in runs)


def _merge(ws: Workspace, files: list[Path]) -> tuple[Any, float, float]:
    """``merge_files`` timed (wall and CPU), with the young collection the merge's paused
    collector defers (``office.gc_pause``) charged to it."""
    start, cpu = time.perf_counter(), time.process_time()
    result = merge.merge_files(ws, files)
    gc.collect(0)
    return result, time.perf_counter() - start, time.process_time() - cpu


def _again(ws: Workspace, files: list[Path]) -> list[float]:
    return [_merge(ws, files[:10])[1] for _ in range(3)]  # re-import of 10 held: duplicates


def _incremental(ws: Workspace, folder: Path, files: list[Path], more: list[Path],
                 cached: bool, cache: Path | None, every: list[Path]) -> None:
    """The 1,000 merged (once; kept in the cache), then each batch of 10 more."""
    size = MORE * PER_APPLICANT
    try:
        if not cached:
            _result, full, full_cpu = _merge(ws, files)
            print(f"merge_files ×{len(files)}: {full:.2f} s (CPU {full_cpu:.2f} s; no floor in "
                  f"this mode)")
            ws = _save(ws, folder, every, cache, len(more) // PER_APPLICANT, "merged")
        with ws.uow() as s:
            current = kept(s, resolve_cycle(s)) is not None
        if not current:
            print("NOTE: the kept state is not current (a cache older than the code?): the "
                  "imports below derive everything")
        batches = [more[i:i + size] for i in range(0, len(more), size)]
        floors = [bare_floor_times(ws, batches[0], folder) for _ in range(5)]
        crypto = sorted(wall for wall, _cpu in floors)
        crypto_cpu = min(cpu for _wall, cpu in floors)
        whole = _floor_c_best(ws, batches[0], folder)
        times, cpus = [], []
        for batch in batches:
            added, wall, cpu = _merge(ws, batch)
            times.append(wall)
            cpus.append(cpu)
            assert added.counts["new"] == len(batch), added.counts
        again = _again(ws, files)
    finally:
        ws.close()
    print(f"10 more into {len(files)} (then {len(files) + size} …), {len(times)} batches: "
          + ", ".join(f"{t * 1000:.0f}" for t in times) + " ms")
    print(f"  best {min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms"
          f"  floor B for 10 {crypto[0] * 1000:.1f} ms (slowest of 5 {crypto[-1] * 1000:.1f} "
          f"ms)  ratio {min(times) / crypto[0]:.1f}× (aim ≤ 2×)")
    print("  CPU: batches " + ", ".join(f"{t * 1000:.0f}" for t in cpus) + f" ms; best "
          f"{min(cpus) * 1000:.0f} ms, median {statistics.median(cpus) * 1000:.0f} ms  floor B "
          f"CPU {crypto_cpu * 1000:.1f} ms  ratio {min(cpus) / crypto_cpu:.1f}× best, "
          f"{statistics.median(cpus) / crypto_cpu:.1f}× median")
    print(f"  floor C for 10 (floor B + the 10 kept whole + json.loads): best "
          f"{whole[0] * 1000:.1f} ms, CPU {whole[1] * 1000:.1f} ms; ratio "
          f"{min(times) / whole[0]:.1f}× best, in CPU time {min(cpus) / whole[1]:.1f}× best, "
          f"{statistics.median(cpus) / whole[1]:.1f}× median")
    print(f"re-import of 10 held (duplicates): {min(again) * 1000:.0f} ms "
          f"(slowest of 3 {max(again) * 1000:.0f} ms)   {pg_option.peak_memory()}")


if __name__ == "__main__":
    main()

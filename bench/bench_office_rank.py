"""Re-ranking an office through the service: 500 applicants × 3 stages × 5 reviewers.

Setup (not timed): an embedded (SQLCipher) office workspace for an nmg-chairman cycle — material
and site visit scored item by item (23 items), the defense as one panel score — with 500
applicants imported, 5 reviewers enrolled in one team, and 15 real signed, sealed bundles
(5 reviewers × 3 stages) merged by ``merge.merge_files``: 115,000 item scores and 2,500 panel
scores in the office database, a few office conflicts among them.

Measured: ``ranking.rank(ws)`` — one unit of work: read the merged scores, consensus, conflicts,
settings and award history, each reviewer's total per stage, the stage totals (recusals out),
the comprehensive score, the site-visit shortlist and the ranking against the quota.

Floor, in the same run: the pure domain on the same numbers already in memory (no database):
``reviewer_total``, ``stage_total``, ``comprehensive``, ``shortlist`` and ``rank_category``.
The ratio is what reading the office database and building the view cost (aim ≤ 1.5×, issue
26). ``readiness.unresolved`` alone is timed too: without the ranking's totals in hand it reads
them itself (which weighted stages have no total: the missing scores), so it costs about the
ranking's reads. The statements one ranking has the database run are counted (untimed: through
SQLAlchemy and through the driver's own cursor, and apart, BEGIN, COMMIT and on PostgreSQL the
pool's liveness check). Prints; asserts
nothing. ``--postgres``: the same
against a PostgreSQL server started for the run (``bench/pg_option.py``), with peak memory.
``ranking.rank`` and ``readiness.unresolved`` pause the cyclic collector (``office.gc_pause``,
as the merge does); the young collection that defers is run after each call and charged to it.
The two sides run interleaved (real, floor, real, floor …, 9 pairs) so that a busy spell of this
shared machine hits both; the best wall time of each, the spread of the pairs' ratios and the
best CPU time of each (``time.process_time``: what the process itself spent) are printed.

    .venv/bin/python -m bench office_rank
    .venv/bin/python -m bench.bench_office_rank --postgres
"""

from __future__ import annotations

import gc
import json
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import pg_option
from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.domain.ranking import (
    comprehensive,
    rank_category,
    reviewer_total,
    shortlist,
    stage_total,
)
from desktop.domain.scoring import ItemEntry
from desktop.services.catalogue import framework
from desktop.services.office import (
    applicants,
    conflicts,
    cycle,
    merge,
    packages,
    ranking,
    readiness,
)
from desktop.services.office import reviewers as office_reviewers
from desktop.services.office.common import resolve_cycle
from desktop.services.office.cycle import settings, shortlist_rule, weights
from desktop.services.office.workspace import Workspace, init_workspace

PROGRAMME = "nmg-chairman"
APPLICANTS = 500
REVIEWERS = 5
REPEATS = 5
PAIRS = 9


def times_of(run: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(REPEATS):
        gc.collect()  # untimed: no run pays for the garbage of the one before
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return sorted(times)


def paired(real: Callable[[], object], floor: Callable[[], object]
           ) -> tuple[list[float], list[float], list[float], list[float]]:
    """Wall and CPU times of each side, interleaved (real, floor, real, floor …: a busy spell
    of the shared machine hits both), PAIRS pairs; each list sorted. Each run starts after a
    full collection, untimed: neither side pays for the other's leftovers (the real path pauses
    the collector and is charged its deferred young collection; the floor's run as it comes)."""
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(PAIRS):
        for side, run in enumerate((real, floor)):
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            cpu[side].append(time.process_time() - start_cpu)
            wall[side].append(time.perf_counter() - start)
    ratios = [r / f for r, f in zip(wall[0], wall[1], strict=True)]
    return sorted(wall[0]), sorted(wall[1]), sorted(ratios), \
        [min(cpu[0]), min(cpu[1])]


def statements_of(ws: Workspace, run: Callable[[], object]) -> tuple[int, int]:
    """How many statements ``run`` has the database run (untimed): those SQLAlchemy sends
    (``before_cursor_execute``) and those read through the driver's own cursor (the kept
    state's check, ``derived_state``), and beside them, on PostgreSQL, the pool's liveness
    check, BEGIN and COMMIT — each of all these a round trip there (the driver's calls counted
    for the run: psycopg's ``Cursor.execute`` and its connection's commands). On SQLite
    (in-process: no round trip) the connection's trace callback counts every statement."""
    if ws.backend == "postgresql":
        import psycopg
        from psycopg._connection_base import BaseConnection

        sent: list[str] = []
        execute, command = psycopg.Cursor.execute, BaseConnection._exec_command

        def count_execute(self: Any, query: Any, *a: Any, **k: Any) -> Any:
            sent.append(str(query))
            return execute(self, query, *a, **k)

        def count_command(self: Any, cmd: Any, *a: Any, **k: Any) -> Any:
            sent.append(cmd.decode() if isinstance(cmd, bytes) else str(cmd))
            return command(self, cmd, *a, **k)

        psycopg.Cursor.execute = count_execute  # type: ignore[method-assign]
        BaseConnection._exec_command = count_command  # type: ignore[method-assign,assignment]
        try:
            run()
        finally:
            psycopg.Cursor.execute = execute  # type: ignore[method-assign]
            BaseConnection._exec_command = command  # type: ignore[method-assign]
        other = sum(st.strip() in ("", ";") or st.startswith(("BEGIN", "COMMIT", "ROLLBACK"))
                    for st in sent)
        return len(sent) - other, other
    traced: list[str] = []
    with ws.engine.connect() as conn:  # the one connection (StaticPool) the ranking uses
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.set_trace_callback(traced.append)
        try:
            run()
        finally:
            driver.set_trace_callback(None)
    other = sum(st.startswith(("BEGIN", "COMMIT", "ROLLBACK")) for st in traced)
    return len(traced) - other, other


def build(ws: Workspace, folder: Path, rng: random.Random) -> dict[str, Any]:
    """The cycle, and the numbers the floor needs (as the office will hold them)."""
    code = cycle.open_cycle(ws, PROGRAMME, 2025, opened_on=date(2025, 6, 2)).result.cycle
    cycle.decide_suggested(ws)
    data = {"applicants": [{"name": f"内蒙古示例{i:03d}有限公司", "award": "chairman",
                            "credit_code": credit_code.generate(rng, "150100"),
                            "industry": "制造业"} for i in range(APPLICANTS)]}
    (folder / "applicants.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    apps = applicants.import_applicants(ws, folder / "applicants.json").result
    ids = {f"R{k}": ReviewerIdentity.generate(f"R{k}", f"评审员{k}")
           for k in range(1, REVIEWERS + 1)}
    for ident in ids.values():
        office_reviewers.enrol(ws, make_card(ident), organisation="某大学", industry="制造业")
    office_reviewers.create_team(ws, "T1", list(ids), "R5", industry="制造业")
    for a in apps:
        packages.assign(ws, a.ref, "T1")
    for i in range(0, APPLICANTS, 50):  # a few office conflicts: excluded from every mean
        conflicts.add_conflict(ws, f"R{i % REVIEWERS + 1}", apps[i].ref, "consulting",
                               "office")
    packages.issue_roster(ws)
    fw = framework()
    quality = [rng.uniform(0.4, 0.9) for _ in apps]
    pcts: dict[tuple[int, str, str], list[int]] = {}
    panel: dict[tuple[int, str], Decimal] = {}
    files = []
    for rid, ident in ids.items():
        for stage in ("material", "onsite", "defense"):
            scores: list[dict[str, Any]] = []
            panels: list[dict[str, Any]] = []
            for i, a in enumerate(apps):
                if stage == "defense":
                    value = Decimal(round(100 * quality[i] + rng.uniform(-5, 5)))
                    panel[(i, rid)] = value
                    panels.append({"applicant_id": a.id, "stage_id": stage,
                                   "score": str(value), "comment": "", "secret_marks": []})
                    continue
                row = [max(0, min(100, round((quality[i] + rng.uniform(-0.1, 0.1)) * 20) * 5))
                       for _ in fw.items]
                pcts[(i, stage, rid)] = row
                scores.extend({"applicant_id": a.id, "stage_id": stage, "item_id": it.id,
                               "pct": p, "strengths": "", "improvements": "",
                               "secret_marks": []} for it, p in zip(fw.items, row, strict=True))
            manifest = new_manifest(kind="scores", cycle_id=code, stage_id=stage,
                                    reviewer_id=rid, revision=1, prev_hash="",
                                    snapshot={"scores": scores, "panel_scores": panels,
                                              "recusals": [], "feedback": []}, audit_head="")
            path = folder / f"{rid}-{stage}.sbb"
            path.write_bytes(build_bundle(ident, manifest, [ws.identity().enc_pub]))
            files.append(path)
    result = merge.merge_files(ws, files)
    assert result.counts["new"] == len(files), result.counts
    with ws.uow() as s:
        c = resolve_cycle(s, None)
        values = settings(s, c)
        w, rule = weights(values), shortlist_rule(values["shortlist"])
    return {"apps": apps, "pcts": pcts, "panel": panel, "weights": w, "shortlist": rule,
            "recused": {(i, f"R{i % REVIEWERS + 1}") for i in range(0, APPLICANTS, 50)},
            "items": result.item_scores}


def main() -> None:
    rng = random.Random(2025)
    fw = framework()
    with tempfile.TemporaryDirectory() as tmp, pg_option.database_url() as url:
        folder = Path(tmp)
        ws = init_workspace(folder / "office", "bench pass", "Bench office", kdf=CHEAP_KDF,
                            database_url=url)
        try:
            start = time.perf_counter()
            world = build(ws, folder, rng)
            setup = time.perf_counter() - start
            from desktop.services.programmes import programme

            p = programme(PROGRAMME)
            award = p.award("chairman")
            maxima = ranking.stage_max(p, _cycle(ws))
            entries = {k: [ItemEntry(it.id, v) for it, v in zip(fw.items, row, strict=True)]
                       for k, row in world["pcts"].items()}
            rids = [f"R{k}" for k in range(1, REVIEWERS + 1)]

            def floor() -> dict[str, Any]:
                comp = {}
                material = {}
                for i in range(APPLICANTS):
                    out = {r for r in rids if (i, r) in world["recused"]}
                    totals = {}
                    for stage in ("material", "onsite"):
                        per = {r: reviewer_total(fw, entries[(i, stage, r)]) for r in rids}
                        totals[stage] = stage_total(str(i), stage, {
                            r: t for r, t in per.items() if t is not None}, recused=out)
                    totals["defense"] = stage_total(str(i), "defense", {
                        r: world["panel"][(i, r)] for r in rids}, recused=out)
                    material[str(i)] = totals["material"].total
                    comp[str(i)] = comprehensive(str(i), totals, world["weights"], maxima)
                shortlist(material, world["shortlist"])
                scores = {k: c.score for k, c in comp.items() if c.score is not None}
                rank_category(award, scores, backfill=p.backfill)
                return scores

            def service() -> object:
                out = ranking.rank(ws)
                gc.collect(0)  # the young collection its paused collector deferred, charged
                return out

            statements, around = statements_of(ws, lambda: ranking.rank(ws))
            check = ranking.rank(ws)  # the same numbers both ways
            by_ref = {a.ref: a.comprehensive for a in check.applicants}
            want = floor()
            assert all(by_ref[a.ref] == want[str(i)] for i, a in enumerate(world["apps"]))
            services, floors, ratios, (cpu_service, cpu_floor) = paired(service, floor)
            t_service, t_floor = services[0], floors[0]
            unresolved = times_of(lambda: (readiness.unresolved(ws), gc.collect(0)))
        finally:
            ws.close()
    print(f"office re-rank through the service ({pg_option.backend()}): {APPLICANTS} "
          f"applicants × 3 stages × {REVIEWERS} reviewers ({world['items']:,} item scores; "
          f"setup {setup:.1f} s)")
    print(f"  ranking.rank: {t_service * 1000:8.1f} ms   domain floor {t_floor * 1000:7.1f} ms"
          f"   ratio {t_service / t_floor:5.2f}×   (aim ≤ 1.5×; best of {PAIRS} interleaved, "
          f"slowest {services[-1] * 1000:.0f} ms / floor {floors[-1] * 1000:.0f} ms; pairs "
          f"{ratios[0]:.2f}–{ratios[-1]:.2f}×, median {ratios[len(ratios) // 2]:.2f}×)")
    print(f"  statements a ranking: {statements}, and {around} "
          + ("for the pool's liveness check, BEGIN and COMMIT (each a round trip)"
             if pg_option.wanted() else "BEGIN and COMMIT (in-process: no round trip)"))
    print(f"  CPU time, best of each: {cpu_service * 1000:8.1f} ms / floor "
          f"{cpu_floor * 1000:.1f} ms   ratio {cpu_service / cpu_floor:5.2f}×")
    print(f"  readiness.unresolved alone: {unresolved[0] * 1000:8.1f} ms "
          f"(slowest {unresolved[-1] * 1000:.0f} ms; it reads the stage totals itself, for "
          f"the missing scores)   {pg_option.peak_memory()}")


def _cycle(ws: Workspace) -> Any:
    with ws.uow() as s:
        c = resolve_cycle(s, None)
        s.expunge(c)
        return c


if __name__ == "__main__":
    main()

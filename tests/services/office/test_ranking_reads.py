"""The ranking's fifth pass of combined reads (issue 26, PostgreSQL): each gives exactly what the
separate reads give, on both backends.

- ``conflicts.register_and_recusals``: the register and the field recusals from one read of
  the conflicts — equal to ``register`` and ``field_recusals``, with an office conflict, a pin,
  a field recusal of a reviewer who has scores for the applicant and one who has none.
- ``totals.StillHeld``: the applicants whose recused reviewer still has item scores held,
  looked for among the item sheets the totals read — equal to ``readiness._still_held`` (a
  look-up per pair), with a complete sheet, an incomplete one (a percentage missing) and a
  reviewer who sent nothing, from the kept sheet totals and summed from the item rows; the
  ranking's unresolved list equals the one ``unresolved`` reads for itself.
- ``cycle.setting_rows``: the cycle's setting rows read once, for its settings, its admissions
  (``packages.admitted_to``) and the revoked keys' decisions (``revoked_keys.revocations``) —
  each equal to its own read, with an admission and a decision on a revoked key's bundle
  present; the unresolved list reading them itself equals the ranking's.
- The forks and the equivocations from the kept state's names of the held bundles (current:
  every held bundle named) — no read of the held bundles unless two of one key and revision
  differ, nor of the manifests unless a consensus is held: what the reads give, with and
  without a fork (the leader's consensus: ``tests/services/test_leader_equivocation.py``).
- A ranking reads the conflicts and the setting rows once each, and looks nothing up per pair.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from desktop.domain.readiness import UnresolvedKind
from desktop.services.catalogue import framework
from desktop.services.office import conflicts, cycle, merge, packages, ranking, readiness
from desktop.services.office import readiness as readiness_module
from desktop.services.office import totals as totals_module
from desktop.services.office.chains import merged
from desktop.services.office.common import resolve_cycle
from desktop.services.office.revocation import decide_revoked, revoke_key
from desktop.services.office.revoked_keys import revocations
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write


def _cycle(ws: Workspace, tmp_path: Path) -> Small:
    """nmg-chairman, scored item by item: R2 recuses from applicant 0 in the field (its onsite
    bundle) and scores it at the material stage, R3 recuses from applicant 2 and scores the
    others, R4 leaves one percentage of applicant 2 empty; the office's conflicts are recorded
    after the merge (R4 with applicant 2, R2 with applicant 1) and R3's with applicant 1
    pinned not conflicted; R1 (conflicted with applicant 1 by ``small_cycle``) sent
    nothing."""
    small = small_cycle(ws, programme="nmg-chairman", award="chairman")
    ids = [a.id for a in small.apps]
    empty = framework().items[5].id

    def one_missing(m: dict[str, Any]) -> None:
        for score in m["snapshot"]["scores"]:
            if score["applicant_id"] == ids[2] and score["item_id"] == empty:
                score["pct"] = None

    files = [write(tmp_path, "R2-m.sbb", bundle(small, "R2", "material", ids, seed=1)),
             write(tmp_path, "R2-o.sbb", bundle(small, "R2", "onsite", ids[1:], seed=4,
                                                recusals=[ids[0]])),
             write(tmp_path, "R3-m.sbb", bundle(small, "R3", "material",
                                                ids[:2], seed=2,
                                                recusals=[ids[2]])),
             write(tmp_path, "R4-m.sbb", bundle(small, "R4", "material", ids, seed=3,
                                                change=one_missing))]
    merge.merge_files(ws, files)
    conflicts.add_conflict(ws, "R4", small.apps[2].ref, "kinship", "office")
    conflicts.add_conflict(ws, "R2", small.apps[1].ref, "consulting", "office")
    conflicts.pin(ws, "R3", small.apps[1].ref, False, note="不构成回避")
    return small


def test_register_and_recusals_are_the_two_reads(ws: Workspace, tmp_path: Path) -> None:
    small = _cycle(ws, tmp_path)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        reg, fields = conflicts.register_and_recusals(s, cycle)
        assert reg == conflicts.register(s, cycle)
        assert reg.conflicted_pairs() == conflicts.register(s, cycle).conflicted_pairs()
        assert fields == conflicts.field_recusals(s, cycle)
        assert {(k, f.file, f.scored) for k, f in fields.items()} == {
            (("R2", small.apps[0].id), "R2-o.sbb", True),
            (("R3", small.apps[2].id), "R3-m.sbb", False)}
        assert all(f.declared_at is not None for f in fields.values())
        pairs = reg.conflicted_pairs()
        assert ("R3", small.apps[1].id) not in pairs  # the pin stands over nothing declared
        assert {("R1", small.apps[1].id), ("R4", small.apps[2].id),
                ("R2", small.apps[1].id), ("R2", small.apps[0].id)} <= pairs


def test_still_held_from_the_sheets_is_the_look_up(ws: Workspace, tmp_path: Path) -> None:
    small = _cycle(ws, tmp_path)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        pairs = sorted(conflicts.register(s, cycle).conflicted_pairs())
        want = readiness_module._still_held(s, cycle, pairs)
        # R4's incomplete sheet of applicant 2, R2's complete one of applicant 1; not R1 (sent
        # nothing), nor R2's of applicant 0 (refused: R2 recused from it in the field)
        assert want == {small.apps[2].id, small.apps[1].id}
        for kept in (True, False):  # the kept sheet totals, and summed from the item rows
            held = totals_module.StillHeld(pairs)
            got = totals_module.stage_totals(s, cycle, kept=kept, held=held)
            assert held.found == want, kept
            assert got == totals_module.stage_totals(s, cycle, kept=kept)
        none = totals_module.StillHeld([])
        totals_module.stage_totals(s, cycle, held=none)
        assert none.found == set()
        look = [("R1", small.apps[1].id), ("R3", small.apps[2].id)]
        other = totals_module.StillHeld(look)
        totals_module.reviewer_totals(s, cycle, framework(), held=other)
        assert other.found == set() == readiness_module._still_held(s, cycle, look)
    ranked = ranking.rank(ws)
    listed = readiness.unresolved(ws)
    assert ranked.matters == listed
    assert listed.of_kind(UnresolvedKind.RECUSAL_WITH_SCORES)


def test_a_ranking_reads_the_conflicts_once(ws: Workspace, tmp_path: Path) -> None:
    """With the kept state current (derived again after the conflicts were recorded; else the
    chain breaks are derived in memory, which reads the register itself)."""
    _cycle(ws, tmp_path)
    merge.rederive(ws)
    statements: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(ws.engine, "before_cursor_execute", listen)
    try:
        ranking.rank(ws)
    finally:
        event.remove(ws.engine, "before_cursor_execute", listen)
    # (SQLite quotes the table's name: CONFLICT is a keyword there)
    assert sum(st.replace('"', "").count("FROM conflict") for st in statements) == 1
    assert sum("FROM cycle_setting" in st for st in statements) == 1, statements
    assert not any("EXISTS (SELECT" in st and "item_score" in st for st in statements)


def test_setting_rows_read_once_are_the_separate_reads(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws, programme="nmg-chairman", award="chairman")
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"r2-{n}.sbb", bundle(small, "R2", "material", ids, n, seed=n))
             for n in (1, 2)]
    merge.merge_files(ws, files)
    revoke_key(ws, "R2", "笔记本电脑丢失", datetime.now(UTC), 1)
    decide_revoked(ws, "r2-2.sbb", False, "丢失前未导出第二版")
    packages.admit(ws, "onsite", [small.apps[0].ref])
    with ws.uow() as s:
        c = resolve_cycle(s, None)
        stored = cycle.setting_rows(s, c)
        keys = {r.key for r in stored}
        assert "admitted.onsite" in keys and any(k.startswith("revoked.") for k in keys)
        assert cycle.settings(s, c, stored) == cycle.settings(s, c)
        stages = ["material", "onsite", "defense"]
        assert packages.admitted_to(s, c, stages, stored) == packages.admitted_to(s, c, stages)
        assert packages.admitted_to(s, c, stages, stored)["onsite"] == {small.apps[0].id}
        assert packages.admitted_to(s, c, [], stored) == {}
        revs = revocations(s, c, stored)
        assert revs == revocations(s, c)
        assert [r.decisions for r in revs.values()] and all(r.decisions for r in revs.values())
    assert ranking.rank(ws).matters == readiness.unresolved(ws)


def test_forks_and_equivocations_from_the_kept_names(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "R2-1.sbb", bundle(small, "R2", "material", ids))])

    def both_ways() -> list[Any]:
        with ws.uow() as s:
            c = resolve_cycle(s, None)
            held = merged(s, c)
            assert held.inputs is not None  # current: every held bundle named
            names = readiness_module.applicant_names(s, c)
            read = dataclasses.replace(held, inputs=None)  # as if derived now: read them
            forks = readiness_module._forks(s, c, names, held)
            assert forks == readiness_module._forks(s, c, names, read)
            assert readiness_module._equivocations(s, c, held) == \
                readiness_module._equivocations(s, c, read) == []
            return forks

    assert both_ways() == []
    merge.merge_files(ws, [write(tmp_path, f"R2-2{k}.sbb", bundle(small, "R2", "material", ids,
                                                                  2, seed=n))
                           for k, n in (("a", 5), ("b", 6))])
    [fork] = both_ways()
    assert fork.kind is UnresolvedKind.FORK and fork.reviewer == "R2"

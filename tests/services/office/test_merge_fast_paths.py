"""The import's fast paths of issue 26 (third pass) give exactly what the plain ones give, on
both backends:

- the kept state's inputs read through the driver's cursor (``derived_state.inputs``) equal the
  same statements read through SQLAlchemy's rows, row for row, with every kind of input present,
  and an input changed without a derive is still noticed: the next import takes the whole
  derive, and its tables equal a full derive's;
- the derived rows' ids made in order (``office.row_ids``) are unique, increasing and shaped as
  version-7 UUIDs, and the rows keep them as made;
- a partial derive skips the DELETE of sheet totals and item spreads only when it can find
  nothing: with the check that others scored the applicants made to lie, the tables differ from
  a full derive (the check is what keeps them equal)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desktop.models.office.review import ItemScore, ReceivedBundle
from desktop.services.office import conflicts, derive, derived_state, held, merge, row_ids
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import inputs, inputs_plain, kept
from desktop.services.office.revocation import revoke_key
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write
from tests.services.office.test_merge_incremental import _rows


def _same_inputs(ws: Workspace) -> derived_state.Inputs:
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        fast, plain = inputs(s, cycle), inputs_plain(s, cycle)
        assert fast.sources == plain.sources and fast.header == plain.header
        assert fast.digest() == plain.digest()
        return fast


def test_inputs_read_through_the_driver_equal_the_plain_read(ws: Workspace,
                                                             tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    fork_a = write(tmp_path, "r3-a.sbb", bundle(small, "R3", "material", ids, 1, seed=2))
    fork_b = write(tmp_path, "r3-b.sbb", bundle(small, "R3", "material", ids, 1, seed=3))
    merge.merge_files(ws, [one, fork_a, fork_b])
    merge.resolve_fork(ws, "r3-b.sbb", "组长确认以此为准")  # a keyed setting
    conflicts.add_conflict(ws, "R4", small.apps[0].ref, "kinship", "office")
    revoke_key(ws, "R2", "笔记本电脑丢失", datetime.now(UTC), 1)  # a key revocation
    found = _same_inputs(ws)
    names = ("bundles", "settings", "applicants", "assignments", "teams", "members",
             "conflicts", "revocations")
    for name, rows in zip(names, found.sources, strict=False):
        assert rows, f"no {name}: the comparison would not cover them"
    # a value the driver returns in its own type (a moment, a number, a NULL) reads the same
    with ws.uow() as s:
        s.execute(text("UPDATE received_bundle SET signer_fp = NULL WHERE file_name = :f"),
                  {"f": "r2-1.sbb"})
    _same_inputs(ws)


def test_an_input_changed_without_a_derive_takes_the_whole_derive(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    with ws.uow() as s:
        assert kept(s, resolve_cycle(s, None)) is not None
        # an assignment moved behind the services' back (no derive): the kept state is stale
        s.execute(text("DELETE FROM assignment WHERE applicant_id = :a"),
                  {"a": uuid.UUID(ids[2]).hex if s.get_bind().dialect.name == "sqlite"
                   else uuid.UUID(ids[2])})
    with ws.uow() as s:
        assert kept(s, resolve_cycle(s, None)) is None
    partial: list[Any] = []
    whole: list[Any] = []
    real_part, real_whole = derive.derive_part, merge._derive

    def spy_part(*a: Any, **k: Any) -> Any:
        partial.append(a)
        return real_part(*a, **k)

    def spy_whole(*a: Any, **k: Any) -> Any:
        whole.append(a)
        return real_whole(*a, **k)

    monkeypatch.setattr(merge, "derive_part", spy_part)
    monkeypatch.setattr(merge, "_derive", spy_whole)
    merge.merge_files(ws, [write(tmp_path, "b.sbb",
                                 bundle(small, "R3", "material", ids, seed=2))])
    assert not partial and len(whole) == 1
    got = _rows(ws)  # and the kept state is current again (``_rows`` asserts it)
    monkeypatch.undo()
    merge.rederive(ws)
    assert _rows(ws) == got


def test_row_ids_are_unique_increasing_version_7() -> None:
    made = [*row_ids.ordered_ids(5000), *(row_ids.ordered_id() for _ in range(50)),
            *row_ids.ordered_ids(3)]
    assert len(set(made)) == len(made)
    assert made == sorted(made)
    assert [u.hex for u in made] == sorted(u.hex for u in made)  # SQLite stores the hex
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in made)
    stamp = made[0].int >> 80
    assert abs(stamp - datetime.now(UTC).timestamp() * 1000) < 60_000
    assert row_ids.ordered_ids(0) == []


def test_row_ids_carry_the_counter_into_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_ids, "_COUNTER_BITS", 2)
    monkeypatch.setattr(row_ids, "_MASK_COUNTER", 3)
    frozen = 1_800_000_000_000 * 1_000_000  # every id made in the same millisecond
    monkeypatch.setattr(time, "time_ns", lambda: frozen)  # the module row_ids reads
    monkeypatch.setattr(row_ids, "_last", [0, -1])
    made = row_ids.ordered_ids(7) + row_ids.ordered_ids(6)
    assert made == sorted(made) and len(set(u.int >> 48 for u in made)) == len(made)


def test_derived_rows_keep_their_ids_in_the_order_made(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    merge.merge_files(ws, [write(tmp_path, "b.sbb",
                                 bundle(small, "R3", "material", ids, seed=2))])
    with ws.uow() as s:
        rows = s.execute(select(ItemScore.id, ItemScore.reviewer_id)).all()
    assert rows and all(r.id.version == 7 for r in rows)
    first = max(r.id for r in rows if r.reviewer_id == "R2")
    assert all(r.id > first for r in rows if r.reviewer_id == "R3")  # the later import's


def test_the_skipped_delete_is_what_keeps_the_tables_equal(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    second = write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids, seed=2))
    third = write(tmp_path, "c.sbb", bundle(small, "R3", "material", ids, 2, seed=3))
    calls: list[bool] = []
    real = derived_state._scored_by_others

    def spy(*a: Any) -> bool:
        calls.append(real(*a))
        return calls[-1]

    monkeypatch.setattr(derived_state, "_scored_by_others", spy)
    merge.merge_files(ws, [second])  # R3 is new; R2 scored these applicants: spreads deleted
    merge.merge_files(ws, [third])  # R3 again: its totals and the spreads deleted
    assert calls == [True]
    got = _rows(ws)
    merge.rederive(ws)
    assert _rows(ws) == got
    # the check made to lie: the spreads R2's scores gave are not deleted, and are doubled
    monkeypatch.setattr(derived_state, "_scored_by_others", lambda *a: False)
    merge.merge_files(ws, [write(tmp_path, "d.sbb",
                                 bundle(small, "R4", "material", ids, seed=4))])
    wrong = _rows(ws)
    merge.rederive(ws)
    assert _rows(ws) != wrong


def test_held_hashes_and_applicants_from_the_inputs_equal_a_read(ws: Workspace,
                                                                  tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids)),
                           write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                           seed=2))])
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        found = inputs(s, cycle)
        read = frozenset(s.execute(select(ReceivedBundle.sha256)).scalars())
        assert len(read) == 2 and found.bundle_shas() == read
        assert found.applicant_ids() == derive._valid_apps(s, cycle) == set(ids)
        assert held.HeldFiles(s, cycle, found).shas == held.HeldFiles(s, cycle).shas == read
    # rows not as expected: None, and the caller reads them
    odd = derived_state.Inputs(found.header, (("('x', 'y')",), *found.sources[1:]))
    assert odd.bundle_shas() is None
    odd = derived_state.Inputs(found.header, (found.sources[0], found.sources[1],
                                              ("('not a uuid',)",), *found.sources[3:]))
    assert odd.applicant_ids() is None


def test_reviewers_new_to_the_office_take_the_fresh_path(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    seen: list[Any] = []
    real = derive.derive_part

    def spy(*a: Any, **k: Any) -> Any:
        seen.append(k.get("fresh"))
        return real(*a, **k)

    monkeypatch.setattr(merge, "derive_part", spy)
    steps = [[write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids, seed=2)),
              write(tmp_path, "c.sbb", bundle(small, "R4", "material", ids[:2], seed=3)),
              write(tmp_path, "c2.sbb", bundle(small, "R4", "material", ids[:2], seed=3))],
             [write(tmp_path, "d.sbb", bundle(small, "R3", "material", ids, 2, seed=4))]]
    for batch in steps:
        merge.merge_files(ws, batch)
        got = _rows(ws)
        merge.rederive(ws)
        assert _rows(ws) == got
    assert seen[0] is not None and {k[1] for k in seen[0]} == {"R3", "R4"}
    assert seen[1] is None  # R3 held a bundle before: its rows are deleted and derived again


def test_bulk_processes_each_distinct_value_once_and_the_same_way() -> None:
    from desktop.services.office.bulk import _processed

    calls: list[Any] = []

    def process(value: Any) -> Any:
        calls.append(value)
        return repr(value)

    values: list[Any] = [1, True, 1, 1.0, True, None, None, [1], [1], "a", "a",
                         uuid.UUID(int=5), uuid.UUID(int=5)]
    assert _processed(process, values) == list(map(repr, values))
    # 1, True and 1.0 are equal but of other types: each processed; a list every time
    assert calls == [1, True, 1.0, None, [1], [1], "a", uuid.UUID(int=5)]


def test_bulk_inserts_compile_once_per_engine_table_and_columns(ws: Workspace) -> None:
    from desktop.services.office import bulk

    bulk._plans.clear()
    with ws.uow() as s:
        dialect = s.connection().dialect
        table = ItemScore.__table__
        keys = ("id", "cycle_id", "pct")
        first = bulk._compiled(dialect, table, keys)  # type: ignore[arg-type]
        assert bulk._compiled(dialect, table, keys) is first  # type: ignore[arg-type]
        assert bulk._compiled(dialect, table, ("id", "pct")) is not first  # type: ignore[arg-type]
        other = type(dialect)()  # another engine's dialect: compiled for it
        assert bulk._compiled(other, table, keys) is not first  # type: ignore[arg-type]
        assert first[0].startswith("INSERT INTO item_score")


def test_the_context_of_a_whole_derive_serves_the_next_import(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.office import held as held_module

    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    calls: list[Any] = []
    real = held_module.context

    def counting(s: Any, cycle: Any) -> Any:
        calls.append(cycle)
        return real(s, cycle)

    monkeypatch.setattr(held_module, "context", counting)
    held_module._contexts.clear()
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    assert len(calls) == 1  # a whole derive (nothing kept yet): its context read, and kept
    merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                           seed=2))])
    assert len(calls) == 1  # the same set-up: not read again
    # a recusal: the whole derive records it in the register (another set-up next time)
    merge.merge_files(ws, [write(tmp_path, "c.sbb", bundle(small, "R4", "material", ids[:2],
                                                           recusals=[ids[2]], seed=3))])
    merge.merge_files(ws, [write(tmp_path, "d.sbb", bundle(small, "R3", "material", ids, 2,
                                                           seed=4))])
    assert len(calls) == 2  # c: the set-up as before; d: after the recusal recorded
    got = _rows(ws)
    monkeypatch.undo()
    merge.rederive(ws)
    assert _rows(ws) == got

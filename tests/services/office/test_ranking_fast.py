"""The ranking's faster paths (issue 26) give exactly what the plain ones give, on both backends.

- ``totals_rows.driver_rows`` (rows read from the driver's cursor, no ``Row`` per row):
  every query the ranking and the unresolved list read that way returns the same values, of
  the same types, as SQLAlchemy's own rows — checked at each call while a real ranking runs —
  and a whole ranking read through SQLAlchemy's rows instead is equal, field for field and in
  its ``--json``.
- Panel scores read as their stored text and made a ``Decimal`` once per text: the same
  values, exponent included, as the ``DecimalText`` column gives.
- ``Ranking.unresolved`` is worded only when read, and then exactly as the list words it.
- The applicants whose recused reviewer's percentages are still held: those a look-up per pair
  finds.
- The derive's kept state and the disqualifications read once a ranking (held, handed on):
  the totals ``stage_totals`` gives reading them itself, a reviewer's earlier scores set aside
  or standing.
- One read each of the applicants (with the upheld objections and the eligibility results),
  of the consensus items (for the totals and the settled items) and of the admissions: what
  the separate reads give.
- ``rank`` and ``unresolved`` pause the cyclic collector and leave it as found.
- The settings, conflicts register and applicants read once by the ranking and handed to the
  totals and the unresolved list: the same list as ``find_unresolved`` reading them itself, also
  after a conflict is recorded (nothing is kept between calls).
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from desktop.cli.json_out import to_jsonable
from desktop.domain.consensus import Choice
from desktop.domain.readiness import UnresolvedKind
from desktop.models.office.decision import Objection
from desktop.models.office.people import Applicant, Eligibility
from desktop.models.office.review import ConsensusItem, ItemScore, PanelScore
from desktop.services.catalogue import framework
from desktop.services.office import (
    conflicts,
    consensus,
    disqualification,
    eligibility,
    merge,
    notice,
    packages,
    ranking,
    readiness,
    totals_rows,
)
from desktop.services.office import readiness as readiness_module
from desktop.services.office import totals as totals_module
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import has_totals
from desktop.services.office.id_text import id_of
from desktop.services.office.results_decide import Ranking
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write

PANELS = {"R2": "88.50", "R3": "90", "R4": "71.25"}  # texts with and without trailing zeros


def _panel(applicants: list[str], score: str) -> Callable[[dict[str, Any]], None]:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"]["panel_scores"].extend(
            {"applicant_id": a, "stage_id": "defense", "score": score, "comment": "",
             "secret_marks": []} for a in applicants)
    return change


def _cycle(ws: Workspace, tmp_path: Path) -> Small:
    """nmg-chairman: R2, R3 and R4 score the material stage item by item (items flagged) and
    the defense as a panel score; a consensus is recorded for one applicant's flagged items."""
    small = small_cycle(ws, programme="nmg-chairman", award="chairman")
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"{r}-m.sbb", bundle(small, r, "material", ids, seed=k + 1))
             for k, r in enumerate(PANELS)]
    files += [write(tmp_path, f"{r}-d.sbb", bundle(small, r, "defense", [],
                                                   change=_panel(ids, score)))
              for r, score in PANELS.items()]
    merge.merge_files(ws, files)
    flagged = readiness.unresolved(ws).of_kind(UnresolvedKind.FLAGGED)
    assert flagged, "the seeds spread some items"
    consensus.record_consensus(ws, flagged[0].applicants[0].ref, "material", {
        k: Choice(rationale="讨论") for k in flagged[0].items})
    return small


def _plain(s: Any, query: Any) -> list[tuple[Any, ...]]:
    """SQLAlchemy's own rows, as tuples."""
    return [tuple(row) for row in s.connection().execute(query).all()]


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Any], None]]:
    """``patched(reader)``: every module reading through ``driver_rows`` reads through
    ``reader`` instead."""
    def use(reader: Any) -> None:
        for module in (totals_module, readiness_module, ranking):
            monkeypatch.setattr(module, "driver_rows", reader)
    yield use


def test_driver_rows_are_sqlalchemys_rows(ws: Workspace, tmp_path: Path,
                                          patched: Callable[[Any], None]) -> None:
    _cycle(ws, tmp_path)
    checked: list[int] = []

    def compare(s: Any, query: Any) -> list[tuple[Any, ...]]:
        got = list(totals_rows.driver_rows(s, query))
        want = _plain(s, query)
        # the same values of the same types (repr names the type), in any order
        assert sorted(map(repr, got)) == sorted(map(repr, want)), str(query)
        checked.append(len(got))
        return got

    patched(compare)
    fast = ranking.rank(ws)
    # applicants (with objections and eligibility), consensus items (the totals' and the
    # settled items'), sheet totals, panel scores, flagged groups
    assert len(checked) == 5 and all(checked[:4]) and sum(checked) > 20
    patched(_plain)
    plain = ranking.rank(ws)
    assert fast == plain and fast.matters == plain.matters
    assert to_jsonable(fast) == to_jsonable(plain)


def test_panel_scores_keep_their_exact_value(ws: Workspace, tmp_path: Path) -> None:
    small = _cycle(ws, tmp_path)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        stored = {(str(p.applicant_id), p.reviewer_id): p.value
                  for p in s.execute(select(PanelScore)).scalars()}
        got = ranking.reviewer_totals(s, cycle, framework())
        ids = totals_module.applicant_ids(s, cycle)
        assert ranking.reviewer_totals(s, cycle, framework(), ids) == got
    assert len(stored) == 3 * 3
    for (aid, rid), value in stored.items():
        read = got[(aid, "defense")][rid]
        assert read == value and str(read) == str(value) == PANELS[rid]
    assert {a.id for a in small.apps} == set(ids.values())


def test_unresolved_is_worded_when_read(ws: Workspace, tmp_path: Path) -> None:
    _cycle(ws, tmp_path)
    ranked = ranking.rank(ws)
    assert "unresolved" not in vars(ranked)  # not worded by the ranking
    assert ranked.matters is not None and ranked.matters.items
    worded = ranked.unresolved
    assert worded == tuple(readiness.unresolved(ws).as_list())
    assert vars(ranked)["unresolved"] is worded is ranked.unresolved  # worded once
    # written by the one serialiser as before: the last key, each item with its message
    out = to_jsonable(ranked)
    assert list(out)[-1] == "unresolved"
    assert out["unresolved"] == to_jsonable(readiness.unresolved(ws).as_list())
    assert all(u["message"] for u in out["unresolved"])
    # a fresh ranking is equal (its list worded on comparison), a copy and a replace word it
    again = ranking.rank(ws)
    assert again == ranked and "unresolved" in vars(again)
    assert copy.copy(ranking.rank(ws)).unresolved == worded
    assert dataclasses.replace(ranking.rank(ws), basis="raw").unresolved == worded
    assert dataclasses.replace(ranked, matters=None).unresolved == ()
    assert not hasattr(ranked, "no_such_field")
    assert isinstance(ranked, Ranking)


def test_shared_reads_give_the_lists_own_answer(ws: Workspace, tmp_path: Path) -> None:
    small = _cycle(ws, tmp_path)
    assert ranking.rank(ws).matters == readiness.unresolved(ws)
    # a conflict recorded since: both read it afresh (R3's percentages no longer count)
    conflicts.add_conflict(ws, "R3", small.apps[2].ref, "kinship", "office")
    ranked = ranking.rank(ws)
    assert ranked.matters == readiness.unresolved(ws)
    [app] = [a for a in ranked.applicants if a.ref == small.apps[2].ref]
    assert "R3" in app.stages["material"].recused and "R3" in app.stages["defense"].recused
    assert app.stages["defense"].total == Decimal("79.88")  # (88.50 + 71.25) / 2, rounded


def test_still_held_pairs_are_found_one_by_one(ws: Workspace, tmp_path: Path) -> None:
    """The applicants whose recused reviewer's percentages are still held (one query of an
    EXISTS per pair) are those a look-up per pair finds."""
    small = _cycle(ws, tmp_path)
    conflicts.add_conflict(ws, "R3", small.apps[2].ref, "kinship", "office")  # after merging
    conflicts.add_conflict(ws, "R2", small.apps[0].ref, "kinship", "office")
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        pairs = sorted(conflicts.register(s, cycle).conflicted_pairs())
        assert ("R1", small.apps[1].id) in pairs  # R1 sent nothing: no percentages held
        want = {aid for rid, aid in pairs if s.execute(select(ItemScore.id).where(
            ItemScore.cycle_id == cycle.id, ItemScore.reviewer_id == rid,
            ItemScore.applicant_id == uuid.UUID(aid)).limit(1)).first() is not None}
        assert want == {small.apps[2].id, small.apps[0].id}
        assert readiness_module._still_held(s, cycle, pairs) == want
        assert readiness_module._still_held(s, cycle, []) == set()


def test_the_ranking_pauses_the_collector_and_restores_it(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``rank`` and ``unresolved`` run with the cyclic collector paused (``office.gc_pause``)
    and leave it as found — enabled, or disabled by the caller — with the same answers."""
    _cycle(ws, tmp_path)
    seen: list[bool] = []
    for module, name in ((ranking, "ranking"), (readiness_module, "find_unresolved")):
        real = getattr(module, name)

        def spy(*a: Any, real: Any = real, **k: Any) -> Any:
            seen.append(gc.isenabled())
            return real(*a, **k)
        monkeypatch.setattr(module, name, spy)
    was = gc.isenabled()
    try:
        gc.enable()
        ranked, listed = ranking.rank(ws), readiness.unresolved(ws)
        assert gc.isenabled()
        gc.disable()
        assert ranking.rank(ws) == ranked and readiness.unresolved(ws) == listed
        assert not gc.isenabled()  # not enabled behind the caller's back
    finally:
        if was:
            gc.enable()
    assert seen and not any(seen)


def test_kept_state_and_disqualifications_are_read_once(ws: Workspace, tmp_path: Path) -> None:
    """A ranking reads the derive's kept state and the disqualifications once each (held to
    its end, handed on: they were read three times and twice; a chain derived again in memory
    reads the disqualifications itself), the unresolved list its kept state once; handed on,
    they give the totals ``stage_totals`` gives reading them itself —
    here with a reviewer's earlier scores set aside, and again when they stand (nothing kept
    between calls)."""
    small = _cycle(ws, tmp_path)
    statements: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    def reads(table: str) -> int:
        return sum(f"FROM {table}" in " ".join(st.split()) for st in statements)

    event.listen(ws.engine, "before_cursor_execute", listen)
    try:
        ranked = ranking.rank(ws)
        assert reads("derived_state") == 1 and reads("disqualification") == 1, statements
        statements.clear()
        readiness.unresolved(ws)
        assert reads("derived_state") == 1
    finally:
        event.remove(ws.engine, "before_cursor_execute", listen)
    disqualification.disqualify(ws, "R3", "收受申报单位财物", article="第二十七条")
    disqualification.decide_earlier(ws, "R3", "void")
    ranked = ranking.rank(ws)
    for earlier in ("void", "stand"):
        if earlier == "stand":
            disqualification.decide_earlier(ws, "R3", "stand")
            ranked = ranking.rank(ws)
        with ws.uow() as s:
            cycle = resolve_cycle(s, None)
            assert (totals_module.held_state(s, cycle) is not None) is has_totals(s, cycle)
            plain = totals_module.stage_totals(s, cycle)
            voided = disqualification.set_aside(s, cycle)
            assert voided == ({"R3"} if earlier == "void" else set())
            assert totals_module.stage_totals(s, cycle, voided=voided, kept=True) == plain
            assert totals_module.stage_totals(s, cycle, kept=False) == plain  # summed
        by_ref = {a.ref: a for a in small.apps}
        for a in ranked.applicants:
            for stage, got in a.stages.items():
                want = plain[by_ref[a.ref].id][stage]
                assert (got.total, got.reviewers) == (want.total, want.reviewers)
                assert set(want.recused) <= set(got.recused)
                if stage in ("material", "defense"):  # R3 scored these
                    assert ("R3" in got.recused) is (earlier == "void")


def test_combined_reads_are_the_plain_reads(ws: Workspace, tmp_path: Path) -> None:
    """The ranking's one read of the applicants (with the upheld objections and the
    eligibility results), its one read of the consensus items (the totals' and the settled
    items') and the unresolved list's one read of the admissions give what the separate reads
    give — with an upheld and a dismissed objection, an eligibility result and an admission
    present — and the ranking's list is the one ``unresolved`` reads for itself."""
    small = _cycle(ws, tmp_path)
    a0, a1, a2 = (a.ref for a in small.apps[:3])
    eligibility.record_facts(ws, a0, {"schema": "scorebook.facts/1", "name": "x",
                                      "kind": "organisation"})
    for ref, up in ((a1, True), (a2, False)):
        obj = notice.add_objection(ws, ref, date(2025, 10, 2), "来信").result
        notice.decide_objection(ws, obj.objection, up, date(2025, 10, 9))
    packages.admit(ws, "onsite", [a0, a2])
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        rows = list(totals_rows.driver_rows(s, ranking._applicants(cycle)))
        apps = {str(a.id): (a.ref, a.name, a.award_id)
                for a in s.execute(select(Applicant).where(Applicant.cycle_id == cycle.id))
                .scalars()}
        assert {id_of(r[0]): tuple(r[1:4]) for r in rows} == apps and len(rows) == len(apps)
        upheld = {str(o.applicant_id) for o in s.execute(select(Objection).where(
            Objection.cycle_id == cycle.id, Objection.outcome == "upheld")).scalars()}
        assert {id_of(r[0]) for r in rows if r[4]} == upheld == {small.apps[1].id}
        results = {str(e.applicant_id): e.result_json
                   for e in s.execute(select(Eligibility)).scalars()}
        assert {id_of(r[0]): r[5] for r in rows if r[5] is not None} == results
        assert list(results) == [small.apps[0].id]
        stages = ["material", "onsite", "defense"]
        admissions = packages.admitted_to(s, cycle, stages)
        assert admissions == {st: packages.admitted(s, cycle, st) for st in stages}
        assert admissions["onsite"] == {small.apps[0].id, small.apps[2].id}
        assert packages.admitted_to(s, cycle, []) == {}
        agreed = totals_module.consensus_rows(s, cycle)
        assert agreed and sorted(agreed) == sorted(
            (str(c.applicant_id), c.stage_id, c.item_id, c.pct, c.leader_id)
            for c in s.execute(select(ConsensusItem)).scalars())
        assert totals_module.stage_totals(s, cycle, agreed=agreed) == \
            totals_module.stage_totals(s, cycle)
    ranked = ranking.rank(ws)
    listed = readiness.unresolved(ws)
    assert ranked.matters == listed
    kinds = {i.kind for i in listed.items}
    assert UnresolvedKind.ELIGIBILITY in kinds and UnresolvedKind.FLAGGED in kinds
    assert all(small.apps[1].ref not in [a.ref for a in i.applicants] for i in listed.items
               if i.kind is UnresolvedKind.ELIGIBILITY)  # removed by the objection

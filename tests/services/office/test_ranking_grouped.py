"""The kept sheet totals read one row per applicant and stage (``office.totals_grouped``,
SQLite; issue 26) give exactly what the row-per-sheet read gives — the complete sheets' totals
(exponent included), the incomplete sheets, the applicants whose recused reviewer still has a
sheet held, and a whole ranking — with a complete sheet, an incomplete one (a percentage
missing), a field recusal's refused sheet and a reviewer who sent nothing (the cycle of
``test_ranking_reads``). A row that does not split into one pair per sheet, or a total not
stored as an integer, falls back to the row-per-sheet read; on PostgreSQL the grouped read is
not used."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from desktop.cli.json_out import to_jsonable
from desktop.models.office.review import SheetTotal
from desktop.services.catalogue import framework
from desktop.services.office import conflicts, ranking, totals_grouped
from desktop.services.office import totals as totals_module
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace
from tests.services.office.test_ranking_reads import _cycle


def _plain(*_args: Any) -> None:
    """The grouped read refused: the row-per-sheet read."""
    return None


def _both(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, Any, Any]:
    """(totals, still held) the grouped way and the row-per-sheet way, in one unit of work."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        pairs = sorted(conflicts.register(s, cycle).conflicted_pairs())
        held = totals_module.StillHeld(pairs)
        fast = totals_module.reviewer_totals(s, cycle, framework(), held=held)
        with monkeypatch.context() as m:
            m.setattr(totals_module, "grouped_sheets", _plain)
            plain_held = totals_module.StillHeld(pairs)
            plain = totals_module.reviewer_totals(s, cycle, framework(), held=plain_held)
    return fast, held.found, plain, plain_held.found


def _exact(totals: dict[tuple[str, str], dict[str, Any]]) -> dict[Any, Any]:
    """The totals with each value's text (the exponent counts) and type."""
    return {k: {r: (type(v), str(v)) for r, v in by.items()} for k, by in totals.items()}


def test_grouped_sheets_are_the_per_sheet_rows(ws: Workspace, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    small = _cycle(ws, tmp_path)
    calls: list[totals_grouped.Grouped | None] = []
    grouped = totals_grouped.grouped_sheets

    def spy(*args: Any) -> totals_grouped.Grouped | None:
        calls.append(got := grouped(*args))
        return got

    monkeypatch.setattr(totals_module, "grouped_sheets", spy)
    fast, fast_held, plain, plain_held = _both(ws, monkeypatch)
    assert fast == plain and _exact(fast) == _exact(plain)
    assert fast_held == plain_held == {small.apps[2].id, small.apps[1].id}
    if ws.backend == "postgresql":
        assert calls == []  # a server reads a row per sheet
        return
    found = calls[0] if len(calls) == 1 else None
    assert found is not None
    out, partial = found
    # R4's sheet of applicant 2 has a percentage missing: incomplete, not a total
    assert {(ws_id, rid) for ws_id, rid in partial} and all(rid == "R4" for _, rid in partial)
    assert "R4" not in out[(small.apps[2].id, "material")]
    assert any("R4" in by for by in out.values())  # R4's complete sheets are there
    # a whole ranking: the same, field for field and in its --json
    fast_rank = ranking.rank(ws)
    with monkeypatch.context() as m:
        m.setattr(totals_module, "grouped_sheets", _plain)
        plain_rank = ranking.rank(ws)
    assert fast_rank == plain_rank and fast_rank.matters == plain_rank.matters
    assert to_jsonable(fast_rank) == to_jsonable(plain_rank)


def test_a_row_that_does_not_split_falls_back(ws: Workspace, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _cycle(ws, tmp_path)
    if ws.backend == "postgresql":
        pytest.skip("the grouped read is SQLite's")
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        ids = totals_module.applicant_ids(s, cycle)
        size = len(framework().items)
        assert totals_grouped.grouped_sheets(s, cycle, ids, size) is not None
        # a separator found in the reviewer ids ("R2" …): one pair per sheet no longer
        monkeypatch.setattr(totals_grouped, "SEPARATOR", "R")
        assert totals_grouped.grouped_sheets(s, cycle, ids, size) is None
    fast, fast_held, plain, plain_held = _both(ws, monkeypatch)
    assert fast == plain and _exact(fast) == _exact(plain) and fast_held == plain_held
    monkeypatch.undo()
    # a total not stored as an integer: the per-sheet read (it makes the total as before)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        s.execute(update(SheetTotal).where(SheetTotal.hundredths.is_not(None)).values(
            hundredths=SheetTotal.hundredths + 0.5))
        ids = totals_module.applicant_ids(s, cycle)
        assert totals_grouped.grouped_sheets(s, cycle, ids, size) is None
        s.rollback()


def test_a_changed_total_is_read_anew(ws: Workspace, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is kept between reads: a total changed in the database is the new total."""
    _cycle(ws, tmp_path)
    before = _both(ws, monkeypatch)
    with ws.uow() as s:
        s.execute(update(SheetTotal).where(SheetTotal.hundredths.is_not(None)).values(
            hundredths=SheetTotal.hundredths + 1))
    after = _both(ws, monkeypatch)
    assert after[0] == after[2] and _exact(after[0]) == _exact(after[2])
    changed = [(k, r) for k, by in before[2].items() for r in by
               if k[1] != "defense" and after[2][k][r] != by[r]]
    assert changed and all(after[0][k][r] - before[0][k][r] == Decimal("0.01")
                           for k, r in changed)

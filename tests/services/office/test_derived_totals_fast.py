"""The item spreads and sheet totals a derive keeps are computed with shortcuts (issue 26, h27m):
a run of rows of one (applicant, stage) looked up once, the sheet's rows taken two columns at a
time. Whatever the rows — in any order, applicants and stages interleaved, equal ids held by
different objects, percentages missing — they equal the plain computation: per (applicant,
stage, item) the lowest and highest percentage, per sheet Σ points × pct and how many items
have one."""

from __future__ import annotations

import uuid
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.catalogue import framework
from desktop.services.office import derived_state

_FW = framework()
_ITEMS = [it.id for it in _FW.items[:4]] + ["not-in-framework"]
_APPS = [uuid.UUID(int=n) for n in range(1, 4)]

_ROW = st.tuples(st.integers(0, 2), st.sampled_from(["material", "site"]),
                 st.sampled_from(_ITEMS), st.one_of(st.none(), st.integers(0, 20)),
                 st.sampled_from(["R1", "R2"]), st.booleans())


def _rows(picks: list[tuple[int, str, str, int | None, str, bool]]) -> list[dict[str, Any]]:
    return [{"bundle_id": uuid.UUID(int=100 + a), "reviewer_id": rid,
             # ``fresh``: an equal id, another object
             "applicant_id": uuid.UUID(int=_APPS[a].int) if fresh else _APPS[a],
             "stage_id": "".join(list(stage)) if fresh else stage,
             "item_id": item, "pct": None if pct is None else pct * 5}
            for a, stage, item, pct, rid, fresh in picks]


@given(st.lists(_ROW, max_size=60))
def test_spreads_are_the_plain_lowest_and_highest(picks: list[Any]) -> None:
    rows = _rows(picks)
    plain: dict[tuple[Any, str, str], list[int]] = defaultdict(list)
    for r in rows:
        if r["pct"] is not None:
            plain[(r["applicant_id"], r["stage_id"], r["item_id"])].append(r["pct"])
    assert derived_state._spreads_of(rows) == {k: [min(v), max(v)] for k, v in plain.items()}


@given(st.lists(_ROW, max_size=60))
def test_sheet_totals_are_the_plain_sums(picks: list[Any]) -> None:
    rows = _rows(picks)
    got: list[dict[str, Any]] = []
    cycle = SimpleNamespace(id=uuid.UUID(int=7), framework_ref=f"{_FW.id}@{_FW.version}")
    def insert(_s: Any, _model: Any, made: list[dict[str, Any]]) -> int:
        got.extend(made)
        return len(made)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(derived_state, "insert_rows", insert)
        derived_state._insert_totals(None, cycle, rows)  # type: ignore[arg-type]
    points = {it.id: it.points for it in _FW.items}
    plain: dict[tuple[Any, ...], list[int]] = {}
    for r in rows:
        acc = plain.setdefault((r["bundle_id"], r["reviewer_id"], r["applicant_id"],
                                r["stage_id"]), [0, 0])
        if r["item_id"] in points and r["pct"] is not None:
            acc[0] += points[r["item_id"]] * r["pct"]
            acc[1] += 1
    assert {(g["bundle_id"], g["reviewer_id"], g["applicant_id"], g["stage_id"]):
            (g["hundredths"], g["scored"]) for g in got} == \
        {k: (total if scored else None, scored) for k, (total, scored) in plain.items()}
    assert len(got) == len(plain) and all(g["cycle_id"] == cycle.id for g in got)

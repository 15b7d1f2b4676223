"""Rows inserted through the driver (``office.bulk.insert_rows``) are stored exactly as
SQLAlchemy's own insert stores them — uuids, text, whole numbers, NULLs, decimals and moments —
on both backends (the database's own text of every column compared)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, cast, insert, select

from desktop.models.office.review import (
    ConsensusItem,
    ItemScore,
    PanelScore,
    ReceivedBundle,
    SheetTotal,
)
from desktop.services.office import merge
from desktop.services.office.bulk import insert_rows
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _stored(s: Any, model: Any, where: Any) -> list[tuple[str | None, ...]]:
    """Every column but the id and the row's own marker, as the database's text."""
    cols = [c for c in model.__table__.c if c.name not in ("id", "reviewer_id", "leader_id",
                                                           "stage_id")]
    return sorted(tuple(r) for r in s.execute(
        select(*(cast(c, String) for c in cols)).where(where)))


def test_rows_are_stored_as_sqlalchemy_stores_them(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    moment = datetime(2025, 7, 1, 8, 30, 15, 123456, tzinfo=UTC)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        bid = s.execute(select(ReceivedBundle.id)).scalar_one()
        aid = uuid.UUID(ids[0])

        def rows(mark: str) -> dict[Any, list[dict[str, Any]]]:
            return {
                ItemScore: [{"id": uuid.uuid4(), "cycle_id": cycle.id, "bundle_id": bid,
                             "reviewer_id": mark, "applicant_id": aid, "stage_id": "material",
                             "item_id": f"i{n}", "pct": None if n == 2 else n * 5,
                             "strengths": "优势：体系健全。'\"\\", "improvements": ""}
                            for n in range(4)],
                PanelScore: [{"id": uuid.uuid4(), "cycle_id": cycle.id, "bundle_id": bid,
                              "reviewer_id": mark, "applicant_id": aid, "stage_id": "defense",
                              "value": Decimal("87.25")}],
                ConsensusItem: [{"id": uuid.uuid4(), "cycle_id": cycle.id, "applicant_id": aid,
                                 "stage_id": f"{mark}-stage", "item_id": "i1", "pct": 40,
                                 "rationale": "一致", "leader_id": mark,
                                 "bundle_id": None,
                                 "recorded_at": moment}],
                SheetTotal: [{"id": uuid.uuid4(), "cycle_id": cycle.id, "bundle_id": bid,
                              "reviewer_id": mark, "applicant_id": aid, "stage_id": "material",
                              "hundredths": None, "scored": 0}],
            }

        for model, given in rows("C").items():
            s.connection().execute(insert(model), given)
        for model, given in rows("B").items():
            assert insert_rows(s, model, given) == len(given)
        for model in (ItemScore, PanelScore, SheetTotal):
            column: Any = model
            assert _stored(s, model, column.reviewer_id == "B") == \
                _stored(s, model, column.reviewer_id == "C")
        assert _stored(s, ConsensusItem, ConsensusItem.leader_id == "B") == \
            _stored(s, ConsensusItem, ConsensusItem.leader_id == "C")
        read = s.execute(select(ItemScore).where(ItemScore.reviewer_id == "B",
                                                 ItemScore.item_id == "i1")).scalar_one()
        assert (read.applicant_id, read.pct, read.strengths) == (aid, 5, "优势：体系健全。'\"\\")
        assert s.execute(select(ConsensusItem.recorded_at).where(
            ConsensusItem.leader_id == "B")).scalar_one() == moment


def test_a_column_with_a_default_made_in_python_must_be_given(ws: Workspace) -> None:
    small_cycle(ws)
    with ws.uow() as s, pytest.raises(ValueError, match="recorded_at"):
        insert_rows(s, ConsensusItem, [{"cycle_id": resolve_cycle(s, None).id}])

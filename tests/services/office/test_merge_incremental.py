"""An import into an office whose kept state is current derives only what the new bundles touch
(``office.derive.derive_part``, issue 26): the tables it leaves equal, row for row, what a full
derive from every held bundle writes — after each batch of random batches imported one after
another, on both backends, with updates, forks, chain breaks, stale revisions and a recusal
(which takes the whole derive) among them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models.office.review import (
    Conflict,
    ConsensusItem,
    DerivedState,
    Feedback,
    IssueNote,
    ItemScore,
    ItemSpread,
    MergeRefusal,
    PanelScore,
    SheetTotal,
    TeamFinding,
)
from desktop.services.office import derive, merge
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import kept
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write

MODELS = (ItemScore, PanelScore, ConsensusItem, Feedback, SheetTotal, ItemSpread, TeamFinding,
          IssueNote, MergeRefusal, Conflict)


def _rows(ws: Workspace) -> dict[str, Any]:
    """Every derived table without its row ids and the moments rows were written (a conflict's,
    a field consensus's: a derive writes its own time), and the kept state, which is current
    (its fingerprint matches every input)."""
    out: dict[str, Any] = {}
    with ws.uow() as s:
        for model in MODELS:
            cols = [c for c in model.__table__.c
                    if c.name not in ("id", "created_at", "recorded_at")]
            out[model.__tablename__] = sorted(repr(tuple(r)) for r in s.execute(select(*cols)))
        out["derived_state"] = [r.payload for r in s.execute(select(DerivedState)).scalars()]
        assert kept(s, resolve_cycle(s, None)) is not None
    return out


def _files(ws: Workspace, folder: Path) -> list[Path]:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]

    def chained_to_nothing(m: dict[str, Any]) -> None:
        m["prev_hash"] = "0" * 64

    datas = [bundle(small, "R2", "material", ids, 1, seed=1),
             bundle(small, "R2", "material", ids, 2, seed=2),  # chains on revision 1
             bundle(small, "R2", "material", ids, 3, seed=9, change=chained_to_nothing),
             bundle(small, "R3", "material", ids, 1, seed=3),
             bundle(small, "R3", "material", ids, 2, seed=4),
             bundle(small, "R3", "material", ids, 2, seed=5),  # a fork at revision 2
             bundle(small, "R1", "material", ids, 1, seed=6),  # one sheet refused (office)
             bundle(small, "R4", "material", ids[:1], 1, seed=7),
             bundle(small, "R4", "material", ids[:2], 2, seed=8, recusals=[ids[2]])]
    return [write(folder, f"{i}.sbb", d) for i, d in enumerate(datas)]


@pytest.mark.parametrize("seed", [1, 2])
def test_batches_one_after_another_equal_a_full_derive(ws: Workspace, tmp_path: Path,
                                                       seed: int) -> None:
    rng = random.Random(seed)
    files = _files(ws, tmp_path / "in")
    order = rng.sample(files, len(files)) + rng.sample(files, 3)  # and some again
    cuts = sorted(rng.sample(range(1, len(order)), 4))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    for n, batch in enumerate(batches):
        summary = merge.merge_files(ws, batch)
        if n % 2:  # every other batch is checked; the rest chain incremental imports on
            continue
        got = _rows(ws)
        state = merge.rederive(ws)  # a full derive from every held bundle
        assert _rows(ws) == got
        assert summary.forks == state.waiting()
        assert summary.refused_sheets == len(state.refused)
        assert (summary.item_scores, summary.panel_scores) == (
            len(got["item_score"]), len(got["panel_score"]))  # kept counts, not counted
    got = _rows(ws)
    state = merge.rederive(ws)
    assert _rows(ws) == got
    with ws.uow() as s:
        assert s.execute(select(ItemScore)).first() is not None


def test_an_import_without_recusals_takes_the_partial_derive(ws: Workspace, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    calls: list[set[str]] = []
    real = derive.derive_part

    def spy(s: Any, cycle: Any, report: Any, reviewers: Any, *rest: Any, **kw: Any) -> Any:
        calls.append(set(reviewers))
        return real(s, cycle, report, reviewers, *rest, **kw)

    monkeypatch.setattr(merge, "derive_part", spy)
    got = merge.merge_files(ws, [write(tmp_path, "b.sbb",
                                       bundle(small, "R3", "material", ids, seed=2))])
    assert calls == [{"R3"}]
    assert got.item_scores == 2 * 3 * 23
    rows = _rows(ws)
    merge.rederive(ws)
    assert _rows(ws) == rows
    # a recusal reaches the reviewer's other sheets and the register: the whole derive
    merge.merge_files(ws, [write(tmp_path, "c.sbb", bundle(small, "R3", "material", ids[1:], 2,
                                                           seed=3, recusals=[ids[0]]))])
    assert calls == [{"R3"}]
    rows = _rows(ws)
    merge.rederive(ws)
    assert _rows(ws) == rows


def test_consensus_and_findings_imported_one_after_another(ws: Workspace,
                                                           tmp_path: Path) -> None:
    from tests.services.office.test_findings import ITEM, consensus, finding, full_report

    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "r2.sbb", bundle(small, "R2", "material", ids))])
    steps = [consensus(small, tmp_path, "c1.sbb", "material", full_report(ids[0])),
             write(tmp_path, "r3.sbb", bundle(small, "R3", "material", ids, seed=2)),
             consensus(small, tmp_path, "c2.sbb", "material",
                       [finding(ids[0], "strength", "只剩一条", item_id=ITEM)], revision=2,
                       final=False)]
    for path in steps:
        merge.merge_files(ws, [path])
        rows = _rows(ws)
        assert rows["team_finding"] and rows["consensus_item"]
        merge.rederive(ws)
        assert _rows(ws) == rows

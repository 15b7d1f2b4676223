"""Any permutation and duplication of a set of bundle FILES gives the same merged state,
through the service (embedded backend; hypothesis, small)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.models.office.review import ItemScore
from desktop.services.office import merge
from desktop.services.office.workspace import Workspace, init_workspace
from tests.services.office.helpers import bundle, small_cycle, write

_FILES: list[bytes] = []
_TEMPLATE: dict[str, object] = {}


def _state(ws: Workspace) -> set[tuple[str, str, str, str, int | None]]:
    with ws.uow() as s:
        return {(r.reviewer_id, str(r.applicant_id), r.stage_id, r.item_id, r.pct)
                for r in s.execute(select(ItemScore)).scalars()}


def _fresh(folder: Path) -> tuple[Workspace, list[Path]]:
    ws = init_workspace(folder / "office", "p", "Office", kdf=CHEAP_KDF)
    small = small_cycle(ws)
    ids = [a["id"] for a in small.apps]
    datas = [bundle(small, "R2", "material", ids, 1, seed=1),
             bundle(small, "R2", "material", ids, 2, seed=2),
             bundle(small, "R3", "material", ids, 1, seed=3),
             bundle(small, "R1", "material", ids, 1, seed=4),  # one sheet refused (recusal)
             bundle(small, "R4", "material", ids[:1], 1, seed=5)]
    return ws, [write(folder / "in", f"{i}.sbb", d) for i, d in enumerate(datas)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_order_and_duplication_gives_the_same_state(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws, files = _fresh(Path(tmp))
        try:
            order = data.draw(st.permutations(files))
            dups = data.draw(st.lists(st.sampled_from(files), max_size=4))
            batches = data.draw(st.integers(1, 3))
            sequence = list(order) + dups
            step = max(1, len(sequence) // batches)
            for i in range(0, len(sequence), step):
                merge.merge_files(ws, sequence[i:i + step])
            got = _state(ws)
        finally:
            ws.close()
        ws2, files2 = _fresh(Path(tmp) / "ref")
        try:
            merge.merge_files(ws2, files2)
            # Applicant ids differ between the two workspaces: compare without them.
            def strip(x: set[tuple[str, str, str, str, int | None]]) -> list[tuple[object, ...]]:
                return sorted((r, st_, it, p) for r, _a, st_, it, p in x)
            assert len(got) == len(_state(ws2)) == (3 + 3 + 2 + 1) * 23
            assert strip(got) == strip(_state(ws2))
        finally:
            ws2.close()

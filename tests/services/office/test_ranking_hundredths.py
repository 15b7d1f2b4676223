"""A kept sheet total in hundredths is made a ``Decimal`` as ``Decimal(h) * HUNDREDTH``
(``office.totals``, issue 26): exactly ``Decimal(h).scaleb(-2)``, its plain form — the same
coefficient and exponent (``as_tuple``), so the same text — for every total a sheet can have
and far beyond, and for every sheet ``reviewer_totals`` reads, on both backends."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from desktop.models.office.review import SheetTotal
from desktop.services.catalogue import framework
from desktop.services.office import totals as totals_module
from desktop.services.office.common import resolve_cycle
from desktop.services.office.totals import HUNDREDTH
from desktop.services.office.workspace import Workspace
from tests.services.office.test_ranking_reads import _cycle


def _plain(h: int) -> Decimal:
    return Decimal(h).scaleb(-2)


def test_the_product_is_the_scaled_total() -> None:
    top = framework().total_points * 100  # every item at 100 %
    for h in [*range(-1000, top + 1001), 10**18, -(10**18), 2**63 - 1, -(2**63)]:
        fast = Decimal(h) * HUNDREDTH
        assert fast.as_tuple() == _plain(h).as_tuple() and str(fast) == str(_plain(h)), h


def test_reviewer_totals_are_the_scaled_kept_totals(ws: Workspace, tmp_path: Path) -> None:
    small = _cycle(ws, tmp_path)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        got = totals_module.reviewer_totals(s, cycle, framework(), kept=True)
        kept = s.execute(select(SheetTotal.applicant_id, SheetTotal.stage_id,
                                SheetTotal.reviewer_id, SheetTotal.hundredths,
                                SheetTotal.scored)).all()
    size = len(framework().items)
    complete = [(str(a), st, r, h) for a, st, r, h, n in kept if n == size and h is not None]
    assert complete and len(complete) < len(kept)  # R4's incomplete sheet is not a total
    for aid, stage, rid, h in complete:
        value = got[(aid, stage)][rid]
        assert value.as_tuple() == _plain(h).as_tuple(), (aid, stage, rid)
    assert {k for k in got if k[1] != "defense"} == {(a, st) for a, st, _r, _h in complete}
    assert {a.id for a in small.apps} >= {a for a, _st in got}

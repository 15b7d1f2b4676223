"""The reviewer totals the office ranking sums in the database equal the domain's
``reviewer_total`` on the same rows (both backends); an incomplete sheet has no total."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.domain.ranking import reviewer_total
from desktop.domain.scoring import ItemEntry
from desktop.models.office.review import ItemScore
from desktop.services.catalogue import framework
from desktop.services.office import merge, ranking
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, scores_for, small_cycle, write


def test_database_totals_equal_the_domain(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids, seed=k + 3))
             for k, r in enumerate(("R2", "R3"))]
    partial = scores_for(ids, "material", 9)
    partial[5]["pct"] = None  # R4 left one item of the first applicant unscored
    manifest = new_manifest(kind="scores", cycle_id=small.cycle, stage_id="material",
                            reviewer_id="R4", revision=1, prev_hash="",
                            snapshot={"scores": partial, "panel_scores": [], "recusals": [],
                                      "feedback": []}, audit_head="")
    files.append(write(tmp_path, "R4.sbb", build_bundle(small.ids["R4"], manifest,
                                                        [small.office_enc])))
    merge.merge_files(ws, files)
    fw = framework()
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        got = ranking.reviewer_totals(s, cycle, fw)
        sheets: dict[tuple[str, str, str], list[ItemEntry]] = defaultdict(list)
        for r in s.execute(select(ItemScore)).scalars():
            sheets[(str(r.applicant_id), r.stage_id, r.reviewer_id)].append(
                ItemEntry(r.item_id, r.pct))
    want: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for (aid, stage, rid), entries in sheets.items():
        total = reviewer_total(fw, entries)
        if total is not None:
            want[(aid, stage)][rid] = total
    assert dict(got) == dict(want)
    assert "R4" not in got[(ids[0], "material")] and "R4" in got[(ids[2], "material")]
    assert len(sheets) == 3 * 3  # R2, R3, R4 × three applicants

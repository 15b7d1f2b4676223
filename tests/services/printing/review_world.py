"""A small cycle whose material-review team reported (real signed bundles merged by the
office): a finding quoting the applicant's declared secret, one with a span the leader marked,
key themes, a suggestion and a site-visit issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.services.office import merge
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write
from tests.services.office.test_findings import consensus, finding, full_report

DECLARED = "关键工艺参数甲乙丙丁"  # declared secret of the first applicant (helpers)
MARKED = "与供应商的长协价格"
QUOTING = f"工艺稳定：{DECLARED}控制良好"
MARKED_TEXT = f"{MARKED}带来成本优势"
THEME_QUOTING = f"{DECLARED}尚未形成文件化的控制程序"
NAMES = ("评审员1", "评审员2", "评审员3", "评审员4")


def report_rows(applicant_id: str) -> list[dict[str, Any]]:
    rows = full_report(applicant_id)
    rows.append(finding(applicant_id, "strength", QUOTING, item_id=rows[0]["item_id"]))
    rows.append(finding(applicant_id, "theme_improvement", THEME_QUOTING))
    rows.append(finding(applicant_id, "improvement", MARKED_TEXT, item_id=rows[1]["item_id"],
                        secret_marks=[{"field": "text", "start": 0, "end": len(MARKED)}]))
    return rows


def reported(ws: Workspace, tmp: Path, *, final: bool = True) -> Small:
    """The cycle, with the material consensus of the first applicant merged."""
    small = small_cycle(ws)
    app = small.apps[0].id
    merge.merge_files(ws, [consensus(small, tmp, "c.sbb", "material", report_rows(app),
                                     final=final)])
    return small


def member_scores(ws: Workspace, small: Small, tmp: Path, applicant_ids: list[str]) -> None:
    merge.merge_files(ws, [write(tmp, f"{rid}.sbb", bundle(small, rid, "material",
                                                           applicant_ids, seed=n))
                           for n, rid in enumerate(("R2", "R3"), start=1)])

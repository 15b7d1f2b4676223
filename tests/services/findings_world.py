"""A case with site-visit issues: the on-site package of ``tests.models.case_world`` with the
material-review team's issues for A001 (item 4.1.2 to verify, 4.1.3 to clarify) and A002."""

from __future__ import annotations

from pathlib import Path

from desktop.crypto.package import build_package
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from tests.models.case_world import NAMES, SECRET, World, make_world

ISSUES = {
    "A001": [{"issue_id": "SI-0a1b2c3d4e", "item_id": "4.1.2", "kind": "verify",
              "text": "核实高层领导“三级走访”制度在基层单位的落实记录"},
             {"issue_id": "SI-1f2e3d4c5b", "item_id": "4.1.3", "kind": "clarify",
              "text": "澄清社会责任报告中能耗数据的统计口径"}],
    "A002": [{"issue_id": "SI-99aa88bb77", "item_id": "4.1.2", "kind": "verify",
              "text": "核实战略部署的分解文件"}],
}


def issues_world(folder: Path) -> World:
    """``make_world`` whose package carries site-visit issues."""
    world = make_world(folder)
    content = sample_content("R001", applicants=3, criteria_ref=catalogue.framework().ref,
                             names=NAMES, secret=SECRET,
                             team=[("R001", "Reviewer One", False),
                                   ("R002", "Team Leader", True)])
    for a in content["applicants"]:
        if a["applicant_id"] in ISSUES:
            a["site_issues"] = ISSUES[a["applicant_id"]]
    world.package.write_bytes(build_package(world.office, world.roster_bytes, world.me.public,
                                            content))
    return world

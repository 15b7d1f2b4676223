"""One demo cycle for the printing tests (built once per session; ~10 s).

``scorebook demo`` (baotou-hitech, the smallest programme) gives an office workspace and eight
real case files. On top of it, as people would: reviewer R01 quotes the applicant's declared
secret in a comment without marking it and marks a passage of another comment as secret, then
exports; team leader R04 takes both comments into the material review's agreed findings and
finalises that stage again, and the office merges both bundles; the office records eligibility
facts for that applicant; R04 imports the team's bundles in their case file and finalises the
on-site consensus of that applicant, quoting the secret in one rationale.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.findings import CommentKind
from desktop.models.office.people import Applicant
from desktop.services import leader_findings
from desktop.services.case import open_case
from desktop.services.demo import PASSPHRASE, SECRET, run_demo
from desktop.services.leader import TeamLeader
from desktop.services.office import eligibility, merge
from desktop.services.office.workspace import open_workspace

MARKED = "与包钢集团签订的稀土原料长期协议价格条款"  # marked by the reviewer, never declared
QUOTING_ITEM = "4.1.2"  # its strengths quote the declared secret, unmarked
MARKED_ITEM = "4.2.2"  # its improvements start with the marked passage
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PrintingDemo:
    folder: Path
    office: Path
    cases: dict[str, Path]
    packages: dict[str, Path]  # reviewer id -> the panel package issued to them
    cycle: str
    applicant_ref: str  # the applicant with the declared secret (office reference)
    applicant_id: str  # … its id in the case files
    applicant_name: str
    reviewer_case: Path  # R01's case, which scored that applicant
    leader_case: Path  # R04's case, the team leader's


_BUILT: dict[str, PrintingDemo] = {}


def build(factory: pytest.TempPathFactory) -> PrintingDemo:
    if "demo" in _BUILT:
        return _BUILT["demo"]
    folder = factory.mktemp("printing") / "demo"
    result = run_demo(folder, "baotou-hitech", seed=7)
    ref = result.secret_applicant
    assert ref is not None
    with open_workspace(result.workspace, PASSPHRASE) as ws:
        with ws.uow() as s:
            app = s.execute(select(Applicant).where(Applicant.ref == ref)).scalar_one()
            app_id, name = str(app.id), app.name
        facts = tomllib.loads((ROOT / "resources/examples/facts/eligible-organisation.toml")
                              .read_text(encoding="utf-8"))
        facts["name"] = name
        eligibility.record_facts(ws, ref, facts)
    cases = {p.parent.name: p for p in result.cases}
    bundles = folder / "usb" / "bundles"
    with open_case(cases["R01"], PASSPHRASE) as case:
        case.score_item(app_id, "material", QUOTING_ITEM,
                        strengths=f"现场核实了申报材料：{SECRET}，数据完整可信。")
        case.score_item(app_id, "material", MARKED_ITEM,
                        improvements=f"{MARKED}未说明风险应对措施。")
        case.mark_secret(app_id, "material", MARKED_ITEM, "improvements", 0, len(MARKED))
        fresh = case.export_bundle(bundles, final=True, stage_id="material").path
    with open_case(cases["R04"], PASSPHRASE) as case:
        # The material team's report takes R01's two comments into the agreed findings
        # (the marked passage keeps its mark), then the leader finalises it again.
        team = TeamLeader(case)
        team.import_bundles([fresh])
        for item, kind in ((QUOTING_ITEM, CommentKind.STRENGTH),
                           (MARKED_ITEM, CommentKind.IMPROVEMENT)):
            mine = [c.ref for c in leader_findings.member_comments(team, app_id, "material", item)
                    if c.reviewer.reviewer_id == "R01" and c.kind is kind
                    and (SECRET in c.text or MARKED in c.text)]
            assert mine, (item, kind)
            leader_findings.pick(team, app_id, "material", item, kind.value, mine)
        team.finalise(app_id, "material")
        material = team.export_consensus(bundles, "material").path
    with open_workspace(result.workspace, PASSPHRASE) as ws:
        merged = merge.merge_files(ws, [fresh, material])
        assert merged.counts["updated"] == 2, merged.counts
    with open_case(cases["R04"], PASSPHRASE) as case:
        team = TeamLeader(case)
        team.import_bundles(sorted(bundles.glob("*.sbb")))
        view = team.divergence(app_id, "onsite")
        for n, row in enumerate(view.items):
            if row.flagged or n == 0:
                why = f"组内讨论：申报单位的{SECRET}已核实。" if n == 0 else "组内讨论后取均值。"
                team.set_consensus(app_id, "onsite", row.stats.item_id, rationale=why)
        team.finalise(app_id, "onsite")
    issued = {c.parent.name: p for c, p in zip(result.cases, result.packages, strict=True)}
    demo = PrintingDemo(folder, result.workspace, cases, issued, result.cycle, ref, app_id, name,
                        cases["R01"], cases["R04"])
    _BUILT["demo"] = demo
    return demo

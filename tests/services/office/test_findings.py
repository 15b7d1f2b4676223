"""The teams' findings at the office (issue 20): derived from the consensus bundles in force,
read back with names, the report status per applicant and stage, the site-visit issues of the
material review, and the gate on the feedback report. Real signed bundles, merged on SQLCipher
and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.domain.findings import FindingKind, Outcome
from desktop.models.office.review import IssueNote, TeamFinding
from desktop.services.catalogue import framework
from desktop.services.office import findings, merge, packages
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write

FW = framework()
ISSUE = "SI-0123456789"
ITEM = FW.items[5].id


def finding(applicant: str, kind: str, text: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"applicant_id": applicant, "kind": kind, "text": text,
                           "sources": extra.pop("sources", ["R2", "R3"]),
                           "secret_marks": extra.pop("secret_marks", [])}
    out.update(extra)
    return out


def full_report(applicant: str, *, issue: bool = True) -> list[dict[str, Any]]:
    """A complete material-review report: a strength per item, the key themes, a suggestion
    and (``issue``) a site-visit issue to verify on item ITEM."""
    rows = [finding(applicant, "strength", f"【方法】{it.name_zh}的做法系统（第{n + 3}页）",
                    item_id=it.id) for n, it in enumerate(FW.items)]
    rows += [finding(applicant, "theme_strength", "领导重视质量，战略清晰"),
             finding(applicant, "theme_improvement", "数据分析尚未覆盖全部过程"),
             finding(applicant, "suggestion", "建立覆盖全过程的绩效测量体系")]
    if issue:
        rows.append(finding(applicant, "verify", "核实顾客满意度调查的样本量", item_id=ITEM,
                            issue_id=ISSUE, sources=[]))
    return rows


def with_findings(rows: list[dict[str, Any]], *, final: bool = True,
                  notes: list[dict[str, Any]] | None = None) -> Callable[[dict[str, Any]], None]:
    def change(m: dict[str, Any]) -> None:
        if rows:
            m["snapshot"]["findings"] = rows
        if notes:
            m["snapshot"]["issue_notes"] = notes
        m["final"] = final
    return change


def consensus(small: Small, tmp: Path, name: str, stage: str, rows: list[dict[str, Any]], *,
              revision: int = 1, final: bool = True, apps: list[str] | None = None) -> Path:
    ids = [a.id for a in small.apps] if apps is None else apps
    return write(tmp, name, bundle(small, "R4", stage, ids, revision=revision,
                                   kind="consensus",
                                   change=with_findings(rows, final=final)))


def test_findings_are_derived_and_read_with_names(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    app = small.apps[0]
    path = consensus(small, tmp_path, "R4-consensus.sbb", "material", full_report(app.id))
    result = merge.merge_files(ws, [path])
    assert result.files[0].outcome == "new", result.files[0]
    view = findings.team_findings(ws, app.ref, "material")
    assert (view.applicant_ref, view.applicant_name) == (app.ref, app.name)
    assert view.stage_id == "material" and view.stage_name == "材料评审"
    assert view.team_name == "T1"
    assert view.leader is not None and view.leader.reviewer_id == "R4"
    assert view.leader.name == "评审员4"
    assert [m.reviewer_id for m in view.members] == ["R4", "R1", "R2", "R3"]
    assert view.final and view.consensus_file == "R4-consensus.sbb"
    assert view.consensus_at is not None and view.consensus_at.tzinfo is not None
    assert len(view.items) == len(FW.items) and view.summary is not None
    assert view.summary.total == sum(i.score for i in view.items)
    strengths = view.of_kind(FindingKind.STRENGTH)
    assert len(strengths) == len(FW.items)
    assert strengths[0].item is not None and strengths[0].item_name == FW.items[0].name_zh
    assert strengths[0].finding.sources == ("R2", "R3")
    [theme] = view.of_kind(FindingKind.THEME_STRENGTH)
    assert theme.item is None and theme.finding.text == "领导重视质量，战略清晰"
    assert view.site_issues == ()  # a material review is given none
    assert view.status.complete, view.status.missing()
    [issue] = findings.team_findings(ws, app.ref, "material").of_kind(FindingKind.VERIFY)
    assert issue.finding.issue_id == ISSUE and issue.item_name == FW.item(ITEM).name_zh
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        [si] = findings.site_issues_for(s, cycle, app.id)
        assert (si.issue_id, si.item_id, si.kind, si.applicant_id) == (
            ISSUE, ITEM, FindingKind.VERIFY, app.id)
        assert findings.site_issues_for(s, cycle, small.apps[2].id) == ()
        got = findings.findings_of(s, cycle, app.id, "material")
        assert [f.kind for f in got][-4:] == [FindingKind.THEME_STRENGTH,
                                              FindingKind.THEME_IMPROVEMENT,
                                              FindingKind.SUGGESTION, FindingKind.VERIFY]


def test_a_newer_consensus_replaces_the_findings(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    app = small.apps[0].id
    first = consensus(small, tmp_path, "c1.sbb", "material", full_report(app))
    merge.merge_files(ws, [first])
    second = consensus(small, tmp_path, "c2.sbb", "material",
                       [finding(app, "strength", "只剩一条", item_id=ITEM)], revision=2,
                       final=False)
    assert merge.merge_files(ws, [second]).files[0].outcome == "updated"
    with ws.uow() as s:
        assert s.execute(select(func.count()).select_from(TeamFinding)).scalar_one() == 1
        cycle = resolve_cycle(s, None)
        [only] = findings.findings_of(s, cycle, app, "material")
        assert only.text == "只剩一条"
    view = findings.team_findings(ws, small.apps[0].ref, "material")
    assert not view.final and view.consensus_file == "c2.sbb"
    assert not view.status.complete
    missing = [m.render() for m in view.status.missing()]
    assert any("not final" in m for m in missing)
    assert any("no key themes" in m for m in missing)
    # derived again from the same bundles: the same rows (idempotent)
    merge.rederive(ws)
    with ws.uow() as s:
        assert s.execute(select(func.count()).select_from(TeamFinding)).scalar_one() == 1


def test_report_statuses_per_applicant_and_stage(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    a0, a1, a2 = small.apps
    merge.merge_files(ws, [consensus(small, tmp_path, "c.sbb", "material",
                                     full_report(a0.id) + full_report(a2.id,
                                                                         issue=False))])
    rows = findings.report_statuses(ws)
    assert [(r.applicant_ref, r.stage_id) for r in rows] == [
        (a0.ref, "material"), (a1.ref, "material"), (a2.ref, "material")]
    assert [r.complete for r in rows] == [True, False, True]
    missing = " / ".join(m.render() for m in rows[1].missing())
    # the bundle is final and agrees a1's scores, but reports no finding for it
    assert "not final" not in missing and f"no agreed finding for items {FW.items[0].id}, " \
        in missing and "no key themes" in missing
    assert rows[1].stage_name == "材料评审" and rows[1].applicant_name == a1.name
    packages.admit(ws, "onsite", [a0.ref])
    rows = findings.report_statuses(ws)
    onsite = [r for r in rows if r.stage_id == "onsite"]
    assert [(r.applicant_ref, r.complete) for r in onsite] == [(a0.ref, False)]


def test_the_feedback_report_waits_for_a_final_material_report(ws: Workspace,
                                                               tmp_path: Path) -> None:
    small = small_cycle(ws)
    a0, a1, a2 = small.apps
    merge.merge_files(ws, [consensus(small, tmp_path, "c.sbb", "material",
                                     full_report(a0.id), final=False)])
    block = findings.feedback_block(ws, a0.ref)
    assert block is not None
    text = block.render()
    assert a0.ref in text and a0.name in text and "not going on site" in text
    assert "not final" in text
    assert findings.feedback_block(ws, a1.ref) is not None  # nothing reported at all
    # the same report, final: the feedback report may go
    merge.merge_files(ws, [consensus(small, tmp_path, "c2.sbb", "material",
                                     full_report(a0.id), revision=2)])
    assert findings.feedback_block(ws, a0.ref) is None
    # going on site: its feedback is not the material report (no gate here)
    packages.admit(ws, "onsite", [a2.ref])
    assert findings.feedback_block(ws, a2.ref) is None
    assert findings.feedback_block(ws, a1.ref) is not None


def test_no_findings_without_bundles(ws: Workspace) -> None:
    small = small_cycle(ws)
    view = findings.team_findings(ws, small.apps[1].ref, "material")
    assert view.findings == () and view.items == () and view.summary is None
    assert not view.final and view.consensus_at is None and view.consensus_file == ""
    with ws.uow() as s:
        assert s.execute(select(func.count()).select_from(IssueNote)).scalar_one() == 0
    assert Outcome.CONFIRMED.value == "confirmed"

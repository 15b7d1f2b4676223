"""The team's findings and the on-site issue notes are checked on arrival like every value of a
bundle (issue 20, the pattern of test_merge_values.py): each a real bundle, correctly signed by
a rostered reviewer or team leader and sealed to the office, with one wrong value. It is
rejected whole, the reason names the file, the reviewer, the field, the value and the rule, the
file is quarantined and nothing changes. The site-visit issues travel in the on-site packages
and reach the on-site reviewer's case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.crypto import bundle as crypto_bundle
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.findings import FindingKind
from desktop.models import case as cm
from desktop.models.office.review import IssueNote, PackageIssue, TeamFinding
from desktop.services.case import create_case
from desktop.services.office import findings, merge, packages
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write
from tests.services.office.test_findings import (
    FW,
    ISSUE,
    ITEM,
    finding,
    full_report,
    with_findings,
)
from tests.services.office.test_merge_values import office_state, quarantined


def state(ws: Workspace) -> dict[str, Any]:
    out = office_state(ws)
    with ws.uow() as s:
        for model in (TeamFinding, IssueNote):
            out[model.__tablename__] = s.execute(
                select(func.count()).select_from(model)).scalar_one()
    return out


def note(applicant: str, issue: str = ISSUE, outcome: str = "confirmed", text: str = "已核实",
         marks: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    return {"applicant_id": applicant, "issue_id": issue, "outcome": outcome, "text": text,
            "secret_marks": [{"field": "text", "start": a, "end": b} for a, b in marks or []]}


def on_site(ws: Workspace, tmp: Path) -> tuple[Small, dict[str, Path]]:
    """A material consensus raising ISSUE for the first applicant, merged; the first two
    applicants admitted on site; the on-site packages issued (they carry the issue)."""
    small = small_cycle(ws)
    a0 = small.apps[0].id
    c = write(tmp / "in", "R4-material.sbb", bundle(
        small, "R4", "material", [a.id for a in small.apps], kind="consensus",
        change=with_findings(full_report(a0))))
    assert merge.merge_files(ws, [c]).files[0].outcome == "new"
    packages.admit(ws, "onsite", [small.apps[0].ref, small.apps[2].ref])
    issued = packages.issue_packages(ws, tmp / "usb", stage_id="onsite").result
    return small, {r.reviewer: r.file for r in issued}


def rejected(ws: Workspace, tmp: Path, name: str, data: bytes, rid: str, field: str,
             rule: str, value: str | None = None) -> str:
    before = state(ws)
    bad = write(tmp / "in", name, data)
    [f] = merge.merge_files(ws, [bad]).files
    assert f.outcome == "rejected", f
    assert f.reason is not None
    reason = f.reason.render()
    for part in (bad.name, rid, field, rule, *([value] if value else [])):
        assert part in reason, (part, reason)
    assert f.quarantined is not None and Path(f.quarantined).read_bytes() == bad.read_bytes()
    assert (bad.name, f.quarantined) in quarantined(ws)
    assert state(ws) == before
    return reason


def test_site_issues_travel_in_the_on_site_package_to_the_case(ws: Workspace,
                                                               tmp_path: Path) -> None:
    small, files = on_site(ws, tmp_path)
    a0 = small.apps[0].id
    with ws.uow() as s:
        rows = {r.reviewer_id: r.site_issues for r in s.execute(select(PackageIssue))
                .scalars()}
    assert json.loads(rows["R2"]) == {a0: [ISSUE]}
    assert json.loads(rows["R1"]) == {a0: [ISSUE]}  # R1 is recused only from apps[1]
    case = create_case(files["R2"], tmp_path / "case-R2", "case pass phrase",
                       small.ids["R2"], ws.identity().root_fingerprint, kdf=CHEAP_KDF)
    try:
        got = case.run(lambda s: [(i.issue_id, i.applicant_id, i.item_id, i.kind, i.text)
                                  for i in s.scalars(select(cm.SiteIssue))])
    finally:
        case.close()
    assert got == [(ISSUE, a0, ITEM, "verify", "核实顾客满意度调查的样本量")]
    # a material-stage package carries none
    again = packages.issue_packages(ws, tmp_path / "usb2", stage_id="material",
                                    reviewers=["R3"]).result
    with ws.uow() as s:
        last = s.execute(select(PackageIssue).where(PackageIssue.file_name ==
                                                    again[0].file.name)).scalar_one()
        assert last.site_issues == "{}"


def test_notes_and_resolutions_are_stored_and_read(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    a0, a2 = small.apps[0], small.apps[2]
    r2 = write(tmp_path / "in", "R2-onsite.sbb", bundle(
        small, "R2", "onsite", [a0.id, a2.id],
        change=with_findings([], notes=[note(a0.id, text="样本量为1200份，属实",
                                             marks=[(0, 3)])])))
    r3 = write(tmp_path / "in", "R3-onsite.sbb", bundle(
        small, "R3", "onsite", [a0.id, a2.id],
        change=with_findings([], notes=[note(a0.id, outcome="unresolved",
                                             text="未见原始问卷")])))
    report = [*full_report(a0.id, issue=False),
              finding(a0.id, "resolution", "样本量属实", issue_id=ISSUE, outcome="confirmed")]
    c = write(tmp_path / "in", "R4-onsite.sbb", bundle(
        small, "R4", "onsite", [a0.id, a2.id], kind="consensus",
        change=with_findings(report)))
    result = merge.merge_files(ws, [r2, r3, c])
    assert [f.outcome for f in result.files] == ["new", "new", "new"], result.files
    view = findings.team_findings(ws, a0.ref, "onsite")
    [issue] = view.site_issues
    assert issue.issue.issue_id == ISSUE and issue.item is not None
    assert issue.item.id == ITEM
    assert [(n.reviewer_id, n.reviewer_name, n.outcome.value, n.text, n.marks)
            for n in issue.notes] == [("R2", "评审员2", "confirmed", "样本量为1200份，属实",
                                       ((0, 3),)),
                                      ("R3", "评审员3", "unresolved", "未见原始问卷", ())]
    assert issue.resolution is not None and issue.resolution.text == "样本量属实"
    assert view.status.complete, view.status.missing()
    # without the resolution the on-site report is not complete: the issue is open
    c2 = write(tmp_path / "in", "R4-onsite-2.sbb", bundle(
        small, "R4", "onsite", [a0.id, a2.id], kind="consensus", revision=2,
        change=with_findings(full_report(a0.id, issue=False))))
    assert merge.merge_files(ws, [c2]).files[0].outcome == "updated"
    status = findings.team_findings(ws, a0.ref, "onsite").status
    assert status.open_issues == (ISSUE,)
    assert ISSUE in " ".join(m.render() for m in status.missing())


def _consensus(small: Small, stage: str, rows: list[dict[str, Any]]) -> bytes:
    return bundle(small, "R4", stage, [small.apps[0].id, small.apps[2].id],
                  kind="consensus", change=with_findings(rows))


def test_a_verify_issue_raised_on_site(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    rows = [finding(small.apps[0].id, "verify", "再核实一次", item_id=ITEM,
                    issue_id="SI-ffffffffff")]
    rejected(ws, tmp_path, "R4-verify-onsite.sbb", _consensus(small, "onsite", rows), "R4",
             "snapshot.findings[0].kind", "raised only at a material review", "'verify'")


def test_a_resolution_at_the_material_review(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    rows = [finding(small.apps[0].id, "resolution", "属实", issue_id=ISSUE,
                    outcome="confirmed")]
    rejected(ws, tmp_path, "R4-resolution.sbb", _consensus(small, "material", rows), "R4",
             "snapshot.findings[0].kind", "resolved only on site")


def test_a_finding_for_an_unknown_item(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    rows = [finding(small.apps[0].id, "strength", "好", item_id="9.9.9")]
    rejected(ws, tmp_path, "R4-item.sbb", _consensus(small, "material", rows), "R4",
             "snapshot.findings[0].item_id", "which the criteria do not have", "'9.9.9'")


def test_a_resolution_of_an_issue_never_sent(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    rows = [finding(small.apps[0].id, "resolution", "属实", issue_id="SI-0000000000",
                    outcome="confirmed")]
    rejected(ws, tmp_path, "R4-never.sbb", _consensus(small, "onsite", rows), "R4",
             "snapshot.findings[0].issue_id", "which this team was not given",
             "SI-0000000000")


def test_findings_from_a_member_not_the_leader(ws: Workspace, tmp_path: Path) -> None:
    """Findings travel only in a consensus bundle, and a member's consensus bundle is refused
    when it is opened (only a team leader signs one), as consensus scores are."""
    small = small_cycle(ws)
    rows = [finding(small.apps[0].id, "strength", "好", item_id=ITEM)]
    data = bundle(small, "R3", "material", [small.apps[0].id], kind="consensus",
                  change=with_findings(rows))
    before = state(ws)
    [f] = merge.merge_files(ws, [write(tmp_path / "in", "R3-consensus.sbb", data)]).files
    assert f.outcome == "rejected" and f.quarantined is not None
    assert "team leader" in str(f.reason)
    assert state(ws) == before


def test_a_finding_source_who_is_not_a_reviewer_of_the_applicant(ws: Workspace,
                                                                  tmp_path: Path) -> None:
    small = small_cycle(ws)
    rows = [finding(small.apps[0].id, "strength", "好", item_id=ITEM, sources=["R9"])]
    rejected(ws, tmp_path, "R4-source.sbb", _consensus(small, "material", rows), "R4",
             "snapshot.findings[0].sources", "a reviewer of the applicant", "'R9'")


def test_a_note_for_an_unknown_issue(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    a0 = small.apps[0].id
    data = bundle(small, "R2", "onsite", [a0], change=with_findings(
        [], notes=[note(a0, issue="SI-9999999999")]))
    rejected(ws, tmp_path, "R2-unknown.sbb", data, "R2", "snapshot.issue_notes[0].issue_id",
             "no such site-visit issue", "SI-9999999999")


def test_a_note_for_another_applicants_issue(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    a2 = small.apps[2].id  # admitted on site, but the issue is the first applicant's
    data = bundle(small, "R2", "onsite", [a2], change=with_findings([], notes=[note(a2)]))
    rejected(ws, tmp_path, "R2-other.sbb", data, "R2", "snapshot.issue_notes[0].issue_id",
             "no such site-visit issue")


def test_a_note_at_the_material_review(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    a0 = small.apps[0].id
    data = bundle(small, "R2", "material", [a0], change=with_findings([], notes=[note(a0)]))
    rejected(ws, tmp_path, "R2-material-note.sbb", data, "R2",
             "snapshot.issue_notes[0].issue_id", "belongs to an on-site review")


def test_a_note_with_marks_outside_its_text(ws: Workspace, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed as a laptop that skipped the format's own check would sign it: the office
    refuses it when it opens it (the field and the rule named), before the merge's rule
    (merge_findings, exercised in tests/domain/test_merge_findings.py) would."""
    small, _ = on_site(ws, tmp_path)
    a0 = small.apps[0].id
    with monkeypatch.context() as patched:
        patched.setattr(crypto_bundle, "_check_semantics", lambda m: None)
        data = bundle(small, "R2", "onsite", [a0], change=with_findings(
            [], notes=[note(a0, text="短", marks=[(0, 5)])]))
    before = state(ws)
    [f] = merge.merge_files(ws, [write(tmp_path / "in", "R2-marks.sbb", data)]).files
    assert f.outcome == "rejected" and f.quarantined is not None
    reason = str(f.reason)
    assert "snapshot.issue_notes[0].secret_marks" in reason and "outside" in reason
    assert state(ws) == before


def test_the_verify_kind_survives_the_trip(ws: Workspace, tmp_path: Path) -> None:
    small, _ = on_site(ws, tmp_path)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        [issue] = findings.site_issues_for(s, cycle, small.apps[0].id)
    assert issue.kind is FindingKind.VERIFY and FW.has_item(issue.item_id)

"""The team leader's consolidation with real case files, real packages and real bundles: the
members' comments (factors, pages, secret marks) read from the bundles in force, agreed findings
picked and merged from them (sources and marks kept), edited (marks follow), key themes, site-visit
issues at the material stage only, resolutions on site only for issues received, and the signed
consensus bundle carrying the findings (a changed finding makes a new revision)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto.bundle import open_bundle
from desktop.domain.errors import InputRejected, NotFound, RuleViolation, ScorebookError
from desktop.domain.findings import CommentKind, Factor, FindingKind, Outcome
from desktop.models import case as cm
from desktop.services import leader_findings as lf
from desktop.services.leader import TeamLeader
from desktop.services.office import merge
from tests.services.office.helpers import bundle, write
from tests.services.test_leader import FW, Team, _bundles, score_and_export, team  # noqa: F401

ITEM = FW.items[0].id
OTHER = FW.items[1].id
R1_STRENGTHS = "【方法·展开】建立了质量目标分解体系（第12页）\n关键工艺参数甲乙丙丁已纳入控制"
R1_IMPROVEMENTS = "学习改进的证据不足"
R2_STRENGTHS = "【方法】领导层定期评审战略（p. 5）"
SECRET = "关键工艺参数甲乙丙丁"


def _comment_and_export(team: Team, files: dict[str, Path]) -> dict[str, Path]:  # noqa: F811
    """R1 and R2 write several comments on the first item (R1 marks a secret) and export again."""
    a0 = team.app(0)
    (team.root / "usb-c").mkdir()
    with team.open("R1") as case:
        view = case.score_item(a0, "material", ITEM, strengths=R1_STRENGTHS,
                               improvements=R1_IMPROVEMENTS)
        start = view.strengths.index(SECRET)
        case.mark_secret(a0, "material", ITEM, "strengths", start, start + len(SECRET))
        files["R1"] = case.export_bundle(team.root / "usb-c", final=True,
                                         stage_id="material").path
    with team.open("R2") as case:
        case.score_item(a0, "material", ITEM, strengths=R2_STRENGTHS)
        files["R2"] = case.export_bundle(team.root / "usb-c", final=True,
                                         stage_id="material").path
    return files


def test_pick_merge_edit_themes_and_the_signed_bundle_carries_them(
        team: Team) -> None:  # noqa: F811
    files = _comment_and_export(team, _bundles(team))
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        comments = lf.member_comments(leader, a0, "material", ITEM)
        by_ref = {c.ref: c for c in comments}
        assert [c.ref for c in comments if c.reviewer.reviewer_id == "R1"] == \
            ["R1:1", "R1:2", "R1:3"]
        first = by_ref["R1:1"]
        assert first.reviewer.name == "评审员1" and first.kind is CommentKind.STRENGTH
        assert first.factors == (Factor.APPROACH, Factor.DEPLOYMENT) and first.pages == (12,)
        assert first.marks == ()
        secret = by_ref["R1:2"]
        assert secret.text == "关键工艺参数甲乙丙丁已纳入控制"
        assert secret.marks == ((0, len(SECRET)),)  # shifted from the box to the line
        assert by_ref["R1:3"].kind is CommentKind.IMPROVEMENT
        assert by_ref["R2:1"].pages == (5,) and by_ref["R3:1"].text == "优势"
        assert all(c.item_id == ITEM for c in comments)

        # pick one; merge two (sources are both reviewers, the mark follows into the text)
        one = lf.pick(leader, a0, "material", ITEM, FindingKind.STRENGTH, ["R2:1"])
        assert one.sources[0].reviewer_id == "R2" and one.text == R2_STRENGTHS
        merged = lf.pick(leader, a0, "material", ITEM, "strength", ["R1:1", "R1:2", "R3:1"])
        assert [s.reviewer_id for s in merged.sources] == ["R1", "R3"]
        assert merged.text.split("\n") == [*R1_STRENGTHS.split("\n"), "优势"]
        [(a, b)] = merged.marks
        assert merged.text[a:b] == SECRET
        with pytest.raises(NotFound):
            lf.pick(leader, a0, "material", ITEM, "strength", ["R9:1"])

        # edit: the mark follows its text; a mark whose text is gone is dropped
        edited = lf.edit_finding(leader, merged.id, "组内一致：" + merged.text)
        [(a, b)] = edited.marks
        assert edited.text[a:b] == SECRET
        assert lf.edit_finding(leader, merged.id, "质量目标体系完善").marks == ()
        with pytest.raises(InputRejected):
            lf.edit_finding(leader, merged.id, "   ")

        improvement = lf.pick(leader, a0, "material", ITEM, "improvement", ["R1:3"])
        lf.add_finding(leader, a0, "material", FindingKind.STRENGTH, "另一条", item_id=ITEM)
        lf.add_finding(leader, a0, "material", "theme_strength", "战略与质量目标一致")
        lf.add_finding(leader, a0, "material", "theme_improvement", "学习改进待加强")
        lf.add_finding(leader, a0, "material", "suggestion", "建立对标机制")
        with pytest.raises(InputRejected):  # a key theme is the applicant's, not an item's
            lf.add_finding(leader, a0, "material", "theme_strength", "x", item_id=ITEM)
        verify = lf.add_finding(leader, a0, "material", "verify", "核实质量目标分解",
                                item_id=ITEM)
        assert verify.issue_id.startswith("SI-") and len(verify.issue_id) == 13
        int(verify.issue_id[3:], 16)
        with pytest.raises(RuleViolation):  # an issue id is the team's once
            lf.add_finding(leader, a0, "material", "clarify", "再问", item_id=ITEM,
                           issue_id=verify.issue_id)

        # order: applicant findings first, then by item, kind, ordinal; move one up
        rows = lf.findings(leader, a0, "material")
        assert [r.kind.value for r in rows] == [
            "theme_strength", "theme_improvement", "suggestion", "strength", "strength",
            "strength", "improvement", "verify"]
        assert rows[3].id == one.id
        moved = lf.move_finding(leader, merged.id, up=True)
        assert moved.ordinal == 0
        assert [r.id for r in lf.findings(leader, a0, "material")][3:5] == [merged.id, one.id]

        # remove and restore (undo) puts it back in its place
        gone = lf.remove_finding(leader, one.id)
        assert one.id not in {r.id for r in lf.findings(leader, a0, "material")}
        back = lf.restore(leader, gone)
        assert back == gone

        status = lf.report_status(leader, a0, "material")
        assert not status.final and status.key_themes and not status.complete
        assert OTHER in status.items_without_findings and ITEM not in \
            status.items_without_findings

        # the consensus bundle carries the findings (marks as "text" marks)
        leader.set_consensus(a0, "material", ITEM, rationale="讨论一致")
        leader.finalise(a0, "material")
        assert lf.report_status(leader, a0, "material").final
        with pytest.raises(ScorebookError):  # not written: its bytes wait to be sent again
            leader.export_consensus(team.root / "no-such-stick", "material")
        lf.add_finding(leader, a0, "material", "suggestion", "补充建议")  # ... now not the same
        out = team.root / "out"
        out.mkdir()
        first_export = leader.export_consensus(out, "material")
        opened = open_bundle(first_export.path.read_bytes(), team.ids["R4"], leader.roster)
        carried = opened.manifest["snapshot"]["findings"]
        assert len(carried) == 9 and {f["applicant_id"] for f in carried} == {a0}
        assert "补充建议" in {f["text"] for f in carried}
        imp = next(f for f in carried if f["kind"] == "improvement")
        assert imp == {"applicant_id": a0, "kind": "improvement", "text": improvement.text,
                       "sources": ["R1"], "secret_marks": [], "item_id": ITEM}
        issue = next(f for f in carried if f["kind"] == "verify")
        assert issue["issue_id"] == verify.issue_id and "outcome" not in issue
        theme = next(f for f in carried if f["kind"] == "theme_strength")
        assert "item_id" not in theme and theme["sources"] == []

        # a changed finding: a new revision, carrying it
        marked = lf.pick(leader, a0, "material", ITEM, "strength", ["R1:2"])
        again = leader.export_consensus(out, "material")
        assert again.revision == first_export.revision + 1 and again.verified
        opened = open_bundle(again.path.read_bytes(), team.ids["R4"], leader.roster)
        last = next(f for f in opened.manifest["snapshot"]["findings"]
                    if f["text"] == marked.text)
        assert last["secret_marks"] == [{"field": "text", "start": 0, "end": len(SECRET)}]
        merged_in = merge.merge_files(team.ws, [again.path])  # the office accepts it
        assert [(f.outcome, f.kind) for f in merged_in.files] == [("new", "consensus")], \
            merged_in.files
        same = lf.pick(leader, a0, "material", OTHER, "strength", ["R1:1", "R2:1", "R3:1"])
        assert same.text == "优势" and len(same.sources) == 3  # the same words once
        assert case.verify_audit().ok
        actions = [r.action for r in case.run(lambda s: list(s.scalars(
            select(cm.AuditEntry).filter(cm.AuditEntry.action.like("finding.%")))))]
        assert {"finding.add", "finding.edit", "finding.move", "finding.remove",
                "finding.restore"} <= set(actions)


def test_site_issues_only_after_the_material_review_and_resolutions_on_site(
        team: Team) -> None:  # noqa: F811
    a0 = team.app(0)
    usb = team.root / "usb-onsite"
    files = {rid: score_and_export(team, rid, usb, stage="onsite") for rid in ("R1", "R3")}
    leader_key = team.ids["R4"].public.enc_pub
    with team.open("R4") as case:
        def received(s: object) -> None:
            assert hasattr(s, "add")
            s.add(cm.SiteIssue(issue_id="SI-0123456789", applicant_id=a0, item_id=ITEM,
                               kind="verify", text="核实质量目标分解到班组"))
            s.add(cm.SiteIssue(issue_id="SI-abcdefabcd", applicant_id=a0, item_id=OTHER,
                               kind="clarify", text="澄清战略评审频次"))

        case.run(received)

    def notes(manifest: dict[str, object]) -> None:
        snap = manifest["snapshot"]
        assert isinstance(snap, dict)
        snap["issue_notes"] = [{"applicant_id": a0, "issue_id": "SI-0123456789",
                                "outcome": "confirmed", "text": "班组目标卡已见",
                                "secret_marks": [{"field": "text", "start": 0, "end": 2}]}]

    r2 = write(usb, "R2-onsite.sbb", bundle(team.small, "R2", "onsite", [a0],
                                             change=notes, to=[leader_key]))
    with team.open("R4") as case:
        leader = TeamLeader(case)
        result = leader.import_bundles([*files.values(), r2])
        assert {f.outcome for f in result.files} == {"new"}, result.files
        with pytest.raises(RuleViolation):  # a verify issue is raised after the material review
            lf.add_finding(leader, a0, "onsite", "verify", "核实", item_id=ITEM)
        with pytest.raises(RuleViolation):  # resolutions are made on site
            lf.add_finding(leader, a0, "material", "resolution", "已核实", item_id=ITEM,
                           issue_id="SI-0123456789", outcome="confirmed")
        with pytest.raises(InputRejected):  # an issue this team was not given
            lf.add_finding(leader, a0, "onsite", "resolution", "已核实", item_id=ITEM,
                           issue_id="SI-ffffffffff", outcome="confirmed")
        with pytest.raises(NotFound):
            lf.resolve(leader, "SI-ffffffffff", "confirmed", "已核实")
        with pytest.raises(InputRejected):
            lf.resolve(leader, "SI-0123456789", "maybe", "已核实")

        board = lf.issue_board(leader, a0)
        assert [b.issue.issue_id for b in board] == ["SI-0123456789", "SI-abcdefabcd"]
        [note] = board[0].notes
        assert (note.reviewer.reviewer_id, note.reviewer.name, note.outcome, note.text,
                note.marks) == ("R2", "评审员2", Outcome.CONFIRMED, "班组目标卡已见", ((0, 2),))
        assert board[1].notes == () and board[0].resolution is None

        status = lf.report_status(leader, a0, "onsite")
        assert status.open_issues == ("SI-0123456789", "SI-abcdefabcd")
        done = lf.resolve(leader, "SI-0123456789", Outcome.CONFIRMED, "现场核实属实")
        assert (done.kind, done.issue_id, done.item_id, done.outcome) == (
            FindingKind.RESOLUTION, "SI-0123456789", ITEM, Outcome.CONFIRMED)
        again = lf.resolve(leader, "SI-0123456789", "not_confirmed", "现场核实不属实")
        assert again.id == done.id and again.outcome is Outcome.NOT_CONFIRMED
        with pytest.raises(RuleViolation):  # one resolution per issue
            lf.add_finding(leader, a0, "onsite", "resolution", "再次", item_id=ITEM,
                           issue_id="SI-0123456789", outcome="confirmed")
        assert lf.issue_board(leader, a0)[0].resolution == again
        assert lf.report_status(leader, a0, "onsite").open_issues == ("SI-abcdefabcd",)
        rows = case.run(lambda s: [json.loads(r.sources_json) for r in
                                   s.scalars(select(cm.TeamFinding))])
        assert rows == [[]]

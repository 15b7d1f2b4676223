"""The reviewer's comments read back and the on-site notes on site-visit issues, through the
services, on a real SQLCipher case made from a real signed, sealed package; the notes travel
in the exported bundle and are read back with ``open_bundle``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.crypto.bundle import open_bundle
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.findings import MAX_FINDING, Factor, FindingKind, Outcome
from desktop.services import case_findings as cf
from desktop.services.case import open_case
from tests.models.case_world import PASSPHRASE, SECRET, World
from tests.services.findings_world import issues_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return issues_world(tmp_path)


def test_comments_read_back_with_factors_pages_and_warning(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 90,
                        "【方法·展开】建立了三级走访制度（第12页）\n高层定期评审战略",
                        "【学习】改进未形成闭环（第3-4页）\n【整合】各部门指标不一致\n缺少对标")
        got = cf.item_comments(case, "A001", "onsite", "4.1.2")
        assert [c.factors for c in got.strengths] == [
            (Factor.APPROACH, Factor.DEPLOYMENT), ()]
        assert got.strengths[0].pages == (12,) and got.improvements[0].pages == (3, 4)
        assert [c.factors for c in got.improvements] == [
            (Factor.LEARNING,), (Factor.INTEGRATION,), ()]
        assert got.warning is not None and "90" in got.warning.render()  # band 6, 3 > 2
        case.score_item("A001", "onsite", "4.1.2", 50)
        assert cf.item_comments(case, "A001", "onsite", "4.1.2").warning is None
        # a results factor on a process item is named
        case.score_item("A001", "onsite", "4.1.3", 50, "【趋势】近三年上升", "")
        warn = cf.item_comments(case, "A001", "onsite", "4.1.3").warning
        assert warn is not None and "趋势" in warn.render()
        assert [c.item_id for c in cf.applicant_comments(case, "A001", "onsite")] == [
            "4.1.2", "4.1.3"]
        empty = cf.item_comments(case, "A001", "onsite", "4.1.4")
        assert empty.pct is None and empty.strengths == () and empty.warning is None
        with pytest.raises(NotFound):
            cf.item_comments(case, "A999", "onsite", "4.1.2")
        with pytest.raises(NotFound):
            cf.item_comments(case, "A001", "onsite", "9.9.9")


def test_issue_notes_audited_validated_kept(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        issues = cf.site_issues(case)
        assert [(i.applicant_id, i.item_id, i.kind) for i in issues] == [
            ("A001", "4.1.2", FindingKind.VERIFY), ("A001", "4.1.3", FindingKind.CLARIFY),
            ("A002", "4.1.2", FindingKind.VERIFY)]
        assert issues[0].item_name_zh and issues[0].applicant_name and issues[0].outcome is None
        assert [i.issue_id for i in cf.site_issues(case, "A002")] == ["SI-99aa88bb77"]
        assert cf.issue_stages(case) == {"onsite"}  # not the defense: the on-site stage's
        assert [i.issue_id for i in cf.site_issues(case, "A001", "4.1.3")] == ["SI-1f2e3d4c5b"]
        before = case.audit_count()
        with pytest.raises(InputRejected):
            cf.note_issue(case, "SI-0a1b2c3d4e", "maybe", "x")
        with pytest.raises(InputRejected):
            cf.note_issue(case, "SI-0a1b2c3d4e", "confirmed", "长" * (MAX_FINDING + 1))
        with pytest.raises(NotFound):
            cf.note_issue(case, "SI-nothere00", "confirmed", "x")
        assert case.audit_count() == before
        note = f"走访记录齐全；工艺参数 {SECRET} 已查看"
        view = cf.note_issue(case, "SI-0a1b2c3d4e", "confirmed", note, why="on site")
        assert view.changed and view.outcome is Outcome.CONFIRMED and view.note == note
        start = note.index(SECRET)
        marked = cf.mark_note_secret(case, "SI-0a1b2c3d4e", start, start + len(SECRET))
        assert marked.marks == ((start, start + len(SECRET)),)
        with pytest.raises(InputRejected):
            cf.mark_note_secret(case, "SI-0a1b2c3d4e", 0, len(note) + 5)
        # the mark follows its words when text is put before them
        moved = cf.note_issue(case, "SI-0a1b2c3d4e", Outcome.CONFIRMED, "补充：" + note)
        assert moved.marks == ((start + 3, start + 3 + len(SECRET)),)
        same = cf.note_issue(case, "SI-0a1b2c3d4e", "confirmed", "补充：" + note)
        assert not same.changed
        cf.note_issue(case, "SI-1f2e3d4c5b", "clarified", "口径为综合能耗")
        cleared = cf.clear_issue_note(case, "SI-1f2e3d4c5b")
        assert cleared.changed and cleared.outcome is None
        assert not cf.clear_issue_note(case, "SI-1f2e3d4c5b").changed
        with case.engine.connect() as conn:
            actions = [r[0] for r in conn.execute(
                text("SELECT action FROM audit_log ORDER BY seq"))]
        assert actions[-5:] == ["issue_note.set", "issue_note.mark", "issue_note.set",
                                "issue_note.set", "issue_note.clear"]
        assert case.verify_audit().ok
        # recused: refused
        case.recuse("A002", "employment", "I consulted for them")
        with pytest.raises(RuleViolation):
            cf.note_issue(case, "SI-99aa88bb77", "confirmed", "x")
        assert cf.site_issues(case, "A002")[0].recused
    with open_case(folder, PASSPHRASE) as case:  # still there after reopening
        again = cf.site_issue(case, "SI-0a1b2c3d4e")
        assert again.note == "补充：" + note and again.outcome is Outcome.CONFIRMED
        assert again.marks == moved.marks


def test_notes_travel_in_the_bundle_and_make_a_new_revision(world: World,
                                                            tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70, "【方法】制度健全（第12页）", "")
        first = case.export_bundle(usb)
        assert "issue_notes" not in open_bundle(first.path.read_bytes(), world.office,
                                                world.roster).manifest["snapshot"]
        note = f"现场核实：{SECRET} 属实"
        cf.note_issue(case, "SI-0a1b2c3d4e", "confirmed", note)
        start = note.index(SECRET)
        cf.mark_note_secret(case, "SI-0a1b2c3d4e", start, start + len(SECRET))
        cf.note_issue(case, "SI-99aa88bb77", "not_confirmed", "分解文件缺失")
        second = case.export_bundle(usb)
        assert second.revision == first.revision + 1  # only the notes changed
        third = case.export_bundle(usb)
        assert third.revision == second.revision + 1
        case.recuse("A002", "employment", "I consulted for them")
        fourth = case.export_bundle(usb)
    snap = open_bundle(second.path.read_bytes(), world.office, world.roster).manifest["snapshot"]
    assert snap["issue_notes"] == [
        {"applicant_id": "A001", "issue_id": "SI-0a1b2c3d4e", "outcome": "confirmed",
         "text": note, "secret_marks": [{"field": "text", "start": start,
                                         "end": start + len(SECRET)}]},
        {"applicant_id": "A002", "issue_id": "SI-99aa88bb77", "outcome": "not_confirmed",
         "text": "分解文件缺失", "secret_marks": []}]
    later = open_bundle(fourth.path.read_bytes(), world.leader, world.roster).manifest
    assert [n["applicant_id"] for n in later["snapshot"]["issue_notes"]] == ["A001"]
    assert later["format"].endswith("/2")

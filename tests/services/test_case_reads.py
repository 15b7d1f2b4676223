"""What the reviewer's window reads through ``CaseSession`` (typed, frozen values), clearing a
score (audited, refused when recused), and the idle lock's passphrase check: real SQLCipher
case files."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from desktop.crypto.keyfile import WrongPassphrase
from desktop.domain.errors import NotFound, RuleViolation, ScoreValueError
from desktop.domain.scoring import FormKind
from desktop.models.case import AuditEntry
from desktop.services.case import CaseSession, open_case
from desktop.services.case_types import (
    ApplicantRow,
    MaterialInfo,
    RecusalInfo,
    StageInfo,
    StageProgress,
    TeamMember,
)
from tests.models.case_world import NAMES, PASSPHRASE, SECRET, World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _last_audit(case: CaseSession) -> AuditEntry:
    def read(s: Any) -> AuditEntry:
        row = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        s.expunge(row)
        return row  # type: ignore[no-any-return]
    return case.run(read)


@contextmanager
def _statements(case: CaseSession) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(case.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(case.engine, "before_cursor_execute", count)


def test_the_window_reads_typed_frozen_values(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        assert case.cycle_and_stage() == ("2025", "onsite")
        stages = case.stages()
        assert stages == [StageInfo("onsite", "现场评审", "On-site review", FormKind.ITEMS, None),
                          StageInfo("defense", "陈述答辩", "Defense", FormKind.PANEL_SCORE,
                                    Decimal("100"))]
        assert case.team() == [TeamMember("R001", "Reviewer One", False),
                               TeamMember("R002", "Team Leader", True)]
        assert not case.is_leader()  # R001 is not the leader
        (material,) = case.materials("A001")
        assert material == MaterialInfo("self-assessment", "自评报告", f"{NAMES[0]} 自评报告正文。")
        assert case.declared_secrets("A001") == (SECRET,)
        assert case.materials("A999") == [] and case.declared_secrets("A999") == ()
        assert case.recusal("A001") is None
        for value in (stages[0], case.team()[0], material):
            assert dataclasses.is_dataclass(value)
            name = dataclasses.fields(value)[0].name
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, name, "changed")


def test_applicants_carry_progress_for_every_stage(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
        case.score_item("A001", "onsite", "4.1.3", 45)
        case.score_item("A001", "onsite", "4.1.4", None, "comment only", "")  # no pct: not scored
        case.score_item("A003", "onsite", "4.1.2", 50)
        case.set_panel_score("A002", "defense", "87.5")
        case.recuse("A003", "employment", "former employer")
        rows = case.applicants()
    assert [r.applicant_id for r in rows] == ["A001", "A002", "A003"]
    assert [r.name for r in rows] == NAMES
    assert rows[0] == ApplicantRow("A001", NAMES[0], False, {
        "onsite": StageProgress(2, None), "defense": StageProgress(0, None)})
    assert rows[1].progress == {"onsite": StageProgress(0, None),
                                "defense": StageProgress(0, Decimal("87.50"))}
    assert rows[2].recused and rows[2].progress["onsite"] == StageProgress(1, None)


def test_applicants_take_a_few_queries_whatever_the_number(tmp_path: Path) -> None:
    counts = []
    for n in (2, 12):
        folder = tmp_path / str(n)
        folder.mkdir()
        world = make_world(folder, applicants=n)
        with world.create(folder / "case") as case:
            for i in range(n):
                case.score_item(f"A{i + 1:03d}", "onsite", "4.1.2", 50)
            with _statements(case) as seen:
                assert len(case.applicants()) == n
            counts.append(len(seen))
    assert counts[0] == counts[1] <= 5, counts


def test_recusal_is_read_back(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.recuse("A002", "consulting", "I advised them in 2024")
        assert case.recusal("A002") == RecusalInfo("consulting", "I advised them in 2024")
        assert [r.recused for r in case.applicants()] == [False, True, False]


def test_clear_score_is_audited_and_keeps_the_comments(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70, "strong", "more data")
        before = case.audit_count()
        view = case.clear_score("A001", "onsite", "4.1.2", why="entered on the wrong item")
        assert view.changed and view.pct is None and view.item_score is None
        assert (view.strengths, view.improvements) == ("strong", "more data")
        assert case.audit_count() == before + 1
        row = _last_audit(case)
        assert row.action == "score.clear" and row.entity == "score:A001/onsite/4.1.2"
        assert json.loads(row.old or "")["pct"] == 70
        assert json.loads(row.new or "")["pct"] is None
        assert json.loads(row.new or "")["strengths"] == "strong"
        assert row.why == "entered on the wrong item"
        assert case.verify_audit().ok
        # clearing again, or an item never scored, changes nothing and writes nothing
        assert not case.clear_score("A001", "onsite", "4.1.2").changed
        assert not case.clear_score("A001", "onsite", "4.1.3").changed
        assert case.audit_count() == before + 1
        assert [v.item_id for v in case.scores("A001", "onsite")] == ["4.1.2"]
        assert case.applicants()[0].progress["onsite"].scored == 0
        # the clear is undone by scoring again
        assert case.score_item("A001", "onsite", "4.1.2", 70).item_score == Decimal("35.00")
    with open_case(folder, PASSPHRASE) as case:
        (saved,) = case.scores("A001", "onsite")
        assert saved.pct == 70 and saved.strengths == "strong"
        assert case.verify_audit().ok


def test_clear_score_is_refused_like_score_item(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.score_item("A002", "onsite", "4.1.2", 60)
        case.recuse("A002", "employment", "former employer")
        before = case.audit_count()
        with pytest.raises(RuleViolation, match="recused"):
            case.clear_score("A002", "onsite", "4.1.2")
        with pytest.raises(NotFound):
            case.clear_score("A999", "onsite", "4.1.2")
        with pytest.raises(NotFound):
            case.clear_score("A001", "onsite", "9.9.9")
        with pytest.raises(ScoreValueError):
            case.clear_score("A001", "defense", "4.1.2")  # a panel-score stage
        assert case.audit_count() == before
        assert case.scores("A002", "onsite")[0].pct == 60


def test_check_passphrase(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.check_passphrase(PASSPHRASE)
        with pytest.raises(WrongPassphrase):
            case.check_passphrase("not the passphrase")


def test_find_applicant_still_matches_id_name_and_prefix(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        assert case.find_applicant("A002") == ("A002", NAMES[1])
        assert case.find_applicant(" 示例企业3 有限公司 ") == ("A003", NAMES[2])
        with pytest.raises(NotFound):
            case.find_applicant("A00")

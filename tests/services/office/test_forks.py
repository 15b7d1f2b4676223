"""Fork resolution at the office, on both backends: a fork is held until a person picks the bundle
that stands (with a reason, recorded); the derived scores follow; re-imports keep the choice."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.models.office.decision import HistoryEntry
from desktop.models.office.review import ItemScore
from desktop.services.catalogue import framework
from desktop.services.office import merge
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, scores_for, small_cycle, write


def _r2_pcts(ws: Workspace, applicant_id: str) -> list[int | None]:
    with ws.uow() as s:
        rows = s.execute(select(ItemScore).where(
            ItemScore.reviewer_id == "R2", ItemScore.applicant_id == uuid.UUID(applicant_id),
            ItemScore.stage_id == "material")).scalars().all()
        by_item = {r.item_id: r.pct for r in rows}
    return [by_item.get(it.id) for it in framework().items]


def _expected(applicant_id: str, seed: int) -> list[int | None]:
    return [e["pct"] for e in scores_for([applicant_id], "material", seed)]


def test_a_fork_is_held_until_resolved_with_a_reason(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "one.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    two = write(tmp_path, "two.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    other = write(tmp_path, "two-b.sbb", bundle(small, "R2", "material", ids, 2, seed=3))
    result = merge.merge_files(ws, [one, two, other])
    assert [f.outcome for f in result.files] == ["new", "updated", "fork"]
    # unresolved: the earlier agreed revision stands
    assert _r2_pcts(ws, ids[0]) == _expected(ids[0], 1)
    [fork] = merge.list_forks(ws)
    assert (fork.reviewer, fork.stage, fork.revision, fork.chosen, fork.in_force) == \
        ("R2", "material", 2, None, 1)
    assert {s.file for s in fork.sides} == {"two.sbb", "two-b.sbb"}

    with pytest.raises(InputRejected):
        merge.resolve_fork(ws, "two-b.sbb", "  ")
    with pytest.raises(RuleViolation, match="not part of a fork"):
        merge.resolve_fork(ws, "one.sbb", "no fork here")
    with pytest.raises(NotFound):
        merge.resolve_fork(ws, "missing.sbb", "x")

    view = merge.resolve_fork(ws, "two-b.sbb", "评审员确认第二次导出为准")
    assert view.chosen == next(s.content_hash for s in view.sides if s.file == "two-b.sbb")
    assert _r2_pcts(ws, ids[0]) == _expected(ids[0], 3)
    # re-importing everything keeps the decision
    again = merge.merge_files(ws, [other, two, one])
    assert {f.outcome for f in again.files} == {"duplicate"} and again.forks == 0
    assert _r2_pcts(ws, ids[0]) == _expected(ids[0], 3)
    # the decision can be changed, by its content hash this time; both are in the history
    side = next(s for s in view.sides if s.file == "two.sbb")
    merge.resolve_fork(ws, side.content_hash[:12], "复核后改为第一份")
    assert _r2_pcts(ws, ids[0]) == _expected(ids[0], 2)
    with ws.uow() as s:
        logged = [json.loads(h.detail) for h in s.execute(select(HistoryEntry).where(
            HistoryEntry.action == "fork.resolve").order_by(HistoryEntry.id)).scalars()]
    assert [d["reason"] for d in logged] == ["评审员确认第二次导出为准", "复核后改为第一份"]
    assert logged[1]["previous"] == view.chosen


def test_fork_verbs(ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch, database_url: str | None) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    a = write(tmp_path, "a.sbb", bundle(small, "R3", "material", ids, 1, seed=4))
    b = write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids, 1, seed=5))
    merge.merge_files(ws, [a, b])
    ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pass phrase")
    common = ["--workspace", str(tmp_path / "office"), "--json"]
    if database_url:  # a URL with a password travels in the environment, never as an argument
        monkeypatch.setenv("SCOREBOOK_DATABASE_URL", database_url)
    assert main(["office", "fork", "list", *common]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 1 and listed[0]["chosen"] is None and listed[0]["in_force"] is None
    assert main(["office", "fork", "resolve", "b.sbb", "--reason", "以b为准", *common]) == 0
    resolved = json.loads(capsys.readouterr().out)
    assert resolved["reason"] == "以b为准" and resolved["chosen"] is not None
    with pytest.raises(SystemExit) as usage:  # --reason is required
        main(["office", "fork", "resolve", "a.sbb", *common])
    assert usage.value.code == 2

"""Every value of a correctly signed bundle is checked before anything is stored (issue 16):
one test per kind of wrong value, each a real bundle signed by a rostered reviewer and sealed to
the office. A bundle that fails is rejected whole, the reason names the file, the reviewer, the
field and the rule, the file is quarantined and the office state is unchanged. A time in the
future is reported, not refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.models.office.decision import HistoryEntry
from desktop.models.office.review import (
    ConsensusItem,
    Feedback,
    ItemScore,
    MergeRefusal,
    PanelScore,
    QuarantinedFile,
    ReceivedBundle,
)
from desktop.services.catalogue import framework
from desktop.services.office import applicants, merge
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write

Change = Callable[[dict[str, Any]], None]
FW = framework()


def office_state(ws: Workspace) -> dict[str, Any]:
    """Everything a merge may store or derive, as comparable values."""
    with ws.uow() as s:
        out: dict[str, Any] = {}
        for model in (ReceivedBundle, ItemScore, PanelScore, ConsensusItem, Feedback,
                      MergeRefusal):
            out[model.__tablename__] = s.execute(
                select(func.count()).select_from(model)).scalar_one()
        out["scores"] = sorted((r.reviewer_id, str(r.applicant_id), r.stage_id, r.item_id,
                                r.pct) for r in s.execute(select(ItemScore)).scalars())
        return out


def quarantined(ws: Workspace) -> list[tuple[str, str]]:
    with ws.uow() as s:
        return [(q.file_name, q.copied_to)
                for q in s.execute(select(QuarantinedFile)).scalars()]


def feedback(applicant: str, stage: str = "material", rating: str = "compliant",
             created_at: str = "2025-07-01T00:00:00Z") -> dict[str, Any]:
    return {"applicant_id": applicant, "stage_id": stage, "rating": rating, "text": "守规",
            "created_at": created_at, "secret_marks": []}


def panel(applicant: str, score: str, stage: str = "material") -> dict[str, Any]:
    return {"applicant_id": applicant, "stage_id": stage, "score": score, "comment": "",
            "secret_marks": []}


def _score(index: int, **values: Any) -> Change:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"]["scores"][index].update(values)
    return change


def _add(section: str, *rows: dict[str, Any]) -> Change:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"][section].extend(rows)
    return change


def _rejected_whole(ws: Workspace, tmp_path: Path, small: Small, change: Change,
                    field: str, rule: str, *, stage: str = "material", rid: str = "R2",
                    recusals: list[str] | None = None, apps: list[str] | None = None,
                    kind: str = "scores") -> str:
    """Merge one good bundle, then the bad one: the bad one is rejected whole with a reason
    naming the file, reviewer, field and rule, quarantined, and nothing changes."""
    ids = apps if apps is not None else [a.id for a in small.apps]
    good = write(tmp_path / "in", "R3-good.sbb", bundle(small, "R3", stage, ids))
    assert merge.merge_files(ws, [good]).files[0].outcome == "new"
    before = office_state(ws)
    bad = write(tmp_path / "in", f"{rid}-bad.sbb",
                bundle(small, rid, stage, ids, recusals=recusals, change=change, kind=kind))
    result = merge.merge_files(ws, [bad])
    [f] = result.files
    assert f.outcome == "rejected", f
    assert f.reason is not None
    reason = f.reason.render()
    for part in (bad.name, rid, field, rule):
        assert part in reason, (part, reason)
    assert f.quarantined is not None and Path(f.quarantined).read_bytes() == bad.read_bytes()
    assert (bad.name, f.quarantined) in quarantined(ws)
    assert office_state(ws) == before
    assert result.counts["rejected"] == 1 and result.counts["new"] == 0
    return reason


def test_a_panel_score_on_a_stage_scored_by_items(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    app = small.apps[0].id
    _rejected_whole(ws, tmp_path, small, _add("panel_scores", panel(app, "9999.99")),
                    "snapshot.panel_scores[0].score", "takes no panel score")


def test_an_item_the_framework_does_not_have(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    _rejected_whole(ws, tmp_path, small, _score(5, item_id="9.9.9"),
                    "snapshot.scores[5].item_id", "no such item")


def test_a_percentage_off_the_step(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    _rejected_whole(ws, tmp_path, small, _score(2, pct=3),
                    "snapshot.scores[2].pct", f"multiple of the {FW.step_pct}% step")


def test_a_score_for_another_stage_than_the_bundle(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    _rejected_whole(ws, tmp_path, small, _score(0, stage_id="onsite"),
                    "snapshot.scores[0].stage_id", "the bundle's stage (material)")


def test_a_feedback_rating_not_allowed(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    app = small.apps[0].id
    _rejected_whole(ws, tmp_path, small, _add("feedback", feedback(app, rating="weird")),
                    "snapshot.feedback[0].rating", "a feedback rating is one of")


def test_a_recusal_reason_not_allowed(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [small.apps[0].id, small.apps[2].id]

    def change(m: dict[str, Any]) -> None:
        m["snapshot"]["recusals"][0]["reason"] = "bored"
    _rejected_whole(ws, tmp_path, small, change, "snapshot.recusals[0].reason",
                    "a recusal reason is one of", recusals=[small.apps[1].id], apps=ids)


def _unassigned(ws: Workspace) -> str:
    """An applicant of the cycle that no team has."""
    import random

    from desktop.domain import credit_code

    view = applicants.add_applicant(ws, applicants.ApplicantInput(
        name="未分组示例有限公司", award_id="organisation",
        credit_code=credit_code.generate(random.Random(11), "150100"), industry="制造业")).result
    return str(view.id)


def test_a_recusal_for_an_applicant_not_assigned(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    stranger = _unassigned(ws)
    reason = _rejected_whole(ws, tmp_path, small, lambda m: None,
                             "snapshot.recusals[0].applicant_id", "is not assigned to the team",
                             recusals=[stranger], apps=[small.apps[0].id])
    assert stranger in reason


def test_scores_for_an_applicant_not_assigned(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    stranger = _unassigned(ws)
    _rejected_whole(ws, tmp_path, small, _score(0, applicant_id=stranger),
                    "snapshot.scores[0].applicant_id", "is not assigned to the team")


def test_feedback_for_another_stage(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    app = small.apps[0].id
    _rejected_whole(ws, tmp_path, small, _add("feedback", feedback(app, stage="onsite")),
                    "snapshot.feedback[0].stage_id", "the bundle's stage (material)")


def test_a_consensus_for_an_applicant_of_another_team(ws: Workspace, tmp_path: Path) -> None:
    """The leader of T1 sends a consensus naming an applicant no team of theirs reviews."""
    small = small_cycle(ws)
    stranger = _unassigned(ws)
    _rejected_whole(ws, tmp_path, small, _score(0, applicant_id=stranger),
                    "snapshot.scores[0].applicant_id", "is not assigned to the team",
                    rid="R4", kind="consensus")  # R4 leads T1


def test_a_panel_score_above_the_stage_maximum(ws: Workspace, tmp_path: Path) -> None:
    # xilingol-league: 陈述答辩 (defense) is scored as a whole, out of 100 (office setting)
    small = small_cycle(ws, programme="xilingol-league", award="leader")
    app = small.apps[0].id
    good = write(tmp_path, "R3-defense.sbb", bundle(
        small, "R3", "defense", [], change=_add("panel_scores",
                                                panel(app, "87.50", "defense"))))
    assert merge.merge_files(ws, [good]).panel_scores == 1
    before = office_state(ws)
    for n, (score, rule) in enumerate((("100.01", "is from 0 to 100"),
                                       ("9999.99", "is from 0 to 100"))):
        bad = write(tmp_path, f"R2-defense-{n}.sbb", bundle(
            small, "R2", "defense", [], change=_add("panel_scores",
                                                    panel(app, score, "defense"))))
        [f] = merge.merge_files(ws, [bad]).files
        assert f.outcome == "rejected" and f.reason is not None and f.quarantined
        text = f.reason.render()
        assert bad.name in text and "R2" in text and rule in text
        assert "snapshot.panel_scores[0].score" in text
        assert office_state(ws) == before
    # and item scores on that stage are refused too
    bad = write(tmp_path, "R2-items.sbb", bundle(small, "R2", "defense", [app]))
    [f] = merge.merge_files(ws, [bad]).files
    assert f.outcome == "rejected" and "takes no item scores" in str(f.reason)
    assert office_state(ws) == before


def test_a_time_in_the_future_is_reported_not_refused(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]

    def change(m: dict[str, Any]) -> None:
        m["created_at"] = "9999-01-01T00:00:00Z"
        m["snapshot"]["feedback"].append(feedback(ids[0], created_at="9999-12-31T23:59:59Z"))
    path = write(tmp_path, "R2-future.sbb", bundle(small, "R2", "material", ids, change=change))
    result = merge.merge_files(ws, [path])
    [f] = result.files
    assert f.outcome == "new" and f.quarantined is None
    texts = [w.render() for w in f.warnings]
    assert len(texts) == 2
    assert "created_at" in texts[0] and "9999-01-01" in texts[0] and "clock" in texts[0]
    assert "snapshot.feedback[0].created_at" in texts[1]
    assert office_state(ws)["item_score"] == 3 * len(FW.items)
    with ws.uow() as s:
        last = s.execute(select(HistoryEntry).where(HistoryEntry.action == "merge")
                         .order_by(HistoryEntry.at.desc()).limit(1)).scalar_one()
        assert '"warnings": 2' in last.detail

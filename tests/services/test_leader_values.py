"""The team leader's import checks every value with the office's rules (one implementation):
a correctly signed bundle from a team member with a wrong value is refused whole, the reason
names the file, the reviewer, the field and the rule, and nothing of it is kept in the case.
(A case file has no quarantine: the refused file stays where it was, e.g. on the USB stick.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.services.leader import TeamLeader
from tests.services.office.helpers import bundle, write
from tests.services.test_leader import Team, _bundles, team  # noqa: F401

Change = Callable[[dict[str, Any]], None]


def _set(section: str, index: int, **values: Any) -> Change:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"][section][index].update(values)
    return change


def _feedback(rating: str, created_at: str = "2025-07-01T00:00:00Z") -> Change:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"]["feedback"].append({
            "applicant_id": m["snapshot"]["scores"][0]["applicant_id"], "stage_id": "material",
            "rating": rating, "text": "守规", "created_at": created_at, "secret_marks": []})
    return change


def _panel(m: dict[str, Any]) -> None:
    m["snapshot"]["panel_scores"].append({
        "applicant_id": m["snapshot"]["scores"][0]["applicant_id"], "stage_id": "material",
        "score": "9999.99", "comment": "", "secret_marks": []})


CASES = [
    ("panel-on-items", _panel, "snapshot.panel_scores[0].score", "takes no panel score"),
    ("unknown-item", _set("scores", 4, item_id="9.9.9"), "snapshot.scores[4].item_id",
     "no such item"),
    ("off-step", _set("scores", 1, pct=3), "snapshot.scores[1].pct", "multiple of the 5% step"),
    ("other-stage", _set("scores", 0, stage_id="onsite"), "snapshot.scores[0].stage_id",
     "the bundle's stage (material)"),
    ("weird-rating", _feedback("weird"), "snapshot.feedback[0].rating",
     "a feedback rating is one of"),
]


@pytest.mark.parametrize("name, change, field, rule", CASES, ids=[c[0] for c in CASES])
def test_a_wrong_value_is_refused_whole(team: Team, name: str,  # noqa: F811
                                        change: Change, field: str, rule: str) -> None:
    files = _bundles(team)
    small = team.small
    leader_key = small.ids["R4"].public.enc_pub
    bad = write(team.root / "bad", f"{name}.sbb", bundle(
        small, "R2", "material", [team.app(0), team.app(2)], revision=9, change=change,
        to=[small.office_enc, leader_key]))
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        before = (leader.state(), [h.file for h in leader.held()])
        result = leader.import_bundles([bad])
        [f] = result.files
        assert f.outcome == "rejected" and f.reason is not None
        text = f.reason.render()
        for part in (bad.name, "R2", field, rule):
            assert part in text, (part, text)
        assert (leader.state(), [h.file for h in leader.held()]) == before
        assert bad.name not in [h.file for h in leader.held()]
        assert result.counts["rejected"] == 1 and result.held_bundles == 3


def test_a_recusal_for_an_applicant_not_in_the_team(team: Team) -> None:  # noqa: F811
    small = team.small
    stranger = "00000000-0000-4000-8000-000000000000"
    bad = write(team.root / "bad", "recusal.sbb", bundle(
        small, "R2", "material", [team.app(0)], recusals=[stranger],
        to=[small.office_enc, small.ids["R4"].public.enc_pub]))
    with team.open("R4") as case:
        leader = TeamLeader(case)
        [f] = leader.import_bundles([bad]).files
        assert f.outcome == "rejected" and f.reason is not None
        text = f.reason.render()
        assert "recusal.sbb" in text and "snapshot.recusals[0].applicant_id" in text
        assert stranger in text and "not assigned" in text
        assert leader.held() == []


def test_a_time_in_the_future_is_reported_and_the_bundle_kept(team: Team) -> None:  # noqa: F811
    small = team.small

    def change(m: dict[str, Any]) -> None:
        m["created_at"] = "9999-01-01T00:00:00Z"
    late = write(team.root / "late", "late.sbb", bundle(
        small, "R2", "material", [team.app(0)], change=change,
        to=[small.office_enc, small.ids["R4"].public.enc_pub]))
    with team.open("R4") as case:
        [f] = TeamLeader(case).import_bundles([late]).files
        assert f.outcome == "new"
        [w] = f.warnings
        assert "created_at is 9999-01-01T00:00:00Z" in w.render()

"""The team leader's import checks the on-site reviewers' issue notes with the office's rules
(``desktop.domain.merge_findings``): a note for an issue the team's case never received, or at a
stage that is not on site, refuses the member's bundle whole; a note for an issue received is
kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.models import case as cm
from desktop.services.leader import TeamLeader
from tests.services.office.helpers import bundle, write
from tests.services.test_leader import FW, Team, team  # noqa: F401

ISSUE = "SI-0123456789"


def _with_note(applicant: str, issue: str) -> Callable[[dict[str, Any]], None]:
    def change(m: dict[str, Any]) -> None:
        m["snapshot"]["issue_notes"] = [{"applicant_id": applicant, "issue_id": issue,
                                         "outcome": "confirmed", "text": "已核实",
                                         "secret_marks": []}]
    return change


def _receive_issue(team: Team, applicant: str) -> None:  # noqa: F811
    with team.open("R4") as case:
        def received(s: Any) -> None:
            s.add(cm.SiteIssue(issue_id=ISSUE, applicant_id=applicant,
                               item_id=FW.items[0].id, kind="verify", text="核实样本量"))
        case.run(received)


@pytest.mark.parametrize(("name", "stage", "issue", "rule"), [
    ("unknown-issue", "onsite", "SI-ffffffffff", "no such site-visit issue"),
    ("material-stage", "material", ISSUE, "belongs to an on-site review"),
])
def test_a_wrong_note_is_refused_whole(team: Team, name: str, stage: str,  # noqa: F811
                                       issue: str, rule: str) -> None:
    a0 = team.app(0)
    _receive_issue(team, a0)
    bad = write(team.root / "bad", f"{name}.sbb", bundle(
        team.small, "R2", stage, [a0], change=_with_note(a0, issue),
        to=[team.ids["R4"].public.enc_pub]))
    with team.open("R4") as case:
        leader = TeamLeader(case)
        [f] = leader.import_bundles([bad]).files
        assert f.outcome == "rejected" and f.reason is not None
        text = f.reason.render()
        for part in (bad.name, "R2", "snapshot.issue_notes[0].issue_id", rule):
            assert part in text, (part, text)
        assert leader.held() == []


def test_a_note_for_an_issue_received_is_kept(team: Team) -> None:  # noqa: F811
    a0 = team.app(0)
    _receive_issue(team, a0)
    good = write(team.root / "good", "R2-onsite.sbb", bundle(
        team.small, "R2", "onsite", [a0], change=_with_note(a0, ISSUE),
        to=[team.ids["R4"].public.enc_pub]))
    with team.open("R4") as case:
        [f] = TeamLeader(case).import_bundles([good]).files
        assert f.outcome == "new", f

"""The office's divergence rule travels in the panel package: the team leader flags items with
it, not the default; a package without one (older offices) means the default rule; a bad rule
in a package is refused by the strict parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.crypto.errors import Malformed
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.package import open_package
from desktop.domain.consensus import DivergenceRule, RuleMode
from desktop.services.case import create_case
from desktop.services.case_package import parse_content, sample_content
from desktop.services.catalogue import framework
from desktop.services.leader import TeamLeader
from desktop.services.office import cycle, packages
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import FLAGGED, PASS, Team, score_and_export

OFFICE_RULE = {"different_bands": True, "min_spread_pct": 50, "mode": "all"}


def test_the_leader_flags_with_the_offices_rule(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        cycle.set_setting(ws, "divergence", OFFICE_RULE)
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        pkgs = {i.reviewer: Path(i.file) for i in issued}
        fp = ws.identity().root_fingerprint
        content = open_package(pkgs["R4"].read_bytes(), small.ids["R4"], fp, None).content
        assert content["divergence"] == OFFICE_RULE
        team = Team(ws, small, tmp_path, pkgs, {})
        for rid in ("R2", "R3", "R4"):
            team.cases[rid] = tmp_path / "cases" / rid
            team.new_case(rid, team.cases[rid]).close()
        files = [score_and_export(team, rid, tmp_path / "usb") for rid in ("R2", "R3")]
        a0 = team.app(0)
        with team.open("R4") as case:
            leader = TeamLeader(case)
            assert leader.rule == DivergenceRule(True, 50, RuleMode.ALL)
            assert leader.rule_source == "office"
            leader.import_bundles(files)
            view = leader.divergence(a0, "material")
            # R2 30 %, R3 70 %: different bands, spread 40 — flagged by the default rule,
            # not by the office's (spread 50 or more).
            assert view.items[0].stats.item_id == FLAGGED and view.flagged == ()
            assert view.rule_source == "office" and "50" in view.rule.render()
            leader.finalise(a0, "material")  # no rationale needed under the office's rule
            default = TeamLeader(case, DivergenceRule())
            assert default.rule_source == "given"
            assert default.divergence(a0, "material").flagged == (FLAGGED,)
    finally:
        ws.close()


def test_a_package_without_a_rule_means_the_default(tmp_path: Path) -> None:
    from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
    from desktop.crypto.package import build_package
    from desktop.crypto.roster import Roster, RosterEntry, sign_roster

    office = OfficeIdentity.generate("Office")
    me = ReviewerIdentity.generate("R9", "组长")
    roster = Roster(version=1, cycle_id="2025", office_name="Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="team-1", leader=True),))
    content = sample_content("R9", criteria_ref=framework().ref,
                             team=[("R9", "组长", True)])
    assert "divergence" not in content and parse_content(content).divergence is None
    path = tmp_path / "p.sbp"
    path.write_bytes(build_package(office, sign_roster(office, roster), me.public, content))
    with create_case(path, tmp_path / "case", PASS, me, office.root_fingerprint,
                     kdf=CHEAP_KDF) as case:
        leader = TeamLeader(case)
        assert leader.rule == DivergenceRule() and leader.rule_source == "default"


@pytest.mark.parametrize("rule", [
    {"different_bands": True, "min_spread_pct": 150, "mode": "all"},
    {"different_bands": "yes", "min_spread_pct": 20, "mode": "all"},
    {"different_bands": True, "min_spread_pct": 20, "mode": "some"},
    {"different_bands": True, "min_spread_pct": 20},
    {"different_bands": True, "min_spread_pct": 20, "mode": "all", "extra": 1},
])
def test_a_bad_rule_in_a_package_is_refused(rule: dict[str, object]) -> None:
    content = sample_content("R9", criteria_ref=framework().ref)
    content["divergence"] = rule
    with pytest.raises(Malformed):
        parse_content(content)
    content["divergence"] = {"different_bands": False, "min_spread_pct": None, "mode": "any"}
    assert parse_content(content).divergence == DivergenceRule(False, None, RuleMode.ANY)

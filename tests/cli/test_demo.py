"""`scorebook demo` completes for each of the five programmes, and its result respects that
programme's quotas, categories, stages, vote and notice rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.domain.programmes import Programme
from desktop.domain.scoring import FormKind
from desktop.services.demo import DemoResult, run_demo
from desktop.services.office import findings
from desktop.services.office.workspace import open_workspace
from desktop.services.programmes import programme

PROGRAMMES = ["nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor",
              "baotou-hitech"]


@pytest.mark.parametrize("programme_id", PROGRAMMES)
def test_demo_respects_the_programme(programme_id: str, tmp_path: Path) -> None:
    p = programme(programme_id)
    r = run_demo(tmp_path / "demo", programme_id, seed=3)
    assert r.ranking is not None
    # Categories and quotas: one ranking per award category, never more within than the quota.
    cats = {c.award_id: c for c in r.ranking.categories}
    assert set(cats) == {a.id for a in p.awards}
    for award in p.awards:
        c = cats[award.id]
        if award.quota is not None:
            assert len(c.within) <= award.quota
        assert all(row.ref for row in c.rows)
    # Stages: every scored stage produced bundles and totals; nothing was rejected.
    scored = {st.id for st in p.scored_stages}
    for a in r.ranking.applicants:
        assert set(a.stages) == scored
    assert all(m["rejected"] == 0 for m in r.merges)
    assert r.conflicted is not None and r.secret_applicant is not None
    # The conflicted reviewer never counts for that applicant.
    rid, ref = r.conflicted
    row = next(a for a in r.ranking.applicants if a.ref == ref)
    for stage in row.stages.values():
        assert rid not in stage.reviewers
    # Vote: the programme's threshold where it states one; elected within the quota.
    for v in r.votes:
        award = p.award(v.award_id)
        assert award.quota is None or len(v.elected) <= award.quota
        if p.committee is not None and p.committee.pass_threshold is not None:
            assert v.rule_sources["pass_threshold"] == "programme"
        if award.quota is not None and p.committee and p.committee.limited_voting:
            assert v.limited_voting is True
    # What stays unresolved (no eligibility facts in the demo; the leaders settle every
    # flagged item) is confirmed explicitly by the office at the vote.
    assert {u["kind"] for u in r.unresolved} == {"eligibility"}
    # Notice: the programme's working days, counted on the Chinese calendar.
    assert r.notice is not None
    notice = next(n for n in p.notices if n.id == r.notice.notice)
    assert r.notice.working_days == notice.working_days
    assert r.notice.cite == str(notice.cite)
    # Real artefacts on disk.
    assert all(path.exists() for path in r.packages + r.bundles)
    assert all((c / "case.db").exists() or any(c.iterdir()) for c in r.cases)
    panel = [st for st in p.scored_stages if st.form.kind is FormKind.PANEL_SCORE]
    del panel
    # The leaders' consensus came through the field path (TeamLeader in each leader's case
    # file) and the office merged those bundles: the items stage's totals are the consensus.
    items_stages = [st for st in p.scored_stages if st.form.kind is FormKind.ITEMS]
    items = items_stages[-1]
    assert r.consensus_bundles
    assert r.merges[-1]["new"] == 2  # one per team
    assert len(r.consensus_bundles) == 2 * len(items_stages)  # each items stage's report
    _team_reports(r, p)
    scored_at_items = [a for a in r.ranking.applicants if items.id in a.stages
                       and a.stages[items.id].total is not None]
    assert scored_at_items
    assert all(a.stages[items.id].source == "consensus" for a in scored_at_items)


def test_demo_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    one = run_demo(tmp_path / "one", "hohhot-mayor", seed=5)
    two = run_demo(tmp_path / "two", "hohhot-mayor", seed=5)
    assert one.names == two.names and one.conflicted == two.conflicted
    assert one.ranking is not None and two.ranking is not None
    assert one.ranking.categories == two.ranking.categories
    assert [v.elected for v in one.votes] == [v.elected for v in two.votes]
    assert one.leader_flagged == two.leader_flagged > 0


def test_demo_command_prints_where_things_are(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(tmp_path / "d"), "--programme", "baotou-hitech", "--seed",
                 "2"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out and str(tmp_path / "d") in out and "CHEAP_KDF" in out
    # Applicants print with their names, so a person can read the result.
    within = next(line for line in out.splitlines() if "within quota" in line)
    elected = next(line for line in out.splitlines() if line.startswith("Vote "))
    for line in (within, elected):
        first = line.split(" quota " if "quota" in line else "elected ")[1].split(", ")[0]
        ref, name = first.split(" ", 1)
        assert ref.startswith("A") and ("有限公司" in name or len(name) >= 2)
    assert "Team leaders' consensus: 4 signed bundles" in out  # 2 teams × material, on site
    assert "The teams' findings: " in out
    # what was unresolved at the vote (eligibility: the demo records no facts) is said, and
    # the office's confirmation with it
    assert re.search(r"^Unresolved when the committee voted: \d+ matters?, listed with the "
                     r"ranking; the office confirmed going ahead", out, re.M)


def _team_reports(r: DemoResult, p: Programme) -> None:
    """The teams' findings (issue 20): every applicant's material review report is complete;
    where the programme visits, the material team's site-visit issues reached the on-site
    cases, the on-site reviewers noted them, and the on-site reports resolve every one."""
    assert r.findings > 0
    onsite = next((st for st in p.scored_stages if st.kind.value == "onsite"), None)
    with open_workspace(r.workspace, "demo") as ws:
        rows = findings.report_statuses(ws)
        first = p.scored_stages[0].id
        assert rows and all(row.status.complete for row in rows if row.stage.id == first)
        if onsite is None:
            return
        assert r.onsite_cases and r.issue_notes > 0
        visited = [row for row in rows if row.stage.id == onsite.id]
        assert visited and all(row.status.complete for row in visited)
        report = findings.team_findings(ws, visited[0].applicant_ref, onsite.id)
        assert report.site_issues and all(i.resolution is not None and i.notes
                                          for i in report.site_issues)

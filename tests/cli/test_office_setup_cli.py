"""The office's set-up verbs on a fresh workspace: a cycle opened with `office init` can record
its committee and hold a vote (with recusals), change its settings and stage dates, record award
history (which re-evaluates eligibility given with --facts) and an applicant's feedback on a
reviewer. Human output names things; errors are translated messages with the project's exit
codes; confidential text only from files."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.services.office import notice
from desktop.services.office.results_notices import FeedbackRow
from desktop.services.office.workspace import open_workspace
from tests.domain.test_eligibility import CLEAN_ORG

PROGRAMME = "baotou-hitech"
MEMBERS = ["王主任", "李委员", "张委员", "赵委员", "刘委员", "陈委员"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def human(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip() and captured.out.lstrip()[0] not in "[{"
    return captured.out


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refuses the command line
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err


def _line(text: str, *needles: str) -> str:
    hits = [line for line in text.splitlines() if all(n in line for n in needles)]
    assert len(hits) == 1, (needles, hits, text)
    return hits[0]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    run(capsys, "office", "init", "--programme", PROGRAMME, "--number", "2025")
    run(capsys, "office", "cycle", "decide", "--all-suggested")  # what the document leaves open
    return tmp_path / "office"


def _applicants(capsys: pytest.CaptureFixture[str], tmp_path: Path, n: int = 3
                ) -> list[dict[str, Any]]:
    rng = random.Random(11)
    out = []
    for i in range(n):
        name = f"包头稀土{i}号有限公司"
        facts = tmp_path / f"facts{i}.json"
        facts.write_text(json.dumps({
            "schema": "scorebook.facts/1", "name": name, "kind": "organisation", **CLEAN_ORG,
            "region": ["包头稀土高新区"], "years_operating_in_region": 6,
            "as_of": "2025-06-02"}, ensure_ascii=False), encoding="utf-8")
        out.append(run(capsys, "office", "applicant", "add", name, "--award", "hitech",
                       "--credit-code", credit_code.generate(rng, "150200"),
                       "--industry", "制造业", "--facts", str(facts)))
    return out


def test_committee_then_vote_with_recusals(office: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    apps = _applicants(capsys, tmp_path)
    ballots = tmp_path / "ballots.json"
    ballots.write_text(json.dumps({m: {a["ref"]: "for" for a in apps} for m in MEMBERS[:5]},
                                  ensure_ascii=False), encoding="utf-8")
    vote = ["office", "vote", "hitech", "--present", *MEMBERS[:5], "--ballots", str(ballots),
            "--confirm-unresolved"]  # nothing is scored yet: the office goes ahead
    # The audit's finding: a fresh cycle had no way to record its committee.
    code, err = fails(capsys, *vote)
    assert code == 3 and "No committee members are recorded" in err
    text = human(capsys, "office", "committee", "add", MEMBERS[0], "--role", "chair",
                 "--organisation", "包头市市场监督管理局")
    assert (f"{MEMBERS[0]} added to the committee of cycle {PROGRAMME}.2025 as "
            "Committee chair") in text
    for name in MEMBERS[1:]:
        added = run(capsys, "office", "committee", "add", name)
        assert added["name"] == name and added["role"] == "member"
    listed = run(capsys, "office", "committee", "list")
    assert sorted(m["name"] for m in listed) == sorted(MEMBERS)
    text = human(capsys, "office", "committee", "list")
    assert "Committee chair" in _line(text, MEMBERS[0], "包头市市场监督管理局")
    assert "6 members" in text
    code, err = fails(capsys, "office", "committee", "add", MEMBERS[1])
    assert code == 3 and f"{MEMBERS[1]} is already a committee member" in err
    code, err = fails(capsys, "office", "committee", "add", "某人", "--role", "secretary")
    assert code == 2  # argparse refuses the role

    # A recusal names the member by name or by id, the applicant by name or reference; the
    # recused member's ballot on that applicant would be invalid, so it abstains there.
    marks = {m: {a["ref"]: "for" for a in apps} for m in MEMBERS[:5]}
    marks[MEMBERS[1]][apps[0]["ref"]] = "abstain"
    marks[MEMBERS[2]][apps[1]["ref"]] = "abstain"
    ballots.write_text(json.dumps(marks, ensure_ascii=False), encoding="utf-8")
    member_id = next(m["member"] for m in listed if m["name"] == MEMBERS[2])
    recuse = ["--recuse", f"{MEMBERS[1]}={apps[0]['name']}",
              "--recuse", f"{member_id[:8]}={apps[1]['ref']}"]
    data = run(capsys, *vote, *recuse)
    assert data["recusals"] == [{"member": MEMBERS[1], "applicant": apps[0]["ref"]},
                                {"member": MEMBERS[2], "applicant": apps[1]["ref"]}]
    tally = {t["applicant"]: t for t in data["tally"]}
    assert tally[apps[0]["ref"]]["recused"] == 1 and tally[apps[1]["ref"]]["recused"] == 1
    assert tally[apps[2]["ref"]]["recused"] == 0
    text = human(capsys, *vote, *recuse)
    line = _line(text, "Recused:", MEMBERS[1])
    assert apps[0]["ref"] in line and apps[0]["name"] in line
    assert apps[1]["name"] in _line(text, "Recused:", MEMBERS[2])
    # Unknown names are clear errors (exit 3); a malformed pair is a usage error (exit 2).
    code, err = fails(capsys, *vote, "--recuse", f"无此人={apps[0]['ref']}")
    assert code == 3 and "No committee member '无此人'" in err
    code, err = fails(capsys, *vote, "--recuse", f"{MEMBERS[1]}=无此企业")
    assert code == 3 and "No applicant '无此企业'" in err
    code, err = fails(capsys, *vote, "--recuse", MEMBERS[1])
    assert code == 2 and "MEMBER=APPLICANT" in err
    # Chinese messages under zh_CN.
    code, err = fails(capsys, *vote, "--recuse", f"无此人={apps[0]['ref']}", "--lang", "zh_CN")
    assert code == 3 and "无此人" in err and "No committee member" not in err


def test_cycle_show_set_and_schedule(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = human(capsys, "office", "cycle", "show")
    assert "Stage schedule" in text and "Office settings" in text
    assert "Material review 37.5%" in _line(text, "weights")
    assert "office setting" in _line(text, "publication_day_counts")
    assert "第四条" in _line(text, "quota.hitech")  # a programme rule with its article
    # weights by stage, given raw and normalised explicitly
    code, err = fails(capsys, "office", "cycle", "set", "weights", "material=3,onsite=5")
    assert code == 3 and "add up to 8, not 1" in err
    text = human(capsys, "office", "cycle", "set", "weights", "material=3,onsite=5",
                 "--normalise")
    assert "Setting weights is now: Material review 37.5%, On-site review 62.5%" in text
    assert "Meaning: stage weights of the comprehensive score" in text
    assert "decided by" in human(capsys, "office", "cycle", "show")
    data = run(capsys, "office", "cycle", "set", "weights", '{"material": 0.4, "onsite": 0.6}')
    assert data["value"] == {"material": 0.4, "onsite": 0.6} and data["source"] == "office"
    code, err = fails(capsys, "office", "cycle", "set", "weights", "material=1,defense=0")
    assert code == 3 and "each stage of the comprehensive score" in err
    # a dict setting keeps the parts not given
    data = run(capsys, "office", "cycle", "set", "shortlist", "top_n=4")
    assert data["value"] == {"top_n": 4, "min_score": None}
    data = run(capsys, "office", "cycle", "set", "divergence", "min_spread_pct=25,mode=any")
    assert data["value"] == {"different_bands": True, "min_spread_pct": 25, "mode": "any"}
    text = human(capsys, "office", "cycle", "set", "publication_day_counts", "true")
    assert "Setting publication_day_counts is now: yes" in text
    assert "first notice day" in text
    data = run(capsys, "office", "cycle", "set", "min_award_score", "600")
    assert data["value"] == 600
    data = run(capsys, "office", "cycle", "set", "normalisation_official", "no")
    assert data["value"] is False
    for key, value, needle in (("publication_day_counts", "sometimes", "true or false"),
                               ("min_award_score", "1200", "0 to 1000"),
                               ("shortlist", "top_n=0", "top_n"),
                               ("divergence", "min_spread_pct=120", "0 to 100")):
        code, err = fails(capsys, "office", "cycle", "set", key, value)
        assert code == 3 and needle in err, (key, err)
    code, _err = fails(capsys, "office", "cycle", "set", "no_such_key", "1")
    assert code == 2
    # stage dates: by id or name; the end may not come before the start
    data = run(capsys, "office", "cycle", "schedule", "material", "--from", "2025-07-01",
               "--to", "2025-07-20")
    material = next(st for st in data if st["stage"] == "material")
    assert material["scored"] is True
    assert (material["starts"], material["ends"]) == ("2025-07-01", "2025-07-20")
    text = human(capsys, "office", "cycle", "schedule", "On-site review", "--from",
                 "2025-08-01", "--to", "2025-08-15")
    assert "2025-08-15" in _line(text, "On-site review", "2025-08-01")
    code, err = fails(capsys, "office", "cycle", "schedule", "onsite", "--from", "2025-08-15",
                      "--to", "2025-08-01")
    assert code == 3 and "ends before it starts" in err
    code, err = fails(capsys, "office", "cycle", "schedule", "nosuchstage")
    assert code == 3 and "nosuchstage" in err
    text = human(capsys, "office", "cycle", "show", "--lang", "zh_CN")
    assert "2025-07-20" in text and "材料评审" in text
    shown = run(capsys, "office", "cycle", "show")
    values = {s["key"]: s["value"] for s in shown["settings"]}
    assert values["min_award_score"] == 600 and values["publication_day_counts"] is True


def test_award_history_and_feedback(office: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    apps = _applicants(capsys, tmp_path, 2)
    # --facts was evaluated on adding; an award won in 2023 is still valid in 2025 (第四条)
    data = run(capsys, "office", "history", "add", apps[0]["name"], "--award", "hitech",
               "--year", "2023")
    assert data["reevaluated"] == [apps[0]["ref"]]
    assert data["credit_code"] == apps[0]["credit_code"]
    reason = tmp_path / "reason.txt"
    reason.write_text("申报材料弄虚作假\n", encoding="utf-8")
    text = human(capsys, "office", "history", "add", apps[1]["ref"], "--award", "hitech",
                 "--year", "2022", "--revoked", "2023-03-01", "--reason-file", str(reason),
                 "--fraud")
    assert f"Award history recorded: {apps[1]['name']}" in text
    assert "2023-03-01" in _line(text, "Revoked on")
    assert "(hitech)" in _line(text, "Award category")
    assert apps[1]["name"] in _line(text, "Eligibility evaluated again for", apps[1]["ref"])
    assert "申报材料弄虚作假" not in text
    # an organisation that does not apply this cycle is recorded by its name
    data = run(capsys, "office", "history", "add", "包头其他有限公司", "--award", "hitech",
               "--year", "2020")
    assert data["name"] == "包头其他有限公司" and data["reevaluated"] == []
    code, err = fails(capsys, "office", "history", "add", apps[0]["ref"], "--award", "nosuch",
                      "--year", "2020")
    assert code == 3 and "nosuch" in err
    hist = run(capsys, "office", "history")  # the plain verb still lists what happened
    assert sum(h["action"] == "award_history.add" for h in hist) == 3
    assert "申报材料弄虚作假" not in json.dumps(hist, ensure_ascii=False)

    # an applicant's feedback on a reviewer: reviewer by name, text from a file or stdin
    card = tmp_path / "R01.card"
    reviewer = ReviewerIdentity.generate("R01", "高评审")
    card.write_bytes(make_card(reviewer))
    run(capsys, "office", "reviewer", "enrol", str(card), "--fingerprint", reviewer.fingerprint)
    words = tmp_path / "feedback.txt"
    words.write_text("评审员按时到场，未收受礼品。\n", encoding="utf-8")
    text = human(capsys, "office", "feedback", apps[0]["name"], "高评审", "--assessment",
                 "compliant", "--text-file", str(words), "--stage", "onsite")
    assert (f"Feedback of applicant {apps[0]['ref']} {apps[0]['name']} on reviewer "
            "高评审 (R01) recorded") in text
    assert "Compliant: no concerns" in _line(text, "Assessment")
    assert "On-site review" in _line(text, "Stage")
    assert "未收受礼品" not in text  # the text is stored, not echoed
    with open_workspace(office, "pw") as ws:
        rows = notice.feedback_report(ws)
    assert rows == [FeedbackRow(stage="onsite", applicant=apps[0]["ref"], reviewer="R01",
                                direction="applicant_to_reviewer", assessment="compliant",
                                text="评审员按时到场，未收受礼品。")]
    code, err = fails(capsys, "office", "feedback", apps[0]["ref"], "R01", "--assessment",
                      "concerns", "--text", "x")
    assert code == 2  # no text on the command line
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    code, err = fails(capsys, "office", "feedback", apps[0]["ref"], "R01", "--assessment",
                      "concerns", "--text-file", str(empty))
    assert code == 2 and "is empty" in err
    code, err = fails(capsys, "office", "feedback", apps[0]["ref"], "R99", "--assessment",
                      "concerns", "--text-file", str(words))
    assert code == 3 and "No reviewer 'R99'" in err


def test_facts_file_errors(office: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "facts.json"
    bad.write_text("{not json", encoding="utf-8")
    code = credit_code.generate(random.Random(2), "150200")
    rc, err = fails(capsys, "office", "applicant", "add", "包头某公司", "--award", "hitech",
                    "--credit-code", code, "--facts", str(bad))
    assert rc == 2 and "facts.json" in err
    toml = tmp_path / "facts.toml"
    toml.write_text('schema = "scorebook.facts/1"\nname = "包头某公司"\nkind = "organisation"\n',
                    encoding="utf-8")
    data = run(capsys, "office", "applicant", "add", "包头某公司", "--award", "hitech",
               "--credit-code", code, "--facts", str(toml))
    assert data["ref"] == "A001"

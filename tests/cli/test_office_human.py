"""The human (non --json) output of every office verb: readable tables with the same facts as
--json, never a JSON dump; --office works as --workspace; Chinese labels under zh_CN.

One demo cycle (baotou-hitech, seed 7) is built per session; each test works on a copy of its
office workspace, so verbs that record something see the same starting state.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.common import display_width
from desktop.cli.main import main
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.i18n import set_language
from desktop.services.catalogue import framework
from desktop.services.demo import PASSPHRASE, run_demo
from desktop.services.office import reads, reviewers
from desktop.services.office.workspace import open_workspace
from desktop.services.programmes import programme

PROGRAMME = "baotou-hitech"


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office-human") / "demo"
    run_demo(folder, PROGRAMME, seed=7)
    return folder


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("SCOREBOOK_OFFICE", raising=False)
    yield
    set_language("en")


class Office:
    """Two copies of the demo workspace: one for the human run, one for the --json run."""

    def __init__(self, demo: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.demo, self.capsys = demo, capsys
        self.human_ws, self.json_ws = tmp / "human", tmp / "json"
        shutil.copytree(demo / "office", self.human_ws)
        shutil.copytree(demo / "office", self.json_ws)

    def human(self, *argv: str) -> str:
        code = main(["office", *argv, "--office", str(self.human_ws)])
        out = self.capsys.readouterr()
        assert code == 0, out.err
        assert out.out.strip(), "no output"
        assert out.out.lstrip()[0] not in "[{", out.out[:200]
        return out.out

    def json(self, *argv: str) -> Any:
        code = main(["office", *argv, "--workspace", str(self.json_ws), "--json"])
        out = self.capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out)

    def both(self, *argv: str) -> tuple[str, Any]:
        return self.human(*argv), self.json(*argv)


@pytest.fixture
def office(demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Office:
    return Office(demo_folder, tmp_path, capsys)


def _line_of(text: str, *needles: str) -> str:
    """The one output line that holds every needle."""
    hits = [line for line in text.splitlines() if all(n in line for n in needles)]
    assert len(hits) == 1, (needles, hits)
    return hits[0]


def _consensus_args(ref: str, stage: str, pct: int) -> list[str]:
    args = ["consensus", ref, "--stage", stage]
    for item in framework().items:
        args += ["--item", f"{item.id}={pct}:组内讨论一致"]
    return args


def _consensus_file_args(ref: str, stage: str, pct: int, folder: Path) -> list[str]:
    """The same consensus with the rationales in a file (--items-file), not on the command line."""
    path = folder / f"consensus-{ref}-{stage}.txt"
    path.write_text("# ITEM=PCT:RATIONALE\n\n" + "\n".join(
        f"{item.id}={pct}:组内讨论一致" for item in framework().items) + "\n", encoding="utf-8")
    return ["consensus", ref, "--stage", stage, "--items-file", str(path)]


# --- ranking ----------------------------------------------------------------------------------


def test_rank_is_a_table_with_the_quota_line(office: Office) -> None:
    text, data = office.both("rank")
    award = programme(PROGRAMME).awards[0]
    cat = data["categories"][0]
    for row in cat["rows"]:
        line = _line_of(text, row["applicant"], row["name"], row["score"])
        assert re.search(rf"^\s*{row['rank']}\s", line)
        stages = next(a for a in data["applicants"] if a["applicant"] == row["applicant"])
        for st in stages["stages"].values():
            assert st["total"] in line
        place = {"within_quota": "within the quota", "below_quota": "below the quota line"}
        assert place[row["place"]] in line
    rule = _line_of(text, "quota 3")
    assert rule.startswith("----") and rule.endswith("----")
    assert str(award.cite) in rule
    # The line sits between the last place within the quota and the first below it.
    lines = text.splitlines()
    at = lines.index(rule)
    assert cat["within"][-1] in lines[at - 1] and cat["rows"][3]["applicant"] in lines[at + 1]
    assert "Comprehensive score" in text and "Rank" in text


def test_a_tie_at_the_quota_line_is_marked_and_explained(office: Office) -> None:
    # The same consensus for A004 and A005 in both stages: equal comprehensive scores, which
    # fall below A002 and share the last place of the quota.
    for ref in ("A004", "A005"):
        for stage in ("material", "onsite"):
            text = office.human(*_consensus_args(ref, stage, 50))
            assert "500.00" in text and ref in text
            data = office.json(*_consensus_file_args(ref, stage, 50, office.json_ws.parent))
            assert data["total"] == "500.00"
            assert {i["rationale"] for i in data["items"]} == {"组内讨论一致"}
    text, data = office.both("rank")
    cat = data["categories"][0]
    assert set(cat["tied_at_line"]) == {"A004", "A005"}
    for ref in ("A004", "A005"):
        line = _line_of(text, ref, "500.00", "tied at the quota line")
        assert re.match(r"^\s*=3\s", line)
    assert ("= rank 3 is shared by A004 内蒙古金桥电子股份有限公司, "
            "A005 内蒙古锡林牧业股份有限公司") in text
    assert "Tie at the quota line" in text  # the ranking's own note
    lines = text.splitlines()
    rule = lines.index(_line_of(text, "quota 3"))
    above = lines[rule - 2] + lines[rule - 1]
    assert "A004" in above and "A005" in above and "A002" not in above


# --- vote, notice, objection ------------------------------------------------------------------


def _ballots(office: Office, tmp: Path) -> tuple[list[str], Path]:
    with open_workspace(office.human_ws, PASSPHRASE) as ws:
        members = [m.name for m in reads.committee_members(ws)]
    present = members[:7]
    ballots = {m: {"A003": "for", "A005": "for", "A002": "against",
                   "A004": "for" if i % 3 else "abstain"} for i, m in enumerate(present)}
    path = tmp / "ballots.json"
    path.write_text(json.dumps(ballots, ensure_ascii=False), encoding="utf-8")
    return present, path


def test_vote_shows_quorum_rule_sources_and_the_tally(office: Office, tmp_path: Path) -> None:
    present, path = _ballots(office, tmp_path)
    argv = ["vote", "hitech", "--present", *present, "--ballots", str(path), "--held-on",
            "2025-09-20", "--confirm-unresolved"]  # the demo's material flags stay open
    text, data = office.both(*argv)
    assert f"{data['present']} of {data['members']} members present" in text
    cite = data["cite"]
    assert cite and cite in _line_of(text, "Quorum rule") and "programme rule" in text
    assert "2/3" in _line_of(text, "Quorum rule")
    assert "yes (office setting)" in _line_of(text, "Abstentions count")
    for t in data["tally"]:
        line = _line_of(text, t["applicant"], "passed")
        cells = line.split()
        for key in ("for", "against", "abstain", "invalid"):
            assert str(t[key]) in cells
        assert ("not passed" in line) is (not t["passed"])
    elected = _line_of(text, "Elected:")
    assert all(ref in elected for ref in data["elected"])
    assert "=1" in _line_of(text, "A003", "passed")  # A003 and A005 share rank 1


def test_notice_states_days_and_convention(office: Office) -> None:
    argv = ["notice", "proposed-winners", "--published", "2025-09-26", "--applicants", "A003",
            "--confirm-unresolved"]
    text, data = office.both(*argv)
    assert data["first_day"] in _line_of(text, "First day")
    assert data["last_day"] in _line_of(text, "Last day")
    assert f"{data['working_days']} ({data['cite']})" in _line_of(text, "Working days")
    assert "counting from the next working day" in _line_of(text, "Counting")
    assert "proposed-winners" not in text.splitlines()[0]  # named by the stage it follows
    assert text.splitlines()[0].startswith("Notice after ")


def test_objection_logged_then_decided(office: Office) -> None:
    a003 = next(r for r in office.json("rank")["categories"][0]["rows"]
                if r["applicant"] == "A003")
    text = office.human("objection", "A003", "--summary", "材料不实", "--on", "2025-10-01")
    oid = re.search(r"Objection (\S+) logged against applicant A003 内蒙古蒙电新能源股份有限公司; "
                    r"outcome: pending", text)
    assert oid is not None
    text = office.human("objection", "--decide", oid.group(1)[:8], "--outcome", "upheld",
                        "--on", "2025-10-10")
    assert "decided: upheld" in text
    assert "removed (objection upheld)" in _line_of(text, "A003", a003["score"])
    # The next in rank (the first below the quota line before the decision) fills the vacated
    # place, as the programme's backfill article (第十九条) provides; --json says the same.
    before = office.json("rank")["categories"][0]
    below = [r for r in before["rows"] if r["place"] == "below_quota"]
    nxt = below[0]
    assert f"{nxt['applicant']} {nxt['name']}" in _line_of(text, "Place filled by")
    backfill = _line_of(text, "Backfilling")
    assert "allowed" in backfill and "第十九条" in backfill
    assert "第十九条" in _line_of(text, "filled by the next in rank")
    lines = text.splitlines()
    quota_line = lines.index(_line_of(text, "---- quota 3"))
    assert lines.index(_line_of(text, nxt["applicant"], nxt["score"])) < quota_line
    assert lines.index(_line_of(text, below[1]["applicant"], below[1]["score"])) > quota_line
    logged = office.json("objection", "A003", "--summary", "材料不实", "--on", "2025-10-01")
    decided = office.json("objection", "--decide", logged["objection"], "--outcome", "upheld",
                          "--on", "2025-10-10")
    assert decided["backfilled"] == [nxt["applicant"]]
    assert decided["backfill_rule"]["allowed"] is True
    assert "第十九条" in decided["backfill_rule"]["cite"]


# --- people, conflicts, packages, merge -------------------------------------------------------


def test_team_lists_members_leader_and_applicants(office: Office) -> None:
    text, data = office.both("team")
    for team in data:
        assert team["team"] in text
        assert f"{team['leader']} (Leader)" in text
    assert "Assigned applicants" in text
    assert "内蒙古阴山生物股份有限公司" in _line_of(text, "A001")


def test_conflicts_list_suggest_and_add(office: Office) -> None:
    text, data = office.both("conflict", "list")
    line = _line_of(text, data[0]["reviewer"], data[0]["applicant"])
    assert "Employment" in line and "conflicted" in line
    for header in ("Reviewer", "Applicant", "Kind", "Source", "Decision", "Reason"):
        assert header in text.splitlines()[0]
    text = office.human("conflict", "suggest")
    assert "in the register" in _line_of(text, "R02", "A001")
    text = office.human("conflict", "add", "R05", "A003", "--kind", "consulting", "--note",
                        "曾提供咨询")
    assert "Consulting or services" in _line_of(text, "R05", "A003")
    text = office.human("conflict", "add", "R06", "A003", "--pin", "not_conflicted")
    assert "not conflicted (office decision)" in _line_of(text, "R06", "A003")


def test_package_lines_per_reviewer(office: Office, tmp_path: Path) -> None:
    text = office.human("package", "--to", str(tmp_path / "usb"), "--reviewer", "R01",
                        "--reviewer", "R05")
    for rid in ("R01", "R05"):
        assert ".sbp" in _line_of(text, rid, "verified")
    assert "Safe to remove the stick" in text


def test_merge_report_one_line_per_bundle(office: Office) -> None:
    bundles = sorted((office.demo / "usb" / "bundles").glob("*.sbb"))[:3]
    bad = office.human_ws.parent / "bad.sbb"
    bad.write_bytes(bundles[0].read_bytes()[:-5] + b"xxxxx")
    # A rejected bundle makes the verb exit 3 (input rejected) after printing the report.
    code = main(["office", "merge", *map(str, bundles), str(bad), "--office",
                 str(office.human_ws)])
    out = office.capsys.readouterr()
    assert code == 3 and "rejected" in out.err
    text = out.out
    for b in bundles:
        assert "duplicate" in _line_of(text, b.name)
    assert "rejected" in _line_of(text, "bad.sbb", "rejected")
    assert "Totals: new 0, updated 0, duplicate 3, stale 0, fork 0, rejected 1" in text
    assert "Quarantined files" in text
    assert "/quarantine/" in _line_of(text, "bad.sbb", "quarantine")


def test_divergence_and_normalisation(office: Office) -> None:
    text, data = office.both("divergence", "A001", "--stage", "material")
    rows = _table(text)
    for item in data["items"]:
        cells = next(r for r in rows if r[0] == item["item"])
        assert framework().item(item["item"]).name_en.startswith(cells[1].rstrip("…"))
        assert cells[2:8] == [str(item["count"]), item["mean"], item["median"],
                              str(item["min"]), str(item["max"]), str(item["spread"])]
    assert data["rule"] in text
    text, data = office.both("divergence", "--stage", "material", "--normalised")
    names = _applicant_names(office)
    for a in data["applicants"]:
        assert _line_of(text, a["applicant"], a["raw_mean"]).split() == [
            a["applicant"], names[a["applicant"]], a["raw_mean"], a["normalised_mean"],
            a["official"]]
    assert data["warning"] in text


def test_history_and_feedback(office: Office) -> None:
    text, data = office.both("history")
    assert "merge" in text and "reviewer.enrol" in text
    assert len(text.splitlines()) == len(data) + 2
    text, data = office.both("history", "--feedback")
    assert data and data[0]["text"] in text and "reviewer → applicant" in text


def test_fork_list(office: Office) -> None:
    assert "No forks" in office.human("fork", "list")


def test_enrol_add_import_and_init(office: Office, tmp_path: Path) -> None:
    card = tmp_path / "R09.card"
    ident = ReviewerIdentity.generate("R09", "新评审员")
    card.write_bytes(make_card(ident))
    text = office.human("reviewer", "enrol", str(card), "--organisation", "内蒙古大学",
                        "--fingerprint", ident.fingerprint)
    assert "R09" in text and "新评审员" in text and ident.fingerprint in text
    rng = random.Random(5)
    code = credit_code.generate(rng, "150200")
    text = office.human("applicant", "add", "内蒙古示例科技有限公司", "--award", "hitech",
                        "--credit-code", code, "--industry", "制造业")
    assert "A006" in text and "内蒙古示例科技有限公司" in text and code in text
    assert "not evaluated" in _line_of(text, "Eligibility")
    data = {"applicants": [{"name": f"内蒙古导入{i}有限公司", "award": "hitech",
                            "credit_code": credit_code.generate(rng, "150200")}
                           for i in range(2)]}
    path = tmp_path / "apps.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = office.human("applicant", "import", str(path))
    assert "2 applicants imported" in text
    assert "内蒙古导入1有限公司" in _line_of(text, "A008")
    assert "Eligibility: not evaluated 2" in text
    folder = tmp_path / "new-office"
    assert main(["office", "init", "--office", str(folder), "--office-name", "测试办公室",
                 "--programme", PROGRAMME, "--number", "2026"]) == 0
    out = office.capsys.readouterr().out
    assert str(folder) in out and "Cycle baotou-hitech.2026 opened" in out


# --- Chinese ----------------------------------------------------------------------------------


def test_chinese_labels(office: Office, tmp_path: Path) -> None:
    text = office.human("rank", "--lang", "zh_CN")
    assert "名次" in text and "综合得分" in text and "名额线以下" in text
    rule = _line_of(text, "第四条", "----")
    assert "名额" in rule and "3" in rule
    present, path = _ballots(office, tmp_path)
    text = office.human("vote", "hitech", "--present", *present, "--ballots", str(path),
                        "--confirm-unresolved", "--lang", "zh_CN")
    assert "赞成" in text and "反对" in text and "弃权" in text and "当选" in text
    assert "评审项目规定" in text or "评审项目" in text
    text = office.human("conflict", "list", "--lang", "zh_CN")
    assert "评审员" in text.splitlines()[0] and "存在利害关系" in _line_of(text, "R02", "A001")


# --- stage names and weights in the active language ---------------------------------------------

_STAGE_IDS = re.compile(r"\b(material|onsite)\b")


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_rank_names_stages_and_shows_weights_as_percentages(office: Office,
                                                            language: str) -> None:
    text, data = office.both("rank", "--lang", language)
    p = programme(PROGRAMME)
    assert set(data["weights"]) == {"material", "onsite"}  # --json keeps the ids
    assert data["weights"]["material"] == "0.375000"
    names: dict[str, str] = {}
    for st in p.stages:
        name = {"en": st.name_en, "zh_CN": st.name_zh, "mn_Mong_CN": st.name_mn}[language]
        assert name
        names[st.id] = name
    # the table's header names the stages (a column each, beside the comprehensive score)
    lines = text.splitlines()
    headers = [line for line, under in pairwise(lines)
               if set(under) == {"-", " "}]  # a table header has a rule of dashes under it
    assert len(headers) == 1
    assert names["material"] in headers[0] and names["onsite"] in headers[0]
    assert f"{names['material']} 37.5%" in text and f"{names['onsite']} 62.5%" in text
    assert "0.375" not in text and "0.625" not in text
    assert not _STAGE_IDS.search(text), _STAGE_IDS.search(text)
    if language != "en":
        assert p.awards[0].name_en not in text


def test_merge_report_names_the_stage(office: Office) -> None:
    bundle = sorted((office.demo / "usb" / "bundles").glob("*.sbb"))[0]
    text = office.human("merge", str(bundle), "--lang", "zh_CN")
    line = _line_of(text, bundle.name)
    assert "重复" in line and ("材料评审" in line or "现场评审" in line)
    assert not _STAGE_IDS.search(line)


# --- names, not ids, in every language ------------------------------------------------------------

LANGUAGES = ["en", "zh_CN", "mn_Mong_CN"]
_ITEM_ID = re.compile(r"(?<![\w.])(4\.\d\.\d)(?![\w.])")
_APPLICANT_REF = re.compile(r"\bA00\d\b")


def _pick(language: str, zh: str, en: str, mn: str | None) -> str:
    return {"en": en, "zh_CN": zh, "mn_Mong_CN": mn or zh}[language]


def _stage_names(language: str) -> dict[str, str]:
    return {st.id: _pick(language, st.name_zh, st.name_en, st.name_mn)
            for st in programme(PROGRAMME).stages}


def _applicant_names(office: Office) -> dict[str, str]:
    return {row["applicant"]: row["name"] for cat in office.json("rank")["categories"]
            for row in cat["rows"]}


def _table(text: str, which: int = 0) -> list[list[str]]:
    """The rows of the ``which``-th table of ``text``, cut into cells at the display columns of
    its dash rule: a cell that is not where its header is shows up as a wrong value."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) <= {"-", " "}]
    at = rules[which]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[at])]
    rows = []
    for line in lines[at + 1:]:
        if line.startswith("---- "):  # the quota line inside a ranking
            continue
        if not line.strip() or not line.startswith(" " * spans[0][0]):
            break
        cols, col = [], 0
        for ch in line:  # the display column each character starts at
            cols.append(col)
            col += display_width(ch)
        cells = []
        for start, end in spans:
            cells.append("".join(ch for ch, c in zip(line, cols, strict=True)
                                 if start <= c < end).strip())
        gaps = [ch for ch, c in zip(line, cols, strict=True)
                if display_width(ch) and not any(s <= c < e for s, e in spans)]
        if [g for g in gaps if g != " "]:
            break  # text under the table (a misaligned row ends it too: callers count rows)
        rows.append(cells)
    return rows


def _assert_named(text: str, language: str, names: dict[str, str] | None = None) -> None:
    """No stage id; every item id followed by its name; every applicant ref with its name."""
    assert not _STAGE_IDS.search(text), _STAGE_IDS.search(text)
    fw = framework()
    for line in text.splitlines():
        for m in _ITEM_ID.finditer(line):
            item = fw.item(m.group(1))
            name = _pick(language, item.name_zh, item.name_en, item.name_mn)
            after = line[m.end():].lstrip(" ")
            assert after[:4] == name[:4], (line, name)
        for ref in _APPLICANT_REF.findall(line):
            assert names is None or names[ref] in line, (line, ref)


def _copy_case(office: Office, reviewer: str, case: str = "case") -> Path:
    """A copy of a demo reviewer's case file: ``case`` (material review) or ``case-onsite``
    (the site visit's, made from the on-site package)."""
    folder = office.human_ws.parent / f"{case}-{reviewer}"
    shutil.copytree(office.demo / "reviewers" / reviewer / case, folder)
    return folder


def _cli(office: Office, *argv: str) -> str:
    code = main(list(argv))
    out = office.capsys.readouterr()
    assert code == 0, out.err
    return out.out


@pytest.mark.parametrize("language", LANGUAGES)
def test_divergence_names_the_stage_items_and_applicant(office: Office, language: str) -> None:
    text, data = office.both("divergence", "A001", "--stage", "onsite", "--lang", language)
    assert data["stage"] == "onsite" and data["items"][0]["item"] == "4.1.2"  # --json: ids
    names = _applicant_names(office)
    _assert_named(text, language, names)
    assert _stage_names(language)["onsite"] in text
    assert names["A001"] in text
    rows = _table(text)
    assert len(rows) == len(data["items"])
    fw = framework()
    for row, item in zip(rows, data["items"], strict=True):
        it = fw.item(item["item"])
        name = _pick(language, it.name_zh, it.name_en, it.name_mn)
        assert row[0] == item["item"] and name.startswith(row[1].rstrip("…"))
        assert row[2:5] == [str(item["count"]), item["mean"], item["median"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_normalisation_and_feedback_name_applicants_and_stage(office: Office,
                                                              language: str) -> None:
    names = _applicant_names(office)
    text, data = office.both("divergence", "--stage", "onsite", "--normalised", "--lang",
                             language)
    assert data["stage"] == "onsite"
    _assert_named(text, language, names)
    assert _stage_names(language)["onsite"] in text.splitlines()[0]
    apps, scores = _table(text, 0), _table(text, 1)
    assert [r[:2] for r in apps] == [[a["applicant"], names[a["applicant"]]]
                                     for a in data["applicants"]]
    assert [r[:3] + r[4:5] for r in scores] == [
        [s["applicant"], names[s["applicant"]], s["reviewer"], s["z"]] for s in data["scores"]]
    text, data = office.both("history", "--feedback", "--lang", language)
    assert data[0]["stage"] == "onsite"
    _assert_named(text, language, names)
    assert _table(text)[0][:3] == [_stage_names(language)["onsite"], data[0]["applicant"],
                                   names[data[0]["applicant"]]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_consensus_conflicts_rank_name_things(office: Office, language: str) -> None:
    names = _applicant_names(office)
    text = office.human(*_consensus_args("A004", "onsite", 50), "--lang", language)
    _assert_named(text, language, names)
    assert _stage_names(language)["onsite"] in text
    assert [r[0] for r in _table(text)] == [i.id for i in framework().items]
    for argv in (["conflict", "list"], ["conflict", "suggest"], ["rank"], ["fork", "list"]):
        _assert_named(office.human(*argv, "--lang", language), language, names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_status_and_team_verbs_name_stages_and_items(office: Office,
                                                          language: str) -> None:
    stages = _stage_names(language)
    for case, stage in (("case", "material"), ("case-onsite", "onsite")):
        reviewer_case = _copy_case(office, "R01", case)
        text = _cli(office, "case", "status", "--case", str(reviewer_case), "--lang", language)
        _assert_named(text, language)
        assert stages[stage] in text  # the case's stage, its exports
    leader = _copy_case(office, "R08", "case-onsite")
    base = ["--case", str(leader), "--lang", language]
    overview = _cli(office, "case", "team", "divergence", "--stage", "onsite", *base)
    _assert_named(overview, language)
    assert stages["onsite"] in overview
    data = json.loads(_cli(office, "case", "team", "divergence", "--stage", "onsite",
                           "--case", str(leader), "--json"))
    ref = data[0]["applicant_id"]
    for argv in (["divergence", "--applicant", ref, "--stage", "onsite"],
                 ["consensus", "--applicant", ref, "--stage", "onsite", "--item",
                  "4.4.2=55:组内讨论"]):
        text = _cli(office, "case", "team", *argv, *base)
        _assert_named(text, language)
        assert stages["onsite"] in text.splitlines()[0]
        rows = _table(text)
        assert [r[0] for r in rows] == [i.id for i in framework().items]
        assert all(r[1] for r in rows)  # every item has its name
    raw = json.loads(_cli(office, "case", "team", "divergence", "--applicant", ref, "--stage",
                          "onsite", "--case", str(leader), "--json"))
    assert raw["stage"] == "onsite" and raw["items"][0]["item"] == "4.1.2"


# --- bundle inspect with the office's key ------------------------------------------------------


def test_bundle_inspect_with_the_office_key(office: Office, tmp_path: Path) -> None:
    bundle = sorted((office.demo / "usb" / "bundles").glob("*.sbb"))[0]
    base = ["bundle", "inspect", str(bundle), "--office", str(office.human_ws)]
    data = json.loads(_cli(office, *base, "--json"))
    with open_workspace(office.human_ws, PASSPHRASE) as ws:
        names = {r.reviewer: r.name for r in reviewers.list_reviewers(ws)}
    assert data["reviewer_name"] == names[data["reviewer_id"]]
    assert data["cycle_id"] == f"{PROGRAMME}.2025" and data["scores"] > 0
    stages = _stage_names("zh_CN")
    text = _cli(office, *base, "--lang", "zh_CN")
    assert f"{names[data['reviewer_id']]} ({data['reviewer_id']})" in text
    assert stages[data["stage_id"]] in text and data["content_hash"] in text
    assert not _STAGE_IDS.search(text)
    # tampered: refused with exit 3; two key sources at once: a usage error
    bad = tmp_path / "bad.sbb"
    bad.write_bytes(bundle.read_bytes()[:-5] + b"xxxxx")
    assert main(["bundle", "inspect", str(bad), "--office", str(office.human_ws)]) == 3
    assert office.capsys.readouterr().err.startswith("error: ")
    assert main([*base, "--case", str(tmp_path)]) == 2
    assert "--office" in office.capsys.readouterr().err
    # an office that has issued no roster for the cycle says so
    fresh = tmp_path / "fresh"
    assert main(["office", "init", "--office", str(fresh), "--programme", PROGRAMME,
                 "--number", "2026"]) == 0
    office.capsys.readouterr()
    assert main(["bundle", "inspect", str(bundle), "--office", str(fresh)]) == 3
    assert "No roster has been issued for cycle baotou-hitech.2026" in \
        office.capsys.readouterr().err

"""Every document printed from its real source — a reviewer's case file, a team leader's case
file, the office workspace, a facts file — and read back with pdftotext and pypdf: totals equal
the scoring core's, every item and name prints, external copies hold no secret anywhere in the
file, internal copies hold it and the recipient's watermark; refused input leaves no file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.errors import NotFound, ScorebookError
from desktop.domain.redaction import Audience
from desktop.domain.scoring import ItemEntry, summarise
from desktop.models.office.review import ConsensusItem
from desktop.services import printing
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.demo import PASSPHRASE, SECRET
from desktop.services.identity import load_identity
from desktop.services.office.ranking import rank
from desktop.services.office.workspace import Workspace, open_workspace
from desktop.services.printing.common import JoinedComments, PrintOptions, median_shares
from tests.reports.conftest import ReadBack, read_back
from tests.services.printing_demo import MARKED, MARKED_ITEM, QUOTING_ITEM, PrintingDemo, build

MARKER_EN = "〔trade secret, removed〕"
MARKER_ZH = "〔商业秘密，已删除〕"
FRAGMENT = "低温烧结工艺参数"  # eight characters of the declared secret


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> PrintingDemo:
    return build(tmp_path_factory)


@pytest.fixture
def case(demo: PrintingDemo) -> Iterator[CaseSession]:
    with open_case(demo.reviewer_case, PASSPHRASE) as c:
        yield c


@pytest.fixture
def ws(demo: PrintingDemo) -> Iterator[Workspace]:
    with open_workspace(demo.office, PASSPHRASE) as w:
        yield w


def opts(tmp_path: Path, name: str, audience: Audience | None = None, **kw: object
         ) -> PrintOptions:
    return PrintOptions(tmp_path / name, audience, **kw)  # type: ignore[arg-type]


def assert_no_secret(doc: ReadBack, marker: str = MARKER_EN) -> None:
    for secret in (SECRET, MARKED, FRAGMENT):
        assert secret not in doc.text and secret not in doc.pypdf_text
        for blob in doc.everywhere():
            assert secret.encode("utf-8") not in blob
            assert secret.encode("utf-16-be") not in blob
    assert marker in doc.text


def assert_only_pdf(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


# --- from a reviewer's case file -------------------------------------------------------------


def test_score_sheet_from_the_case_totals_items_names_and_redaction(
        case: CaseSession, demo: PrintingDemo, tmp_path: Path) -> None:
    printed = printing.case_score_sheet(case, demo.applicant_id, "material",
                                        opts(tmp_path, "sheet.pdf"))
    assert printed.audience is Audience.EXTERNAL and printed.recipient == ""
    doc = read_back(printed.path)
    views = case.scores(demo.applicant_id, "material")
    summary = summarise(case.framework, [ItemEntry(v.item_id, v.pct) for v in views])
    assert not summary.missing
    assert f"{summary.total} / 1000" in doc.text
    for cat, sub in summary.category_subtotals.items():
        assert str(sub) in doc.text, cat
    for item in case.framework.items:
        assert item.id in doc.text
    reviewer = case.identity().display_name
    assert demo.applicant_name in doc.text and reviewer in doc.text
    assert_no_secret(doc)
    assert "未说明风险应对措施" in doc.text  # the unmarked rest of the marked comment stays


def test_internal_score_sheet_keeps_the_secret_and_names_the_reviewer(
        case: CaseSession, demo: PrintingDemo, tmp_path: Path) -> None:
    printed = printing.case_score_sheet(case, demo.applicant_id, None,
                                        opts(tmp_path, "in.pdf", Audience.INTERNAL))
    reviewer = case.identity().display_name
    assert printed.recipient == reviewer
    doc = read_back(printed.path)
    flat = doc.text.replace("\n", "")
    assert SECRET in flat and MARKED in flat
    assert "内部资料 · 不得外传" in doc.text and reviewer in doc.text
    assert MARKER_EN not in doc.text


def test_score_sheet_in_chinese_with_an_explicit_recipient(
        case: CaseSession, demo: PrintingDemo, tmp_path: Path) -> None:
    printed = printing.case_score_sheet(
        case, demo.applicant_id, "material",
        opts(tmp_path, "zh.pdf", Audience.INTERNAL, recipient="评审办公室 王敏", language="zh_CN"))
    doc = read_back(printed.path)
    assert "评分表" in doc.text and "评审办公室 王敏" in doc.text


def test_feedback_from_the_case_says_the_bars_are_the_reviewers_own_median(
        case: CaseSession, demo: PrintingDemo, tmp_path: Path) -> None:
    doc = read_back(printing.case_feedback(case, demo.applicant_id, "material",
                                           opts(tmp_path, "fb.pdf")).path)
    flat = " ".join(doc.text.split())
    assert "Median of the applicants this reviewer scored" in flat
    assert "panel's median is not known" in flat
    assert "Panel median" not in flat
    assert_no_secret(doc)


def test_consensus_from_the_team_leaders_case(demo: PrintingDemo, tmp_path: Path) -> None:
    from desktop.services.leader import TeamLeader

    with open_case(demo.leader_case, PASSPHRASE) as case:
        view = TeamLeader(case).divergence(demo.applicant_id, "onsite")
        external = printing.case_consensus(case, demo.applicant_id, "onsite",
                                           opts(tmp_path, "ext.pdf", Audience.EXTERNAL))
        internal = printing.case_consensus(case, demo.applicant_id, "onsite",
                                           opts(tmp_path, "int.pdf"))
        leader = case.identity().display_name
    total = summarise(case.framework, [ItemEntry(r.stats.item_id, r.consensus_pct)
                                       for r in view.items]).total
    assert view.total == total
    ext, inn = read_back(external.path), read_back(internal.path)
    assert f"{total} / 1000" in ext.text and leader in ext.text
    assert demo.applicant_name in ext.text
    for item in case.framework.items:
        assert item.id in ext.text
    assert_no_secret(ext)
    assert internal.audience is Audience.INTERNAL and internal.recipient == leader
    assert SECRET in inn.text.replace("\n", "")


def test_consensus_from_a_member_or_an_unfinished_one_is_refused(
        demo: PrintingDemo, case: CaseSession, tmp_path: Path) -> None:
    with pytest.raises(ScorebookError):  # R01 is not a team leader
        printing.case_consensus(case, demo.applicant_id, "onsite", opts(tmp_path, "c.pdf"))
    with open_case(demo.leader_case, PASSPHRASE) as leader, \
            pytest.raises(ScorebookError, match="not final"):
        printing.case_consensus(leader, demo.applicant_id, "material", opts(tmp_path, "d.pdf"))
    assert_only_pdf(tmp_path)


# --- from the office workspace ---------------------------------------------------------------


def test_office_feedback_joins_the_panel_and_removes_marked_and_quoted_secrets(
        ws: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    ext = read_back(printing.office_feedback(ws, demo.applicant_ref, "material",
                                             opts(tmp_path, "ext.pdf")).path)
    assert demo.applicant_name in ext.text and "Panel median" in ext.text
    assert "not known" not in ext.text
    assert_no_secret(ext)
    internal = printing.office_feedback(ws, demo.applicant_ref, None,
                                        opts(tmp_path, "int.pdf", Audience.INTERNAL))
    assert internal.recipient == ws.info()["office_name"]
    inn = read_back(internal.path)
    flat = inn.text.replace("\n", "")
    assert SECRET in flat and MARKED in flat and ws.info()["office_name"] in inn.text


def test_office_feedback_in_chinese_uses_the_chinese_marker(
        ws: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    doc = read_back(printing.office_feedback(ws, demo.applicant_ref, "material",
                                             opts(tmp_path, "zh.pdf", language="zh_CN")).path)
    assert "评审组中位数" in doc.text
    assert_no_secret(doc, MARKER_ZH)


def test_office_consensus_sheet_total_equals_the_core(ws: Workspace, demo: PrintingDemo,
                                                     tmp_path: Path) -> None:
    printed = printing.office_consensus(ws, demo.applicant_ref, None, opts(tmp_path, "c.pdf"))
    assert printed.stage == "onsite" and printed.audience is Audience.INTERNAL
    with ws.uow() as s:
        rows = s.execute(select(ConsensusItem).where(ConsensusItem.stage_id == "onsite")
                         ).scalars().all()
        mine = [ItemEntry(r.item_id, r.pct) for r in rows
                if str(r.applicant_id) == demo.applicant_id]
    from desktop.services.catalogue import framework

    total = summarise(framework(), mine).total
    doc = read_back(printed.path)
    assert f"{total} / 1000" in doc.text and demo.applicant_name in doc.text
    for item in framework().items:
        assert item.id in doc.text


def test_office_eligibility_form_from_the_stored_result(ws: Workspace, demo: PrintingDemo,
                                                        tmp_path: Path) -> None:
    doc = read_back(printing.office_eligibility(ws, demo.applicant_ref,
                                                opts(tmp_path, "e.pdf")).path)
    assert "Eligibility review form" in doc.text and demo.applicant_name in doc.text
    assert "《包头稀土高新区管委会质量奖评审办法》" in doc.text.replace("\n", "")
    with pytest.raises(ScorebookError, match="No eligibility facts"):
        printing.office_eligibility(ws, "A002", opts(tmp_path, "none.pdf"))
    assert_only_pdf(tmp_path, "e.pdf")


def test_eligibility_from_a_facts_file(root: Path, tmp_path: Path) -> None:
    facts = root / "resources/examples/facts/major-safety-accident.toml"
    printed = printing.facts_eligibility("baotou-mayor", facts, opts(tmp_path, "e.pdf"))
    doc = read_back(printed.path)
    assert "Not eligible" in doc.text and "Not met" in doc.text
    assert "包府办发〔2025〕57号" in doc.text.replace("\n", "")


def test_ranking_with_every_ranked_applicant_and_the_quota_line(
        ws: Workspace, tmp_path: Path) -> None:
    doc = read_back(printing.office_ranking(ws, opts(tmp_path, "r.pdf")).path)
    cats = rank(ws)["categories"]
    for cat in cats:
        for row in cat["rows"]:
            assert row["name"] in doc.text and str(row["score"]) in doc.text
        assert f"Quota line: {cat['quota']}" in doc.text


def test_ballots_one_per_member_limited_to_the_quota(ws: Workspace, tmp_path: Path) -> None:
    printed = printing.office_ballots(ws, None, opts(tmp_path, "b.pdf"))
    doc = read_back(printed.path)
    assert doc.pages == 9  # the demo's committee
    cat = rank(ws)["categories"][0]
    assert f"Mark at most {cat['quota']} candidates" in doc.text.replace("\n", " ")
    for row in cat["rows"]:
        assert row["name"] in doc.text
    assert read_back(printing.office_ballots(ws, "hitech", opts(tmp_path, "two.pdf"),
                                             copies=2).path).pages == 2
    with pytest.raises(NotFound):
        printing.office_ballots(ws, "nope", opts(tmp_path, "x.pdf"))


def test_minutes_with_quorum_tally_and_outcome(ws: Workspace, demo: PrintingDemo,
                                               tmp_path: Path) -> None:
    from desktop.models.office.decision import VoteSession

    with ws.uow() as s:
        result = json.loads(s.execute(select(VoteSession)).scalars().one().result_json)
    names = {r["applicant"]: r["name"] for r in rank(ws)["categories"][0]["rows"]}
    doc = read_back(printing.office_minutes(ws, None, opts(tmp_path, "m.pdf")).path)
    lines = [line.strip() for line in doc.pypdf_text.splitlines()]
    for t in result["tally"]:  # one cell a line: name, award, for, against, abstain
        at = lines.index(names[t["applicant"]])
        first = next(n for n in range(at, len(lines)) if lines[n].isdigit())
        assert lines[first:first + 3] == [str(t["for"]), str(t["against"]), str(t["abstain"])]
    assert "reached" in doc.text and "Elected:" in doc.text
    for ref in result["elected"]:
        assert names[ref] in doc.text.split("Elected:")[1]


def test_notice_with_the_offices_dates(ws: Workspace, tmp_path: Path) -> None:
    from desktop.models.office.decision import NoticeRecord

    with ws.uow() as s:
        rec = s.execute(select(NoticeRecord)).scalars().one()
        start, end, days = rec.starts_on, rec.ends_on, rec.working_days
        published = rec.published_on
    assert published is not None and published <= start
    printed = printing.office_notice(ws, None, opts(tmp_path, "n.pdf"))
    assert printed.audience is Audience.EXTERNAL
    doc = read_back(printed.path)
    flat = " ".join(doc.text.split())
    assert f"from {start.isoformat()} to {end.isoformat()} ({days} working days)" in flat
    # The issue date (the day of publication) prints under the issuer, after the period.
    assert published.isoformat() in flat.split("working days")[-1]
    for ref in rank(ws)["categories"][0]["within"]:
        name = next(r["name"] for r in rank(ws)["categories"][0]["rows"]
                    if r["applicant"] == ref)
        assert name in doc.text


# --- bad input: a clear refusal and no file --------------------------------------------------


def test_missing_scores_unknown_applicant_stage_and_cycle_leave_no_file(
        case: CaseSession, demo: PrintingDemo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFound, match="No applicant 'nobody'"):
        printing.case_score_sheet(case, "nobody", "material", opts(out, "a.pdf"))
    with pytest.raises(NotFound, match="No stage 'defense'"):
        printing.case_score_sheet(case, demo.applicant_id, "defense", opts(out, "b.pdf"))
    with pytest.raises(ScorebookError, match=r"cycle baotou-hitech\.2025, not nmg-chairman\.2025"):
        printing.case_score_sheet(case, demo.applicant_id, "material", opts(out, "c.pdf"),
                                  cycle="nmg-chairman.2025")
    with open_workspace(demo.office, PASSPHRASE) as ws, pytest.raises(NotFound):
        printing.office_feedback(ws, "A999", None, opts(out, "d.pdf"))
    assert_only_pdf(out)


def test_a_fresh_case_has_no_score_sheet_to_print(demo: PrintingDemo, ws: Workspace,
                                                  tmp_path: Path) -> None:
    package = demo.packages["R05"]
    ident_dir = demo.folder / "reviewers" / "R05" / "identity"
    identity = load_identity(PASSPHRASE, ident_dir).identity
    out = tmp_path / "out"
    out.mkdir()
    with create_case(package, tmp_path / "fresh", PASSPHRASE, identity,
                     ws.identity().root_fingerprint, kdf=CHEAP_KDF) as fresh:
        aid = fresh.status().applicants[0].applicant_id
        with pytest.raises(ScorebookError, match="has no score for items"):
            printing.case_score_sheet(fresh, aid, "material", opts(out, "sheet.pdf"))
    assert_only_pdf(out)


# --- helpers ---------------------------------------------------------------------------------


def test_joined_comments_keep_each_reviewers_marks_on_their_text() -> None:
    j = JoinedComments()
    j.add("甲的优势", "乙秘密丙", [("improvements", 1, 3)])
    j.add("甲的优势", "丁秘密", [("improvements", 1, 3)])
    assert j.strengths == "甲的优势"
    assert j.improvements == "乙秘密丙\n丁秘密"
    assert [j.improvements[a:b] for _f, a, b in j.marks] == ["秘密", "秘密"]


def test_median_shares_per_category() -> None:
    from desktop.services.catalogue import framework

    fw = framework()
    sheets = [{c.id: Decimal(v) for c in fw.categories} for v in ("0.2", "0.5", "0.9")]
    assert set(median_shares(fw, sheets).values()) == {Decimal("0.5")}
    assert median_shares(fw, []) == {}


def test_quoting_and_marked_items_are_where_the_demo_put_them(case: CaseSession,
                                                            demo: PrintingDemo) -> None:
    views = {v.item_id: v for v in case.scores(demo.applicant_id, "material")}
    assert SECRET in views[QUOTING_ITEM].strengths and not views[QUOTING_ITEM].marks
    assert views[MARKED_ITEM].marks and MARKED in views[MARKED_ITEM].improvements

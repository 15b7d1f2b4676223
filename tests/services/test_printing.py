"""Every document printed from its real source — a reviewer's case file, a team leader's case
file, the office workspace, a facts file — and read back with pdftotext and pypdf: totals equal
the scoring core's, every item and name prints, external copies hold no secret anywhere in the
file, internal copies hold it and the recipient's watermark; refused input leaves no file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from desktop.services.leader import TeamLeader
from desktop.services.office.ranking import rank
from desktop.services.office.workspace import Workspace, open_workspace
from desktop.services.printing import OfficeRequest, Printed
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


def office(ws: Workspace, kind: str, options: PrintOptions, **kw: Any) -> Printed:
    return printing.print_office(ws, OfficeRequest(kind, **kw), options)


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
    with open_case(demo.leader_case, PASSPHRASE) as leader:
        # the team's other applicants on site: their sheets are in, nobody finalised them here
        open_ones = [r.applicant_id for r in TeamLeader(leader).overview("onsite")
                     if r.reviewers and not r.final]
        assert open_ones
        with pytest.raises(ScorebookError, match="not final"):
            printing.case_consensus(leader, open_ones[0], "onsite", opts(tmp_path, "d.pdf"))
    assert_only_pdf(tmp_path)


# --- from the office workspace ---------------------------------------------------------------


def test_office_feedback_joins_the_panel_and_removes_marked_and_quoted_secrets(
        ws: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    ext = read_back(office(ws, "feedback", opts(tmp_path, "ext.pdf"), applicant=demo.applicant_ref,
                          stage="material").path)
    assert demo.applicant_name in ext.text and "Panel median" in ext.text
    assert "not known" not in ext.text
    assert_no_secret(ext)
    internal = office(ws, "feedback", opts(tmp_path, "int.pdf", Audience.INTERNAL),
                      applicant=demo.applicant_ref)
    assert internal.recipient == ws.info().office_name
    inn = read_back(internal.path)
    flat = inn.text.replace("\n", "")
    assert SECRET in flat and MARKED in flat and ws.info().office_name in inn.text


def test_office_feedback_in_chinese_uses_the_chinese_marker(
        ws: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    doc = read_back(office(ws, "feedback", opts(tmp_path, "zh.pdf", language="zh_CN"),
                          applicant=demo.applicant_ref, stage="material").path)
    assert "评审组中位数" in doc.text
    assert_no_secret(doc, MARKER_ZH)


def test_office_consensus_sheet_total_equals_the_core(ws: Workspace, demo: PrintingDemo,
                                                     tmp_path: Path) -> None:
    printed = office(ws, "consensus", opts(tmp_path, "c.pdf"), applicant=demo.applicant_ref)
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
    doc = read_back(office(ws, "eligibility", opts(tmp_path, "e.pdf"),
                          applicant=demo.applicant_ref).path)
    assert "Eligibility review form" in doc.text and demo.applicant_name in doc.text
    assert "《包头稀土高新区管委会质量奖评审办法》" in doc.text.replace("\n", "")
    with pytest.raises(ScorebookError, match="No eligibility facts"):
        office(ws, "eligibility", opts(tmp_path, "none.pdf"), applicant="A002")
    assert_only_pdf(tmp_path, "e.pdf")


def test_eligibility_from_a_facts_file(root: Path, tmp_path: Path) -> None:
    facts = root / "resources/examples/facts/major-safety-accident.toml"
    printed = printing.facts_eligibility("baotou-mayor", facts, opts(tmp_path, "e.pdf"))
    doc = read_back(printed.path)
    assert "Not eligible" in doc.text and "Not met" in doc.text
    assert "包府办发〔2025〕57号" in doc.text.replace("\n", "")


def test_ranking_with_every_ranked_applicant_and_the_quota_line(
        ws: Workspace, tmp_path: Path) -> None:
    doc = read_back(office(ws, "ranking", opts(tmp_path, "r.pdf")).path)
    cats = rank(ws).categories
    for cat in cats:
        for row in cat.rows:
            assert row.name in doc.text and str(row.score) in doc.text
        assert f"Quota line: {cat.quota}" in doc.text


def test_ballots_one_per_member_limited_to_the_quota(ws: Workspace, tmp_path: Path) -> None:
    printed = office(ws, "ballots", opts(tmp_path, "b.pdf"))
    doc = read_back(printed.path)
    assert doc.pages == 9  # the demo's committee
    cat = rank(ws).categories[0]
    assert f"Mark at most {cat.quota} candidates" in doc.text.replace("\n", " ")
    for row in cat.rows:
        assert row.name in doc.text
    assert read_back(office(ws, "ballots", opts(tmp_path, "two.pdf"), award="hitech",
                            copies=2).path).pages == 2
    with pytest.raises(NotFound):
        office(ws, "ballots", opts(tmp_path, "x.pdf"), award="nope")


def test_minutes_with_quorum_tally_and_outcome(ws: Workspace, demo: PrintingDemo,
                                               tmp_path: Path) -> None:
    from desktop.models.office.decision import VoteSession

    with ws.uow() as s:
        result = json.loads(s.execute(select(VoteSession)).scalars().one().result_json)
    names = {r.ref: r.name for r in rank(ws).categories[0].rows}
    doc = read_back(office(ws, "minutes", opts(tmp_path, "m.pdf")).path)
    lines = [line.strip() for line in doc.pypdf_text.splitlines()]
    for t in result["tally"]:  # one cell a line: name, award, for, against, abstain
        at = lines.index(names[t["applicant"]])
        first = next(n for n in range(at, len(lines)) if lines[n].isdigit())
        assert lines[first:first + 3] == [str(t["for"]), str(t["against"]), str(t["abstain"])]
    assert "reached" in doc.text and "Elected:" in doc.text
    for ref in result["elected"]:
        assert names[ref] in doc.text.split("Elected:")[1]
    # the reviewers a candidate was reviewed without: the demo's conflict of interest
    from desktop.services.office import conflicts, reviewers

    people = {r.reviewer: r.name for r in reviewers.list_reviewers(ws)}
    tallied = {t["applicant"] for t in result["tally"]}
    recused = [(c.reviewer, c.applicant) for c in conflicts.list_conflicts(ws)
               if c.conflicted and c.applicant in tallied]
    assert recused and "Recusals" in doc.text
    flat = doc.text.replace("\n", "")
    for rid, ref in recused:
        assert f"{names[ref]}: reviewed without {people[rid]} (recused)" in flat


def test_notice_with_the_offices_dates(ws: Workspace, tmp_path: Path) -> None:
    from desktop.models.office.decision import NoticeRecord

    with ws.uow() as s:
        rec = s.execute(select(NoticeRecord)).scalars().one()
        start, end, days = rec.starts_on, rec.ends_on, rec.working_days
        published = rec.published_on
    assert published is not None and published <= start
    printed = office(ws, "notice", opts(tmp_path, "n.pdf"))
    assert printed.audience is Audience.EXTERNAL
    doc = read_back(printed.path)
    flat = " ".join(doc.text.split())
    assert f"from {start.isoformat()} to {end.isoformat()} ({days} working days)" in flat
    # The issue date (the day of publication) prints under the issuer, after the period.
    assert published.isoformat() in flat.split("working days")[-1]
    for ref in rank(ws).categories[0].within:
        name = next(r.name for r in rank(ws).categories[0].rows
                    if r.ref == ref)
        assert name in doc.text


# --- one office printing path: in memory, saved, previewed, the choices ------------------------

PDF_STAMPS = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[<[0-9a-f]+><[0-9a-f]+>\]")


def test_office_document_renders_in_memory_and_save_writes_those_bytes(
        ws: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    when = datetime(2025, 10, 9, 15, 45)
    request = OfficeRequest("feedback", applicant=demo.applicant_ref, stage="material")
    options = PrintOptions(None, Audience.INTERNAL, "Office clerk Li", "en", when)
    first = printing.office_document(ws, request, options)
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert first.kind == "feedback" and first.audience is Audience.INTERNAL
    assert first.recipient == "Office clerk Li" and first.applicant == demo.applicant_ref
    assert first.stage == "material" and first.pdf.startswith(b"%PDF")
    second = printing.office_document(ws, request, options)
    # same options, same document: only the PDF's own dates and id differ
    assert PDF_STAMPS.sub(b"", first.pdf) == PDF_STAMPS.sub(b"", second.pdf)
    printed = printing.save(first, tmp_path / "fb.pdf")
    assert printed.path.read_bytes() == first.pdf
    assert (printed.kind, printed.audience, printed.recipient, printed.applicant,
            printed.stage) == ("feedback", Audience.INTERNAL, "Office clerk Li",
                               demo.applicant_ref, "material")
    written = printing.print_office(ws, request, replace(options, out=tmp_path / "cli.pdf"))
    assert PDF_STAMPS.sub(b"", written.path.read_bytes()) == PDF_STAMPS.sub(b"", first.pdf)
    pages = printing.preview_pages(first.pdf, 36)
    assert pages and all(p.startswith(b"\x89PNG") for p in pages)
    assert len(pages) == read_back(printed.path).pages
    assert_only_pdf(tmp_path, "fb.pdf", "cli.pdf")


def test_office_requests_refused_before_any_file(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ScorebookError, match="No file was named"):
        printing.print_office(ws, OfficeRequest("ranking"), PrintOptions())
    with pytest.raises(NotFound, match="Unknown document 'memo'"):
        printing.office_document(ws, OfficeRequest("memo"), PrintOptions())
    with pytest.raises(ScorebookError, match="Choose the applicant"):
        printing.print_office(ws, OfficeRequest("feedback"), opts(tmp_path, "a.pdf"))
    with pytest.raises(ScorebookError, match="Choose the reviewer"):
        printing.print_office(ws, OfficeRequest("score-sheet", applicant="A001"),
                              opts(tmp_path, "b.pdf"))
    assert_only_pdf(tmp_path)


def test_office_choices_name_what_the_workspace_can_print(ws: Workspace,
                                                          demo: PrintingDemo) -> None:
    c = printing.office_choices(ws)
    ref = demo.applicant_ref
    assert c.cycle == demo.cycle and c.programme.id == "baotou-hitech"
    assert c.applicants[ref] == demo.applicant_name and len(c.applicants) == 5
    assert c.stages == ("material", "onsite")
    assert "R01" in c.scored[(ref, "material")] and c.reviewers["R01"] != "R01"
    with ws.uow() as s:  # a recused reviewer is never offered
        from desktop.services.office.common import find_applicant, resolve_cycle
        from desktop.services.office.consensus import recused_for

        cycle = resolve_cycle(s)
        recused = {(a.ref, r) for a in [find_applicant(s, cycle, x) for x in c.applicants]
                   for r in recused_for(s, cycle, a)}
    assert recused and not any((a, r) in recused for (a, _st), rs in c.scored.items()
                               for r in rs)
    assert c.consensus[ref] == ("material", "onsite") and c.eligibility == (ref,)
    assert c.ballot_awards == ("hitech",) and c.vote_awards == ("hitech",)
    assert c.notices == ("proposed-winners",)
    assert printing.default_audience("feedback") is Audience.EXTERNAL
    assert printing.default_audience("minutes") is Audience.INTERNAL


def test_samples_and_a_programmes_blank_sheet_through_the_service(tmp_path: Path) -> None:
    for kind in printing.SAMPLE_KINDS:
        printed = printing.sample(kind, opts(tmp_path, f"{kind}.pdf", language="zh_CN"))
        assert printed.path.exists() and printed.kind == kind
    named = printing.sample("score-sheet", opts(tmp_path, "named.pdf", Audience.INTERNAL,
                                                 recipient="Reviewer 7"))
    assert named.recipient == "Reviewer 7" and "Reviewer 7" in read_back(named.path).text
    blank = printing.programme_blank_sheet("nmg-chairman", "material",
                                           opts(tmp_path, "blank.pdf"), "2026", "测试单位")
    doc = read_back(blank.path)
    assert "2026" in doc.text and "测试单位" in doc.text and "4.7.7" in doc.text
    with pytest.raises(ScorebookError, match="not scored by items"):
        printing.programme_blank_sheet("nmg-chairman", "eligibility",
                                       opts(tmp_path, "none.pdf"))
    with pytest.raises(NotFound):
        printing.sample("memo", opts(tmp_path, "memo.pdf"))
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "memo.pdf").exists()


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
        office(ws, "feedback", opts(out, "d.pdf"), applicant="A999")
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

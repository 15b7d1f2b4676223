"""The review reports printed from an office workspace (issue 20): the team's material review
report, the summary across applicants, and the feedback report rebuilt from the team's findings
with its gate — real signed bundles merged, real PDFs read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain.errors import NotFound
from desktop.domain.redaction import INTERNAL_NOTICE, Audience
from desktop.services import printing
from desktop.services.office import merge, packages
from desktop.services.office.workspace import Workspace
from desktop.services.printing import review_reports
from desktop.services.printing.common import PrintRefused
from desktop.services.printing.review_reports import FeedbackBlocked
from tests.reports.conftest import ReadBack, read_back
from tests.services.office.helpers import bundle, write
from tests.services.office.test_findings import ISSUE, ITEM, consensus, finding, full_report
from tests.services.printing import review_world as w

ZH, MN = "zh_CN", "mn_Mong_CN"


def flat(text: str) -> str:
    return "".join(text.split())


def pdf(ws: Workspace, tmp: Path, kind: str, language: str = ZH,
        **request: str) -> ReadBack:
    tmp.mkdir(parents=True, exist_ok=True)
    out = tmp / f"{kind}-{language}.pdf"
    printing.print_office(ws, printing.OfficeRequest(kind, **request),  # type: ignore[arg-type]
                          printing.PrintOptions(out, language=language))
    return read_back(out)


def test_material_review_report_from_the_merged_consensus(ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    ref = small.apps[0].ref
    assert printing.default_audience("review-report").value == "internal"
    doc = pdf(ws, tmp_path, "review-report", applicant=ref, stage="material")
    text = flat(doc.text)
    assert "材料评审报告" in text and small.apps[0].name in text
    assert "评审员4" in text and "评审员1" in text  # the team, leader first
    assert "领导重视质量，战略清晰" in text and "建立覆盖全过程的绩效测量体系" in text
    assert "核实顾客满意度调查的样本量" in text
    # internal: whole findings, the internal notice
    assert flat(w.QUOTING) in text and flat(w.MARKED_TEXT) in text
    assert flat(INTERNAL_NOTICE) in text
    choices = printing.office_choices(ws)
    assert choices.reports == {ref: ("material",)}
    # the default stage: the last the team reported on
    again = pdf(ws, tmp_path / "again", "review-report", applicant=ref)
    assert "材料评审报告" in flat(again.text)


def test_material_review_report_in_mongolian(ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    doc = pdf(ws, tmp_path, "review-report", MN, applicant=small.apps[0].ref)
    assert flat("ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ\u202fᠤᠨ ᠦᠨᠡᠯᠡᠯ\u202fᠦᠨ ᠢᠯᠡᠳᠬᠡᠯ") in flat(doc.text)
    assert "领导重视质量，战略清晰" in flat(doc.text)


def test_review_report_refused_without_a_team_report(ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    out = tmp_path / "none.pdf"
    with pytest.raises(PrintRefused) as err:
        printing.print_office(ws, printing.OfficeRequest("review-report", small.apps[2].ref),
                              printing.PrintOptions(out))
    assert small.apps[2].ref in err.value.message.render()
    with pytest.raises(PrintRefused):  # the defense has no team report
        printing.print_office(ws, printing.OfficeRequest("review-report", small.apps[0].ref,
                                                         "committee"),
                              printing.PrintOptions(out))
    with pytest.raises(NotFound):
        printing.print_office(ws, printing.OfficeRequest("review-report", small.apps[0].ref,
                                                         "no-such-stage"),
                              printing.PrintOptions(out))
    assert not out.exists()


def test_feedback_from_the_findings_names_no_reviewer_and_keeps_no_secret(
        ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    w.member_scores(ws, small, tmp_path, [a.id for a in small.apps])
    doc = pdf(ws, tmp_path, "feedback", applicant=small.apps[0].ref)
    text = flat(doc.text)
    assert "关键主题" in text and "领导重视质量，战略清晰" in text
    assert "建立覆盖全过程的绩效测量体系" in text and "带来成本优势" in text
    assert "评审组尚未形成汇总意见" not in text
    assert "核实顾客满意度调查的样本量" not in text  # the panel's, not the applicant's
    for blob in doc.everywhere():
        assert w.DECLARED.encode() not in blob and w.MARKED.encode() not in blob
        for name in w.NAMES:
            assert name.encode() not in blob


def test_feedback_gate_waits_for_a_final_material_report(ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path, final=False)
    a0, a1, a2 = small.apps
    out = tmp_path / "feedback.pdf"
    with pytest.raises(FeedbackBlocked) as err:
        printing.print_office(ws, printing.OfficeRequest("feedback", a0.ref),
                              printing.PrintOptions(out))
    message = err.value.message.render()
    assert a0.ref in message and a0.name in message and "not final" in message
    assert not out.exists()
    # the same report, final: the feedback report goes
    merge.merge_files(ws, [consensus(small, tmp_path, "c2.sbb", "material",
                                     w.report_rows(a0.id), revision=2)])
    assert printing.print_office(ws, printing.OfficeRequest("feedback", a0.ref),
                                 printing.PrintOptions(out)).path == out
    # an applicant going on site has no gate: without findings, the reviewers' own comments
    w.member_scores(ws, small, tmp_path, [a2.id])
    packages.admit(ws, "onsite", [a2.ref])
    doc = pdf(ws, tmp_path, "feedback", applicant=a2.ref)
    assert "评审组尚未形成汇总意见" in flat(doc.text)
    with pytest.raises(FeedbackBlocked):
        printing.office_document(ws, printing.OfficeRequest("feedback", a1.ref),
                                 printing.PrintOptions())


def test_summary_report_lists_every_applicant_with_its_status(ws: Workspace,
                                                              tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    doc = pdf(ws, tmp_path, "summary-report")
    text = flat(doc.text)
    # 呼和浩特市 第十八条: the teams' 综合评审报告
    assert "综合评审报告" in text and "汇总评审报告" not in text
    for app in small.apps:
        assert app.name in text
    assert "领导重视质量，战略清晰" in text
    assert "评审组报告完整" in text and "评审组报告不完整" in text
    assert flat(w.THEME_QUOTING) in text  # internal: the key theme whole
    assert flat(INTERNAL_NOTICE) in text


def test_summary_titles_follow_the_programme_documents() -> None:
    titles = {p: review_reports.summary_title(p).value for p in (
        "hohhot-mayor", "baotou-hitech", "nmg-chairman", "baotou-mayor", "xilingol-league")}
    assert titles == {"hohhot-mayor": "comprehensive", "baotou-hitech": "comprehensive",
                      "nmg-chairman": "summary", "baotou-mayor": "summary",
                      "xilingol-league": "summary"}


def test_onsite_review_report_shows_the_issue_its_notes_and_the_resolution(
        ws: Workspace, tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    a0 = small.apps[0]
    packages.admit(ws, "onsite", [a0.ref])
    packages.issue_packages(ws, tmp_path / "packages", stage_id="onsite")
    note = {"applicant_id": a0.id, "issue_id": ISSUE, "outcome": "confirmed",
            "text": "查阅了抽样记录，样本量为1200份", "secret_marks": []}

    def with_note(m: dict[str, Any]) -> None:
        m["snapshot"]["issue_notes"] = [note]

    scores = write(tmp_path, "R2-onsite.sbb", bundle(small, "R2", "onsite", [a0.id],
                                                      change=with_note))
    resolution = finding(a0.id, "resolution", "样本量1200份，调查方法规范，属实",
                         item_id=ITEM, issue_id=ISSUE, outcome="confirmed", sources=["R2"])
    rows = [*full_report(a0.id, issue=False), resolution]
    team = consensus(small, tmp_path, "R4-onsite.sbb", "onsite", rows, apps=[a0.id])
    result = merge.merge_files(ws, [scores, team])
    assert all(f.outcome == "new" for f in result.files), result.files
    doc = pdf(ws, tmp_path, "review-report", applicant=a0.ref, stage="onsite")
    text = flat(doc.text)
    assert "现场评审报告" in text and "现场评审问题及处理结果" in text
    assert "核实顾客满意度调查的样本量" in text
    assert "成员记录（1条）：属实1" in text and "查阅了抽样记录，样本量为1200份" in text
    assert "评审组处理结果：属实" in text and "样本量1200份，调查方法规范，属实" in text
    assert printing.office_choices(ws).reports[a0.ref] == ("material", "onsite")


def test_external_copies_of_every_review_report_keep_no_secret(ws: Workspace,
                                                               tmp_path: Path) -> None:
    small = w.reported(ws, tmp_path)
    ref = small.apps[0].ref
    for n, request in enumerate((printing.OfficeRequest("review-report", ref),
                                 printing.OfficeRequest("summary-report"))):
        out = tmp_path / f"ext-{n}.pdf"
        printing.print_office(ws, request, printing.PrintOptions(out, Audience.EXTERNAL,
                                                                 language=ZH))
        doc = read_back(out)
        assert flat(INTERNAL_NOTICE) not in flat(doc.text)
        for blob in doc.everywhere():
            assert w.DECLARED.encode() not in blob and w.MARKED.encode() not in blob

"""The review reports (issue 20) rendered from constructed inputs and read back from the PDF:
the material and on-site reports of one applicant, the summary across applicants, and the
feedback report rebuilt from the team's findings (no reviewer named, secrets removed)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.domain.redaction import INTERNAL_NOTICE, Audience
from desktop.reports import documents
from desktop.reports import inputs_review as ir
from desktop.reports.errors import ReportInputError
from desktop.services.printing import samples
from tests.reports import review_inputs as r
from tests.reports.conftest import ReadBack, read_back

ZH, MN = "zh_CN", "mn_Mong_CN"
ZH_MARKER = "〔商业秘密，已删除〕"


def flat(text: str) -> str:
    return "".join(text.split())


def write(tmp_path: Path, name: str, inp: object) -> ReadBack:
    out = tmp_path / f"{name}.pdf"
    documents.write(inp, out)  # type: ignore[arg-type]
    return read_back(out)


def test_material_report_zh_shows_the_team_findings_bands_issues_and_signatures(
        tmp_path: Path) -> None:
    doc = write(tmp_path, "material", r.material(ZH))
    text = flat(doc.text)
    assert "材料评审报告" in text and samples.APPLICANT.name in text
    assert "评审组组长" in text and "张喆" in text and "王堃" in text  # the team, named
    assert "关键主题" in text and "主要优势" in text and "主要改进机会" in text
    assert flat("高层领导以身作则推进卓越绩效，战略部署到车间。") in text
    assert flat("【方法·展开】高层领导的作用方面的方法系统并已在主要部门展开（第12页）") in text
    assert "质量改进建议" in text and "建立标杆对比数据库" in text
    assert "5档" in text or "第5档" in text or "5档(70–85%)" in text  # the band of 70%
    assert "核实" in text and "澄清" in text and "核实萃取线自动化改造的投运时间和效果" in text
    assert "签字" in text and "成员" in text
    # an internal copy: the secret quoted in a finding is there, under the internal notice
    assert flat(r.SECRET) in text and flat(r.MARKED) in text
    assert flat(INTERNAL_NOTICE) in text


def test_material_report_carries_no_reviewer_score(tmp_path: Path) -> None:
    doc = write(tmp_path, "material", r.material(ZH))
    assert "R1" not in doc.text and "R2" not in doc.text  # the sources are never printed


def test_onsite_report_shows_each_issue_its_notes_and_the_resolution(tmp_path: Path) -> None:
    doc = write(tmp_path, "onsite", r.onsite(ZH))
    text = flat(doc.text)
    assert "现场评审报告" in text and "现场评审问题及处理结果" in text
    assert "评审组处理结果：属实" in text and "评审组处理结果：已澄清" in text
    assert flat("改造已于2024年6月投运，一次合格率由92%提升到97%。") in text
    assert "成员记录（2条）" in text and "查看了投运记录" in text


def test_onsite_external_copy_redacts_findings_and_notes(tmp_path: Path) -> None:
    inp = dataclasses.replace(r.onsite(ZH, Audience.EXTERNAL), notes=(
        ir.IssueNoteLine(r.ISSUE_V, None, f"看到{r.SECRET}的记录"),
        ir.IssueNoteLine(r.ISSUE_V, None, "秘密在此处", marks=((0, 2),))))
    doc = write(tmp_path, "onsite-ext", inp)
    for blob in doc.everywhere():
        assert r.SECRET.encode() not in blob and r.MARKED.encode() not in blob
    text = flat(doc.text)
    assert ZH_MARKER in text and "在此处" in text and "秘密在此处" not in text


def test_material_report_in_mongolian(tmp_path: Path) -> None:
    doc = write(tmp_path, "material-mn", r.material(MN))
    text = doc.text
    title = "ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ\u202fᠤᠨ ᠦᠨᠡᠯᠡᠯ\u202fᠦᠨ ᠢᠯᠡᠳᠬᠡᠯ"
    assert flat(title) in flat(text)  # the vertical title extracts as its Unicode
    assert "ᠭᠤᠤᠯ ᠰᠡᠳᠦᠪ" in text  # key themes
    assert flat("高层领导以身作则推进卓越绩效") in flat(text)  # the team's words, as written
    assert "ᠪᠠᠲᠤᠯᠠᠬᠤ" in text  # verify


def test_summary_report_title_follows_the_programme_kind(tmp_path: Path) -> None:
    summary = flat(write(tmp_path, "summary", r.summary(ZH)).text)
    assert "汇总评审报告" in summary and "综合评审报告" not in summary
    assert samples.APPLICANT.name in summary and "内蒙古伊利实业集团股份有限公司" in summary
    assert "612.35" in summary and "高层领导以身作则" in summary
    assert "不完整" in summary and "完整" in summary
    comp = flat(write(tmp_path, "comp", r.summary(
        ZH, title=ir.SummaryTitle.COMPREHENSIVE)).text)
    assert "综合评审报告" in comp


def test_summary_report_in_mongolian(tmp_path: Path) -> None:
    doc = write(tmp_path, "summary-mn", r.summary(MN))
    assert flat("ᠨᠡᠭᠡᠳᠬᠡᠭᠰᠡᠨ ᠦᠨᠡᠯᠡᠯ\u202fᠦᠨ ᠢᠯᠡᠳᠬᠡᠯ") in flat(doc.text)


def test_summary_refuses_figures_that_do_not_match_the_stages(tmp_path: Path) -> None:
    inp = r.summary(ZH)
    bad = dataclasses.replace(inp, stages=inp.stages[:2])
    with pytest.raises(ReportInputError):
        documents.write(bad, tmp_path / "bad.pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("language", [ZH, MN])
def test_feedback_from_findings_names_no_reviewer_and_keeps_no_secret(
        tmp_path: Path, language: str) -> None:
    doc = write(tmp_path, f"feedback-{language}", r.feedback(language))
    text = flat(doc.text)
    assert flat("高层领导以身作则推进卓越绩效，战略部署到车间。") in text
    assert flat("建立标杆对比数据库，每年对关键结果开展对标分析。") in text
    assert "带来成本优势" in text  # the rest of the marked finding
    for blob in doc.everywhere():
        assert r.SECRET.encode() not in blob and r.MARKED.encode() not in blob
        for name in r.REVIEWER_NAMES:
            assert name.encode() not in blob
    # site-visit issues are the panel's, not the applicant's
    assert "核实萃取线自动化改造" not in text
    if language == ZH:
        assert "关键主题" in text and "质量改进建议" in text and ZH_MARKER in text
        assert "评审组尚未形成汇总意见" not in text


def test_feedback_without_findings_says_it_lists_the_reviewers_comments(tmp_path: Path) -> None:
    doc = write(tmp_path, "feedback-old", samples.feedback(ZH))
    text = flat(doc.text)
    assert "评审组尚未形成汇总意见" in text
    assert "关键主题" not in text
    assert flat("部分指标缺少与标杆的对比数据") in text

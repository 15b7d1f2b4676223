"""Every document rendered, written and read back (pypdf, pdftotext): content, names, redaction,
watermark, Mongolian /ActualText, and no file at all on bad input."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.errors import NotFound
from desktop.domain.redaction import INTERNAL_NOTICE, Audience
from desktop.domain.scoring import ItemEntry, summarise
from desktop.reports import documents
from desktop.reports.errors import OutputError, ReportInputError, UnprintableText
from desktop.reports.inputs import Party
from desktop.reports.labels import Labels
from desktop.services.printing import samples
from tests.reports.conftest import ReadBack, read_back

ZH, MN, EN = "zh_CN", "mn_Mong_CN", "en"
ZH_MARKER = "〔商业秘密，已删除〕"


def build(tmp_path: Path, kind: str, language: str, audience: Audience | None = None,
          ) -> ReadBack:
    maker = samples.SAMPLES[kind]
    inp = maker(language) if audience is None else maker(language, audience)
    out = tmp_path / f"{kind}-{language}-{inp.audience.value}.pdf"
    documents.write(inp, out)
    return read_back(out)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", samples.KINDS)
@pytest.mark.parametrize("language", [ZH, MN, EN])
def test_every_document_has_the_page_furniture(tmp_path: Path, kind: str, language: str) -> None:
    doc = build(tmp_path, kind, language)
    text = flat(doc.text)
    generated = Labels(language)("Generated {time}").replace("{time}", "").strip(" \u202f")
    assert generated and generated in doc.text  # the footer, in the document's language
    if language == MN:
        assert generated != "Generated"
    assert "2025" in text
    if language == ZH:
        assert f"第1页共{doc.pages}页" in text and "内蒙古自治区主席质量奖" in text
    elif language == EN:
        assert f"Page 1 of {doc.pages}" in doc.text
        assert "Inner Mongolia Chairman's Quality Award" in doc.text
    assert b"ScorebookSansSC" in doc.raw  # the bundled font, embedded (subset)
    assert doc.raw.count(b"/FontFile2") >= 1
    assert not list(tmp_path.glob("*.part"))


def test_filled_score_sheet_totals_come_from_summarise(tmp_path: Path) -> None:
    inp = samples.score_sheet(ZH)
    summary = summarise(inp.framework, inp.entries)
    doc = build(tmp_path, "score-sheet", ZH)
    assert f"{summary.total}/1000" in flat(doc.text)
    for item in inp.framework.items:
        assert item.id in doc.text
        assert str(summary.item_scores[item.id]) in doc.text
    for cat in inp.framework.categories:
        assert str(summary.category_subtotals[cat.id]) in doc.text
    assert "签字" in doc.text and "评审员" in doc.text  # the signature block


def test_blank_sheet_lists_every_item_without_scores(tmp_path: Path) -> None:
    inp = samples.score_sheet(ZH, blank=True)
    doc = build(tmp_path, "blank-sheet", ZH)
    for item in inp.framework.items:
        assert item.id in doc.text
    assert "%" not in doc.text.split("优势与改进机会")[0]


def test_rare_han_and_mongolian_names_print(tmp_path: Path) -> None:
    for language in (ZH, MN):
        doc = build(tmp_path, "consensus", language)
        assert "喆" in doc.text and "堃" in doc.text
        assert samples.MONGOLIAN_NAME in doc.text  # via /ActualText


def test_mongolian_headings_extract_as_the_original_unicode(tmp_path: Path) -> None:
    doc = build(tmp_path, "score-sheet", MN)
    _ = Labels(MN)
    title = _("Score sheet")
    assert "\u1800" <= title[0] <= "\u18af"
    for word in title.replace("\u202f", " ").split():
        assert word in doc.text
    assert b"/ActualText <FEFF" in doc.streams[0] or any(b"/ActualText" in s for s in doc.streams)
    hex_title = title.encode("utf-16-be").hex().upper().encode()
    assert any(hex_title in s for s in doc.streams)


@pytest.mark.parametrize("kind", ["score-sheet", "feedback", "consensus", "eligibility"])
@pytest.mark.parametrize("language", [ZH, MN])
def test_external_copies_carry_no_secret_anywhere(tmp_path: Path, kind: str,
                                                  language: str) -> None:
    doc = build(tmp_path, kind, language, Audience.EXTERNAL)
    needles = []
    for secret in (samples.SECRET, samples.MARKED):
        needles += [secret.encode("utf-8"), secret.encode("utf-16-be"),
                    secret.encode("utf-16-be").hex().upper().encode(),
                    secret.encode("utf-16-be").hex().encode()]
        assert secret not in doc.text and secret not in doc.pypdf_text
        assert secret[:8] not in flat(doc.text)
    for blob in doc.everywhere():
        for needle in needles:
            assert needle not in blob
    if language == ZH:
        assert ZH_MARKER in doc.text
    assert INTERNAL_NOTICE not in doc.text


@pytest.mark.parametrize("kind", ["score-sheet", "feedback", "consensus", "eligibility"])
def test_internal_copies_keep_the_secret_and_carry_the_watermark(tmp_path: Path,
                                                                 kind: str) -> None:
    doc = build(tmp_path, kind, ZH, Audience.INTERNAL)
    assert samples.SECRET in flat(doc.text)
    assert ZH_MARKER not in doc.text
    assert doc.text.count(INTERNAL_NOTICE) >= doc.pages
    assert "李明" in doc.text  # the recipient named in the watermark


def test_ranking_marks_the_quota_line_and_ties(tmp_path: Path) -> None:
    doc = build(tmp_path, "ranking", ZH)
    assert "名额线：3" in doc.text and "名额线：1" in doc.text
    assert doc.text.count("=2") == 2 and "798.25" in doc.text


def test_ballots_are_limited_to_the_quota_one_page_each(tmp_path: Path) -> None:
    inp = samples.ballots(ZH)
    doc = build(tmp_path, "ballots", ZH)
    assert doc.pages == inp.copies
    assert flat(doc.text).count(f"最多选择{inp.quota}个") == inp.copies


def test_minutes_and_notice_content(tmp_path: Path) -> None:
    minutes = build(tmp_path, "minutes", ZH)
    assert "实到委员" in minutes.text and "通过" in minutes.text and "未通过" in minutes.text
    notice = build(tmp_path, "notice", ZH)
    assert "2025年11月24日至2025年11月28日" in flat(notice.text)


def test_feedback_chart_and_comments(tmp_path: Path) -> None:
    inp = samples.feedback(ZH)
    doc = build(tmp_path, "feedback", ZH)
    assert "评审组中位数" in doc.text and "100%" in doc.text
    for item in inp.framework.items:
        assert item.id in doc.text


# --- bad input: a typed error and no file ---------------------------------------------------


def _no_output(folder: Path) -> None:
    assert list(folder.iterdir()) == []


def test_missing_scores_refused_before_any_file(tmp_path: Path) -> None:
    inp = samples.score_sheet(ZH)
    short = dataclasses.replace(inp, entries=inp.entries[:-2])
    with pytest.raises(ReportInputError) as info:
        documents.write(short, tmp_path / "sheet.pdf")
    assert inp.entries[-1].item_id in str(info.value)
    _no_output(tmp_path)


def test_unknown_item_refused(tmp_path: Path) -> None:
    inp = samples.score_sheet(ZH)
    bad = dataclasses.replace(inp, entries=(*inp.entries, ItemEntry("9.9", 50)))
    with pytest.raises(NotFound):
        documents.write(bad, tmp_path / "sheet.pdf")
    _no_output(tmp_path)


def test_unprintable_name_refused_without_echoing_text(tmp_path: Path) -> None:
    inp = samples.score_sheet(ZH)
    bad = dataclasses.replace(inp, applicant=Party("X", "公司\U0001F600"))
    with pytest.raises(UnprintableText) as info:
        documents.write(bad, tmp_path / "sheet.pdf")
    assert "1F600" in str(info.value) and "公司" not in str(info.value)
    _no_output(tmp_path)


def test_tally_over_present_members_refused(tmp_path: Path) -> None:
    inp = samples.minutes(ZH)
    row = dataclasses.replace(inp.tally[0], votes_for=99)
    with pytest.raises(ReportInputError):
        documents.write(dataclasses.replace(inp, tally=(row,)), tmp_path / "m.pdf")
    _no_output(tmp_path)


def test_feedback_with_unknown_category_refused(tmp_path: Path) -> None:
    inp = samples.feedback(ZH)
    bad = dataclasses.replace(inp, panel_median={**inp.panel_median, "9": Decimal("0.5")})
    with pytest.raises(ReportInputError):
        documents.write(bad, tmp_path / "f.pdf")
    _no_output(tmp_path)


def test_missing_folder_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        documents.write(samples.notice(ZH), tmp_path / "nowhere" / "n.pdf")


def test_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    out.write_bytes(b"old")
    documents.write(samples.notice(ZH), out)
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")
    inp = samples.score_sheet(ZH)
    with pytest.raises(ReportInputError):
        documents.write(dataclasses.replace(inp, entries=()), out)
    assert out.read_bytes().startswith(b"%PDF")  # the earlier file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["n.pdf"]

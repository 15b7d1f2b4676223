"""Every export read back with openpyxl: values and their types, number formats, dates as dates,
the frozen header, A4 landscape, the programme and cycle named, the quota line; a reviewer's
comment never shows a declared secret or a span the reviewer marked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.errors import InputRejected
from desktop.domain.redaction import MARKER
from desktop.reports.labels import Labels
from desktop.services.demo import PASSPHRASE, SECRET
from desktop.services.office.sheets_export import EXPORT_KINDS, ExportRefused, export_sheet
from desktop.services.office.workspace import Workspace, open_workspace
from tests.services.printing_demo import MARKED, MARKED_ITEM, QUOTING_ITEM, PrintingDemo, build


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> PrintingDemo:
    return build(tmp_path_factory)


@pytest.fixture
def office(demo: PrintingDemo) -> Iterator[Workspace]:
    with open_workspace(demo.office, PASSPHRASE) as ws:
        yield ws


def _cells(sh: Worksheet) -> list[Any]:
    return [c.value for row in sh.iter_rows() for c in row if c.value is not None]


def _header(sh: Worksheet) -> int:
    assert sh.freeze_panes is not None
    return int(sh.freeze_panes[1:]) - 1  # the header is the row above the frozen pane


def _rows(sh: Worksheet) -> list[dict[str, Any]]:
    h = _header(sh)
    names = [c.value for c in sh[h]]
    out = []
    for row in sh.iter_rows(min_row=h + 1):
        if all(c.value is None for c in row):  # the blank row above the notes
            break
        out.append({str(n): c for n, c in zip(names, row, strict=False)})
    return out


def test_ranking_workbook(office: Workspace, demo: PrintingDemo, tmp_path: Path) -> None:
    out = tmp_path / "ranking.xlsx"
    done = export_sheet(office, "ranking", out, language="zh_CN")
    book = load_workbook(out)
    assert book.sheetnames == ["高新质量奖"] == list(done.sheets)
    sh = book["高新质量奖"]
    assert sh["A1"].value == f"包头稀土高新区管委会质量奖 · {demo.cycle.rpartition('.')[2]}"
    assert "综合" in str(sh["A2"].value) and "高新质量奖" in str(sh["A2"].value)
    assert sh.page_setup.orientation == "landscape" and sh.page_setup.paperSize == 9
    setup = sh.sheet_properties.pageSetUpPr
    assert setup is not None and setup.fitToPage
    h = _header(sh)
    assert sh.print_title_rows == f"${h}:${h}"  # the header repeats on every page
    assert [c.value for c in sh[h]] == ["名次", "编号", "申报单位", "综合得分", "材料评审",
                                        "现场评审", "名额"]  # as the ranking page shows it
    rows = _rows(sh)
    assert len(rows) == 5
    for r in rows:
        assert isinstance(r["名次"].value, int)
        assert isinstance(r["综合得分"].value, int | float)  # a number (550.0 reads back as 550)
        assert r["综合得分"].number_format == "0.00"
        assert isinstance(r["材料评审"].value, int | float)
    scores = [r["综合得分"].value for r in rows]
    assert scores == sorted(scores, reverse=True)
    within = [i for i, r in enumerate(rows) if r["名额"].value == "名额以内"]
    assert within == [0, 1, 2]  # quota 3
    line = rows[within[-1]]
    assert all(c.border.bottom.style == "medium" and c.border.bottom.color.rgb.endswith("C00000")
               for c in line.values())
    assert rows[within[-1] + 1]["名次"].border.bottom.style is None
    assert rows[0]["申报单位"].fill.fgColor.rgb.endswith("D8F0DC")
    notes = [str(v) for v in _cells(sh) if isinstance(v, str) and v.startswith("名额：3")]
    assert notes and "红线" in notes[0]
    widths = {k: d.width for k, d in sh.column_dimensions.items()}
    assert widths["C"] > widths["A"]  # the names' column is wider than the ranks'


def test_scores_never_show_a_secret(office: Workspace, demo: PrintingDemo,
                                    tmp_path: Path) -> None:
    out = tmp_path / "scores.xlsx"
    done = export_sheet(office, "scores", out, language="zh_CN")
    assert done.redacted >= 2
    book = load_workbook(out)
    marker = Labels("zh_CN")(MARKER)
    everything = "\n".join(str(v) for sh in book for v in _cells(sh))
    assert SECRET not in everything and MARKED not in everything
    assert SECRET[:10] not in everything  # not even a long quote of it
    sh = book["材料评审"]
    rows = [r for r in _rows(sh) if r["编号"].value == demo.applicant_ref and
            r["评审员"].value == "R01"]
    by_item = {r["条款"].value: r for r in rows}
    assert marker in by_item[QUOTING_ITEM]["优势"].value
    assert by_item[MARKED_ITEM]["改进机会"].value.startswith(marker)
    assert by_item[QUOTING_ITEM]["优势"].value.startswith("现场核实了申报材料：")
    item = by_item[QUOTING_ITEM]
    assert isinstance(item["得分率"].value, int) and isinstance(item["分值"].value, int)
    assert item["得分"].value == pytest.approx(item["分值"].value * item["得分率"].value / 100)
    assert item["得分"].number_format == "0.00"
    assert item["条款"].number_format == "@"


@pytest.mark.parametrize("kind", [k for k in EXPORT_KINDS if k not in ("ranking", "scores")])
def test_the_other_workbooks(office: Workspace, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    try:
        done = export_sheet(office, kind, out, language="zh_CN")
    except ExportRefused:
        assert kind == "conflicts"  # the demo may have none recorded
        return
    book = load_workbook(out)
    assert done.rows > 0 and book.sheetnames == list(done.sheets)
    for sh in book:
        assert str(sh["A1"].value).startswith("包头稀土高新区管委会质量奖 · ")
        assert sh.page_setup.orientation == "landscape"
        rows = _rows(sh)
        assert rows
        if kind == "divergence":
            assert isinstance(rows[0]["评审员人数"].value, int)
            assert rows[0]["平均值"].number_format == "0.0"
        if kind == "consensus":
            assert isinstance(rows[0]["记录日期"].value, datetime)
            assert rows[0]["记录日期"].number_format == "yyyy-mm-dd"
            assert isinstance(rows[0]["共识"].value, int)
        if kind == "vote":
            share = rows[0]["占比"]
            assert share.number_format == "0.0%" and isinstance(share.value, float | int)
            assert 0 <= share.value <= 1
            assert {r["当选"].value for r in rows} <= {"是", "否"}
        if kind == "notices":
            assert isinstance(rows[0]["首日"].value, datetime)
            assert isinstance(rows[0]["工作日"].value, int)
            assert rows[0]["末日"].value >= rows[0]["首日"].value


def test_headers_in_mongolian_and_english(office: Workspace, tmp_path: Path) -> None:
    for language, rank in (("en", "Rank"), ("mn_Mong_CN", Labels("mn_Mong_CN")("Rank"))):
        out = tmp_path / f"ranking-{language}.xlsx"
        export_sheet(office, "ranking", out, language=language)
        sh = load_workbook(out).worksheets[0]
        assert sh.cell(_header(sh), 1).value == rank
    assert Labels("mn_Mong_CN")("Rank") != "Rank"


def test_an_unknown_kind_and_nothing_recorded(office: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputRejected):
        export_sheet(office, "passwords", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_long_choice_lists_live_on_a_hidden_sheet() -> None:
    import io

    from desktop.services.office.sheets_write import (
        Col,
        SheetSpec,
        Validation,
        Workbook,
        workbook_bytes,
    )

    spec = SheetSpec("表", ("标题",), (Col("奖项"), Col("类型")), ())
    many = tuple(f"第{i}类奖项（名称较长，含逗号,）" for i in range(30))
    book = Workbook("x", "y", (spec,), {"表": (Validation(0, choices=many),
                                              Validation(1, choices=("组织", "个人")))}, 20)
    wb = load_workbook(io.BytesIO(workbook_bytes(book)))
    assert wb.sheetnames == ["表", "lists"] and wb["lists"].sheet_state == "hidden"
    rules = {str(dv.sqref): dv.formula1 for dv in wb["表"].data_validations.dataValidation}
    assert rules == {"A3:A22": "'lists'!$A$1:$A$30", "B3:B22": '"组织,个人"'}
    assert [wb["lists"].cell(r, 1).value for r in (1, 30)] == [many[0], many[29]]

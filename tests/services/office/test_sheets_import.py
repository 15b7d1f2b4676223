"""Applicants and reviewers' details from .xlsx and .csv: the template filled in round-trips;
titles, two-row merged headers, formulas, blank rows and numbers read as a person expects; every
problem names sheet, row and column; a malformed workbook is refused and nothing is stored."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.domain import credit_code
from desktop.i18n import render
from desktop.services.office import applicants, cycle, reviewers, sheets_read
from desktop.services.office.sheets_export import write_template
from desktop.services.office.sheets_import import (
    import_applicants,
    import_reviewers,
    preview_applicants,
)
from desktop.services.office.sheets_read import SheetRejected
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import small_cycle
from tests.services.office.sheets_helpers import save, sheet, with_cached

PROGRAMME = "hohhot-mayor"  # an organisation award and an individual award


def _codes(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [credit_code.generate(rng, "150100") for _ in range(n)]


def _open(ws: Workspace) -> None:
    cycle.open_cycle(ws, PROGRAMME, 2025, opened_on=date(2025, 6, 2))


def _refused(exc: pytest.ExceptionInfo[SheetRejected]) -> str:
    return render(exc.value.message)


@pytest.mark.parametrize("language", ["zh_CN", "en", "mn_Mong_CN"])
def test_the_template_filled_in_round_trips(ws: Workspace, tmp_path: Path,
                                            language: str) -> None:
    _open(ws)
    path = tmp_path / "template.xlsx"
    write_template(PROGRAMME, path, language=language)
    book = load_workbook(path)
    sh = book.active
    assert sh is not None
    header = next(r for r in range(1, 6) if sh.cell(r, 1).value and
                  sh.cell(r + 1, 1).value is None and sh.cell(r, 4).value)
    award_dv = next(dv for dv in sh.data_validations.dataValidation
                    if "B" in str(dv.sqref))
    organisation, individual = award_dv.formula1.strip('"').split(",")
    kinds = next(dv for dv in sh.data_validations.dataValidation if "C" in str(dv.sqref))
    org_word, person_word = kinds.formula1.strip('"').split(",")
    code_dv = next(dv for dv in sh.data_validations.dataValidation if "D" in str(dv.sqref))
    assert (code_dv.type, code_dv.formula1) == ("textLength", "18")
    assert sh.cell(header + 1, 4).number_format == "@"  # a typed code stays text
    codes = _codes(2)
    sh.cell(header + 1, 1, "呼和浩特市示例甲有限公司")
    sh.cell(header + 1, 2, organisation)
    sh.cell(header + 1, 3, org_word)
    sh.cell(header + 1, 4, codes[0])
    sh.cell(header + 1, 5, "新城区")
    sh.cell(header + 1, 6, "制造业")
    sh.cell(header + 1, 7, "大型")
    sh.cell(header + 2, 1, "王某某")
    sh.cell(header + 2, 2, individual)
    sh.cell(header + 2, 3, person_word)
    sh.cell(header + 2, 8, "呼和浩特市示例乙有限公司")
    book.save(path)

    done = import_applicants(ws, path)
    assert done.count == 2
    stored = {a.name: a for a in applicants.list_applicants(ws)}
    firm, person = stored["呼和浩特市示例甲有限公司"], stored["王某某"]
    assert (firm.award_id, firm.kind, firm.credit_code) == (
        "organisation", "organisation", codes[0])
    assert (firm.region, firm.industry, firm.size) == ("新城区", "制造业", "大型")
    assert (person.award_id, person.kind, person.credit_code) == (
        "individual", "individual", None)


def test_titles_merged_headers_formulas_blank_rows_and_numbers(ws: Workspace,
                                                               tmp_path: Path) -> None:
    _open(ws)
    codes = _codes(3)
    wb, sh = sheet([
        ["2025年度呼和浩特市市长质量奖申报单位汇总表"],
        ["序号", "申报单位", "统一社会信用代码", "申报奖项", "所在地区", "单位情况", None],
        [None, None, None, None, None, "所属行业", "企业规模"],
        [1, "内蒙古示例一号有限公司", codes[0], "组织奖", '="新城"&"区"', "制造业", 300],
        [2, "内蒙古示例二号有限公司", codes[1], "市长质量奖组织奖", "赛罕区", "服务业",
         1200.0],
        [3, "内蒙古示例三号\n有限公司", codes[2], "organisation", "回民区", "建筑业", "50"],
        [], [None, None, None], ["", "  ", None],
    ])
    sh.merge_cells("A1:G1")  # the title over the table
    for col in "ABCDE":  # each header over two rows …
        sh.merge_cells(f"{col}2:{col}3")
    sh.merge_cells("F2:G2")  # … but 单位情况, over its two sub-headers
    path = with_cached(save(wb, tmp_path / "list.xlsx"), {"E4": "新城区"})

    pv = preview_applicants(ws, path)
    assert pv.problems == ()
    assert pv.header_row == 2 and [r.row for r in pv.rows] == [4, 5, 6]  # blank rows skipped
    used = {c.letter: c.field for c in pv.columns}
    assert used == {"A": None, "B": "name", "C": "credit_code", "D": "award", "E": "region",
                    "F": "industry", "G": "size"}
    done = import_applicants(ws, path)
    stored = {a.credit_code: a for a in applicants.list_applicants(ws)}
    assert done.count == 3
    assert stored[codes[0]].region == "新城区"  # the formula's computed value
    assert stored[codes[0]].size == "300"
    assert stored[codes[1]].size == "1200"  # not "1200.0"
    assert stored[codes[2]].name == "内蒙古示例三号 有限公司"  # a line break in a cell
    assert {a.award_id for a in stored.values()} == {"organisation"}


def test_every_problem_is_named_and_nothing_is_stored(ws: Workspace, tmp_path: Path) -> None:
    _open(ws)
    codes = _codes(3)
    wrong = codes[1][:-1] + ("0" if codes[1][-1] != "0" else "1")
    wb, _sh = sheet([
        ["单位名称", "统一社会信用代码", "申报奖项", "所在地区"],
        ["甲公司", codes[0], "组织奖", "新城区"],
        ["乙公司", wrong, "组织奖", "新城区"],
        ["丙公司", 911501001234567.0, "组织奖", "新城区"],
        ["", codes[2], "组织奖", "新城区"],
        ["丁公司", codes[0], "金奖", '=A2&"x"'],
    ])
    path = save(wb, tmp_path / "bad.xlsx")
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, path)
    text = _refused(exc)
    assert "Sheet 汇总表, row 3, column B (统一社会信用代码): The unified social credit code" \
        in text and "fails its check" in text
    assert "row 4, column B (统一社会信用代码): the credit code is stored as a number" in text
    assert "row 5, column A (单位名称): the name is empty" in text
    assert "row 6, column C (申报奖项): '金奖' is not an award category" in text
    assert "row 6, column D (所在地区): the formula =A2&\"x\" has no computed value" in text
    assert "nothing was imported" in text
    assert len(exc.value.problems) == 5
    assert applicants.list_applicants(ws) == []


def test_duplicates_in_the_sheet_and_in_the_cycle(ws: Workspace, tmp_path: Path) -> None:
    _open(ws)
    codes = _codes(2)
    applicants.add_applicant(ws, applicants.ApplicantInput("已有公司", "organisation",
                                                           credit_code=codes[1]))
    wb, _sh = sheet([["单位名称", "统一社会信用代码"], ["甲", codes[0]], ["乙", codes[0]],
                     ["丙", codes[1]]])
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, save(wb, tmp_path / "dup.xlsx"))
    text = _refused(exc)
    assert f"row 3, column B (统一社会信用代码): the same credit code {codes[0]} as row 2" in text
    assert f"row 4, column B (统一社会信用代码): an organisation with credit code {codes[1]} " \
        "is already applicant A001" in text
    assert [a.name for a in applicants.list_applicants(ws)] == ["已有公司"]


def test_a_mapping_names_other_headers_and_a_named_sheet(ws: Workspace, tmp_path: Path) -> None:
    _open(ws)
    codes = _codes(1)
    wb, _sh = sheet([["说明：请勿改动"]], title="说明")
    other = wb.create_sheet("第二批")
    for row in (["纳税人名称", "代码", "奖"], ["戊公司", codes[0], "组织奖"]):
        other.append(row)
    path = save(wb, tmp_path / "two.xlsx")
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, path, sheet="第三批")
    assert "no sheet '第三批' in the workbook; its sheets are: 说明, 第二批" in _refused(exc)
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, path, sheet="第二批")
    assert "Sheet 第二批, row 1: no column for Applicant name" in _refused(exc)
    done = import_applicants(ws, path, sheet="第二批",
                             mapping={"纳税人名称": "name", "B": "credit_code", "奖": "award"})
    assert done.refs == ("A001",)
    assert applicants.list_applicants(ws)[0].credit_code == codes[0]


def test_csv_in_gbk_and_in_utf8(ws: Workspace, tmp_path: Path) -> None:
    _open(ws)
    codes = _codes(2)
    body = f"单位名称,统一社会信用代码,所属行业\n己公司,{codes[0]},制造业\n\n,,\n"
    (tmp_path / "gbk.csv").write_bytes(body.encode("gb18030"))
    assert import_applicants(ws, tmp_path / "gbk.csv").count == 1
    (tmp_path / "utf8.csv").write_bytes(("\ufeff" + body.replace(codes[0], codes[1])
                                         .replace("己", "庚")).encode())
    assert import_applicants(ws, tmp_path / "utf8.csv").count == 1
    assert {a.industry for a in applicants.list_applicants(ws)} == {"制造业"}


def test_malformed_files_are_refused_before_anything_is_read(ws: Workspace, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    _open(ws)
    cases = {
        "text.xlsx": (b"just some text", "not an Excel workbook (.xlsx)"),
        "old.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "an old .xls workbook"),
        "old.xls": (b"\xd0\xcf\x11\xe0", "old or foreign spreadsheet format"),
        "list.docx": (b"PK", "not a spreadsheet"),
        "bin.csv": (b"\xff\xfe\x00\x00\x81", "neither UTF-8 nor GBK"),
    }
    for name, (data, expected) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SheetRejected) as exc:
            import_applicants(ws, tmp_path / name)
        assert expected in _refused(exc), name
    wb, _sh = sheet([])
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, save(wb, tmp_path / "empty.xlsx"))
    assert "the sheet is empty" in _refused(exc)
    wb, _sh = sheet([["单位名称", "统一社会信用代码"]])
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, save(wb, tmp_path / "header-only.xlsx"))
    assert "a header row but no rows below it" in _refused(exc)
    wb, _sh = sheet([["甲", "乙", "丙"], ["1", "2", "3"]])
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, save(wb, tmp_path / "wrong-headers.xlsx"))
    assert "no column for Applicant name in the header row" in _refused(exc)
    monkeypatch.setattr(sheets_read, "MAX_ROWS", 40)
    codes = _codes(60)
    wb, _sh = sheet([["单位名称", "统一社会信用代码"], *([f"公司{i}", c]
                                                        for i, c in enumerate(codes))])
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, save(wb, tmp_path / "huge.xlsx"))
    assert "has 61 rows; a list of applicants or reviewers has at most 40" in _refused(exc)
    monkeypatch.setattr(sheets_read, "MAX_FILE_BYTES", 1000)
    with pytest.raises(SheetRejected) as exc:
        import_applicants(ws, tmp_path / "huge.xlsx")
    assert "MB; a list of applicants or reviewers is at most" in _refused(exc)
    assert applicants.list_applicants(ws) == []


def test_reviewers_details_update_the_enrolled_reviewers(ws: Workspace, tmp_path: Path) -> None:
    small_cycle(ws)
    wb, _sh = sheet([["专家信息表"], ["编号", "姓名", "工作单位", "专业领域", "联系电话"],
                     ["R2", "评审员2", "内蒙古大学", "化工", 13804710002],
                     [None, "评审员3", "内蒙古工业大学", None, "rev3@example.cn"]])
    done = import_reviewers(ws, save(wb, tmp_path / "reviewers.xlsx"))
    assert done.refs == ("R2", "R3")
    found = {r.reviewer: r for r in reviewers.list_reviewers(ws)}
    assert (found["R2"].organisation, found["R2"].industry) == ("内蒙古大学", "化工")
    assert found["R2"].contact == "13804710002"  # a phone number typed as a number
    assert (found["R3"].organisation, found["R3"].industry) == ("内蒙古工业大学", "制造业")
    assert found["R3"].contact == "rev3@example.cn"
    assert found["R1"].organisation == "某大学"
    wb, _sh = sheet([["编号", "姓名", "工作单位"], ["R9", "", "甲"], ["", "无此人", "乙"],
                     ["R1", "", "丙"], ["", "评审员1", "丁"]])
    with pytest.raises(SheetRejected) as exc:
        import_reviewers(ws, save(wb, tmp_path / "bad-reviewers.xlsx"))
    text = _refused(exc)
    assert "row 2, column A (编号): no reviewer 'R9' is enrolled" in text
    assert "row 3, column B (姓名): no enrolled reviewer is named 无此人" in text
    assert "row 5, column B (姓名): reviewer R1 is already in row 4" in text
    assert {r.reviewer: r.organisation for r in reviewers.list_reviewers(ws)}["R1"] == \
        "某大学"

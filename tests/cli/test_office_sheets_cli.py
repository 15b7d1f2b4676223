"""``scorebook office`` with spreadsheets: the template written, filled in and imported; a dry run
and a refused import naming sheet, row and column (exit 3, nothing stored); reviewers' details;
exports read back."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain import credit_code
from desktop.services.office import applicants, reviewers
from desktop.services.office.workspace import init_workspace, open_workspace
from tests.services.office.helpers import small_cycle
from tests.services.office.sheets_helpers import save, sheet

PASS = "pass phrase"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "office"
    with init_workspace(folder, PASS, "测试评审办公室", kdf=CHEAP_KDF) as ws:
        small_cycle(ws)
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(folder))
    yield folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json", "--lang", "zh_CN"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_template_filled_in_and_imported(office: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "汇总表.xlsx"
    done = run(capsys, "office", "template", "applicants", "--out", str(out))
    assert done["programme"] == "hohhot-mayor"
    book = load_workbook(out)
    sh = book.active
    assert sh is not None
    header = next(r for r in range(1, 8) if sh.cell(r, 1).value == "申报单位名称 *")
    assert [sh.cell(header, c).value for c in range(1, 5)] == [
        "申报单位名称 *", "奖项类别", "申报主体类型", "统一社会信用代码 *"]
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in
             sh.data_validations.dataValidation}
    assert lists["B"] == '"市长质量奖组织奖,市长质量奖个人奖"' and lists["C"] == '"组织,个人"'
    code = credit_code.generate(random.Random(99), "150100")
    for col, value in enumerate(["呼和浩特市新样本有限公司", "市长质量奖组织奖", "组织", code,
                                 "赛罕区", "乳业"], start=1):
        sh.cell(header + 1, col, value)
    book.save(out)
    dry = run(capsys, "office", "applicant", "import", str(out), "--dry-run")
    assert dry["ok"] and [r["values"][0] for r in dry["rows"]] == ["呼和浩特市新样本有限公司"]
    imported = run(capsys, "office", "applicant", "import", str(out))
    assert imported["count"] == 1 and imported["imported"][0]["credit_code"] == code
    with open_workspace(office, PASS) as ws:
        assert {a.name for a in applicants.list_applicants(ws)} >= {"呼和浩特市新样本有限公司"}


def test_a_bad_sheet_is_refused_and_nothing_stored(office: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = credit_code.generate(random.Random(98), "150100")
    wb, _sh = sheet([["单位名称", "统一社会信用代码"], ["好公司", code],
                     ["坏公司", code[:-1] + "?"]], title="第一批")
    path = save(wb, tmp_path / "bad.xlsx")
    assert main(["office", "applicant", "import", str(path), "--dry-run", "--lang", "zh_CN"]) == 3
    captured = capsys.readouterr()
    assert "好公司" in captured.out  # the preview is printed first
    assert "工作表 第一批，第 3 行，B 列（统一社会信用代码）" in captured.out
    assert "工作表有问题" in captured.err
    assert main(["office", "applicant", "import", str(path)]) == 3
    err = capsys.readouterr().err
    assert "Sheet 第一批, row 3, column B (统一社会信用代码)" in err
    assert "1 problem, nothing was imported" in err
    with open_workspace(office, PASS) as ws:
        assert "好公司" not in {a.name for a in applicants.list_applicants(ws)}
    assert main(["office", "applicant", "import", str(path), "--map", "单位名称=colour"]) == 3
    assert "A mapping is HEADER=FIELD" in capsys.readouterr().err


def test_reviewers_details_and_exports(office: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    wb, _sh = sheet([["评审员编号", "专家姓名", "单位", "专业领域", "手机"],
                     ["R3", "评审员3", "包头钢铁职业技术学院", "冶金", "13904720003"]])
    done = run(capsys, "office", "reviewer", "import", str(save(wb, tmp_path / "r.xlsx")))
    assert done["count"] == 1
    with open_workspace(office, PASS) as ws:
        r3 = next(r for r in reviewers.list_reviewers(ws) if r.reviewer == "R3")
    assert (r3.organisation, r3.industry, r3.contact) == (
        "包头钢铁职业技术学院", "冶金", "13904720003")

    out = tmp_path / "conflicts.xlsx"
    written = run(capsys, "office", "export", "conflicts", "--out", str(out))
    assert written["rows"] == 1 and written["file"] == str(out)
    sh = load_workbook(out).worksheets[0]
    header = int(str(sh.freeze_panes)[1:]) - 1
    row = {sh.cell(header, c).value: sh.cell(header + 1, c).value for c in range(1, 11)}
    assert (row["评审员"], row["编号"], row["存在利害关系"]) == ("R1", "A002", "是")
    assert row["评审员姓名"] == "评审员1" and row["申报单位"] == "呼和浩特示例1有限公司"
    ranking = tmp_path / "ranking.xlsx"
    assert main(["office", "export", "ranking", "--out", str(ranking), "--lang", "zh_CN"]) == 3
    assert "没有可导出的内容" in capsys.readouterr().err  # nothing merged yet
    assert not ranking.exists()

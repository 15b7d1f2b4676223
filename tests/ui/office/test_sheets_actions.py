"""The window's spreadsheets: a sheet previewed (problems named, the import refused until they
are gone, a column's field chosen by hand), imported all at once; the ranking exported from its
page and read back."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.domain import credit_code
from desktop.services.office import applicants, sheets_export
from desktop.ui.office import OfficeController
from desktop.ui.office import sheets as ui_sheets
from desktop.ui.office.sheets_dialog import SheetImportDialog
from tests.ui.office.conftest import wait_idle


def _book(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "第一批"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_menu_names_the_services_kinds() -> None:
    assert ui_sheets.EXPORT_KINDS == sheets_export.EXPORT_KINDS
    assert {k: ui_sheets.KIND_TITLE[k] for k in ui_sheets.EXPORT_KINDS} == {
        k: sheets_export.KIND_TITLE[k] for k in sheets_export.EXPORT_KINDS}


def test_export_the_ranking_from_its_page(qtbot: QtBot, office: OfficeController,
                                          tmp_path: Path) -> None:
    office.window.show_page("office_ranking")
    actions = office.sheets
    button = actions.buttons["office_ranking"]
    assert button.isVisible() and button.text()
    out = tmp_path / "ranking.xlsx"
    wait_idle(qtbot, office, lambda: actions.export("ranking", out))
    page = office.page("ranking")
    assert not page.message.is_error() and "ranking.xlsx" in page.message.text()
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes is not None
    header = int(sheet.freeze_panes[1:]) - 1
    first = [c.value for c in sheet[header + 1]]
    assert isinstance(first[0], int) and isinstance(first[3], int | float)
    assert actions.last is not None and actions.last.rows == 5


def test_import_previews_refuses_then_imports(qtbot: QtBot, office: OfficeController,
                                             tmp_path: Path) -> None:
    office.window.show_page("office_applicants")
    ws = office.session.workspace
    before = len(applicants.list_applicants(ws))
    rng = random.Random(11)
    codes = [credit_code.generate(rng, "150200") for _ in range(2)]
    bad = codes[1][:-1] + ("0" if codes[1][-1] != "0" else "1")
    path = _book(tmp_path / "bad.xlsx", [["纳税人名称", "统一社会信用代码", "所属行业"],
                                        ["包头示例甲有限公司", codes[0], "稀土新材料"],
                                        ["包头示例乙有限公司", bad, "装备制造"]])
    dialog = office.sheets.open_import("applicants", path)
    assert isinstance(dialog, SheetImportDialog)
    assert not dialog.import_button().isEnabled()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("row 1" in p and "Applicant name" in p for p in problems), problems
    # column A is the name: choose its field by hand
    combo = dialog.columns.indexWidget(dialog.columns_model.index(0, 2))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("name"))
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert len(problems) == 1 and "row 3, column B" in problems[0], problems
    assert not dialog.import_button().isEnabled()
    assert len(applicants.list_applicants(ws)) == before  # a preview stores nothing
    dialog.reject()

    good = _book(tmp_path / "good.xlsx", [["纳税人名称", "统一社会信用代码", "所属行业"],
                                         ["包头示例甲有限公司", codes[0], "稀土新材料"],
                                         ["包头示例丙有限公司", codes[1], "装备制造"]])
    dialog = office.sheets.open_import("applicants", good)
    assert isinstance(dialog, SheetImportDialog)
    dialog.mapping = {"A": "name"}
    dialog.reload()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert dialog.import_button().isEnabled(), problems
    assert dialog.rows_model.rowCount() == 2
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.import_button().click()
    qtbot.waitUntil(lambda: not office.session.busy, timeout=30_000)
    names = {a.name: a for a in applicants.list_applicants(ws)}
    assert names["包头示例丙有限公司"].industry == "装备制造"
    assert len(names) == before + 2
    page = office.page("applicants")
    assert "good.xlsx" in page.message.text() and not page.message.is_error()


def test_people_page_shows_the_contact_imported_from_a_sheet(
        qtbot: QtBot, office: OfficeController, tmp_path: Path) -> None:
    from desktop.services.office import reviewers, sheets_import

    ws = office.session.workspace
    rid = reviewers.list_reviewers(ws)[0].reviewer
    path = _book(tmp_path / "people.xlsx", [["专家编号", "联系电话"], [rid, "0472-5190001"]])
    sheets_import.import_sheet(ws, "reviewers", path)
    office.window.show_page("office_people")
    page = office.page("people")
    page.reload()
    model = page.reviewers
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "Contact")
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == rid)
    assert model.index(row, column).data() == "0472-5190001"

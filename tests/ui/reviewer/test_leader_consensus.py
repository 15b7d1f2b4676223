"""The team leader's consensus tab as a person uses it: F8 / *Next flagged item* goes from one
flagged item to the next, the flag column says "Rationale needed" only until a rationale is typed
(before the editor closes), *Finalise consensus* asks first, each consensus edit undoes and
redoes (Edit › Undo), the import report names stages (never ``onsite``), the tables set their
Mongolian headers vertically, and item names wrap rather than end in "…"."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.messages import N_, Msg
from desktop.services.office.merge_types import FileResult
from desktop.services.printing import PrintOptions, case_consensus_document, page_count
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_models import ConsensusModel, MergeReportModel
from desktop.ui.reviewer.leader_page import CONSENSUS_TAB, LeaderPage
from desktop.ui.widgets.vertical_header import VerticalHeaderView
from tests.ui.geometry import settle
from tests.ui.reviewer.test_leader import ITEM, ITEMS, RATIONALE, _import, _leader
from tests.ui.reviewer.world import Team

SECOND = ITEMS[5]


def _pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    return printer


def _flagged_page(qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
                  tmp_path: Path) -> LeaderPage:
    """The leader's page with A001 at the on-site stage: two items flagged."""
    paths = []
    for rid, pct in (("R001", 30), ("R003", 80)):
        with team.create(rid, tmp_path / f"case-{rid}") as case:
            for item in ITEMS:
                case.score_item("A001", "onsite", item, pct if item in (ITEM, SECOND) else 50)
            (tmp_path / "usb").mkdir(exist_ok=True)
            paths.append(case.export_bundle(tmp_path / "usb").path)
    page = _leader(qtbot, window, controller, tmp_path / "case-leader", team)
    _import(qtbot, page, paths)
    page.applicant.setCurrentIndex(page.applicant.findData("A001"))
    page.tabs.setCurrentIndex(CONSENSUS_TAB)
    settle()
    return page


def test_next_flagged_item_goes_round_the_flagged_items(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    page = _flagged_page(qtbot, window, controller, team, tmp_path)
    panel = page.consensus_panel
    table = panel.consensus_table
    assert panel.next_button.isEnabled()
    first, second = ITEMS.index(ITEM), ITEMS.index(SECOND)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_F8)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (
        first, ConsensusModel.RATIONALE)  # it needs a rationale: the cursor is there
    assert f"1 of 2: {ITEM}" in panel.message.text()
    panel.next_button.click()
    assert table.currentIndex().row() == second
    QTest.keyClick(table, Qt.Key.Key_F8)
    assert table.currentIndex().row() == first  # round to the first
    assert page.consensus.setData(page.consensus.index(first, ConsensusModel.RATIONALE),
                                  RATIONALE)
    settle()
    table.setCurrentIndex(page.consensus.index(second, 0))
    assert panel.next_flagged()
    assert (table.currentIndex().row(), table.currentIndex().column()) == (
        first, ConsensusModel.PCT)  # its rationale is there: the percentage


def test_the_flag_follows_the_rationale_as_it_is_typed(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    page = _flagged_page(qtbot, window, controller, team, tmp_path)
    cons, table = page.consensus, page.consensus_panel.consensus_table
    row = ITEMS.index(ITEM)
    flag = cons.index(row, cons.columnCount() - 1)
    assert flag.data() == "Rationale needed"
    index = cons.index(row, ConsensusModel.RATIONALE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClicks(editor, "Two plants")
    assert editor.text() == "Two plants"  # what is typed stays in the editor
    assert flag.data() == "Discuss"  # before the editor closes
    assert cons.data(index, Qt.ItemDataRole.BackgroundRole) is None
    editor.clear()
    editor.textEdited.emit("")
    assert flag.data() == "Rationale needed"
    QTest.keyClicks(editor, "Two plants")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    settle()
    assert flag.data() == "Discuss" and cons.index(row, ConsensusModel.RATIONALE).data() == \
        "Two plants"


def test_finalise_asks_and_consensus_edits_undo(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    page = _flagged_page(qtbot, window, controller, team, tmp_path)
    panel, cons = page.consensus_panel, page.consensus
    for item in (ITEM, SECOND):
        assert cons.setData(cons.index(ITEMS.index(item), ConsensusModel.RATIONALE), RATIONALE)
    assert cons.setData(cons.index(ITEMS.index(ITEM), ConsensusModel.PCT), "60")
    settle()
    row = ITEMS.index(ITEM)
    assert cons.index(row, ConsensusModel.PCT).data() == "60%"
    assert window.undo.stack.canUndo() and ITEM in window.undo.stack.undoText()
    window.undo.stack.undo()
    settle()
    assert cons.index(row, ConsensusModel.PCT).data() == "55%"  # the default again
    kept = page.team.divergence("A001", "onsite").items[row]
    assert kept.pct is None and kept.rationale == RATIONALE  # in the case file; rationale kept
    window.undo.stack.undo()  # the second item's rationale
    settle()
    assert page.team.divergence("A001", "onsite").items[ITEMS.index(SECOND)].rationale == ""
    window.undo.stack.redo()
    window.undo.stack.redo()
    settle()
    assert cons.index(row, ConsensusModel.PCT).data() == "60%"
    assert page.team.divergence("A001", "onsite").items[row].pct == 60
    asked: list[str] = []
    def refuse(parent: object, question: str) -> bool:
        asked.append(question)
        return False

    panel.ask = refuse
    panel.finalise_button.click()
    assert asked and "On-site review" in asked[0] and "onsite" not in asked[0]
    assert not page.team.divergence("A001", "onsite").final  # "no": nothing finalised
    assert not panel.print_button.isEnabled()  # a consensus not final does not print
    panel.ask = lambda parent, question: True
    panel.finalise_button.click()
    assert page.team.divergence("A001", "onsite").final

    # the final consensus sheet on paper: the CLI's PDF drawn onto the printer
    assert panel.print_button.isEnabled()
    out = tmp_path / "printer.pdf"
    panel.choose_printer = lambda parent, title, pages: _pdf_printer(out)
    panel.print_button.click()
    assert "sent to" in panel.message.text()
    expected = page_count(case_consensus_document(
        page.team.case, "A001", "onsite", PrintOptions(None, None, "", "en")).pdf)
    document = pdfium.PdfDocument(out.read_bytes())
    assert len(document) == expected >= 1
    low, high = document[0].render(scale=0.5).to_pil().convert("L").getextrema()
    assert high - low > 100  # text on the paper
    document.close()


def test_report_names_stages_and_headers_stand_in_mongolian(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    names = {"onsite": "On-site review", "material": "Material review"}
    report = MergeReportModel(lambda r: r, lambda s: names.get(s, s))
    report.show([FileResult("x.sbb", "rejected", Msg(N_("stage {stage} does not take bundles "
                                                         "in this cycle"), {"stage": "onsite"}),
                            "R001", "onsite", "scores", 1,
                            refused=(Msg(N_("it must be the bundle's stage ({stage})"),
                                         {"stage": "material"}),))])
    reason = report.index(0, 5).data()
    assert "On-site review" in reason and "Material review" in reason
    assert "onsite" not in reason and "material " not in reason
    page = _flagged_page(qtbot, window, controller, team, tmp_path)
    for table in (page.consensus_panel.divergence_table, page.consensus_panel.consensus_table,
                  page.report_table, page.held_table):
        assert isinstance(table.horizontalHeader(), VerticalHeaderView)
    panel = page.consensus_panel
    div = panel.divergence_table
    assert div.wordWrap() and div.textElideMode() == Qt.TextElideMode.ElideNone
    window.resize(1366, 768)
    settle()
    panel.match_rows()
    name_rows = [div.rowHeight(r) for r in range(page.divergence.rowCount())]
    assert max(name_rows) > min(name_rows)  # long names take two lines, not "…"
    assert [panel.consensus_table.rowHeight(r) for r in range(len(name_rows))] == name_rows

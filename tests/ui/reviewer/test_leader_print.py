"""File › Print… (Ctrl+P) on the team leader's page prints the final consensus sheet, the same
PDF on paper as the page's own *Print consensus sheet…* button; it is disabled until there is a
final consensus to print."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.services.printing import PrintOptions, case_consensus_document, page_count
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_models import ConsensusModel
from desktop.ui.reviewer.leader_page import IMPORT_TAB
from tests.ui.geometry import settle
from tests.ui.reviewer.test_leader import ITEM, ITEMS, RATIONALE
from tests.ui.reviewer.test_leader_consensus import SECOND, _flagged_page, _pdf_printer
from tests.ui.reviewer.world import Team


def test_ctrl_p_on_the_leader_page_prints_the_final_consensus_sheet(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    page = _flagged_page(qtbot, window, controller, team, tmp_path)
    panel, cons = page.consensus_panel, page.consensus
    assert window.current_page() == "leader"
    assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert not window.act_print.isEnabled()  # nothing final to print yet
    for item in (ITEM, SECOND):
        assert cons.setData(cons.index(ITEMS.index(item), ConsensusModel.RATIONALE), RATIONALE)
    settle()
    panel.ask = lambda parent, question: True
    panel.finalise_button.click()
    settle()
    assert page.team.divergence("A001", "onsite").final
    assert window.act_print.isEnabled() and panel.print_button.isEnabled()
    out = tmp_path / "printer.pdf"
    titles: list[str] = []

    def printer(parent: object, title: str, pages: int) -> object:
        titles.append(title)
        return _pdf_printer(out)

    panel.choose_printer = printer  # type: ignore[assignment]
    page.tabs.setCurrentIndex(IMPORT_TAB)  # printed from any tab of the page
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert titles == ["Team consensus sheet"]  # the button's print dialog, once
    assert "sent to" in panel.message.text() and panel.isVisible()
    expected = page_count(case_consensus_document(
        page.team.case, "A001", "onsite", PrintOptions(None, None, "", "en")).pdf)
    document = pdfium.PdfDocument(out.read_bytes())
    assert len(document) == expected >= 1
    low, high = document[0].render(scale=0.5).to_pil().convert("L").getextrema()
    assert high - low > 100  # text on the paper
    document.close()
    window.show_page("applicants")
    assert controller.case is not None and window.act_print.isEnabled()  # the score sheet
    window.show_page("leader")
    other = next(i for i in range(page.applicant.count())
                 if page.applicant.itemData(i) != "A001")  # no consensus there
    page.applicant.setCurrentIndex(other)
    settle()
    assert not panel.print_button.isEnabled() and not window.act_print.isEnabled()

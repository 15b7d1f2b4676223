"""The office window's Print page offers the review reports of issue 20: the team's report of an
applicant (only the applicants and stages a team reported on), the report across applicants,
and the feedback report whose refusal (the material review report is not final) is said on the
page. Real signed bundles merged into a real workspace, PDFs read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.i18n import _
from desktop.services.office.workspace import init_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.printing import DOCUMENTS, PrintPage
from tests.reports.conftest import read_back
from tests.services.office.helpers import Small
from tests.services.printing import review_world as w
from tests.ui.office.conftest import wait_idle

PASS = "pass phrase"


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def reported(qtbot: QtBot, window: MainWindow,
             tmp_path: Path) -> Iterator[tuple[OfficeController, Small]]:
    folder = tmp_path / "office"
    ws = init_workspace(folder, PASS, "Test office", kdf=CHEAP_KDF)
    try:
        small = w.reported(ws, tmp_path / "bundles", final=False)
        w.member_scores(ws, small, tmp_path / "bundles", [a.id for a in small.apps])
    finally:
        ws.close()
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(folder, PASS))
    window.show()
    yield controller, small
    controller.session.close()


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, [combo.itemData(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_the_print_page_offers_and_prints_the_review_reports(
        qtbot: QtBot, window: MainWindow, reported: tuple[OfficeController, Small],
        tmp_path: Path) -> None:
    office, small = reported
    window.show_page("office_print")
    page = office.page("print")
    assert isinstance(page, PrintPage)
    offered = {page.document.itemData(i): page.document.itemText(i)
               for i in range(page.document.count())}
    assert offered["review-report"] == _(DOCUMENTS["review-report"])
    assert offered["summary-report"] == _(DOCUMENTS["summary-report"])
    a0 = small.apps[0]

    _choose(page.document, "review-report")
    applicants = [page.applicant.itemData(i) for i in range(page.applicant.count())]
    assert applicants == [a0.ref]  # only the applicant a team reported on
    assert page.stage.currentData() == "material" and page.stage.isVisibleTo(page)
    assert page.audience.currentData() == "internal"
    wait_idle(qtbot, office, page.preview)
    assert not page.message.is_error(), page.message.text()
    assert page.page_labels and not page.page_labels[0].pixmap().isNull()
    out = tmp_path / "report.pdf"
    assert page.save_to(out) == out
    text = flat(read_back(out).text)
    assert "Materialreviewreport" in text and "领导重视质量，战略清晰" in text

    _choose(page.document, "summary-report")
    assert not page.applicant.isVisibleTo(page) and not page.stage.isVisibleTo(page)
    wait_idle(qtbot, office, page.preview)
    assert not page.message.is_error(), page.message.text()
    summary = tmp_path / "summary.pdf"
    assert page.save_to(summary) == summary
    text = flat(read_back(summary).text)
    assert "Comprehensivereviewreport" in text
    assert all(flat(a.name) in text for a in small.apps)

    # the feedback report of an applicant not going on site waits for its material report
    _choose(page.document, "feedback")
    _choose(page.applicant, a0.ref)
    wait_idle(qtbot, office, page.preview)
    assert page.message.is_error()
    assert a0.ref in page.message.text() and "not final" in page.message.text()
    assert page.rendered is None and not page.save_button.isEnabled()

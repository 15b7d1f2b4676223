"""The office window on a real demo workspace: open, import, resolve, rank, vote, notice, print."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain.errors import ScorebookError
from desktop.services.demo import PASSPHRASE
from desktop.services.office import conflicts, notice, ranking, reads
from desktop.services.office.results_notices import HistoryRow
from desktop.services.programmes import programme
from desktop.ui.main_window import MainWindow
from desktop.ui.names import named
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.controller import PAGE_KEYS, RecentWorkspaces
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.heatmap import FLAG_ROLE, SPREAD_ROLE, spread_colour
from desktop.ui.office.ranking_view import QUOTA_LINE_ROLE, TIE_ROLE
from desktop.ui.widgets.vertical_header import VerticalHeaderView
from tests.ui.helpers import check_model
from tests.ui.mnemonics import clashes
from tests.ui.office.conftest import PROGRAMME, wait_idle

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QDateEdit)


def _show(window: MainWindow, office: OfficeController, key: str) -> Any:
    window.show_page(f"office_{key}")
    page = office.page(key)
    assert not page.message.is_error(), page.message.text()
    return page


def test_open_adds_the_pages_and_remembers_the_folder(
        office: OfficeController, window: MainWindow, demo: Path) -> None:
    titles = [b.text() for b in window.nav.buttons()]
    assert titles[0] == "Start" and "Ranking" in titles and "Import bundles" in titles
    assert len(titles) == 1 + len(PAGE_KEYS)
    assert window.current_page() == "office_cycle"
    recent = RecentWorkspaces(window.settings).folders()
    assert recent == [str((demo / "office").resolve())]
    assert "demo" not in " ".join(recent).replace(str(demo), "")  # never the passphrase
    assert "Saved" in window.save_indicator.text()


def test_wrong_passphrase_is_refused_and_nothing_opens(
        qtbot: QtBot, window: MainWindow, demo: Path) -> None:
    controller = install_office(window)
    with qtbot.waitSignal(controller.open_failed, timeout=30_000) as blocker:
        controller.open(OpenRequest(demo / "office", "not the passphrase"))
    assert isinstance(blocker.args[0], ScorebookError)
    assert not controller.is_open() and controller.pages == {}


def test_every_table_model_passes_the_model_tester_and_controls_are_named(
        qtmodeltester: object, office: OfficeController, window: MainWindow) -> None:
    for key in PAGE_KEYS:
        page = _show(window, office, key.removeprefix("office_"))
        for view in page.findChildren(QTableView):
            model = view.model()
            assert model is not None
            check_model(qtmodeltester, model)
            assert isinstance(view.horizontalHeader(), VerticalHeaderView)
        for control in page.findChildren(QWidget):
            if isinstance(control, CONTROLS) and control.isVisibleTo(page) and \
                    not isinstance(control.parent(), QAbstractItemView) and \
                    not control.objectName().startswith("qt_"):  # Qt's own inner parts
                assert control.accessibleName(), (key, type(control).__name__,
                                                  control.objectName())


def test_applicants_show_eligibility_and_highlight_declared_secrets(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "applicants")
    rows = page.model.rows()
    secret = next(r for r in rows if r.declared_secrets)
    page.select(secret.ref)
    html = page.detail.toHtml()
    assert "#ffd54f" in html and "烧结" in html  # the demo's technical secret, highlighted
    shown = next(i for i, c in enumerate(page.model.columns) if c.key == "eligible")
    assert all(page.model.index(i, shown).data() in ("eligible", "not eligible", "not evaluated")
               for i in range(len(rows)))


def test_import_reports_duplicate_and_quarantines_tampered(
        qtbot: QtBot, office: OfficeController, window: MainWindow, demo: Path,
        tmp_path: Path) -> None:
    page = _show(window, office, "import")
    bundles = sorted((demo / "bundles").glob("*.sbb"))
    incoming = tmp_path / "usb"
    incoming.mkdir()
    duplicate = shutil.copy(bundles[0], incoming / "again.sbb")
    data = bytearray(bundles[1].read_bytes())
    data[len(data) // 2] ^= 0xFF
    (incoming / "tampered.sbb").write_bytes(bytes(data))
    assert Path(duplicate).is_file()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(incoming))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    wait_idle(qtbot, office, lambda: page.dropEvent(drop))

    outcomes = page.report.outcomes()
    assert outcomes == {"again.sbb": "duplicate", "tampered.sbb": "rejected"}
    rejected = next(r for r in page.report.rows() if r.outcome == "rejected")
    assert rejected.reason is not None and rejected.quarantined
    assert Path(rejected.quarantined).is_file()
    quarantined = page.report.index(page.report.rows().index(rejected), 7).data()
    assert quarantined == Path(rejected.quarantined).name
    assert "rejected: 1" in page.summary.text() and "duplicate: 1" in page.summary.text()
    assert [r.file for r in page.quarantine.rows()] == ["tampered.sbb"]
    # one merge for the whole drop, its progress counted per file by the service
    assert (page.progress.bar.maximum(), page.progress.bar.value()) == (2, 2)


def test_a_cancelled_import_commits_nothing_unread_and_can_be_repeated(
        qtbot: QtBot, office: OfficeController, window: MainWindow, demo: Path) -> None:
    page = _show(window, office, "import")
    bundles = sorted((demo / "bundles").glob("*.sbb"))[:3]

    def start_and_cancel() -> bool:
        started = page.import_paths(bundles)
        # while the task runs the page takes no input, but its Cancel button does
        assert not page.choose_button.isEnabled() and page.progress.cancel_button.isEnabled()
        page.progress.cancel_button.click()  # before the worker has begun: nothing is read
        return bool(started)

    wait_idle(qtbot, office, start_and_cancel)
    assert page.message.is_error() and "Cancelled: 0 of 3" in page.message.text()
    assert page.report.rows() == []
    wait_idle(qtbot, office, lambda: page.import_paths(bundles))
    assert not page.message.is_error()
    assert set(page.report.outcomes()) == {b.name for b in bundles}
    assert set(page.report.outcomes().values()) <= {"duplicate", "new", "updated", "stale"}


def test_issue_packages_writes_one_per_reviewer_in_a_team(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    page = _show(window, office, "packages")
    page.folder.setText(str(tmp_path / "packages"))
    wait_idle(qtbot, office, page.issue)
    rows = page.results.rows()
    assert len(rows) == 8 and not page.message.is_error()
    assert sorted(p.name for p in (tmp_path / "packages").iterdir()) == \
        sorted(Path(r.file).name for r in rows)
    assert all(r.applicants >= 1 for r in rows)


def test_heatmap_marks_flagged_cells_and_opens_the_consensus(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "divergence")
    model = page.model
    flagged = model.flagged_cells()
    assert flagged
    row = next(r for r in range(model.rowCount()) if model.applicant(r) == flagged[0][0])
    col = next(c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == flagged[0][1])
    index = model.index(row, col)
    assert index.data(FLAG_ROLE) is True
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == \
        spread_colour(index.data(SPREAD_ROLE))
    assert "flagged" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "different bands" in page.legend.rule
    page.view.doubleClicked.emit(index)
    assert window.current_page() == "office_consensus"
    consensus = office.page("consensus")
    assert consensus.applicant.currentData() == flagged[0][0]


def test_flagged_item_needs_a_rationale_then_the_consensus_is_recorded(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "consensus")
    page.show_item("A001", "material")
    editor = page.editor
    flagged = editor.flagged()
    assert flagged, "the demo's material stage has flagged items for A001"

    assert page.record() is False
    assert page.message.is_error()
    assert "rationale" in page.message.text() and flagged[0] in page.message.text()

    pct_col = next(i for i, c in enumerate(editor.columns) if c.key == "pct")
    why_col = next(i for i, c in enumerate(editor.columns) if c.key == "rationale")
    for r, row in enumerate(editor.rows()):
        if row["flagged"]:
            assert editor.setData(editor.index(r, why_col), "组内讨论：以现场证据为准")
            assert editor.setData(editor.index(r, pct_col), "70")
    assert page.record() is True
    assert not page.message.is_error()
    status = {(r["applicant"], r["stage"]): r for r in page.status.rows()}
    assert status[("A001", "material")]["items"] == 23
    assert status[("A001", "material")]["signed"] is False  # recorded by the office
    page.show_item("A001", "material")
    first = editor.rows()[[r["item"] for r in editor.rows()].index(flagged[0])]
    assert first["pct"] == 70 and first["rationale"].startswith("组内讨论")


def test_ranking_draws_the_quota_line_and_marks_a_tie(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "ranking")
    model = page.model
    assert model.quota == 3 and model.quota_line_row() == 2
    assert model.index(2, 0).data(QUOTA_LINE_ROLE) and not model.index(3, 0).data(
        QUOTA_LINE_ROLE)

    # Make a tie at the line with the real services: weights on the site visit only (an office
    # setting, edited in the cycle page and undoable), and A005's site-visit consensus equal
    # to A001's.
    cycle_page = _show(window, office, "cycle")
    settings = cycle_page.settings
    weights = next(i for i, r in enumerate(settings.rows()) if r.key == "weights")
    editor = cycle_page.edit_setting(settings.index(weights, 1))
    assert editor is not None
    material, onsite = (b for b in editor.findChildren(QDoubleSpinBox) if b.isVisibleTo(editor))
    material.setValue(0)
    onsite.setValue(100)
    editor.ok.click()
    assert not editor.isVisible()
    assert window.undo.stack.canUndo()
    from desktop.domain.consensus import Choice
    from desktop.services.office import consensus, reads

    ws = office.session.workspace
    held = reads.consensus_items(ws, "A001", "onsite")
    consensus.record_consensus(ws, "A005", "onsite",
                               {k: Choice(pct=v.pct, rationale="同分") for k, v in held.items()})
    office.session.notify()

    page = _show(window, office, "ranking")
    tied = model.tied_rows()
    assert sorted(tied) == ["A001", "A005"]
    rows = model.rows()
    place = [c.key for c in model.columns].index("place")
    for ref in tied:
        r = [x.ref for x in rows].index(ref)
        assert model.index(r, 0).data(TIE_ROLE) is True
        assert model.index(r, 0).data().endswith("=")
        assert "tied at the quota line" in model.index(r, place).data()
    assert model.quota_line_row() == 3
    line = page.info.text().split("Tied at the quota line: ")[1].split(" — ")[0]
    assert sorted(line.split(", ")) == ["A001", "A005"]

    window.undo.stack.undo()  # the weights go back through the service
    assert ranking.rank(ws).weights != {"onsite": "1.000000"}
    assert "material" in ranking.rank(ws).weights


def test_vote_counts_ballots_and_shows_the_tally(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "vote")
    ballots = page.ballots
    assert ballots.rowCount() == 8  # the demo's vote had one of nine members absent
    candidates = ballots.candidates
    for r in range(ballots.rowCount()):
        for c, ref in enumerate(candidates, start=1):
            assert ballots.setData(ballots.index(r, c), "for" if ref in candidates[:2]
                                   else "against")
    assert not ballots.setData(ballots.index(0, 1), "maybe")
    # the demo records no eligibility facts and leaves the material review's flagged items
    # without a consensus: counting asks
    asked: list[tuple[str, list[str]]] = []

    def yes(parent: QWidget, step: str, found: Sequence[str]) -> bool:
        asked.append((step, list(found)))
        return True

    page.confirm = yes
    demo_confirmed = _confirmed(office)  # the demo's own vote
    assert page.count() is True
    (step, found), = asked
    assert step.startswith("Counting the vote on ") and found
    assert any("flagged items without a consensus" in line for line in found)
    assert any(line.startswith("Eligibility of A001 ") for line in found)
    confirmed = _confirmed(office)
    assert len(confirmed) == len(demo_confirmed) + 1  # newest first
    assert len(confirmed[0].detail["unresolved"]) == len(found)
    tally = {r["applicant"]: r for r in page.tally.rows()}
    assert tally[candidates[0]]["for"] == 8 and tally[candidates[2]]["against"] == 8
    assert sorted(page.result.elected) == sorted(candidates[:2])
    assert "quorum met" in page.result_label.text()
    assert "Elected:" in page.result_label.text()


def test_counting_stops_when_the_office_says_no(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "vote")
    before = reads.latest_votes(office.session.workspace)
    asked: list[str] = []

    def no(parent: QWidget, step: str, found: Sequence[str]) -> bool:
        asked.append(step)
        return False  # the person says no

    page.confirm = no
    assert page.count() is False and len(asked) == 1
    assert reads.latest_votes(office.session.workspace) == before  # nothing counted
    assert page.message.is_error() and page.message.text().startswith("Not done: Counting")
    assert len(_confirmed(office)) == 1  # the demo's only


def _confirmed(office: OfficeController) -> list[HistoryRow]:
    return [h for h in notice.history(office.session.workspace)
            if h.action == "vote.confirm_unresolved"]


def test_ranking_lists_what_is_unresolved(office: OfficeController,
                                          window: MainWindow) -> None:
    page = _show(window, office, "ranking")
    listed = ranking.rank(office.session.workspace).unresolved
    assert listed and page.unresolved.texts() and len(page.unresolved.texts()) == len(listed)
    assert page.unresolved.title.text() == f"{len(listed)} matters are unresolved:"
    flagged = next(t for t in page.unresolved.texts() if "flagged items" in t)
    assert "Material review" in flagged and "material" not in flagged  # stages, items named
    assert re.search(r"\d\.\d\.\d [A-Z]", flagged)
    # the demo's conflict of interest: that reviewer is named as left out of the totals
    assert "Reviewers recused, left out of the totals:" in page.info.text()
    window.language.apply("zh_CN", remember=False)
    try:
        from desktop.i18n import ngettext

        assert page.unresolved.title.text() == ngettext(
            "{count} matter is unresolved:", "{count} matters are unresolved:",
            len(listed)).format(count=len(listed))
        assert not any("Material review" in t for t in page.unresolved.texts())
    finally:
        window.language.apply("en", remember=False)


def test_consensus_and_divergence_name_the_recused_reviewer(
        office: OfficeController, window: MainWindow) -> None:
    row = next(c for c in conflicts.list_conflicts(office.session.workspace)
               if c.conflicted)  # the demo's conflict of interest
    page = _show(window, office, "consensus")
    page.show_item(row.applicant, "material")
    assert f"Recused: {row.reviewer} (" in page.rule.text()
    heatmap = _show(window, office, "divergence")
    assert f"{row.applicant}: Recused: {row.reviewer} (" in heatmap.recusals.text()


def test_notice_states_the_end_date_and_counting_convention(
        office: OfficeController, window: MainWindow) -> None:
    from PySide6.QtCore import QDate

    page = _show(window, office, "notices")
    page.published.setDate(QDate(2025, 9, 26))
    page.confirm = lambda parent, step, found: step.startswith("Publishing the notice")
    page.ask = lambda parent, question: "Oct 16, 2025" in question
    assert page.compute() is True
    text = page.period.text()
    assert "2025-10-16" in text and "next working day" in text
    assert page.notices.rowCount() == 1  # computing records nothing: the demo's notice only
    assert page.record() is True
    assert page.notices.rowCount() == 2  # the demo's notice and this one
    # a notice is named by the stage it follows, its counting rule in words: never their ids
    shown = [page.notices.data(page.notices.index(r, c)) for r in range(2) for c in (0, 5)]
    shown.append(page.notice.currentText())
    assert all("proposed-winners" not in s and "next_workday" not in s for s in shown), shown
    assert page.notice.currentText().startswith("Notice after ")
    assert "next working day" in shown[1]
    page.objection_summary.setText("举报材料不实")
    page.objection_applicant.setCurrentIndex(page.objection_applicant.findData("A001"))
    assert page.log_objection() is True
    assert [r.outcome for r in page.objections.rows()] == ["pending"]
    page.objections_view.selectRow(0)
    assert page.decide(False) is True
    assert [r.outcome for r in page.objections.rows()] == ["dismissed"]


def test_print_preview_renders_pages_and_saves_the_pdf(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    page = _show(window, office, "print")
    wait_idle(qtbot, office, page.preview)
    assert page.rendered is not None and len(page.page_labels) >= 1
    assert not page.page_labels[0].pixmap().isNull()
    saved = page.save_to(tmp_path / "ranking.pdf")
    assert saved is not None
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    top = ranking.rank(office.session.workspace).categories[0].rows[0].name
    assert top in text.replace(" ", "").replace("\n", "")


def test_lock_needs_the_workspace_passphrase(
        qtbot: QtBot, office: OfficeController, window: MainWindow) -> None:
    # The reviewer's side unlocks at once when it has no case file open; the office overrules it.
    window.unlock_requested.connect(lambda _secret: window.unlock())
    window.lock()
    office_name = office.session.workspace.info().office_name
    assert window.lock_page.subject.text() == f"Office workspace of {office_name}"  # named
    with qtbot.waitSignal(office.session.busy_changed, check_params_cb=lambda b: not b):
        window.lock_page.unlock_requested.emit("wrong")
    assert window.is_locked()
    with qtbot.waitSignal(office.session.busy_changed, check_params_cb=lambda b: not b):
        window.lock_page.unlock_requested.emit(PASSPHRASE)
    assert not window.is_locked()


def test_language_switch_retranslates_the_pages(
        office: OfficeController, window: MainWindow) -> None:
    page = _show(window, office, "ranking")
    header = page.model.headerData(3, Qt.Orientation.Horizontal)
    window.language.apply("zh_CN", remember=False)
    try:
        from desktop.i18n import _

        assert page.heading.text() == _("Ranking")
        assert page.model.headerData(3, Qt.Orientation.Horizontal) == \
            _("Comprehensive score")
    finally:
        window.language.apply("en", remember=False)
    assert page.model.headerData(3, Qt.Orientation.Horizontal) == header


# --- names, weights and the navigation bar in every language ----------------------------------

STAGE_IDS = re.compile(r"\b(material|onsite)\b")


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_ranking_names_stages_and_awards_and_shows_weights_as_percentages(
        office: OfficeController, window: MainWindow, language: str) -> None:
    page = _show(window, office, "ranking")
    p = programme(PROGRAMME)
    window.language.apply(language, remember=False)
    try:
        stage_names = [named(p.stage(st)) for st in ("material", "onsite")]
        headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
                   for c in range(page.model.columnCount())]
        assert headers[4:6] == stage_names  # a column per stage, named, never its id
        assert not any(STAGE_IDS.search(str(h)) for h in headers)
        first = page.model.rows()[0]
        totals = next(a.stages for a in page.result.applicants
                      if a.ref == first.ref)
        assert page.model.index(0, 4).data() == str(totals["material"].total)
        info = page.info.text()
        assert f"{stage_names[0]} 37.5%" in info and f"{stage_names[1]} 62.5%" in info
        assert "0.375" not in info and "0.625" not in info and not STAGE_IDS.search(info)
        award = p.awards[0]
        assert page.category.currentText() == named(award)  # the name only: no "hitech"
        assert page.category.currentData() == award.id
    finally:
        window.language.apply("en", remember=False)


def test_other_pages_name_the_stages(office: OfficeController, window: MainWindow) -> None:
    window.language.apply("zh_CN", remember=False)
    try:
        consensus = _show(window, office, "consensus")
        texts = [consensus.stage.itemText(i) for i in range(consensus.stage.count())]
        assert texts == ["材料评审", "现场评审"]
        column = next(i for i, c in enumerate(consensus.status.columns) if c.key == "stage")
        assert consensus.status.index(0, column).data() in texts
        divergence = _show(window, office, "divergence")
        assert divergence.stage.currentText() in texts
        cycle_page = _show(window, office, "cycle")
        shown = [cycle_page.stages.index(r, 0).data()
                 for r in range(cycle_page.stages.rowCount())]
        assert "材料评审" in shown and not any(STAGE_IDS.search(s) for s in shown)
    finally:
        window.language.apply("en", remember=False)


@pytest.mark.parametrize("language", ["mn_Mong_CN", "zh_CN", "en"])
def test_navigation_fits_a_768_pixel_screen(
        office: OfficeController, window: MainWindow, language: str) -> None:
    window.language.apply(language, remember=False)
    try:
        assert window.minimumSizeHint().height() <= 768
        window.resize(1280, 768)
        _show(window, office, "ranking")
        QApplication.processEvents()
        assert window.height() == 768
        nav = window.nav
        area = nav.rect()
        for button in nav.buttons():  # every entry wholly inside the bar: nothing cut off
            assert area.contains(button.geometry()), (button.key, button.geometry(), area)
            assert button.height() >= button.sizeHint().height() - 1
        keys = [k for col in nav.columns() for k in col]
        assert keys == [b.key for b in nav.buttons()]  # top to bottom, then left to right
        if language == "mn_Mong_CN":
            assert len(nav.columns()) >= 2  # the tall vertical labels flow on to the right
            assert nav.width() < 320
        else:
            assert len(nav.columns()) == 1
    finally:
        window.language.apply("en", remember=False)


def test_no_two_controls_on_an_office_page_share_a_mnemonic(
        office: OfficeController, window: MainWindow) -> None:
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            found = []
            for key in PAGE_KEYS:
                window.show_page(key)
                found += [(language, key, c) for c in clashes(window)]
            assert found == [], "\n".join(map(str, found))
    finally:
        window.language.apply("en", remember=False)

"""Office edits through the real pages on a real workspace: a fork resolved from the import page,
an office setting changed, undone and redone, a conflict suggestion accepted into the register."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.services.office import conflicts, cycle, merge, reviewers
from desktop.services.office.workspace import init_workspace, open_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.forks import ForkResolveDialog
from desktop.ui.office.pages_setup import setting_name
from tests.services.office.helpers import Small, bundle, small_cycle, write
from tests.ui.helpers import check_model, key_clicks
from tests.ui.mnemonics import clashes
from tests.ui.office.conftest import wait_idle
from tests.ui.office.test_new_workspace import dialog_mnemonics

PHRASE = "copper kettle 19 Winter!"


@dataclass
class World:
    folder: Path
    small: Small
    bundles: list[Path]
    suggested: tuple[str, str]  # (reviewer, applicant ref) suggested, not yet in the register


@pytest.fixture
def world(tmp_path: Path) -> World:
    """A small cycle (services), one more reviewer whose past employer applies (a suggestion
    nobody decided yet), and three bundles of R2 of which two fork at revision 2."""
    folder = tmp_path / "office"
    with init_workspace(folder, PHRASE, "Test office", kdf=CHEAP_KDF) as ws:
        small = small_cycle(ws)
        target = small.apps[2]
        reviewers.enrol(ws, make_card(ReviewerIdentity.generate("R9", "评审员9")),
                        organisation="某大学", industry="制造业",
                        affiliations=[reviewers.AffiliationInput(
                            target.name, target.credit_code, 2012, 2023)])
        assert [(s.reviewer, s.applicant, s.recorded) for s in conflicts.suggest(ws)
                if not s.recorded] == [("R9", target.ref, False)]
    ids = [a.id for a in small.apps]
    usb = tmp_path / "usb"
    files = [write(usb, "one.sbb", bundle(small, "R2", "material", ids, 1, seed=1)),
             write(usb, "two.sbb", bundle(small, "R2", "material", ids, 2, seed=2)),
             write(usb, "two-b.sbb", bundle(small, "R2", "material", ids, 2, seed=3))]
    return World(folder, small, files, ("R9", target.ref))


@pytest.fixture
def office(qtbot: QtBot, window: MainWindow, world: World) -> Iterator[OfficeController]:
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(world.folder, PHRASE))
    window.show()
    yield controller
    controller.session.close()


def test_a_fork_is_resolved_from_the_import_page(
        qtbot: QtBot, qtmodeltester: object, office: OfficeController, window: MainWindow,
        world: World) -> None:
    window.show_page("office_import")
    page = office.page("import")
    assert not page.forks.isVisible()  # no fork yet
    wait_idle(qtbot, office, lambda: page.import_paths(world.bundles))
    outcomes = page.report.outcomes()
    assert outcomes["one.sbb"] == "new"
    assert sorted([outcomes["two.sbb"], outcomes["two-b.sbb"]]) == ["fork", "updated"]
    panel = page.forks
    qtbot.waitUntil(panel.isVisible)  # the page read again after the merge
    [row] = panel.model.rows()
    assert (row.reviewer, row.revision, row.chosen) == ("R2", 2, None)
    assert "revision 1 stands" in panel.model.index(0, 5).data()
    assert panel.resolve_button.isEnabled() and panel.resolve_button.accessibleName()
    check_model(qtmodeltester, panel.model)
    assert clashes(window) == []  # the new button's Alt+letter is its own

    # the report's fork row opens the decision of that fork
    fork_row = [r.outcome for r in page.report.rows()].index("fork")
    page.view.doubleClicked.emit(page.report.index(fork_row, 0))
    dialog = panel.dialog
    assert isinstance(dialog, ForkResolveDialog) and dialog.isVisible()
    assert {s.file for s in dialog.fork.sides} == {"two.sbb", "two-b.sbb"}
    assert not dialog.ok_button.isEnabled()  # nothing chosen, no reason
    assert all(b.accessibleName() for b in (*dialog.sides, dialog.reason, dialog.ok_button))
    mnemonics = dialog_mnemonics(dialog)
    assert len(mnemonics) == len(set(mnemonics)), mnemonics
    dialog.select("two-b.sbb")
    assert not dialog.ok_button.isEnabled()  # a reason is required
    key_clicks(dialog.reason, "R2 confirmed the second export")
    assert dialog.ok_button.isEnabled()
    wait_idle(qtbot, office, dialog.ok_button.click)

    assert "two-b.sbb stands" in page.message.text() and not page.message.is_error()
    qtbot.waitUntil(lambda: panel.model.rows()[0].chosen is not None)
    [row] = panel.model.rows()
    chosen = next(s for s in row.sides if s.file == "two-b.sbb")
    assert row.chosen == chosen.content_hash
    assert row.reason == "R2 confirmed the second export"
    office.session.close()
    with open_workspace(world.folder, PHRASE) as ws:  # stored, with its reason
        [fork] = merge.list_forks(ws)
        assert (fork.chosen, fork.reason) == (chosen.content_hash,
                                              "R2 confirmed the second export")


def test_a_fork_dialog_cancelled_changes_nothing(
        qtbot: QtBot, office: OfficeController, window: MainWindow, world: World) -> None:
    window.show_page("office_import")
    page = office.page("import")
    wait_idle(qtbot, office, lambda: page.import_paths(world.bundles))
    qtbot.waitUntil(page.forks.isVisible)
    page.forks.view.setCurrentIndex(page.forks.model.index(0, 0))
    page.forks.resolve_button.click()
    dialog = page.forks.dialog
    assert isinstance(dialog, ForkResolveDialog)
    dialog.select("two.sbb")
    key_clicks(dialog.reason, "not this one")
    dialog.done(QDialog.DialogCode.Rejected)
    assert not office.session.busy
    assert page.forks.model.rows()[0].chosen is None


def _setting(ws_folder: Path, key: str) -> object:
    with open_workspace(ws_folder, PHRASE) as ws:
        return next(s for s in cycle.cycle_view(ws).settings if s.key == key).value


def test_an_office_setting_is_changed_undone_and_redone(
        office: OfficeController, window: MainWindow, world: World) -> None:
    window.show_page("office_cycle")
    page = office.page("cycle")
    key = "conflict_window_years"
    row = next(r for r in page.settings.rows() if r.key == key)
    assert row.source == "office"
    old = row.value
    new = old + 2
    ws = office.session.workspace

    def stored() -> object:
        return next(s for s in cycle.cycle_view(ws).settings if s.key == key).value

    # through the setting's form, as a double-click on its row opens it
    col = [c.key for c in page.settings.columns].index("value")
    editor = page.edit_setting(page.settings.index(page.settings.rows().index(row), col))
    assert editor is not None
    spin = next(w for w in editor.findChildren(QSpinBox) if w.isVisibleTo(editor))
    spin.setValue(new)
    editor.ok.click()
    assert stored() == new and not page.message.is_error() and not editor.isVisible()
    # the undo step and the message name the setting as the table does, not by its key
    name = setting_name(key, page.programme)
    assert name != key and name in window.act_undo.text() and key not in window.act_undo.text()
    assert name in page.message.text() and f"= {new}" in page.message.text()
    window.act_undo.trigger()
    assert stored() == old
    assert window.act_redo.isEnabled()
    window.act_redo.trigger()
    assert stored() == new
    # a refused value is not stored and not put on the undo stack
    assert not page.change_setting(key, new, "not a number")
    assert page.message.is_error() and stored() == new
    window.act_undo.trigger()
    assert stored() == old
    page.refresh()
    shown = next(r for r in page.settings.rows() if r.key == key)
    assert shown.value == old
    office.session.close()
    assert _setting(world.folder, key) == old


def test_a_conflict_suggestion_is_accepted_into_the_register(
        office: OfficeController, window: MainWindow, world: World) -> None:
    window.show_page("office_conflicts")
    page = office.page("conflicts")
    reviewer = world.suggested[0]
    page.accept_selected()  # nothing selected
    assert page.message.is_error()
    rows = page.suggestions.rows()
    at = next(i for i, r in enumerate(rows) if r.reviewer == reviewer and not r.recorded)
    page.suggest_view.selectionModel().setCurrentIndex(
        page.suggestions.index(at, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect |
        QItemSelectionModel.SelectionFlag.Rows)
    before = len(page.register.rows())
    page.accept_button.click()
    assert not page.message.is_error(), page.message.text()
    assert reviewer in page.message.text()
    page.refresh()
    assert len(page.register.rows()) == before + 1
    entry = next(r for r in page.register.rows() if r.reviewer == reviewer)
    assert entry.conflicted
    again = next(r for r in page.suggestions.rows() if r.reviewer == reviewer)
    assert again.recorded
    # accepting it twice is refused
    at = page.suggestions.rows().index(again)
    page.suggest_view.setCurrentIndex(page.suggestions.index(at, 0))
    page.accept_selected()
    assert page.message.is_error() and "already" in page.message.text()
    office.session.close()
    with open_workspace(world.folder, PHRASE) as ws:
        assert any(c.reviewer == reviewer and c.conflicted
                   for c in conflicts.list_conflicts(ws))

"""Broken chains on the team leader's page, on real case files and bundles: a member's revision 3
whose chain misses the revision 2 that never reached the leader waits, listed with why; the
leader keeps the bundle held or takes the new one with a reason, in the dialog, and the page
shows what is in force; the decision is in the case file (the command line sees it)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.services.catalogue import framework
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_chains import ChainChoiceDialog
from tests.ui.reviewer.test_leader import _import, _leader
from tests.ui.reviewer.world import Team

ITEM = framework().items[0].id


def _three(team: Team, tmp_path: Path) -> list[Path]:
    """R001 exports revisions 1, 2 and 3 of the on-site stage, each to its own stick."""
    out = []
    with team.create("R001", tmp_path / "case-R001") as case:
        for n in (1, 2, 3):
            case.score_item("A001", "onsite", ITEM, 20 + 10 * n)
            stick = tmp_path / f"usb{n}"
            stick.mkdir()
            out.append(case.export_bundle(stick).path)
    return out


def test_a_broken_chain_waits_and_the_leader_chooses_in_the_window(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    one, _lost, three = _three(team, tmp_path)
    page = _leader(qtbot, window, controller, tmp_path / "case-leader", team)
    _import(qtbot, page, [one])
    assert not page.chains.isVisibleTo(page)
    _import(qtbot, page, [three])
    chains = page.chains
    assert chains.isVisibleTo(page) and chains.model.rowCount() == 1
    assert "do not chain to the bundle held" in chains.title.text()
    row = [chains.model.index(0, c).data() for c in range(5)]
    assert row[0] == "Reviewer One (R001)" and row[2:4] == ["1", "3"]
    assert "does not win by its number" in row[4]
    assert "On-site review" in row[4] and "onsite" not in row[4]  # the stage by its name
    assert chains.choose_button.isEnabled()  # the only one waiting
    assert page.status.text().endswith("forks waiting: 1")  # the summary counts it too

    dialog = chains.choose_selected()
    assert isinstance(dialog, ChainChoiceDialog)
    assert [b.text() for b, _s, _h in dialog.options] == [
        f"Keep the bundle held: revision 1 ({one.name})",
        f"Take the new one: revision 3 ({three.name})"]
    assert not dialog.ok_button.isEnabled()
    dialog.select(held=False)
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.reason.setText("R001 confirmed revision 3 by phone")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(chains.changed):
        dialog.ok_button.click()
    assert "revision 3 is in force for Reviewer One" in page.import_message.text()
    assert not chains.isVisibleTo(page)
    held = {page.held.index(r, 0).data(): page.held.index(r, 6).data()
            for r in range(page.held.rowCount())}
    assert held[three.name] == "In force"
    current = page.team.state().current
    assert {rid[3] for key, rid in current.items() if key[0] == "R001"} == {3}

"""The window and the command line are one program: a whole cycle run through each.

Two copies of one set-up (an office workspace for hohhot-mayor with three applicants, a team
of four reviewers led by R4, R1 conflicted with A002, their encrypted case files) go through the
same journeys, once through the real widgets and once through ``scorebook``:

- every reviewer scores both stages (R2 first recuses from A003) and exports a bundle per stage;
- the team leader imports the team's on-site bundles, gives a rationale for every flagged item,
  finalises, quits, opens the case again and exports the signed consensus;
- the office imports every bundle, ranks, counts the committee vote, publishes the notice and
  prints the ranking, the minutes and the notice.

The rankings, the vote results and the printed texts must be identical.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.cli.json_out import to_jsonable
from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.case import create_case, open_case
from desktop.services.catalogue import framework
from desktop.services.office import packages, ranking, reviewers
from desktop.services.office.workspace import init_workspace, open_workspace
from desktop.services.programmes import programme_of_cycle
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import Col
from desktop.ui.office import install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.unresolved import lines as unresolved_lines
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.dialogs import RecusalDialog
from desktop.ui.reviewer.leader_models import ConsensusModel
from desktop.ui.reviewer.leader_page import LeaderPage
from desktop.ui.settings import Settings
from tests.services.office.helpers import small_cycle
from tests.ui.helpers import type_in_cell
from tests.ui.office.conftest import wait_idle
from tests.ui.reviewer.world import click_export

pytestmark = pytest.mark.slow

PASS = "one program pass"
FW = framework()
STAGES = ("material", "onsite")
REVIEWERS = ("R1", "R2", "R3", "R4")
LEADER = "R4"
RECUSAL = ("R2", "A003")  # R2 declares a conflict with A003 before scoring
COMMITTEE = ("委员甲", "委员乙", "委员丙", "委员丁", "委员戊")
PRESENT = COMMITTEE[:4]
PUBLISHED = date(2025, 9, 26)
DOCUMENTS = ("ranking", "minutes", "notice")


def pct(rid: str, ref: str, stage: str, n: int) -> int:
    """Each reviewer's percentage for item ``n``: spread enough that some items are flagged."""
    r, a, s = REVIEWERS.index(rid), int(ref[1:]), STAGES.index(stage)
    return ((r * 5 + a * 3 + s * 2 + n * 7 + (r * n) % 5) % 12 + 6) * 5


@dataclass
class World:
    root: Path
    refs: dict[str, str]  # applicant id -> reference (A001 …)

    @property
    def office(self) -> Path:
        return self.root / "office"

    def case(self, rid: str) -> Path:
        return self.root / "cases" / rid

    @property
    def usb(self) -> Path:
        folder = self.root / "usb"
        folder.mkdir(exist_ok=True)
        return folder

    def id_of(self, ref: str) -> str:
        return next(aid for aid, r in self.refs.items() if r == ref)

    def applicants_of(self, rid: str) -> list[tuple[str, str]]:
        """(id, ref) of the applicants in the reviewer's package, in order."""
        with open_case(self.case(rid), PASS) as case:
            return [(a.applicant_id, self.refs[a.applicant_id]) for a in case.status().applicants]


def build_world(root: Path) -> World:
    """The common set-up, through the services: both journeys start from a copy of this."""
    ws = init_workspace(root / "office", PASS, "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        for name in COMMITTEE:
            reviewers.add_committee_member(ws, name, role="member")
        issued = packages.issue_packages(ws, root / "packages").result
        fingerprint = ws.identity().root_fingerprint
        for item in issued:
            rid = item.reviewer
            create_case(Path(item.file), root / "cases" / rid, PASS, small.ids[rid],
                        fingerprint, kdf=CHEAP_KDF).close()
        refs = {str(a.id): a.ref for a in small.apps}
    finally:
        ws.close()
    return World(root, refs)


# --- what is compared -------------------------------------------------------------------------


def ranking_figures(result: dict[str, Any]) -> list[Any]:
    """What the ranking decides: per category, each applicant's place, rank and score."""
    return [[c["award"], [(r["applicant"], r["name"], r["rank"], str(r["score"]), r["place"])
                          for r in c["rows"]]] for c in result["categories"]]


def vote_figures(result: dict[str, Any]) -> list[Any]:
    return [sorted(result["elected"]), result["quorum_met"],
            [(t["applicant"], t["for"], t["against"], t["abstain"], bool(t["passed"]))
             for t in result["tally"]]]


_VOLATILE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?\S*|[0-9a-f]{8}-[0-9a-f-]{27}")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return _VOLATILE.sub("…", out)


# --- through the command line -----------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, (argv, out.err)
    return json.loads(out.out) if out.out.strip() else None


def run_cli(world: World, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    return cli_office(world, capsys, cli_field(world, capsys))


def cli_field(world: World, capsys: pytest.CaptureFixture[str]) -> list[Path]:
    """The reviewers' and the leader's journeys; the bundles they wrote to the stick."""
    bundles: list[Path] = []
    onsite: list[Path] = []
    for rid in REVIEWERS:
        case = ["--case", str(world.case(rid))]
        if rid == RECUSAL[0]:
            reason = world.root / "recusal.txt"
            reason.write_text("曾为该单位提供咨询服务", encoding="utf-8")
            cli(capsys, "case", "recuse", "--applicant", world.id_of(RECUSAL[1]), "--reason",
                "consulting",
                "--text-file", str(reason), *case)
        sheet = world.root / f"{rid}.csv"
        with sheet.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["applicant", "stage", "item", "percent", "strengths", "improvements"])
            for aid, ref in world.applicants_of(rid):
                if (rid, ref) == RECUSAL:
                    continue
                for stage in STAGES:
                    for n, it in enumerate(FW.items):
                        w.writerow([aid, stage, it.id, pct(rid, ref, stage, n), "", ""])
        cli(capsys, "case", "import-scores", str(sheet), *case)
        sheet.unlink()
        for stage in STAGES:
            out = cli(capsys, "case", "export", "--to", str(world.usb), "--stage", stage,
                      "--final", *case)
            bundles.append(Path(out["path"]))
            if stage == "onsite":
                onsite.append(Path(out["path"]))

    leader = ["--case", str(world.case(LEADER))]
    cli(capsys, "case", "team", "import", *map(str, onsite), *leader)
    for row in cli(capsys, "case", "team", "divergence", "--stage", "onsite", *leader):
        view = cli(capsys, "case", "team", "divergence", "--applicant", row["applicant_id"],
                   "--stage", "onsite", *leader)
        items = world.root / "rationales.txt"
        items.write_text("".join(f"{item}=:{rationale(item)}\n" for item in view["flagged"]),
                         encoding="utf-8")
        cli(capsys, "case", "team", "consensus", "--applicant", row["applicant_id"], "--stage",
            "onsite", "--items-file", str(items), "--finalise", *leader)
    consensus = cli(capsys, "case", "team", "export", "--to", str(world.usb), "--stage",
                    "onsite", *leader)
    bundles.append(Path(consensus["path"]))
    return bundles


def cli_office(world: World, capsys: pytest.CaptureFixture[str],
               bundles: list[Path]) -> dict[str, Any]:
    office = ["--office", str(world.office)]
    cli(capsys, "office", "merge", *map(str, bundles), *office)
    ranked = cli(capsys, "office", "rank", *office)
    category = ranked["categories"][0]
    candidates = [r["applicant"] for r in category["rows"]]
    ballots = world.root / "ballots.json"
    ballots.write_text(json.dumps({m: ballot(m, candidates) for m in PRESENT},
                                  ensure_ascii=False), encoding="utf-8")
    # eligibility is not reviewed in this world: the office confirms, in both journeys
    assert ranked["unresolved"]
    voted = cli(capsys, "office", "vote", category["award"], "--present", *PRESENT,
                "--ballots", str(ballots), "--confirm-unresolved", *office)  # held today
    cli(capsys, "office", "notice", NOTICE, "--published", PUBLISHED.isoformat(),
        "--applicants", *voted["elected"], "--confirm-unresolved", *office)
    printed = {}
    for kind in DOCUMENTS:
        out = world.root / f"{kind}.pdf"
        cli(capsys, "print", kind, "--out", str(out), *office)
        printed[kind] = pdf_text(out)
    return {"ranking": ranking_figures(ranked), "vote": vote_figures(voted),
            "printed": printed}


NOTICE = "proposed-winners"


def rationale(item_id: str) -> str:
    return f"组内讨论{item_id}：对照现场证据取均值"


def ballot(member: str, candidates: list[str]) -> dict[str, str]:
    k = COMMITTEE.index(member)
    return {ref: ("for" if (k + i) % 4 else "against") if i < 2 else
            ("against" if k % 2 else "abstain") for i, ref in enumerate(candidates)}


# --- through the window -----------------------------------------------------------------------


@pytest.fixture
def make_window(qtbot: QtBot, qapp: QApplication, fonts: FontSet,
                tmp_path: Path) -> Iterator[Any]:
    made: list[MainWindow] = []

    def make() -> MainWindow:
        settings = Settings.at(tmp_path / f"settings-{len(made)}.ini")
        win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        made.append(win)
        return win

    yield make


def type_scores(qtbot: QtBot, controller: ReviewerController, rid: str, aid: str, ref: str,
                stage: str) -> None:
    page = controller.scorebook
    assert page is not None
    controller.open_applicant(aid)
    page.stage.setCurrentIndex(page.stage.findData(stage))
    view = page.current_view()
    assert view is not None
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    first = view.model.index(view.model.row_of(FW.items[0].id), Col.PCT)
    view.table.setCurrentIndex(first)
    for n, item in enumerate(FW.items):
        assert view.table.current_item_id() == item.id
        type_in_cell(qtbot, view.table, str(pct(rid, ref, stage, n)))


def on_case(qtbot: QtBot, window: MainWindow, world: World, rid: str) -> ReviewerController:
    """The window on the reviewer's case file, as the app opens it, shown."""
    controller = ReviewerController(window, identity_folder=world.root / "identity",
                                    kdf=CHEAP_KDF)
    controller.set_case(open_case(world.case(rid), PASS))
    window.show()
    qtbot.waitExposed(window)
    return controller


def reviewer_window(qtbot: QtBot, window: MainWindow, world: World, rid: str) -> list[Path]:
    """A reviewer's journey in the window: recuse (R2), score both stages, export each."""
    controller = on_case(qtbot, window, world, rid)
    window.activateWindow()
    case = controller.case
    assert case is not None and controller.applicants is not None
    if rid == RECUSAL[0]:
        controller.applicants.select(world.id_of(RECUSAL[1]))
        controller.applicants.recuse_button.click()
        dialog = controller.dialog
        assert isinstance(dialog, RecusalDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("consulting"))
        dialog.statement.setPlainText("曾为该单位提供咨询服务")
        dialog.confirm.setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.result() == dialog.DialogCode.Accepted
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    for row in case.applicants():
        if row.recused:
            continue
        for stage in STAGES:
            type_scores(qtbot, controller, rid, row.applicant_id, world.refs[row.applicant_id],
                        stage)
    written = []
    page = controller.export
    assert page is not None
    window.show_page("export")
    for stage in STAGES:
        page.folder.setText(str(world.usb))
        page.stage.setCurrentIndex(page.stage.findData(stage))
        page.final.setChecked(True)
        with qtbot.waitSignal(page.finished, timeout=30_000):
            click_export(page)
        assert page.result is not None, page.message.text()
        written.append(page.result.path)
    controller.close()
    window.close()
    return written


def leader_window(qtbot: QtBot, make_window: Any, world: World, onsite: list[Path]) -> Path:
    """The leader's journey: import, a rationale for every flagged item, finalise; quit; open
    the case again, see the work kept, export the signed consensus."""

    def open_leader() -> tuple[MainWindow, ReviewerController, LeaderPage]:
        """A new window on the leader's case file, at the leader's page."""
        window = make_window()
        controller = on_case(qtbot, window, world, LEADER)
        window.show_page("leader")
        assert controller.leader is not None
        return window, controller, controller.leader

    window, controller, page = open_leader()
    assert page.stage.currentData() == "material"  # the case's current stage
    with qtbot.waitSignal(page.imported, timeout=60_000):
        page.import_files(onsite)
    assert page.stage.currentData() == "onsite"  # the page follows the bundles imported
    applicants = [str(page.applicant.itemData(i)) for i in range(page.applicant.count())]
    assert len(applicants) == 3
    rows = {it.id: n for n, it in enumerate(FW.items)}
    for aid in applicants:
        page.open_applicant(aid)
        flagged = page.divergence.flagged()
        for item in flagged:
            cons = page.consensus
            assert cons.setData(cons.index(rows[item], ConsensusModel.RATIONALE),
                                rationale(item))
        assert page.finalise(), page.consensus_panel.message.text()
    controller.close()
    window.close()

    window, controller, page = open_leader()  # Scorebook started again on the same case file
    assert page.held.rowCount() == len(onsite)
    overview = page.overview_panel
    qtbot.waitUntil(lambda: overview.overview.rowCount() == 3)
    states = [overview.overview.index(r, 4).data() for r in range(3)]
    assert all(s.startswith("Final, total") for s in states), (page.stage.currentData(), states)
    with qtbot.waitSignal(overview.exported, timeout=30_000):
        assert overview.export_consensus(world.usb)
    result = overview.result
    assert result is not None and len(result.applicants) == 3
    controller.close()
    window.close()
    return Path(result.path)


def office_window(qtbot: QtBot, window: MainWindow, world: World,
                  bundles: list[Path]) -> dict[str, Any]:
    """The office's journey: import, rank, vote, notice, print — all in the window."""
    office = install_office(window)
    with qtbot.waitSignal(office.opened, timeout=30_000):
        assert office.open(OpenRequest(world.office, PASS))
    window.show()

    def page(key: str) -> Any:
        window.show_page(f"office_{key}")
        shown = office.page(key)
        assert not shown.message.is_error(), shown.message.text()
        return shown

    importing = page("import")
    wait_idle(qtbot, office, lambda: importing.import_paths(bundles))
    assert set(importing.report.outcomes().values()) == {"new"}

    shown = page("ranking")
    ranked = ranking.rank(office.session.workspace)
    rows = shown.model.rows()
    assert [r.ref for r in rows] == [r.ref for r in ranked.categories[0].rows]

    voting = page("vote")
    voting.award.setCurrentIndex(voting.award.findData(ranked.categories[0].award_id))
    for i in range(voting.present.count()):
        item = voting.present.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() in PRESENT
                           else Qt.CheckState.Unchecked)
    model = voting.ballots
    candidates = model.candidates
    for r in range(model.rowCount()):
        member = str(model.index(r, 0).data())
        for c, ref in enumerate(candidates, start=1):
            assert model.setData(model.index(r, c), ballot(member, candidates)[ref])
    asked: list[list[str]] = []

    def yes(parent: Any, step: str, found: Any) -> bool:
        asked.append(list(found))
        return True

    voting.confirm = yes
    voting.count_button.click()
    assert asked == [unresolved_lines(ranked.unresolved, programme_of_cycle(ranked.cycle))]
    assert voting.result is not None, voting.message.text()
    voted = voting.result

    notices = page("notices")
    notices.notice.setCurrentIndex(notices.notice.findData(NOTICE))
    notices.published.setDate(QDate(PUBLISHED.year, PUBLISHED.month, PUBLISHED.day))
    notices.refs.setText(", ".join(voted.elected))
    notices.confirm = lambda parent, step, found: True
    notices.ask = lambda parent, question: True
    assert notices.record() is True

    printing = page("print")
    printed = {}
    for kind in DOCUMENTS:
        printing.document.setCurrentIndex(printing.document.findData(kind))
        wait_idle(qtbot, office, printing.preview)
        out = printing.save_to(world.root / f"{kind}.pdf")
        assert out is not None, printing.message.text()
        printed[kind] = pdf_text(out)
    # compared as the CLI prints them: through the one --json serialiser
    result = {"ranking": ranking_figures(to_jsonable(ranked)),
              "vote": vote_figures(to_jsonable(voted)), "printed": printed}
    office.session.close()
    return result



def test_the_window_and_the_command_line_are_one_program(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        make_window: Any, qtbot: QtBot) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)  # the CLI's; the window is given it
    by_cli = run_cli(build_world(tmp_path / "cli"), capsys)

    world = build_world(tmp_path / "window")
    bundles: list[Path] = []
    for rid in REVIEWERS:
        bundles += reviewer_window(qtbot, make_window(), world, rid)
    assert len(bundles) == 2 * len(REVIEWERS)  # material, on-site
    bundles.append(leader_window(qtbot, make_window, world, bundles[1::2]))
    by_window = office_window(qtbot, make_window(), world, bundles)
    with open_workspace(world.office, PASS) as ws:
        stages = {a.ref: a.stages for a in ranking.rank(ws).applicants}
    assert {v["onsite"].source for v in stages.values()} == {"consensus"}  # the leader's
    assert stages[RECUSAL[1]]["material"].reviewers == ("R1", "R3", "R4")  # R2 recused
    assert stages["A002"]["material"].reviewers == ("R2", "R3", "R4")  # R1 conflicted

    ranked = by_window["ranking"][0][1]
    assert len(ranked) == 3 and all(r[3] != "None" for r in ranked)
    assert by_window["ranking"] == by_cli["ranking"]
    assert by_window["vote"] == by_cli["vote"] and by_window["vote"][0]
    for kind in DOCUMENTS:
        assert ranked[0][1] in by_window["printed"][kind].replace(" ", ""), kind
        assert by_window["printed"][kind] == by_cli["printed"][kind], kind

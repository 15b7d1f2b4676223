"""Render the reviewer's screens to docs/ui/reviewer-*.png (offscreen, a real case file). Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.reviewer.screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SCOREBOOK_HOME", tempfile.mkdtemp(prefix="scorebook-shots-"))

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.i18n import set_language
from desktop.services.catalogue import framework
from desktop.ui.first_run import PASSPHRASE as PASSPHRASE_PAGE
from desktop.ui.first_run import FirstRunWizard
from desktop.ui.fonts import load_bundled_fonts
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_models import ConsensusModel
from desktop.ui.reviewer.leader_page import OVERVIEW_TAB
from desktop.ui.settings import Settings
from desktop.ui.tasks import InlineTaskRunner
from tests.ui.reviewer.world import SECRET, make_team

DOCS = Path(__file__).resolve().parents[3] / "docs" / "ui"
PCTS = [70, 65, 60, 55, 70, 50, 45, 60, 55, 65, 70, 60, 50, 55, 60, 45]


def grab(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = DOCS / f"reviewer-{name}.png"
    widget.grab().save(str(path))
    print(path)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    fonts = load_bundled_fonts()
    app.setFont(fonts.ui_font(app.font()))
    DOCS.mkdir(parents=True, exist_ok=True)
    set_language("en")
    work = Path(tempfile.mkdtemp(prefix="scorebook-shots-"))
    team = make_team(work)
    settings = Settings.at(work / "settings.ini")
    switcher = LanguageSwitcher(app, settings)
    runner = InlineTaskRunner()

    wizard = FirstRunWizard(runner, identity_folder=work / "identity", kdf=CHEAP_KDF)
    switcher.register(wizard)
    wizard.identity_page.display_name.setText("Wang Lei")
    wizard.identity_page.reviewer_id.setText("R017")
    wizard.setStartId(PASSPHRASE_PAGE)
    wizard.restart()
    wizard.passphrase_page.passphrase.setText("lantern orchard 47 Velvet!")
    wizard.passphrase_page.confirm.setText("lantern orchard 47 Velvet!")
    wizard.resize(760, 520)
    wizard.show()
    grab(wizard, "first-run")
    wizard.close()

    # a team member's window, with scores, a comment and a recusal
    window = MainWindow(settings, switcher, fonts=fonts)
    controller = ReviewerController(window, runner, kdf=CHEAP_KDF)
    case = team.create("R001", work / "case")
    items = framework().items
    for item, pct in zip(items, PCTS, strict=False):
        case.score_item("A001", "onsite", item.id, pct)
    case.score_item("A002", "onsite", items[0].id, 60)
    case.set_panel_score("A001", "defense", "86.5")
    comment = f"工艺先进，采用{SECRET}，成效显著。"
    case.score_item("A001", "onsite", items[0].id, None,
                    "Leaders set a clear vision and deploy it to every plant.", comment)
    case.recuse("A003", "consulting", "I advised this company on its quality system in 2023.")
    controller.set_case(case)
    window.resize(1366, 768)
    window.show()
    grab(window, "applicants")

    controller.open_applicant("A001")
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    assert view is not None
    view.table.setCurrentIndex(view.model.index(0, 3))
    cursor = view.improvements.textCursor()
    cursor.setPosition(comment.index(SECRET))
    cursor.setPosition(comment.index(SECRET) + len(SECRET), QTextCursor.MoveMode.KeepAnchor)
    view.improvements.setTextCursor(cursor)
    page.mark_selection_secret()
    grab(window, "scorebook")
    for tag in ("zh_CN", "mn_Mong_CN"):
        switcher.apply(tag, remember=False)
        grab(window, f"scorebook-{tag}")
    switcher.apply("en", remember=False)

    controller.open_applicant("A003")
    view = page.current_view()
    assert view is not None
    view.model.set_pct(items[0].id, "70")  # refused by the core: the message shows
    grab(window, "recusal-locked")

    stick = work / "USB-STICK"
    stick.mkdir()
    export = controller.export
    assert export is not None
    window.show_page("export")
    export.folder.setText(str(stick))
    export.export_now()
    grab(window, "export-done")
    window.close()
    controller.close()

    # the team leader's window: two members' bundles imported, one item flagged
    bundles = []
    for rid, pct in (("R001", 30), ("R003", 80)):
        with team.create(rid, work / f"case-{rid}") as member:
            for i, item in enumerate(items):
                member.score_item("A001", "onsite", item.id,
                                  pct if i == 0 else PCTS[i % len(PCTS)] + (5 if rid == "R003"
                                                                            else 0))
            bundles.append(member.export_bundle(stick).path)
    leader_window = MainWindow(settings, switcher, fonts=fonts)
    leader = ReviewerController(leader_window, runner, kdf=CHEAP_KDF)
    lcase = team.create("R002", work / "case-leader")
    for i, item in enumerate(items):
        lcase.score_item("A001", "onsite", item.id, 55 if i == 0 else PCTS[i % len(PCTS)])
    leader.set_case(lcase)
    leader_window.resize(1366, 768)
    leader_window.show()
    lpage = leader.leader
    assert lpage is not None
    leader_window.show_page("leader")
    lpage.import_files([*bundles, bundles[0]])
    grab(leader_window, "leader-import")
    lpage.open_applicant("A001")
    lpage.finalise()  # refused: the flagged item has no rationale yet (the message says so)
    grab(leader_window, "leader-divergence")
    cons = lpage.consensus
    cons.setData(cons.index(0, ConsensusModel.RATIONALE), "组内讨论：对照现场证据取均值")
    lpage.finalise()
    lpage.tabs.setCurrentIndex(OVERVIEW_TAB)
    lpage.overview_panel.export_consensus(stick)
    grab(leader_window, "leader-export")
    leader_window.close()
    leader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

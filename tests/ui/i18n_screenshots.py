"""Render the main screens in Chinese and in Mongolian to docs/ui/*-zh_CN.png / *-mn_Mong_CN.png
(offscreen, a real case file; issue 7). Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.i18n_screenshots

Screens: the main shell (demo scorebook), the first-run wizard (language and role, passphrase,
fingerprints with the enrolment card), the start page with a recent case file, the reviewer's
applicants, scorebook (and a refused 63 kept in its editor), export page and its summary, the
team leader's divergence page, all at 1366×768 (the office's pages: tests/ui/office/screenshots.py).
Look at every file: letters joined, columns top to bottom and left to
right, no boxes, no English.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SCOREBOOK_HOME", tempfile.mkdtemp(prefix="scorebook-shots-"))

from PySide6.QtWidgets import QApplication, QWidget

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.catalogue import framework
from desktop.ui.fonts import load_bundled_fonts
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.settings import Settings
from desktop.ui.tasks import InlineTaskRunner
from tests.ui.reviewer.world import make_team

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "ui"
LANGUAGES = ("zh_CN", "mn_Mong_CN")
PCTS = [70, 65, 60, 55, 70, 50, 45, 60, 55, 65, 70, 60, 50, 55, 60, 45]


def grab(widget: QWidget, name: str, language: str) -> None:
    QApplication.processEvents()
    path = DOCS / f"{name}-{language}.png"
    widget.grab().save(str(path))
    print(path)


def shell(language: str) -> None:
    """The main shell with the demo scorebook, through the app's own --screenshot."""
    path = DOCS / f"main-shell-{language}.png"
    subprocess.run([sys.executable, "-m", "desktop.ui.app", "--screenshot", str(path), "--demo",
                    "--language", language], check=True, cwd=ROOT)
    print(path)


def reviewer(app: QApplication, work: Path) -> None:
    fonts = load_bundled_fonts()
    app.setFont(fonts.ui_font(app.font()))
    team = make_team(work)
    settings = Settings.at(work / "settings.ini")
    switcher = LanguageSwitcher(app, settings)
    runner = InlineTaskRunner()
    items = framework().items

    # the team leader's window: own scores, two members' bundles imported
    stick = work / "USB"
    stick.mkdir()
    bundles = []
    for rid, first in (("R001", 30), ("R003", 80)):
        with team.create(rid, work / f"case-{rid}") as member:
            for i, item in enumerate(items):
                member.score_item("A001", "onsite", item.id,
                                  first if i == 0 else PCTS[i % len(PCTS)] + (5 if rid == "R003"
                                                                              else 0))
            bundles.append(member.export_bundle(stick).path)
    window = MainWindow(settings, switcher, fonts=fonts)
    controller = ReviewerController(window, runner, kdf=CHEAP_KDF)
    case = team.create("R002", work / "case-leader")
    for item, pct in zip(items, PCTS, strict=False):
        case.score_item("A001", "onsite", item.id, pct)
    case.score_item("A002", "onsite", items[0].id, 60)
    case.set_panel_score("A001", "defense", "86.5")
    case.score_item("A001", "onsite", items[0].id, None,
                    "领导层确立了清晰的愿景并在各工厂展开。", "部分分厂的展开仍不均衡。")
    controller.set_case(case)
    window.resize(1366, 768)
    window.show()
    controller.open_applicant("A001")
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    assert view is not None
    view.table.setCurrentIndex(view.model.index(0, 3))
    leader = controller.leader
    assert leader is not None
    window.show_page("leader")
    leader.import_files(bundles)
    leader.open_applicant("A001")
    export = controller.export
    assert export is not None
    export.folder.setText(str(stick))
    for language in LANGUAGES:
        switcher.apply(language, remember=False)
        for key, name in (("applicants", "reviewer-applicants"),
                          ("scorebook", "reviewer-scorebook"),
                          ("export", "reviewer-export"),
                          ("leader", "reviewer-leader-divergence")):
            window.show_page(key)
            grab(window, name, language)
        refused(window, controller, language)
        window.show_page("export")
        export.start()  # the summary before anything is written
        box = export.confirm
        assert box is not None
        grab(box, "reviewer-export-summary", language)
        box.reject()
        window.show_page("start")
        grab(window, "start-page", language)
    switcher.apply("en", remember=False)
    window.close()
    controller.close()


def refused(window: MainWindow, controller: ReviewerController, language: str) -> None:
    """63 typed on an item whose step is 5 %: kept in its editor, the reason beside it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    window.show_page("scorebook")
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    assert view is not None
    table = view.table
    table.setCurrentIndex(view.model.index(view.model.row_of(framework().items[20].id), 3))
    table.setFocus()
    table.edit(table.currentIndex())
    QApplication.processEvents()
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    QTest.keyClicks(editors[0], "63")
    QTest.keyClick(editors[0], Qt.Key.Key_Return)
    QApplication.processEvents()
    grab(window, "reviewer-refused", language)
    if table.state() == QAbstractItemView.State.EditingState:
        for editor in table.viewport().findChildren(QLineEdit):
            if editor.isVisible():
                QTest.keyClick(editor, Qt.Key.Key_Escape)


def first_run(app: QApplication, work: Path) -> None:
    """The set-up wizard's pages a newcomer meets, in each language."""
    from desktop.services.identity import new_identity
    from desktop.ui.first_run import FINGERPRINT, PASSPHRASE, ROLE, FirstRunWizard

    settings = Settings.at(work / "first-run.ini")
    switcher = LanguageSwitcher(app, settings)
    window = MainWindow(settings, switcher, fonts=load_bundled_fonts())
    window.resize(1366, 768)
    window.show()
    phrase = "lantern orchard 47 Velvet"
    info = new_identity("R017", "王磊", phrase, folder=work / "identity", kdf=CHEAP_KDF)
    wizard = FirstRunWizard(InlineTaskRunner(), identity_folder=work / "identity",
                            kdf=CHEAP_KDF, parent=window, language=switcher, settings=settings)
    switcher.register(wizard)
    wizard.info, wizard.passphrase = info, phrase
    wizard.identity_page.display_name.setText("王磊")
    wizard.identity_page.reviewer_id.setText("R017")
    wizard.setModal(False)
    for language in LANGUAGES:
        switcher.apply(language, remember=False)
        for page, name in ((ROLE, "first-run"), (PASSPHRASE, "first-run-passphrase"),
                           (FINGERPRINT, "first-run-fingerprint")):
            wizard.setStartId(page)
            wizard.restart()
            if page == PASSPHRASE:
                wizard.passphrase_page.passphrase.setText(phrase)
                wizard.passphrase_page.confirm.setText(phrase)
            wizard.show()
            grab(wizard, f"reviewer-{name}", language)
    switcher.apply("en", remember=False)
    wizard.close()
    window.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    DOCS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        shell(language)
    reviewer(app, Path(tempfile.mkdtemp(prefix="scorebook-shots-")))
    first_run(app, Path(tempfile.mkdtemp(prefix="scorebook-shots-")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Issue 7: walking every widget of the main window in Chinese and in Mongolian finds no English
left. The window is the real shell with the reviewer's pages on a real case file (a team leader's,
so the team page is there too), every page shown in turn; and the same shell with the OFFICE
pages on the demo office workspace (a damaged bundle imported, so a refusal is on the import
page; a document previewed on the print page), every office page shown in turn. The walk reads
table cells, combo box items, rich text and the heatmap's painted legend too (tests/ui/helpers).

Allowed to stay Latin: proper names and ids from the case or the demo workspace (people,
organisations, credit codes, reviewer ids), digits, file names, "GB/T 19580-2012",
PDF/CSV/USB/JSON, the unit symbol MiB, the app's name and Qt's, and the language menu's
endonym "English".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.demo import PASSPHRASE
from desktop.services.office import applicants, reads, reviewers
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.settings import Settings
from desktop.ui.tasks import InlineTaskRunner
from tests.ui.helpers import untranslated, visible_texts
from tests.ui.office.conftest import demo, demo_source, wait_idle
from tests.ui.reviewer.world import NAMES, TEAM, make_team

__all__ = ["demo", "demo_source"]  # the office fixtures, used here too

LANGUAGES = ("zh_CN", "mn_Mong_CN")
# MiB: the IEC unit symbol, written so in Chinese and Mongolian text too (like GB/T, PDF).
ALLOWED_WORDS = {"GB", "T", "PDF", "CSV", "USB", "JSON", "Scorebook", "Qt", "English", "MiB",
                 "Excel", "WPS",  # the spreadsheet programs, named so in Chinese and Mongolian
                 "Ctrl", "Shift", "Alt"}  # as the keys of a Chinese keyboard are printed
PROPER = [*NAMES, *(name for _rid, name, _lead in TEAM), "Review Office"]
ID = re.compile(r"\b[ART]\d+\b|GB/T 19580-2012")
FILE = re.compile(r"[\w./-]*\.(?:sbk|sbp|sbb|pdf|csv|json|toml|png|xlsx|xlsm)\b|/[\w./-]+")
TAG = re.compile(r"<[^>]+>")
LATIN = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, proper: Sequence[str] = ()) -> list[str]:
    """Latin words of a text once names, ids, file names and markup are taken out."""
    text = TAG.sub(" ", text)
    for name in sorted([*PROPER, *proper], key=len, reverse=True):
        text = text.replace(name, " ")
    text = FILE.sub(" ", ID.sub(" ", text))
    return [w for w in LATIN.findall(text) if w not in ALLOWED_WORDS]


def test_the_filter_still_sees_english() -> None:
    assert english_words("保存 Save the PDF") == ["Save", "the"]
    assert english_words(f"评分记录：{NAMES[0]}（A001）<b>GB/T 19580-2012</b>") == []


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
           fonts: FontSet) -> Iterator[MainWindow]:
    settings = Settings.at(tmp_path / "settings.ini")
    win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    controller = ReviewerController(win, InlineTaskRunner(), identity_folder=tmp_path / "id",
                                    kdf=CHEAP_KDF)
    controller.set_case(make_team(tmp_path).create("R002", tmp_path / "case"))
    win.show()
    qtbot.waitExposed(win)
    controller.open_applicant("A001")
    yield win
    win.language.apply("en", remember=False)
    controller.close()


def _pages(window: MainWindow) -> list[str]:
    pages = (window.pages.widget(i) for i in range(window.pages.count()))
    return [page.objectName().removeprefix("page_") for page in pages if page is not None]


def _walk(window: MainWindow) -> dict[str, list[tuple[str, str]]]:
    """Every page (and every tab of a page) shown in turn; the texts of each."""
    found: dict[str, list[tuple[str, str]]] = {}
    for key in _pages(window):
        window.show_page(key)
        QApplication.processEvents()
        page = window.pages.currentWidget()
        tabs = page.findChildren(QTabWidget) if page is not None else []
        texts = visible_texts(window)
        for tab in tabs:
            for i in range(tab.count()):
                tab.setCurrentIndex(i)
                QApplication.processEvents()
                texts += visible_texts(window)
            tab.setCurrentIndex(0)
        found[key] = texts
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_left_in_the_main_window(window: MainWindow, language: str) -> None:
    assert {"start", "applicants", "scorebook", "export", "leader"} <= set(_pages(window))
    english = _walk(window)
    window.language.apply(language, remember=False)
    translated = _walk(window)
    problems: dict[str, object] = {}
    for key, texts in translated.items():
        assert len(texts) > 10, key
        same = untranslated(texts, english[key])
        same = [t for t in same if english_words(t)]
        words = sorted({(where, t) for where, t in texts if english_words(t)})
        if same or words:
            problems[key] = {"same as English": same, "English words": words}
    assert not problems, problems


def test_a_missing_translation_would_be_found(window: MainWindow) -> None:
    # the walk can fail: an English text planted on a page is reported
    window.language.apply("zh_CN", remember=False)
    window.setWindowTitle("Scorebook review window")
    texts = _walk(window)["start"]
    assert any(english_words(t) == ["review", "window"] for _w, t in texts)


# --- the office window --------------------------------------------------------------------------

OFFICE_PAGES = ("cycle", "applicants", "people", "conflicts", "packages", "import", "divergence",
                "consensus", "ranking", "vote", "notices", "print")


@pytest.fixture
def office_window(qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet,
                  demo: Path) -> Iterator[tuple[MainWindow, OfficeController]]:
    settings = Settings.at(tmp_path / "settings.ini")
    win = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    office = install_office(win)
    with qtbot.waitSignal(office.opened, timeout=30_000):
        assert office.open(OpenRequest(demo / "office", PASSPHRASE))
    win.show()
    qtbot.waitExposed(win)
    # a damaged bundle: refused and kept in quarantine, with its reason on the import page
    bundle = sorted((demo / "bundles").glob("*.sbb"))[0]
    damaged = tmp_path / "incoming" / "damaged.sbb"
    damaged.parent.mkdir()
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    win.show_page("office_import")
    wait_idle(qtbot, office, lambda: office.page("import").import_paths([damaged]))
    win.show_page("office_print")
    office.page("print").document.setCurrentIndex(
        office.page("print").document.findData("minutes"))
    wait_idle(qtbot, office, office.page("print").preview)
    yield win, office
    win.language.apply("en", remember=False)
    office.session.close()


def _demo_names(office: OfficeController) -> list[str]:
    """Proper names and codes the demo workspace holds (people, organisations, ids)."""
    ws = office.session.workspace
    found: list[str] = []
    for a in applicants.list_applicants(ws):
        found += [a.ref, a.name, a.credit_code or "", a.industry or ""]
    for r in reviewers.list_reviewers(ws):
        found += [r.reviewer, r.name, r.organisation or "",
                  r.fingerprint or ""]
    for team in reviewers.list_teams(ws):
        found += [team.name, *team.members]
    for m in reads.committee_members(ws):
        found += [m.name, m.organisation or ""]
    return [n for n in found if n]


def _walk_office(qtbot: QtBot, window: MainWindow, office: OfficeController
                 ) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for key in OFFICE_PAGES:
        window.show_page(f"office_{key}")
        QApplication.processEvents()
        qtbot.waitUntil(lambda: not office.session.busy, timeout=60_000)  # a preview redrawn
        QApplication.processEvents()
        page = window.pages.currentWidget()
        tabs = page.findChildren(QTabWidget) if page is not None else []
        texts = visible_texts(window)
        for tab in tabs:
            for i in range(tab.count()):
                tab.setCurrentIndex(i)
                QApplication.processEvents()
                texts += visible_texts(window)
            tab.setCurrentIndex(0)
        found[key] = texts
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_left_in_the_office_window(
        qtbot: QtBot, office_window: tuple[MainWindow, OfficeController], language: str) -> None:
    window, office = office_window
    proper = _demo_names(office)
    english = _walk_office(qtbot, window, office)
    assert any("damaged" in t for _w, t in english["import"])  # the refusal is on the page
    assert any("page ready" in t for _w, t in english["print"])
    window.language.apply(language, remember=False)
    translated = _walk_office(qtbot, window, office)
    problems: list[str] = []
    for key, texts in translated.items():
        assert len(texts) > 10, key
        same = [t for t in untranslated(texts, english[key]) if english_words(t, proper)]
        problems += [f"{key}: same as English: {t[:300]}" for t in same]
        problems += [f"{key}: {where}: {english_words(t, proper)}: {t[:300]}"
                     for where, t in sorted(set(texts)) if english_words(t, proper)]
    assert not problems, "\n".join(problems)

"""Issue 7: walking every widget of the main window in Chinese and in Mongolian finds no English
left. The window is the real shell with the reviewer's pages on a real case file (a team leader's,
so the team page is there too), every page shown in turn.

Allowed to stay Latin: proper names and ids from the case, digits, file names, "GB/T 19580-2012",
PDF/CSV/USB/JSON, the app's name and Qt's, and the language menu's endonym "English".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.settings import Settings
from desktop.ui.tasks import InlineTaskRunner
from tests.ui.helpers import untranslated, visible_texts
from tests.ui.reviewer.world import NAMES, TEAM, make_team

LANGUAGES = ("zh_CN", "mn_Mong_CN")
ALLOWED_WORDS = {"GB", "T", "PDF", "CSV", "USB", "JSON", "Scorebook", "Qt", "English"}
PROPER = [*NAMES, *(name for _rid, name, _lead in TEAM), "Review Office"]
ID = re.compile(r"\b[ART]\d+\b|GB/T 19580-2012")
FILE = re.compile(r"[\w./-]*\.(?:sbk|sbp|sbb|pdf|csv|json|toml|png)\b|/[\w./-]+")
TAG = re.compile(r"<[^>]+>")
LATIN = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """Latin words of a text once names, ids, file names and markup are taken out."""
    text = TAG.sub(" ", text)
    for name in PROPER:
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

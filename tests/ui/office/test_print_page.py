"""One office printing path: for every document the window's Print page offers, the PDF saved
from the page (driving its widgets: document, options, preview, save) and the PDF that
``scorebook print KIND --office DIR`` writes read back to the same text, and are the same bytes
apart from the PDF's own dates and id; the minutes print for every award category that has a
vote, and for all of them at once."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.cli.main import main
from desktop.domain.redaction import Audience
from desktop.i18n import current_language
from desktop.reports.documents import common as document_common
from desktop.services.demo import PASSPHRASE, SECRET, DemoResult, run_demo
from desktop.services.office import reads
from desktop.services.printing import OFFICE_KINDS
from desktop.services.programmes import programme
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest
from desktop.ui.office.printing import PrintPage
from tests.reports.conftest import ReadBack, read_back
from tests.services.printing_demo import PrintingDemo, build
from tests.ui.office.conftest import wait_idle

NOW = datetime(2025, 10, 9, 15, 45)  # "now" for both sides: the footer prints it
# what two renderings of the same document may differ in: the PDF's own dates and id
PDF_STAMPS = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[<[0-9a-f]+><[0-9a-f]+>\]")
TWO_AWARDS = "hohhot-mayor"  # two award categories (organisation, individual), each voted on
OPTION_FLAGS = {"applicant": "--applicant", "stage": "--stage", "reviewer": "--reviewer",
                "award": "--award", "notice": "--notice"}


class _Frozen(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _Frozen:
        return cls(NOW.year, NOW.month, NOW.day, NOW.hour, NOW.minute)


@pytest.fixture(scope="session")
def printing_demo(tmp_path_factory: pytest.TempPathFactory) -> PrintingDemo:
    return build(tmp_path_factory)


@pytest.fixture
def demo(printing_demo: PrintingDemo, tmp_path: Path) -> Path:
    """The office of the printing demo (secrets declared, quoted and marked; eligibility facts;
    a team consensus), copied: the window opens it (``office`` fixture), the CLI reads it."""
    target = tmp_path / "demo"
    shutil.copytree(printing_demo.office, target / "office")
    return target


@pytest.fixture(scope="session")
def two_awards(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """A demo cycle with two award categories, each voted on (organisation, individual)."""
    return run_demo(tmp_path_factory.mktemp("two-awards") / "demo", TWO_AWARDS, 1)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_common, "datetime", _Frozen)
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)


def _page(window: MainWindow, office: OfficeController) -> PrintPage:
    window.show_page("office_print")
    page = office.page("print")
    assert isinstance(page, PrintPage)
    return page


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, (combo.accessibleName(), value,
                        [combo.itemData(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


def _through_the_window(qtbot: QtBot, office: OfficeController, page: PrintPage, kind: str,
                        out: Path, audience: str | None = None, recipient: str = "",
                        **options: str) -> dict[str, str]:
    """Choose the document and options on the page, preview, save; the options as shown (the
    page's own choices where the caller gave none) for the command line."""
    _choose(page.document, kind)
    if audience is not None:
        _choose(page.audience, audience)
    page.recipient.setText(recipient)
    chosen: dict[str, str] = {}
    for name in OFFICE_KINDS[kind]:
        widget = page.fields[name]
        assert widget.isVisibleTo(page), name
        if name == "copies":
            page.copies.setValue(int(options.get(name, 0)))
            if page.copies.value():
                chosen[name] = str(page.copies.value())
            continue
        assert isinstance(widget, QComboBox)
        if name in options:
            _choose(widget, options[name])
        value = widget.currentData()
        if value:
            chosen[name] = str(value)
    hidden = set(page.fields) - set(OFFICE_KINDS[kind])
    assert not any(page.fields[name].isVisibleTo(page) for name in hidden)
    wait_idle(qtbot, office, page.preview)
    assert not page.message.is_error(), page.message.text()
    assert page.rendered is not None and page.page_labels
    assert not page.page_labels[0].pixmap().isNull()
    assert page.save_to(out) == out and not page.message.is_error()
    chosen["audience"] = str(page.audience.currentData())
    return chosen


def _through_the_cli(folder: Path, kind: str, chosen: dict[str, str], recipient: str,
                     out: Path) -> None:
    argv = ["--lang", current_language(), "print", kind, "--office", str(folder),
            "--out", str(out), "--audience", chosen["audience"]]
    if recipient:
        argv += ["--recipient", recipient]
    for name, value in chosen.items():
        if name == "copies":
            argv += ["--copies", value]
        elif name in OPTION_FLAGS:
            argv += [OPTION_FLAGS[name], value]
    assert main(argv) == 0, argv


def _same(window_pdf: Path, cli_pdf: Path) -> ReadBack:
    a, b = read_back(window_pdf), read_back(cli_pdf)
    assert a.pages == b.pages and a.text.strip()
    assert a.text == b.text
    assert a.pypdf_text == b.pypdf_text
    assert PDF_STAMPS.sub(b"", a.raw) == PDF_STAMPS.sub(b"", b.raw)
    return a


# every document the page offers, with the options a person would choose: the page's own
# choices where none are given (the first applicant, the first stage scored by items …)
def _cases(demo: PrintingDemo) -> list[tuple[str, str | None, str, dict[str, str]]]:
    ref = demo.applicant_ref
    return [
        ("ranking", None, "", {}),
        ("ranking", "external", "", {}),
        ("ballots", None, "", {}),
        ("ballots", None, "", {"award": "hitech", "copies": "2"}),
        ("minutes", None, "评审办公室 王敏", {}),
        ("notice", None, "", {}),
        ("feedback", None, "", {"applicant": ref, "stage": "material"}),
        ("feedback", "internal", "Office clerk Li", {"applicant": ref}),
        ("consensus", None, "", {"applicant": ref, "stage": "onsite"}),
        ("score-sheet", None, "", {"applicant": ref, "stage": "material", "reviewer": "R01"}),
        ("score-sheet", "internal", "", {"applicant": ref, "stage": "material",
                                         "reviewer": "R01"}),
        ("eligibility", None, "", {"applicant": ref}),
        ("summary-report", None, "", {}),
        ("blank-sheet", None, "", {}),
        ("blank-sheet", None, "", {"applicant": ref, "stage": "onsite"}),
    ]


def test_the_window_and_the_cli_print_the_same_documents(
        qtbot: QtBot, office: OfficeController, window: MainWindow, demo: Path,
        printing_demo: PrintingDemo, tmp_path: Path) -> None:
    page = _page(window, office)
    offered = [page.document.itemData(i) for i in range(page.document.count())]
    assert offered == list(OFFICE_KINDS)
    cases = _cases(printing_demo)
    # the team's review report: tests/ui/office/test_print_review_reports.py (teams reported)
    assert {kind for kind, *_rest in cases} == set(offered) - {"review-report"}
    (tmp_path / "window").mkdir()
    (tmp_path / "cli").mkdir()
    for n, (kind, audience, recipient, options) in enumerate(cases):
        name = f"{n:02d}-{kind}.pdf"
        chosen = _through_the_window(qtbot, office, page, kind, tmp_path / "window" / name,
                                     audience, recipient, **options)
        _through_the_cli(demo / "office", kind, chosen, recipient, tmp_path / "cli" / name)
        doc = _same(tmp_path / "window" / name, tmp_path / "cli" / name)
        assert "Generated 2025-10-09 15:45" in doc.text  # the footer, at the frozen time
        if chosen["audience"] == Audience.EXTERNAL.value:
            assert SECRET not in doc.text.replace("\n", "")
        if recipient:
            assert recipient in doc.text
    # the page's own choices are the command line's defaults
    _choose(page.document, "feedback")
    assert page.audience.currentData() == "external"  # the applicant's copy
    _choose(page.document, "consensus")
    _choose(page.applicant, printing_demo.applicant_ref)
    assert page.stage.currentData() == "onsite" and page.audience.currentData() == "internal"
    _choose(page.document, "score-sheet")
    _choose(page.applicant, printing_demo.applicant_ref)
    _choose(page.stage, "material")
    names = [page.reviewer.itemText(i) for i in range(page.reviewer.count())]
    assert names and not any(re.fullmatch(r"R\d+", n) for n in names)  # names, not ids
    assert "R01" in [page.reviewer.itemData(i) for i in range(page.reviewer.count())]


def test_a_changed_option_withdraws_the_preview_and_a_refusal_is_said(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    page = _page(window, office)
    _choose(page.document, "ranking")
    wait_idle(qtbot, office, page.preview)
    assert page.rendered is not None and page.save_button.isEnabled()
    _choose(page.audience, "external")  # the preview shown is no longer what would print
    assert page.rendered is None and not page.save_button.isEnabled() and not page.page_labels
    assert page.save_to(tmp_path / "x.pdf") is None and not (tmp_path / "x.pdf").exists()
    choices = page.choices
    assert choices is not None
    _choose(page.document, "eligibility")  # only the applicant with recorded facts
    assert [page.applicant.itemData(i) for i in range(page.applicant.count())] == \
        list(choices.eligibility)
    # a recipient the bundled fonts cannot print is refused, in words, and nothing is shown
    _choose(page.document, "ranking")
    page.recipient.setText("Li \U0001F600")
    wait_idle(qtbot, office, page.preview)
    assert page.message.is_error() and "U+1F600" in page.message.text()
    assert page.rendered is None and not page.save_button.isEnabled()


@pytest.fixture
def two_award_office(qtbot: QtBot, window: MainWindow, two_awards: DemoResult,
                     tmp_path: Path) -> Iterator[tuple[OfficeController, Path]]:
    folder = tmp_path / "two" / "office"
    shutil.copytree(two_awards.workspace, folder)
    controller = install_office(window)
    with qtbot.waitSignal(controller.opened, timeout=30_000):
        assert controller.open(OpenRequest(folder, PASSPHRASE))
    window.show()
    yield controller, folder
    controller.session.close()


def test_minutes_print_for_every_award_category_with_a_vote(
        qtbot: QtBot, window: MainWindow, two_award_office: tuple[OfficeController, Path],
        tmp_path: Path) -> None:
    office, folder = two_award_office
    voted = set(reads.latest_votes(office.session.workspace))
    assert voted == {"organisation", "individual"}
    page = _page(window, office)
    _choose(page.document, "ballots")
    _choose(page.award, "individual")
    _choose(page.document, "minutes")
    assert page.award.currentData() == ""  # the command line's default: every category
    entries = {page.award.itemData(i): page.award.itemText(i) for i in range(page.award.count())}
    assert set(entries) == {"", *voted}  # each category, and all at once (the CLI's default)
    awards = {a: programme(TWO_AWARDS).award(a).name_en for a in voted}
    for a in voted:
        assert entries[a] == awards[a]  # named, not ids
    for n, award in enumerate(entries):
        out_w, out_c = tmp_path / f"w{n}.pdf", tmp_path / f"c{n}.pdf"
        chosen = _through_the_window(qtbot, office, page, "minutes", out_w, award=award)
        assert chosen.get("award") == (award or None)
        _through_the_cli(folder, "minutes", chosen, "", out_c)
        doc = _same(out_w, out_c)
        flat = " ".join(doc.text.split())
        shown = {a for a in voted if awards[a] in flat}
        assert shown == ({award} if award else voted), (award, shown)


def test_the_same_minutes_in_chinese(qtbot: QtBot, office: OfficeController,
                                     window: MainWindow, demo: Path, tmp_path: Path) -> None:
    page = _page(window, office)
    window.language.apply("zh_CN", remember=False)
    try:
        chosen = _through_the_window(qtbot, office, page, "minutes", tmp_path / "w.pdf")
        _through_the_cli(demo / "office", "minutes", chosen, "", tmp_path / "c.pdf")
        doc = _same(tmp_path / "w.pdf", tmp_path / "c.pdf")
        assert "表决记录" in doc.text and "Vote minutes" not in doc.text
    finally:
        window.language.apply("en", remember=False)

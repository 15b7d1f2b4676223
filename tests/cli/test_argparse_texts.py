"""argparse's own texts through the memo (``cli.argparse_texts``): the same answers as the plain
look-up, and an answer kept for one environment or text domain is not given for another."""

from __future__ import annotations

import argparse
import gettext
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from desktop.cli import argparse_texts


def test_the_memo_answers_as_gettext_does() -> None:
    look_up = argparse_texts.memo(gettext.gettext)
    plural = argparse_texts.memo(gettext.ngettext)
    for text in ("usage: ", "options", "show this help message and exit", "positional arguments"):
        assert look_up(text) == gettext.gettext(text) == look_up(text)
    for n in (1, 2):
        assert plural("ambiguous option: %(option)s could match %(matches)s",
                      "ambiguous options", n) == gettext.ngettext(
            "ambiguous option: %(option)s could match %(matches)s", "ambiguous options", n)


def test_a_changed_environment_or_domain_is_looked_up_again(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    catalog = Catalog(locale="de")
    catalog.add("usage: ", "Aufruf: ")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "argtest.mo").open("wb") as fh:
        write_mo(fh, catalog)
    monkeypatch.setattr(gettext, "_localedirs", dict(gettext._localedirs))  # type: ignore[attr-defined]
    monkeypatch.setattr(gettext, "_current_domain", gettext.textdomain())
    for name in argparse_texts.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    look_up = argparse_texts.memo(gettext.gettext)
    monkeypatch.setenv("LANGUAGE", "de")
    assert look_up("usage: ") == "usage: "  # the default domain has no German catalogue here
    gettext.bindtextdomain("argtest", str(tmp_path))
    gettext.textdomain("argtest")
    assert look_up("usage: ") == "Aufruf: "  # another domain: looked up again
    monkeypatch.setenv("LANGUAGE", "en")
    assert look_up("usage: ") == "usage: "  # another language: looked up again
    monkeypatch.setenv("LANGUAGE", "de")
    assert look_up("usage: ") == "Aufruf: "


def test_install_wraps_argparse_once() -> None:
    argparse_texts.install()
    first = argparse._  # type: ignore[attr-defined]
    argparse_texts.install()
    assert argparse._ is first  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


def test_building_asks_the_terminal_once_and_puts_it_back(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import os
    import shutil

    from desktop.cli.main import build_parser

    asked: list[int] = []
    plain = shutil.get_terminal_size

    def counting(fallback: tuple[int, int] = (80, 24)) -> os.terminal_size:
        asked.append(1)
        return plain(fallback)

    monkeypatch.setattr(shutil, "get_terminal_size", counting)
    with argparse_texts.building():
        build_parser("case", every=False)
    assert len(asked) == 1
    assert shutil.get_terminal_size is counting  # put back


@pytest.mark.parametrize("columns", ["40", "100", "180"])
def test_help_is_laid_out_for_the_terminal_as_it_is_when_printed(
        columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.cli.main import build_parser

    monkeypatch.setenv("COLUMNS", "120")  # while building
    built = build_parser("case", every=False)
    monkeypatch.setenv("COLUMNS", columns)  # when the help is printed
    plain = argparse.ArgumentParser(prog="scorebook")
    sub = plain.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from desktop.cli import case, case_findings, team, team_findings

    for module in (case, case_findings, team, team_findings):
        module.register(sub)
    plain.description = built.description
    case_help = [a for a in built._actions if isinstance(a, argparse._SubParsersAction)]
    plain_help = [a for a in plain._actions if isinstance(a, argparse._SubParsersAction)]
    assert case_help[0].choices["case"].format_help() == \
        plain_help[0].choices["case"].format_help()
    assert max(len(line) for line in case_help[0].choices["case"].format_help().splitlines()) \
        <= int(columns)

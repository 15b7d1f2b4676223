"""The CLI's running text in the language's punctuation: lists of applicants ("A001 甲公司,
A002 乙公司" in English, 、 in Chinese, ᠂ in Mongolian) and the passphrase prompts (： ᠄)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator

import pytest

from desktop import i18n
from desktop.cli.common import PASSPHRASE_ENV, read_passphrase
from desktop.cli.main import main
from desktop.cli.office_recusals import recused_line
from desktop.cli.office_text import applicant_list, stage_weights
from desktop.cli.programmes import summary
from desktop.services.office.results_decide import Recusal
from desktop.services.programmes import programme as programme_named

NAMES = {"A001": "甲稀土有限公司", "A002": "乙科技有限公司"}


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "A001 甲稀土有限公司, A002 乙科技有限公司"),
    ("zh_CN", "A001 甲稀土有限公司、A002 乙科技有限公司"),
    ("mn_Mong_CN", "A001 甲稀土有限公司᠂ A002 乙科技有限公司"),
])
def test_applicants_listed_in_the_language(language: str, expected: str) -> None:
    i18n.set_language(language)
    assert applicant_list(["A001", "A002"], NAMES) == expected
    assert applicant_list([], NAMES) == "–"


@pytest.mark.parametrize(("language", "ends"), [
    ("en", ": "), ("zh_CN", "："), ("mn_Mong_CN", "᠄ ")])
def test_the_passphrase_prompts_end_in_the_language(monkeypatch: pytest.MonkeyPatch,
                                                    language: str, ends: str) -> None:
    # a terminal is needed to type a passphrase: the prompt text is what is checked here
    i18n.set_language(language)
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return "correct horse battery"

    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(getpass, "getpass", typed)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    args = argparse.Namespace(passphrase_file=None)
    assert read_passphrase(args, confirm=True) == "correct horse battery"
    assert len(prompts) == 2 and all(p.endswith(ends) for p in prompts), prompts
    assert prompts[0] == i18n._("Passphrase") + ends


@pytest.mark.parametrize(("language", "band", "programme"), [
    ("en", "1: 0–5%", "nmg-chairman: 内蒙古"),
    ("zh_CN", "1：0–5%", "nmg-chairman：内蒙古"),
    ("mn_Mong_CN", "1᠄ 0–5%", "nmg-chairman᠄ 内蒙古"),
])
def test_bands_and_programme_heads_in_the_language(capsys: pytest.CaptureFixture[str],
                                                   language: str, band: str,
                                                   programme: str) -> None:
    assert main(["--lang", language, "criteria", "show"]) == 0
    assert band in capsys.readouterr().out
    i18n.set_language(language)
    assert summary(programme_named("nmg-chairman")).splitlines()[0].startswith(programme)


@pytest.mark.parametrize(("language", "comma"), [("en", ", "), ("zh_CN", "、"),
                                                 ("mn_Mong_CN", "᠂ ")])
def test_recusals_and_stage_weights_in_the_language(language: str, comma: str) -> None:
    i18n.set_language(language)
    recused = [Recusal("R3", "kinship", "bundle"), Recusal("R5", "employment", "office")]
    line = recused_line(recused)
    assert line.count(comma) == 3, line
    weights = stage_weights(programme_named("nmg-chairman"), {"material": "0.4", "onsite": "0.6"})
    assert weights.count(comma) == 1, weights

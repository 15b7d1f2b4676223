"""The self-test's summary of failed steps in Chinese and Mongolian punctuation: "甲（…）；乙（…）"
joins with ；/᠂, and a skipped step's missing steps with 、/᠂ — no ASCII ; or , between them."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from desktop import i18n, selftest
from desktop.domain.messages import N_


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _broken(ctx: selftest.Context) -> str:
    raise selftest.StepFailed("x")


@pytest.mark.parametrize(("language", "clause", "item"), [
    ("en", "; ", ", "), ("zh_CN", "；", "、"), ("mn_Mong_CN", "᠂ ", "᠂ ")])
def test_failed_and_missing_steps_joined_in_the_language(language: str, clause: str,
                                                          item: str) -> None:
    i18n.set_language(language)
    extra = [selftest.Step("one", N_("write to the stick"), _broken, ()),
             selftest.Step("two", N_("read the stick back"), _broken, ()),
             selftest.Step("three", N_("Self-test"), lambda ctx: "", ("one", "two"))]
    out = io.StringIO()
    assert selftest.run(out, extra_steps=extra) == 1
    text = out.getvalue()
    one, two = i18n._("write to the stick"), i18n._("read the stick back")
    assert f"{one} (x){clause}{two} (x)" in text, text
    assert f"{one}{item}{two}" in text, text

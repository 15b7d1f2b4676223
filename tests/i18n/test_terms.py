"""The fallback term lists of the printed documents agree with the catalogs (the catalog wins)."""

from __future__ import annotations

import tomllib

import pytest
from babel.messages.pofile import read_po

from desktop.i18n import build, catalog_dir

FILES = {"mn_Mong_CN": "mn_terms.toml", "zh_CN": "zh_terms.toml"}


@pytest.mark.parametrize(("locale", "name"), FILES.items())
def test_term_lists_repeat_the_catalog(locale: str, name: str) -> None:
    with build.po_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    terms = tomllib.loads((catalog_dir() / name).read_text(encoding="utf-8"))["terms"]
    assert len(terms) > 30
    differ = {}
    for key, value in terms.items():
        message = catalog.get(key)
        if message is not None and message.string and message.string != value:
            differ[key] = (value, message.string)
    assert not differ, differ


def test_reported_mongolian_discrepancies_are_gone() -> None:
    text = (catalog_dir() / "mn_terms.toml").read_text(encoding="utf-8")
    for wrong in ("ᠱᠠᠭᠨᠠᠯ", "ᠬᠡᠤᠳᠠᠰᠤ", "ᠮᠡᠳᠦᠭᠦᠯᠦᠭᠴᠢ", "ᠠᠬᠠᠯᠠᠭᠴᠢ"):
        assert wrong not in text
    assert "ᠱᠠᠩᠨᠠᠯ" in text and "ᠬᠠᠭᠤᠳᠠᠰᠤ" in text and "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ" in text

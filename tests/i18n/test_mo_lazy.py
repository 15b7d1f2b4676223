"""The lazily read catalog answers exactly as ``gettext.GNUTranslations`` on the same file."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from desktop.i18n import DOMAIN, catalog_dir
from desktop.i18n.mo_lazy import LazyTranslations


def _both(data: bytes) -> tuple[gettext.GNUTranslations, LazyTranslations]:
    return gettext.GNUTranslations(io.BytesIO(data)), LazyTranslations(data)


def _same(gnu: gettext.GNUTranslations, lazy: LazyTranslations, keys: list[object]) -> None:
    for key in keys:
        if isinstance(key, tuple):
            msgid = key[0]
            context, _sep, singular = msgid.rpartition("\x04")
            for n in (0, 1, 2, 3, 5, 11, 21, 101):
                if context:
                    assert lazy.npgettext(context, singular, "P", n) == \
                        gnu.npgettext(context, singular, "P", n)
                else:
                    assert lazy.ngettext(msgid, "P", n) == gnu.ngettext(msgid, "P", n)
            assert lazy.gettext(msgid) == gnu.gettext(msgid)
        else:
            assert isinstance(key, str)
            context, _sep, message = key.rpartition("\x04")
            if context:
                assert lazy.pgettext(context, message) == gnu.pgettext(context, message)
            assert lazy.gettext(key) == gnu.gettext(key)


@pytest.mark.parametrize("language", ["zh_CN", "mn_Mong_CN"])
def test_every_entry_of_our_catalogs(language: str) -> None:
    data = (catalog_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    gnu, lazy = _both(data)
    keys = list(gnu._catalog)  # type: ignore[attr-defined]
    assert len(keys) > 1000
    _same(gnu, lazy, keys)
    for missing in ("not in any catalog", "", "Open case file…x", "\udc80"):
        assert lazy.gettext(missing) == gnu.gettext(missing)
        assert lazy.ngettext(missing, "many", 2) == gnu.ngettext(missing, "many", 2)
    assert lazy.info() == gnu.info() and lazy.charset() == gnu.charset()


def test_plurals_contexts_and_a_fallback(tmp_path: Path) -> None:
    catalog = Catalog(locale="ru", domain="t")  # three plural forms
    catalog.add("file", "файл")
    catalog.add(("{n} file", "{n} files"), ("{n} файл", "{n} файла", "{n} файлов"))
    catalog.add(("only plural", "only plurals"), ("одна", "две", "много"))
    catalog.add("Open", "Открыть", context="menu")
    catalog.add(("{n} row", "{n} rows"), ("{n} ряд", "{n} ряда", "{n} рядов"), context="grid")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    gnu, lazy = _both(buf.getvalue())
    _same(gnu, lazy, list(gnu._catalog))  # type: ignore[attr-defined]
    assert lazy.gettext("only plural") == gnu.gettext("only plural") == "одна"  # the form for 1
    assert lazy.ngettext("{n} file", "{n} files", 5) == "{n} файлов"
    assert lazy.pgettext("menu", "Open") == "Открыть"
    back = gettext.NullTranslations()
    lazy.add_fallback(back)
    assert lazy.gettext("absent") == "absent" and lazy.ngettext("a", "b", 5) == "b"


def test_a_file_that_is_not_a_catalog() -> None:
    with pytest.raises(OSError):
        LazyTranslations(b"not a catalog at all")

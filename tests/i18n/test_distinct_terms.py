"""Terms that stand side by side on one screen or sheet must not read the same in a language:
an item's maximum points beside the score given, a completeness bar beside a process item, the
team leader beside the committee chair, an interim bundle beside a passphrase rated fair."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from desktop.i18n.build import po_path

APART = [("Points", "Score"), ("Progress", "process"), ("Leader", "Chair"),
         ("interim", "final"), ("interim", "Fair")]


@pytest.mark.parametrize("locale", ["zh_CN", "mn_Mong_CN"])
@pytest.mark.parametrize(("one", "other"), APART)
def test_side_by_side_terms_differ(locale: str, one: str, other: str) -> None:
    with po_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    a, b = catalog.get(one), catalog.get(other)
    assert a is not None and b is not None, f"{one!r} or {other!r} is not in the catalog"
    assert a.string and b.string
    assert a.string != b.string, f"{locale}: {one!r} and {other!r} both read {a.string!r}"

"""Every translatable string is seen by extraction: a ``_("…")`` call written inside an
f-string's braces is missed by the extractor (babel does not look into f-strings), so its
text would never reach the catalogs. This scan fails on any such call under desktop/."""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
TRANSLATORS = {"_", "N_", "ngettext", "gettext"}


def calls_in_fstrings(source: str, name: str = "<source>") -> list[str]:
    """``file:line`` of each translation call inside an f-string's replacement fields."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for part in node.values:
            if not isinstance(part, ast.FormattedValue):
                continue
            for inner in ast.walk(part.value):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and \
                        inner.func.id in TRANSLATORS and inner.args and \
                        isinstance(inner.args[0], ast.Constant):  # a literal: to extract
                    found.append(f"{name}:{inner.lineno}")
    return found


def test_the_scan_finds_a_call_in_an_fstring() -> None:
    assert calls_in_fstrings("x = f\"<p>{_('declared')}</p>\"") == ["<source>:1"]
    assert calls_in_fstrings("x = f\"<p>{html.escape(ngettext('a', 'b', n))}</p>\"") == \
        ["<source>:1"]
    assert calls_in_fstrings("t = _('declared')\nx = f'<p>{t}</p>'") == []
    assert calls_in_fstrings("x = f'<p>{_(NAMES[key])}</p>'") == []  # nothing to extract


def test_no_translation_call_inside_an_fstring() -> None:
    found = []
    for path in sorted(DESKTOP.rglob("*.py")):
        found += calls_in_fstrings(path.read_text(encoding="utf-8"),
                                   str(path.relative_to(DESKTOP.parent)))
    assert not found, f"move these _() calls out of the f-strings: {found}"

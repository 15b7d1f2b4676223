"""No dead code in desktop/ (issue 25): every function, class and method of a desktop module,
and every name a module assigns at its top level (a constant, an alias), is named somewhere in
the code besides its own definition — called, imported, subclassed, passed, or named in a
string (a Qt slot, ``getattr``, an entry point) — in desktop/, tests/, bench/, tools/ or
packaging/ (or in pyproject.toml). Docstrings and comments do not count, nor does a module's
own ``__all__``. Alembic migrations (``upgrade``, ``downgrade``: Alembic calls them) are left
out, and so are dunder methods and the framework hooks listed in ``HOOKS``.

The check reads the source as text (a regular expression over it, not a parse: it runs in a
fraction of a second), so a name that a string or another thing of the same name mentions
passes; what it catches is a function, method or constant that nothing names at all."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHED = ("desktop", "tests", "bench", "tools", "packaging")
TEXT_FILES = ("pyproject.toml", "packaging/scorebook.spec")  # entry points, hidden imports

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Docstrings and other triple-quoted text, and comments: prose, not code.
PROSE = re.compile(r'(?s)""".*?"""|\'\'\'.*?\'\'\'|#[^\n]*')
EXPORTS = re.compile(r"(?ms)^__all__\s*[:+]?=.*?\]")
# A function, class or method (at any depth), or a name a module assigns at its top level.
DEFINED = re.compile(r"^[ \t]*(?:(?:async[ \t]+def|def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)"
                     r"|^([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=))", re.M)

# Called by a framework by their name, never by ours: Qt's virtual methods, SQLAlchemy's hooks.
HOOKS: dict[str, str] = {
    "isComplete": "QWizardPage", "contextMenuEvent": "QWidget",
    "setEditorData": "QStyledItemDelegate", "setModelData": "QStyledItemDelegate",
    "takeAt": "QLayout", "expandingDirections": "QLayout",
    "load_dialect_impl": "sqlalchemy TypeDecorator",
    "_on_connect": "sqlalchemy event listener", "_on_begin": "sqlalchemy event listener",
}
# Dead, in modules another session changes this round: remove each there, then here (an entry
# whose name is gone is left for the next change of this file to drop).
PENDING: dict[str, str] = {}
ALLOWED = {**HOOKS, **PENDING}


def _name(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2)


def _code(text: str) -> str:
    """``text`` without its prose and its ``__all__`` (what names things in earnest)."""
    def blank(m: re.Match[str]) -> str:
        return " " + "\n" * m.group().count("\n")  # the lines stay where they were

    return EXPORTS.sub(blank, PROSE.sub(blank, text))


def unreferenced(root: Path) -> list[str]:
    """``path:line name`` of each function, class, method or top-level name of desktop/
    (migrations aside) that nothing names besides its own definition."""
    seen: dict[str, int] = {}  # name -> how many files name it
    defined: list[tuple[Path, str, int, str]] = []
    for top in SEARCHED:
        for path in sorted((root / top).rglob("*.py")):
            code = _code(path.read_text(encoding="utf-8"))
            for name in set(IDENT.findall(code)):
                seen[name] = seen.get(name, 0) + 1
            if top == "desktop" and "migrations" not in path.parts:
                defined.extend((path, _name(m), code.count("\n", 0, m.start()) + 1, code)
                               for m in DEFINED.finditer(code)
                               if not _name(m).startswith("__"))
    for rel in TEXT_FILES:
        if (root / rel).is_file():
            for name in set(IDENT.findall((root / rel).read_text(encoding="utf-8"))):
                seen[name] = seen.get(name, 0) + 1
    out = []
    for path, name, line, code in defined:
        if name in ALLOWED or seen.get(name, 0) > 1:
            continue  # another file names it
        if len(re.findall(rf"\b{re.escape(name)}\b", code)) > 1:
            continue  # its own module uses it
        out.append(f"{path.relative_to(root).as_posix()}:{line} {name}")
    return sorted(out)


def test_every_function_method_and_constant_is_used() -> None:
    assert unreferenced(ROOT) == [], "dead code (remove it, or say in ALLOWED why it lives)"


def test_the_hooks_listed_exist() -> None:
    """(A ``PENDING`` entry may outlive its name by a commit: whoever removes the dead code
    need not touch this file at the same time.)"""
    defined = {_name(m) for path in (ROOT / "desktop").rglob("*.py")
               for m in DEFINED.finditer(path.read_text(encoding="utf-8"))}
    assert set(HOOKS) <= defined


def test_planted_dead_code_is_found(tmp_path: Path) -> None:
    files = {
        "desktop/__init__.py": "",
        "desktop/services/__init__.py": "",
        "desktop/services/a.py": (
            '"""Module. ``dead`` is mentioned here."""\n'
            "def dead():\n"
            "    return dead_too()  # calls dead_too, not dead\n"
            "def dead_too():\n    pass\n"
            "def helper():\n    return 1\n"
            "def used():\n    return helper()\n"
            "class Slot:\n"
            "    def __init__(self):\n        pass\n"
            "    def shown(self):\n        return 1\n"  # b calls it
            "    def lonely(self):\n        return 2\n"
            "    def isComplete(self):\n        return True\n"  # Qt calls it
            "LIMIT: int = 3\n"  # used in its own module
            "UNUSED = 4\n"
            "T = 5\n"
            "def g(x: int = T) -> bool:\n    return x == LIMIT\n"
            "__all__ = ['Dead', 'dead', 'used', 'helper', 'Slot']\n"
            "class Dead:\n"
            '    """Nobody uses ``Dead``."""\n'),
        "desktop/ui/__init__.py": "",
        "desktop/ui/b.py": (
            "from desktop.services.a import used\n"
            "x = getattr(y, 'Slot')\nprint(used(), g(), x().shown())\n"
            "# dead is named in this comment only\n"),
        "desktop/models/migrations/versions/v1.py": "def downgrade():\n    pass\n",
    }
    for rel, body in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    assert unreferenced(tmp_path) == sorted(f"desktop/services/a.py:{where}" for where in (
        "2 dead", "15 lonely", "20 UNUSED", "25 Dead"))

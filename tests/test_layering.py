"""The layering rule: only desktop/ui touches Qt; the domain touches neither Qt nor SQLAlchemy;
desktop/ui and desktop/cli use only the services (no database, models, crypto or documents)."""

from __future__ import annotations

import ast
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import desktop

ROOT = Path(__file__).resolve().parent.parent


def _modules(prefix: str) -> list[str]:
    names = []
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        name = info.name
        # Alembic scripts run against a live migration context, and __main__ runs the CLI.
        if name.startswith("desktop.ui") or ".migrations" in name or name.endswith("__main__"):
            continue
        if name.startswith(prefix):
            names.append(name)
    return names


def _loaded_after_import(modules: list[str], probes: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(','.join(p for p in {probes!r} if p in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return [p for p in out.stdout.strip().split(",") if p]


def test_everything_outside_ui_imports_without_qt() -> None:
    modules = _modules("desktop.")
    assert "desktop.domain.scoring" in modules and "desktop.cli.main" in modules
    assert _loaded_after_import(modules, ["PySide6", "shiboken6"]) == []


def test_domain_imports_neither_qt_nor_sqlalchemy() -> None:
    modules = _modules("desktop.domain")
    assert len(modules) >= 3
    assert _loaded_after_import(modules, ["PySide6", "sqlalchemy", "sqlcipher3"]) == []


def test_probe_detects_a_qt_import() -> None:
    # The check itself can fail: importing a Qt module is seen.
    assert _loaded_after_import(["PySide6.QtCore"], ["PySide6"]) == ["PySide6"]


# --- the services are the only API of desktop/ui and desktop/cli (issue 15) ----------------------
#
# ruff enforces it: desktop/ui/ruff.toml and desktop/cli/ruff.toml extend pyproject.toml with a
# banned-api list (TID251), so `make lint` (ruff check .) fails on any import of these modules,
# lazy ones in functions included. The AST check below is the same rule for what ruff cannot
# see: a module named in a string (importlib.import_module, __import__).

BANNED = ("sqlalchemy", "desktop.models", "desktop.crypto", "desktop.reports.documents")
SERVICES_ONLY = ("desktop/ui", "desktop/cli")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _banned(name: str) -> str | None:
    return next((b for b in BANNED if name == b or name.startswith(b + ".")), None)


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` of an attribute chain on a plain name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def banned_uses(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) of every use of a banned module in ``source``, a module of ``package``:
    imports in any spelling (``import a.b as c``, ``from a import b``, relative, in a function),
    attribute chains (``desktop.crypto.keys.x``) and module names in strings."""
    found: dict[int, str] = {}  # one a line: the shortest banned name used on it

    def check(name: str | None, line: int) -> None:
        if name and _banned(name) and len(name) < len(found.get(line, name + ".")):
            found[line] = name

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] +
                                ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for name in (base, *(f"{base}.{alias.name}" for alias in node.names)):
                check(name, node.lineno)
        elif isinstance(node, ast.Attribute):
            check(_dotted(node), node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.strip()
            if _DOTTED.fullmatch(text):
                check(text, node.lineno)
    return sorted(found.items())


def test_the_ast_check_catches_every_spelling() -> None:
    spellings = {
        "import sqlalchemy": "sqlalchemy",
        "import sqlalchemy.orm as orm": "sqlalchemy.orm",
        "from sqlalchemy import select": "sqlalchemy",
        "import desktop.crypto.keys as k": "desktop.crypto.keys",
        "from desktop import crypto": "desktop.crypto",
        "from desktop import models as m": "desktop.models",
        "from desktop.crypto import keys": "desktop.crypto",
        "from desktop.crypto.keyfile import KdfParams": "desktop.crypto.keyfile",
        "from desktop.models.case import Score": "desktop.models.case",
        "from desktop.reports import documents": "desktop.reports.documents",
        "from desktop.reports.documents import score_sheet": "desktop.reports.documents",
        "from ... import crypto": "desktop.crypto",
        "from ...reports import documents": "desktop.reports.documents",
        "def f():\n    from desktop.crypto import keyfile": "desktop.crypto",
        "importlib.import_module('desktop.crypto.keys')": "desktop.crypto.keys",
        "__import__('sqlalchemy')": "sqlalchemy",
        "import desktop\nx = desktop.crypto.keys.read_card": "desktop.crypto",
    }
    for source, module in spellings.items():
        uses = banned_uses(source, "desktop.ui.office")
        assert uses and any(name == module for _line, name in uses), (source, uses)
    clean = ("from desktop.services import keys\nfrom desktop.domain.errors import ScorebookError\n"
             "from desktop.reports.labels import Labels\nfrom desktop import i18n\n"
             "from . import common\nfrom ..reviewer import strength\n"
             "importlib.util.find_spec('desktop.ui.office')\n"
             "x = 'desktop.cryptography'\ny = 'the desktop.crypto package, in prose'\n")
    assert banned_uses(clean, "desktop.ui.office") == []


def test_ui_and_cli_use_only_the_services() -> None:
    uses = []
    for folder in SERVICES_ONLY:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT)
            package = ".".join(rel.parent.parts if path.name != "__init__.py" else rel.parts[:-1])
            uses += [f"{rel}:{line}: {name}"
                     for line, name in banned_uses(path.read_text(encoding="utf-8"), package)]
    assert uses == [], "\n".join(uses)


_VIOLATIONS = ("from desktop.crypto import keys\n", "from desktop.reports import documents\n",
               "import sqlalchemy\n", "from desktop.models import case\n",
               "def later():\n    import desktop.crypto.keyfile as kf\n    return kf\n")


def _ruff(args: list[str], cwd: Path,
          source: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                           "--output-format", "concise", *args], cwd=cwd, input=source,
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("folder", SERVICES_ONLY)
@pytest.mark.parametrize("source", _VIOLATIONS)
def test_ruff_fails_on_a_banned_import(folder: str, source: str) -> None:
    """The project's own configuration, for a file in desktop/ui or desktop/cli (as stdin, so
    nothing is written into the tree), names TID251; the same line in desktop/services passes."""
    probe = f"{folder}/_layering_probe.py"
    done = _ruff(["--stdin-filename", probe, "-"], ROOT, source)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "TID251" in done.stdout and probe in done.stdout, done.stdout
    allowed = _ruff(["--stdin-filename", "desktop/services/_layering_probe.py", "-"], ROOT,
                    source)
    assert "TID251" not in allowed.stdout, allowed.stdout


def test_ruff_check_of_the_tree_fails_on_a_violation(tmp_path: Path) -> None:
    """``ruff check .`` (what ``make lint`` runs) finds the folders' configurations by itself:
    a copy of the configuration with a violating file in each folder fails naming TID251; Qt
    stays allowed in desktop/ui only."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in SERVICES_ONLY:
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(ROOT / folder / "ruff.toml", tmp_path / folder / "ruff.toml")
        (tmp_path / folder / "probe.py").write_text(
            "from desktop.crypto import keys\nfrom PySide6.QtCore import Qt\n\n"
            "print(keys, Qt)\n", encoding="utf-8")
    (tmp_path / "desktop" / "services").mkdir()
    (tmp_path / "desktop" / "services" / "probe.py").write_text(
        "from desktop.crypto import keys\n\nprint(keys)\n", encoding="utf-8")
    done = _ruff(["."], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    hits = sorted(line.split(":")[0] + " " + line.split("`")[1] for line in
                  done.stdout.splitlines() if "TID251" in line)
    assert hits == ["desktop/cli/probe.py PySide6", "desktop/cli/probe.py desktop.crypto",
                    "desktop/ui/probe.py desktop.crypto"], done.stdout

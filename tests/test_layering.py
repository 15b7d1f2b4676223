"""The layering rule: only desktop/ui touches Qt; the domain touches neither Qt nor SQLAlchemy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

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

"""The one-folder app, built once per session for the slow packaging tests (the folder's own
checks and the .deb built from it)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME: str = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]


@pytest.fixture(scope="session")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make package`` into a temporary folder: the one-folder app (``…/dist/scorebook``).
    ``SCOREBOOK_BUILT_APP=dist/scorebook`` uses a folder already built instead."""
    given = os.environ.get("SCOREBOOK_BUILT_APP")
    if given:
        return Path(given).resolve()
    pytest.importorskip("PyInstaller", reason="install the package extra: pip install -e "
                        "'.[package]'")
    work = tmp_path_factory.mktemp("pyinstaller")
    python = sys.executable
    subprocess.run([python, "-m", "desktop.i18n.build", "compile"], cwd=ROOT, check=True)
    build = subprocess.run(
        [python, "-m", "PyInstaller", "--noconfirm", "--distpath", str(work / "dist"),
         "--workpath", str(work / "build"), str(ROOT / "packaging" / "scorebook.spec")],
        cwd=ROOT, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-4000:]
    return work / "dist" / NAME

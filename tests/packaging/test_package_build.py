"""Build the one-folder app with PyInstaller (as ``make package`` does) and run what it ships:
``--self-test``, the command line and a whole demo cycle; nothing may be written beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME: str = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
MAX_MB = 250  # Linux build: ~190 MB now; a jump means something unused came in (see packaging/)
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.slow


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() or p.is_dir()}


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
               ) / 2**20


@pytest.fixture(scope="module")
def app(built_app: Path) -> Path:
    return built_app  # built once for the session (conftest.py): the .deb test uses it too


def _run(app: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(SCOREBOOK_HOME=str(home), QT_QPA_PLATFORM="offscreen", SCOREBOOK_LANG="en")
    return subprocess.run([str(app / f"{NAME}{EXE}"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=home, timeout=300)


def test_the_built_app_passes_its_self_test(app: Path, tmp_path: Path) -> None:
    assert (app / f"{NAME}-app{EXE}").is_file()  # the windowed executable shares the folder
    before = _snapshot(app)
    result = _run(app, "--self-test", home=tmp_path)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "(frozen," in result.stdout and "Self-test passed" in result.stdout
    for step in ("encrypted case file", "export a score bundle", "open and verify the bundle",
                 "PDF with Chinese and Mongolian", "main window (offscreen)",
                 "user data outside the program folder"):
        assert f"✓ {step}" in result.stdout
    assert "✗" not in result.stdout
    assert _snapshot(app) == before  # nothing written beside the program (no __pycache__ …)


def test_the_built_command_line_runs_a_whole_demo_cycle(app: Path, tmp_path: Path) -> None:
    before = _snapshot(app)
    version = _run(app, "--version", home=tmp_path)
    assert version.stdout.strip().endswith(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    demo = _run(app, "demo", str(tmp_path / "demo"), "--programme", "nmg-chairman",
                home=tmp_path)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert len(list((tmp_path / "demo" / "usb" / "bundles").iterdir())) > 0
    pdf = tmp_path / "sheet.pdf"
    printed = _run(app, "--lang", "mn_Mong_CN", "print", "sample", "score-sheet", "--out",
                   str(pdf), home=tmp_path)
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), printed.stderr
    assert _snapshot(app) == before


def test_the_folder_stays_lean(app: Path) -> None:
    size = _size_mb(app)
    print(f"{app}: {size:.0f} MB")
    assert size < MAX_MB, f"the one-folder app grew to {size:.0f} MB"
    internal = app / "_internal"
    assert not list(internal.rglob("*WebEngine*")) and not (internal / "tkinter").exists()
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("Qt6Qml*"))
    licences = {p.name for p in (internal / "licenses").iterdir()}
    assert {"SQLCipher-LICENSE.txt", "OpenSSL-LICENSE.txt", "LGPL-3.0.txt"} <= licences
    assert (internal / "resources" / "fonts" / "OFL-NotoSansMongolian.txt").is_file()

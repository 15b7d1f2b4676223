"""User data lives where the platform expects it (platformdirs), never beside the program."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest

from desktop import paths, selftest

ROOT = Path(__file__).resolve().parents[2]

# Every place in desktop/ that locates files from the program's own location, and why it only
# reads: resources, licences and migration scripts ship with the program; i18n/build is a
# developer tool (not bundled) that writes catalogs into the source tree.
ALLOWED = {
    ("desktop/paths.py", "resources_dir"),
    ("desktop/models/migrations/runner.py", "SCRIPTS"),
    ("desktop/models/office/schema.py", "SCRIPTS"),
    ("desktop/i18n/build.py", "ROOT"),
    ("desktop/selftest.py", "program_dir"),
    ("desktop/selftest.py", "_resources"),
    ("desktop/entry.py", "wants_gui"),
}
PROGRAM_LOCATION = re.compile(
    r"__file__|sys\.executable|_MEIPASS|(?:Path|dirname|abspath|realpath)\(\s*sys\.argv\[0\]")


def _uses() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/versions/" in rel:
            continue
        owner = "<module>"
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*(?:def|class) (\w+)|^(\w+)\s*[:=]", line)
            if m:
                owner = m.group(1) or m.group(2)
            code = line.split("#")[0]
            if PROGRAM_LOCATION.search(code) and not code.lstrip().startswith(("\"", "'")):
                found.add((rel, owner))
    return found


def test_the_scan_sees_a_location_from_argv() -> None:
    assert PROGRAM_LOCATION.search("base = Path(sys.argv[0]).parent")
    assert not PROGRAM_LOCATION.search('QApplication([sys.argv[0] if sys.argv else "x"])')


def test_only_known_readers_locate_files_from_the_program() -> None:
    uses = _uses()
    assert ("desktop/paths.py", "resources_dir") in uses  # the scan sees what it should
    assert uses <= ALLOWED, f"new code locates files from the program: {sorted(uses - ALLOWED)}"


def _bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the frozen app in ``tmp_path/scorebook`` (as PyInstaller sets it up)."""
    folder = tmp_path / "scorebook"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "scorebook"))
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    monkeypatch.delenv("SCOREBOOK_HOME", raising=False)
    return folder


def test_the_apps_default_data_dirs_are_outside_the_bundle(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    program = _bundle(tmp_path, monkeypatch)
    assert selftest.program_dir() == program
    assert selftest.is_inside(paths.resources_dir(), program)  # resources do ship inside
    for folder in (paths.user_data_dir(), paths.user_config_dir()):
        assert folder.is_absolute() and not selftest.is_inside(folder, program)
        assert "Scorebook" in folder.parts


def test_the_self_tests_folders_are_outside_the_bundle(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    program = _bundle(tmp_path, monkeypatch)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    # Only the location step: the others would read resources from the empty pretend bundle.
    monkeypatch.setattr(selftest, "STEPS", tuple(s for s in selftest.STEPS
                                                 if s.key == "data-dirs"))
    out = io.StringIO()
    assert selftest.run(out) == 0
    text = out.getvalue()
    used = Path(re.search(r"Temporary folder: (.+)", text).group(1))  # type: ignore[union-attr]
    assert not selftest.is_inside(used, program)
    assert re.search(r"^✓ user data outside the program folder", text, re.M), text
    assert not program.exists()  # nothing was written beside the (pretend) program


def test_a_data_dir_inside_the_program_is_caught(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    program = _bundle(tmp_path, monkeypatch)
    ctx = selftest.Context(tmp_path / "t", "x", None,
                           values={"user_data_dir": program / "data",
                                   "user_config_dir": tmp_path / "cfg"})
    with pytest.raises(selftest.StepFailed, match="inside the program folder"):
        selftest._data_dirs(ctx)

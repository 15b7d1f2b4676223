"""``scorebook FILE`` (the console executable, as a file manager may call it) opens the window
for a Scorebook file and stays the command line for anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.entry import opens_a_file, wants_gui


def test_one_scorebook_file_opens_the_window(tmp_path: Path) -> None:
    bundle = tmp_path / "from-the-stick.sbb"
    bundle.write_bytes(b"SCBKBDL1" + bytes(64))
    assert opens_a_file([str(bundle)])
    assert wants_gui([str(bundle)], executable="/opt/scorebook/scorebook")


@pytest.mark.parametrize("argv", [["criteria"], ["--version"], ["demo", "x"], ["notes.txt"],
                                  ["cases"]])
def test_anything_else_stays_the_command_line(argv: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "criteria").write_text("a file that happens to share a command's name")
    (tmp_path / "notes.txt").write_text("not a Scorebook file")
    (tmp_path / "cases").mkdir()  # a folder that is not a case
    assert not opens_a_file(argv)
    assert not wants_gui(argv, executable="/opt/scorebook/scorebook")

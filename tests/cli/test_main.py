"""The command's shared behaviour: verbs, --json, exit codes, translated messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli.main import main


def test_criteria_show_human_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria", "show"]) == 0
    out = capsys.readouterr().out
    assert "4.7.7" in out and "Leadership results" in out and "1000" in out
    assert main(["criteria", "show", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_points"] == 1000
    assert sum(len(c["items"]) for c in data["categories"]) == 23


def test_rejected_input_exits_3_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria", "show", "--framework", "gbt-9999"]) == 3
    err = capsys.readouterr().err
    assert "Unknown scoring framework 'gbt-9999'" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["criteria", "frobnicate"])
    assert info.value.code == 2


def test_chinese_interface_translates_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "zh_CN", "criteria", "show", "--framework", "nope"]) == 3
    err = capsys.readouterr().err
    assert "nope" in err
    assert "Unknown scoring framework" not in err  # the zh_CN catalog covers it


def test_module_entry_point_runs_in_a_fresh_interpreter() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "criteria", "show", "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "gbt19580-2012"

"""``scorebook print``: samples, a blank sheet from a programme, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli.main import main
from tests.reports.conftest import read_back


def test_print_sample_in_chinese_external(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    assert main(["--lang", "zh_CN", "print", "sample", "score-sheet", "--out", str(out),
                 "--audience", "external"]) == 0
    doc = read_back(out)
    assert "评分表" in doc.text and "〔商业秘密，已删除〕" in doc.text


def test_print_blank_sheet_for_a_programme_stage(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["print", "blank-sheet", "--programme", "nmg-chairman", "--stage", "material",
                 "--out", str(out), "--recipient", "Reviewer 7"]) == 0
    doc = read_back(out)
    assert "Score sheet" in doc.text and "4.7.7" in doc.text and "Reviewer 7" in doc.text


def test_blank_sheet_of_unknown_programme_is_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["print", "blank-sheet", "--programme", "nowhere", "--stage", "material",
                 "--out", str(out)]) == 3
    assert "nowhere" in capsys.readouterr().err and not out.exists()


def test_case_source_without_a_case_file_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.pdf"
    assert main(["print", "consensus", "--case", str(tmp_path), "--applicant", "A1",
                 "--out", str(out)]) == 3
    assert "holds no case file" in capsys.readouterr().err and not out.exists()

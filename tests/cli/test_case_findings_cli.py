"""``scorebook case comments`` and ``scorebook case issue list|note|clear`` on a real case file
made from a real package with site-visit issues; passphrase and note text from files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.domain.findings import Outcome
from desktop.services import case_findings as cf
from desktop.services.case import open_case
from tests.models.case_world import PASSPHRASE
from tests.services.findings_world import issues_world


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    world = issues_world(tmp_path)
    folder = tmp_path / "case"
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 90,
                        "【方法·展开】建立了三级走访制度（第12页）\n高层定期评审战略",
                        "【学习】改进未形成闭环（第3-4页）\n【整合】指标不一致\n缺少对标")
        case.score_item("A001", "onsite", "4.7.2", 20, "【水平·趋势】利润率连续三年上升", "")
    return folder


@pytest.fixture
def pw(tmp_path: Path) -> Path:
    path = tmp_path / "pw"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_comments_with_factors_pages_and_warnings(case_dir: Path, pw: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = ("case", "comments", "--case", str(case_dir), "--passphrase-file", str(pw),
            "--applicant", "A001")
    code, out, _ = _run(capsys, *base, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["stage_id"] == "onsite"
    first, second = data["items"]
    assert first["item_id"] == "4.1.2" and first["kind"] == "process" and first["pct"] == 90
    assert [(c["kind"], c["factors"], c["pages"]) for c in first["comments"]] == [
        ("strength", ["approach", "deployment"], [12]), ("strength", [], []),
        ("improvement", ["learning"], [3, 4]), ("improvement", ["integration"], []),
        ("improvement", [], [])]
    assert "more improvements (3) than strengths (2)" in first["warning"]
    assert second["item_id"] == "4.7.2" and second["kind"] == "results"
    assert second["comments"][0]["factors"] == ["level", "trend"]
    assert "more strengths (1) than improvements (0)" in second["warning"]  # band 2
    code, out, _ = _run(capsys, *base, "--item", "4.1.2", "--lang", "zh_CN")
    assert code == 0 and "方法·展开" in out and "建立了三级走访制度" in out and "警告" in out
    code, _, err = _run(capsys, *base, "--item", "9.9.9")
    assert code == 3 and "9.9.9" in err


def test_issue_list_note_clear(case_dir: Path, pw: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--case", str(case_dir), "--passphrase-file", str(pw))
    code, out, _ = _run(capsys, "case", "issue", "list", *base, "--json")
    assert code == 0
    assert [(i["issue_id"], i["kind"], i["outcome"]) for i in json.loads(out)] == [
        ("SI-0a1b2c3d4e", "verify", None), ("SI-1f2e3d4c5b", "clarify", None),
        ("SI-99aa88bb77", "verify", None)]
    note = tmp_path / "note.txt"
    note.write_text("现场查看了三级走访台账，记录完整\n", encoding="utf-8")
    code, out, _ = _run(capsys, "case", "issue", "note", *base, "SI-0a1b2c3d4e",
                        "--outcome", "confirmed", "--text-file", str(note), "--json")
    assert code == 0 and json.loads(out)["note"] == "现场查看了三级走访台账，记录完整"
    code, out, _ = _run(capsys, "case", "issue", "list", *base, "--applicant", "A002")
    assert code == 0 and "SI-99aa88bb77" in out and "SI-0a1b2c3d4e" not in out
    code, _, err = _run(capsys, "case", "issue", "note", *base, "SI-0a1b2c3d4e",
                        "--outcome", "clarified", "--text", "x" * 5000)
    assert code == 3 and "longer than" in err and "xxxx" not in err
    code, _, err = _run(capsys, "case", "issue", "note", *base, "SI-nothere00",
                        "--outcome", "confirmed", "--text", "x")
    assert code == 3 and "SI-nothere00" in err
    with pytest.raises(SystemExit) as bad:
        main(["case", "issue", "note", *base, "SI-0a1b2c3d4e", "--outcome", "maybe",
              "--text", "x"])
    assert bad.value.code == 2
    with open_case(case_dir, PASSPHRASE) as case:
        saved = cf.site_issue(case, "SI-0a1b2c3d4e")
    assert saved.outcome is Outcome.CONFIRMED and saved.note.startswith("现场查看")
    code, out, _ = _run(capsys, "case", "issue", "clear", *base, "SI-0a1b2c3d4e")
    assert code == 0 and "removed" in out
    with open_case(case_dir, PASSPHRASE) as case:
        assert cf.site_issue(case, "SI-0a1b2c3d4e").outcome is None

"""`scorebook programmes list|show|validate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
EXPECTED = {
    "nmg-chairman": ("内蒙古自治区主席质量奖", "内政办发〔2025〕28号"),
    "xilingol-league": ("锡林郭勒盟盟长质量奖", "锡署办发〔2023〕104号"),
    "baotou-mayor": ("包头市市长质量奖", "包府办发〔2025〕57号"),
    "hohhot-mayor": ("呼和浩特市市长质量奖", "呼和浩特市人民政府令第2号"),
    "baotou-hitech": ("包头稀土高新区管委会质量奖", "《包头稀土高新区管委会质量奖评审办法》"),
}


def test_list_shows_all_five_with_chinese_names_and_numbers(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programmes", "list"]) == 0
    out = capsys.readouterr().out
    for pid, (name, number) in EXPECTED.items():
        line = next(line for line in out.splitlines() if line.startswith(pid))
        assert name in line and number in line
    assert main(["programmes", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["id"]: (d["name_zh"], d["document"]) for d in data} == EXPECTED


def test_show_summarises_rules_with_citations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programmes", "show", "baotou-mayor"]) == 0
    out = capsys.readouterr().out
    for text in ("包府办发〔2025〕57号", "at most 5 per cycle", "[第三条]",
                 "at least 5 working days", "7 working days", "[第十七条（三）]",
                 "Valid for 5 years, until 2030-09-04", "leader responsible: yes",
                 "Two-way supervision feedback  [第二十九条]"):
        assert text in out, text
    assert main(["programmes", "show", "baotou-hitech"]) == 0
    out = capsys.readouterr().out
    assert "quorum: ≥ 2/3 of all members (inclusive)" in out
    assert "to pass: ≥ 2/3 of members present (inclusive)" in out
    assert "3–5 reviewers" in out and "outside the quota yes, prize no" in out


def test_show_json_carries_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programmes", "show", "xilingol-league", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["number"] == "锡署办发〔2023〕104号"
    assert data["cycle"] == {"kind": "biennial", "years": 2, "cite": "锡署办发〔2023〕104号 第三条"}
    assert [a["quota"] for a in data["awards"]] == [2, 2, 1]
    assert data["notices"][0]["working_days"] == 7 and data["notices"][0]["count"] == "exactly"
    defense = next(s for s in data["stages"] if s["kind"] == "defense")
    assert defense["form"]["kind"] == "panel_score" and defense["form"]["office_setting"]
    assert data["supervision_feedback_cite"] == "锡署办发〔2023〕104号 第十九条"
    assert main(["programmes", "show", "baotou-hitech", "--json"]) == 0
    hitech = json.loads(capsys.readouterr().out)
    assert hitech["committee"]["quorum"] == {"fraction": "2/3", "of": "members",
                                             "inclusive": True}


def test_show_unknown_programme_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programmes", "show", "ordos-mayor"]) == 3
    err = capsys.readouterr().err
    assert "Unknown programme 'ordos-mayor'" in err and "baotou-mayor" in err


def test_validate_accepts_shipped_files_and_the_template(
        capsys: pytest.CaptureFixture[str]) -> None:
    for name in [*EXPECTED, "TEMPLATE"]:
        path = ROOT / "resources" / "programmes" / f"{name}.toml"
        assert main(["programmes", "validate", str(path)]) == 0
        assert "valid programme" in capsys.readouterr().out
    assert main(["programmes", "validate", "--json",
                 str(ROOT / "resources" / "programmes" / "TEMPLATE.toml")]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


@pytest.mark.parametrize(("name", "field"), [
    ("programme-missing-field.toml", "name_zh"),
    ("programme-unknown-key.toml", "committee.quorum_percent"),
    ("programme-bad-threshold.toml", "committee.pass_threshold.fraction"),
    ("programme-duplicate-id.toml", "stages.material.id"),
    ("programme-bad-stage-ref.toml", "notices.proposed-winners.after"),
])
def test_validate_rejects_malformed_files(name: str, field: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / name
    assert main(["programmes", "validate", str(path)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: {field}: " in captured.err


def test_validate_checks_the_framework_and_the_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.toml"
    text = (ROOT / "resources" / "programmes" / "TEMPLATE.toml").read_text(encoding="utf-8")
    copy.write_text(text.replace('framework = "gbt19580-2012"', 'framework = "iso-9004"', 1),
                    encoding="utf-8")
    assert main(["programmes", "validate", str(copy)]) == 3
    err = capsys.readouterr().err
    assert f"{copy}: stages.material.form.framework: unknown scoring framework 'iso-9004'" in err
    missing = tmp_path / "missing.toml"
    assert main(["programmes", "validate", str(missing)]) == 3
    assert f"{missing}: (file): no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    shutil.copy(DATA / "facts-syntax-error.toml", broken)
    assert main(["programmes", "validate", str(broken)]) == 3
    assert f"{broken}: (syntax): cannot be parsed" in capsys.readouterr().err


def test_validate_accepts_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    with (ROOT / "resources" / "programmes" / "baotou-hitech.toml").open("rb") as fh:
        data = tomllib.load(fh)
    path = tmp_path / "hitech.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    assert main(["programmes", "validate", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "baotou-hitech"

"""``scorebook print review-report | summary-report | feedback --office DIR``: the review
reports of issue 20 from the command line, by the same service as the office window's Print
page; the feedback report's gate exits 3 with its message and leaves no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office import merge
from desktop.services.office.workspace import init_workspace, open_workspace
from tests.reports.conftest import read_back
from tests.services.office.helpers import Small
from tests.services.office.test_findings import consensus
from tests.services.printing import review_world as w

PASS = "pass phrase"


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Small]:
    ws = init_workspace(tmp_path / "office", PASS, "Test office", kdf=CHEAP_KDF)
    try:
        small = w.reported(ws, tmp_path / "bundles", final=False)
        w.member_scores(ws, small, tmp_path / "bundles", [a.id for a in small.apps])
    finally:
        ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    return tmp_path / "office", small


def test_review_and_summary_reports_print(office: tuple[Path, Small], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder, small = office
    ref = small.apps[0].ref
    out = tmp_path / "out"
    out.mkdir()
    src = ["--office", str(folder)]
    assert main(["print", "review-report", "--applicant", ref, "--stage", "material", *src,
                 "--out", str(out / "report.pdf"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "review-report"
    report = flat(read_back(out / "report.pdf").text)
    assert "Materialreviewreport" in report and "领导重视质量，战略清晰" in report
    assert main(["--lang", "zh_CN", "print", "summary-report", *src,
                 "--out", str(out / "summary.pdf")]) == 0
    summary = flat(read_back(out / "summary.pdf").text)
    assert "综合评审报告" in summary and small.apps[2].name in summary
    assert main(["--lang", "mn_Mong_CN", "print", "review-report", "--applicant", ref, *src,
                 "--out", str(out / "report-mn.pdf")]) == 0
    mongolian = flat(read_back(out / "report-mn.pdf").text)
    assert flat("ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ\u202fᠤᠨ ᠦᠨᠡᠯᠡᠯ\u202fᠦᠨ ᠢᠯᠡᠳᠬᠡᠯ") in mongolian
    assert sorted(p.name for p in out.iterdir()) == ["report-mn.pdf", "report.pdf",
                                                     "summary.pdf"]


def test_feedback_gate_exits_3_until_the_material_report_is_final(
        office: tuple[Path, Small], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, small = office
    a0 = small.apps[0]
    out = tmp_path / "out"
    out.mkdir()
    argv = ["print", "feedback", "--applicant", a0.ref, "--office", str(folder),
            "--out", str(out / "feedback.pdf")]
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert a0.ref in err and a0.name in err and "not final" in err
    assert list(out.iterdir()) == []
    with open_workspace(folder, PASS) as ws:
        merge.merge_files(ws, [consensus(small, tmp_path / "bundles", "c2.sbb", "material",
                                         w.report_rows(a0.id), revision=2)])
    assert main(argv) == 0
    text = read_back(out / "feedback.pdf")
    assert "领导重视质量，战略清晰" in flat(text.text)
    for name in w.NAMES:
        assert name not in text.text
    assert w.DECLARED not in text.text and w.MARKED not in text.text


def test_review_report_needs_an_applicant(office: tuple[Path, Small], tmp_path: Path) -> None:
    folder, _small = office
    with pytest.raises(SystemExit) as exit_:
        main(["print", "review-report", "--office", str(folder), "--out",
              str(tmp_path / "x.pdf")])
    assert exit_.value.code == 2
    assert not (tmp_path / "x.pdf").exists()

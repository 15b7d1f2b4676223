"""``scorebook print KIND --case DIR | --office DIR | --programme ID FACTS``: every document from
its real source through the command line; refusals exit 3 and leave no file (nor a temp file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.services.demo import PASSPHRASE, SECRET
from tests.reports.conftest import read_back
from tests.services.printing_demo import MARKED, PrintingDemo, build


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> PrintingDemo:
    return build(tmp_path_factory)


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)


def only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.mark.usefixtures("passphrase")
def test_every_office_document_prints(demo: PrintingDemo, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    office = ["--office", str(demo.office)]
    runs = {
        "ranking.pdf": ["ranking"],
        "ballots.pdf": ["ballots", "--award", "hitech", "--copies", "3"],
        "minutes.pdf": ["minutes"],
        "notice.pdf": ["notice"],
        "feedback.pdf": ["feedback", "--applicant", demo.applicant_ref],
        "consensus.pdf": ["consensus", "--applicant", demo.applicant_ref],
        "eligibility.pdf": ["eligibility", "--applicant", demo.applicant_ref],
    }
    for name, argv in runs.items():
        assert main(["print", *argv, *office, "--out", str(tmp_path / name), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["path"] == str(tmp_path / name)
    only(tmp_path, *runs)
    assert read_back(tmp_path / "ballots.pdf").pages == 3
    feedback = read_back(tmp_path / "feedback.pdf")  # external by default
    assert demo.applicant_name in feedback.text and SECRET not in feedback.text
    consensus = read_back(tmp_path / "consensus.pdf")  # internal by default: the office named
    assert "内部资料 · 不得外传" in consensus.text


@pytest.mark.usefixtures("passphrase")
def test_case_documents_with_audience_and_recipient(demo: PrintingDemo, tmp_path: Path) -> None:
    case = ["--case", str(demo.reviewer_case), "--applicant", demo.applicant_id,
            "--stage", "material"]
    ext, inn = tmp_path / "ext.pdf", tmp_path / "int.pdf"
    assert main(["--lang", "zh_CN", "print", "score-sheet", *case, "--out", str(ext)]) == 0
    assert main(["print", "score-sheet", *case, "--out", str(inn), "--audience", "internal",
                 "--recipient", "Office clerk Li"]) == 0
    e, i = read_back(ext), read_back(inn)
    assert "〔商业秘密，已删除〕" in e.text and SECRET not in e.text and MARKED not in e.text
    assert SECRET.encode() not in e.raw
    assert "Office clerk Li" in i.text and SECRET in i.text.replace("\n", "")
    fb = tmp_path / "fb.pdf"
    assert main(["print", "feedback", *case, "--out", str(fb)]) == 0
    assert "Median of the applicants this reviewer scored" in read_back(fb).text
    leader = tmp_path / "leader.pdf"
    assert main(["print", "consensus", "--case", str(demo.leader_case), "--applicant",
                 demo.applicant_id, "--stage", "onsite", "--out", str(leader)]) == 0
    assert demo.applicant_name in read_back(leader).text


def test_passphrase_file_and_eligibility_from_facts(demo: PrintingDemo, tmp_path: Path,
                                                    root: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["print", "ranking", "--office", str(demo.office), "--passphrase-file",
                 str(secret), "--out", str(out / "r.pdf")]) == 0
    facts = root / "resources/examples/facts/eligible-organisation.toml"
    assert main(["print", "eligibility", "--programme", "baotou-mayor", str(facts),
                 "--out", str(out / "e.pdf")]) == 0
    assert "Eligibility review form" in read_back(out / "e.pdf").text
    only(out, "r.pdf", "e.pdf")


@pytest.mark.parametrize("argv, message", [
    (["score-sheet", "--applicant", "nobody"], "No applicant 'nobody'"),
    (["score-sheet", "--applicant", "{app}", "--stage", "defense"], "No stage 'defense'"),
    (["score-sheet", "--applicant", "{app}", "--cycle", "nmg-chairman.2025"],
     "not nmg-chairman.2025"),
    (["consensus", "--applicant", "{app}"], "team leader"),
])
@pytest.mark.usefixtures("passphrase")
def test_bad_case_input_exits_3_without_a_file(demo: PrintingDemo, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               argv: list[str], message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{app}", demo.applicant_id) for a in argv]
    assert main(["print", args[0], "--case", str(demo.reviewer_case), *args[1:],
                 "--out", str(out / "x.pdf")]) == 3
    assert message in capsys.readouterr().err
    only(out)


def test_wrong_passphrase_and_missing_case_exit_3(demo: PrintingDemo, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "not the passphrase")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["print", "score-sheet", "--case", str(demo.reviewer_case), "--applicant",
                 demo.applicant_id, "--out", str(out / "x.pdf")]) == 3
    assert main(["print", "notice", "--office", str(demo.office),
                 "--out", str(out / "y.pdf")]) == 3
    err = capsys.readouterr().err
    assert "not the passphrase" not in err and err.count("error") == 2
    assert main(["print", "score-sheet", "--case", str(tmp_path / "none"), "--applicant", "x",
                 "--out", str(out / "z.pdf")]) == 3
    assert "holds no case file" in capsys.readouterr().err
    only(out)


@pytest.mark.usefixtures("passphrase")
def test_bad_office_input_exits_3_without_a_file(demo: PrintingDemo, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    office = ["--office", str(demo.office), "--out", str(out / "x.pdf")]
    assert main(["print", "feedback", "--applicant", "A999", *office]) == 3
    assert main(["print", "ballots", "--award", "nope", *office]) == 3
    assert main(["print", "eligibility", "--applicant", "A002", *office]) == 3
    assert main(["print", "ranking", "--cycle", "baotou-hitech.1999", *office]) == 3
    err = capsys.readouterr().err
    assert "A999" in err and "nope" in err and "No eligibility facts" in err
    assert "baotou-hitech.1999" in err
    only(out)

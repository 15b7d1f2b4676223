"""``scorebook print KIND --case DIR | --office DIR | --programme ID FACTS``: every document from
its real source through the command line; refusals exit 3 and leave no file (nor a temp file)."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.domain.scoring import ItemEntry, summarise
from desktop.models.office.review import ItemScore
from desktop.services.catalogue import framework
from desktop.services.demo import PASSPHRASE, SECRET
from desktop.services.office.common import find_applicant, find_reviewer, resolve_cycle
from desktop.services.office.consensus import recused_for
from desktop.services.office.workspace import open_workspace
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


# --- a reviewer's score sheet from the office's merged scores --------------------------------

FRAGMENT = "低温烧结工艺参数"  # eight characters of the declared secret
SCORER = "R01"  # scored the secret applicant at the material stage, marked and quoted secrets


def office_sheet_facts(demo: PrintingDemo) -> tuple[Decimal, str, str]:
    """The scoring core's total of R01's merged sheet, R01's name, and a recused reviewer."""
    with open_workspace(demo.office, PASSPHRASE) as ws, ws.uow() as s:
        cycle = resolve_cycle(s, demo.cycle)
        app = find_applicant(s, cycle, demo.applicant_ref)
        entries = [ItemEntry(r.item_id, r.pct) for r in s.execute(select(ItemScore).where(
            ItemScore.applicant_id == app.id, ItemScore.stage_id == "material",
            ItemScore.reviewer_id == SCORER)).scalars()]
        recused = sorted(recused_for(s, cycle, app))
        name = find_reviewer(s, SCORER).name
    summary = summarise(framework(), entries)
    assert not summary.missing and recused
    return summary.total, name, recused[0]


@pytest.mark.usefixtures("passphrase")
def test_office_score_sheet_external_and_internal(demo: PrintingDemo, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    total, reviewer_name, _recused = office_sheet_facts(demo)
    argv = ["print", "score-sheet", "--office", str(demo.office), "--applicant",
            demo.applicant_ref, "--reviewer", SCORER]
    ext, inn = tmp_path / "ext.pdf", tmp_path / "int.pdf"
    assert main([*argv, "--stage", "material", "--out", str(ext), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["audience"] == "external" and data["stage"] == "material"
    assert main(["--lang", "zh_CN", *argv, "--audience", "internal", "--out", str(inn)]) == 0
    only(tmp_path, "ext.pdf", "int.pdf")

    e = read_back(ext)
    assert f"{total} / 1000" in e.text and str(total) in e.pypdf_text
    for item in framework().items:  # all 23
        assert item.id in e.text and item.id in e.pypdf_text
    assert len(framework().items) == 23
    assert demo.applicant_name in e.text and reviewer_name in e.text
    assert "〔trade secret, removed〕" in e.text and "未说明风险应对措施" in e.text
    for secret in (SECRET, MARKED, FRAGMENT):  # declared, reviewer-marked, quoted in part
        assert secret not in e.text and secret not in e.pypdf_text
        for blob in e.everywhere():  # raw bytes and every decompressed stream
            assert secret.encode("utf-8") not in blob
            assert secret.encode("utf-16-be") not in blob

    i = read_back(inn)  # the office's own copy keeps everything and names the office
    flat = i.text.replace("\n", "")
    assert SECRET in flat and MARKED in flat and f"{total} / 1000" in i.text
    assert "内部资料 · 不得外传" in i.text and "评分表" in i.text
    assert demo.applicant_name in i.text and "〔商业秘密，已删除〕" not in i.text
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(ext), str(png)],
                   check=True)
    assert (tmp_path / "page-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.usefixtures("passphrase")
def test_office_score_sheet_equals_the_case_files(demo: PrintingDemo, tmp_path: Path) -> None:
    """The office's copy of R01's sheet prints the same table as R01's own case file."""
    office, case = tmp_path / "office.pdf", tmp_path / "case.pdf"
    assert main(["print", "score-sheet", "--office", str(demo.office), "--applicant",
                 demo.applicant_ref, "--reviewer", SCORER, "--stage", "material",
                 "--out", str(office)]) == 0
    assert main(["print", "score-sheet", "--case", str(demo.reviewer_case), "--applicant",
                 demo.applicant_id, "--stage", "material", "--out", str(case)]) == 0
    texts = ["\n".join(line for line in read_back(p).text.splitlines()
                       if not line.startswith("Generated")) for p in (office, case)]
    assert "Strengths" in texts[0] and texts[0] == texts[1]  # every page, comments included


@pytest.mark.parametrize("argv, code, message", [
    (["--reviewer", "{recused}"], 3, "is recused from applicant"),
    (["--reviewer", "R99"], 3, "No reviewer 'R99'"),
    (["--reviewer", "R08"], 3, "No scores of reviewer R08"),
    (["--reviewer", SCORER, "--stage", "defense"], 3, "no stage 'defense'"),
    (["--reviewer", SCORER, "--cycle", "baotou-hitech.1999"], 3, "baotou-hitech.1999"),
    ([], 2, "--office needs --reviewer"),
])
@pytest.mark.usefixtures("passphrase")
def test_bad_office_score_sheet_exits_without_a_file(
        demo: PrintingDemo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: list[str], code: int, message: str) -> None:
    _total, _name, recused = office_sheet_facts(demo)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{recused}", recused) for a in argv]
    assert main(["print", "score-sheet", "--office", str(demo.office), "--applicant",
                 demo.applicant_ref, *args, "--out", str(out / "x.pdf")]) == code
    assert message in capsys.readouterr().err
    only(out)


@pytest.mark.usefixtures("passphrase")
def test_unknown_applicant_and_reviewer_with_a_case_are_refused(
        demo: PrintingDemo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(["print", "score-sheet", "--office", str(demo.office), "--applicant", "A999",
                 "--reviewer", SCORER, "--out", str(out / "x.pdf")]) == 3
    assert "A999" in capsys.readouterr().err
    assert main(["print", "score-sheet", "--case", str(demo.reviewer_case), "--applicant",
                 demo.applicant_id, "--reviewer", SCORER, "--out", str(out / "x.pdf")]) == 2
    assert "--reviewer goes with --office" in capsys.readouterr().err
    only(out)


@pytest.mark.usefixtures("passphrase")
def test_blank_sheet_headed_from_the_office_or_the_case(
        demo: PrintingDemo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office, case = tmp_path / "office.pdf", tmp_path / "case.pdf"
    assert main(["print", "blank-sheet", "--office", str(demo.office), "--applicant",
                 demo.applicant_ref, "--out", str(office)]) == 0
    assert main(["print", "blank-sheet", "--case", str(demo.reviewer_case), "--applicant",
                 demo.applicant_name, "--stage", "material", "--out", str(case)]) == 0
    _total, reviewer_name, _recused = office_sheet_facts(demo)
    for path in (office, case):
        doc = read_back(path)
        assert demo.applicant_name in doc.text and "Material review" in doc.text
        assert "/ 1000" not in doc.text  # nothing scored on a blank form
        for item in framework().items:
            assert item.id in doc.text
    assert reviewer_name in read_back(case).text
    capsys.readouterr()
    out = tmp_path / "out"
    out.mkdir()
    for argv, code, message in (
            (["--office", str(demo.office), "--stage", "defense"], 3, "defense"),
            (["--office", str(demo.office), "--applicant", "A999"], 3, "A999"),
            (["--case", str(demo.reviewer_case), "--applicant", demo.applicant_id,
              "--cycle", "nmg-chairman.2025"], 3, "not nmg-chairman.2025"),
            (["--case", str(demo.reviewer_case)], 2, "--case needs --applicant"),
            (["--programme", "baotou-hitech"], 2, "--programme needs --stage")):
        assert main(["print", "blank-sheet", *argv, "--out", str(out / "x.pdf")]) == code
        assert message in capsys.readouterr().err
    only(out)


# --- one printing path: the command line and the window reach the reports through services -----

FORBIDDEN = ("sqlalchemy", "desktop.models", "desktop.crypto", "desktop.reports.documents",
             "desktop.reports.inputs", "desktop.reports.preview",
             "desktop.reports.page")


def imported(path: Path) -> set[str]:
    """Every module a file imports, ``from a import b`` counted as ``a`` and ``a.b``."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


@pytest.mark.parametrize("module", ["desktop/cli/print.py", "desktop/ui/office/printing.py"])
def test_print_front_ends_use_only_the_printing_service(root: Path, module: str) -> None:
    names = imported(root / module)
    assert "desktop.services.printing" in names
    bad = sorted(n for n in names for f in FORBIDDEN if n == f or n.startswith(f + "."))
    assert bad == []

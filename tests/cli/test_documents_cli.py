"""The documents on the command line: ``office material add|list|remove`` (a PDF with its
passages found or not, refusals exit 3 with the file named, in Chinese too), ``case status
--json`` listing each material (title, kind, pages, SHA-256), ``case remove-documents``
refused without --confirm and before the final export of the last stage."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain import credit_code
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services.office import materials, packages
from desktop.services.office.applicants import SecretInput
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import PASS, Team

SECRET = "本公司稀土萃取分离采用自主研发的串级萃取参数。"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_office_material_verbs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    run(capsys, "office", "init", "--programme", "hohhot-mayor", "--number", "2025")
    run(capsys, "office", "cycle", "decide", "--all-suggested")
    code = credit_code.generate(random.Random(3), "150100")
    run(capsys, "office", "applicant", "add", "示例有限公司", "--award", "organisation",
        "--credit-code", code)
    pdf = tmp_path / "自评报告.pdf"
    pdf.write_bytes(self_assessment_pdf("示例有限公司", secret=SECRET, pages=10))
    secrets = tmp_path / "secrets.txt"
    secrets.write_text(f"{SECRET}\n不在文中的段落\n", encoding="utf-8")
    got = run(capsys, "office", "material", "add", "A001", str(pdf), "--secrets-file",
              str(secrets), "--secret-kind", "technical")
    assert got["kind"] == "pdf" and got["pages"] > 5 and got["secrets"] == 2
    assert got["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert got["secrets_unfound"] == ["不在文中的段落"]
    assert main(["office", "material", "add", "A001", str(pdf), "--title", "副本",
                 "--secrets-file", str(secrets)]) == 0
    human = capsys.readouterr().out
    assert "不在文中的段落" in human and "not found" in human
    listed = run(capsys, "office", "material", "list", "A001")
    assert sorted(m["title"] for m in listed) == ["副本", "自评报告"]
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    assert main(["office", "material", "add", "A001", str(fake)]) == 3
    assert "fake.pdf" in capsys.readouterr().err
    assert main(["--lang", "zh_CN", "office", "material", "add", "A001", str(fake)]) == 3
    err = capsys.readouterr().err
    assert "fake.pdf" in err and "PDF" in err
    gone = run(capsys, "office", "material", "remove", "A001", "副本")
    assert gone["title"] == "副本"
    assert [m["title"] for m in run(capsys, "office", "material", "list", "A001")] == ["自评报告"]


def test_case_status_lists_documents_and_removal_needs_confirmation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        pdf = tmp_path / "report.pdf"
        data = self_assessment_pdf("示例有限公司", secret=SECRET, pages=10)
        pdf.write_bytes(data)
        materials.attach_document(ws, small.secret_ref, pdf, title="自评报告",
                                  secrets=(SecretInput("technical", SECRET),))
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        team = Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued}, {})
        folder = tmp_path / "case"
        team.new_case("R2", folder).close()
    finally:
        ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    st = run(capsys, "case", "status", "--case", str(folder))
    docs = st["documents"]
    assert docs["keep_until"] == (date.today() + timedelta(days=180)).isoformat()
    [doc] = [m for m in docs["materials"] if m["kind"] == "pdf"]
    assert doc["title"] == "自评报告" and doc["pages"] > 5
    assert doc["sha256"] == hashlib.sha256(data).hexdigest() and not doc["removed"]
    assert {m["kind"] for m in docs["materials"]} == {"pdf", "text"}
    assert main(["case", "status", "--case", str(folder)]) == 0
    assert doc["sha256"][:16] in capsys.readouterr().out
    assert main(["case", "remove-documents", "--case", str(folder)]) == 3
    assert "confirm" in capsys.readouterr().err
    assert main(["case", "remove-documents", "--case", str(folder), "--confirm"]) == 3
    assert "final bundle" in capsys.readouterr().err

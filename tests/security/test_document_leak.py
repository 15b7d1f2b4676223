"""Leak test (issue 18): an applicant's PDF with a known secret passage goes through the whole
flow — attached in the office, packaged, made into a reviewer's case, read, quoted in a marked
comment, exported, merged, backed up on both sides, printed internal and external, removed
after the cycle — and afterwards neither the passage nor the PDF's own bytes (its ``%PDF-``
header, slices of its body) are in any file on disk: the office workspace, the packages, the
case folder and its backups, the bundles, the office backup, the temporary folder and the home
folder. The external copies' text (read back with PDFium) never holds the passage; the internal
copy does (it keeps it, marked)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.redaction import Audience
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services import printing
from desktop.services.office import materials, merge, packages
from desktop.services.office.applicants import SecretInput
from desktop.services.office.backup import backup_workspace
from desktop.services.office.workspace import init_workspace
from desktop.services.printing import OfficeRequest, PrintOptions
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import Team

SECRET = "本公司稀土萃取分离采用自主研发的串级萃取参数：有机相流比一点八比一。"


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join("".join(doc[i].get_textpage().get_text_range().split())
                       for i in range(len(doc)))
    finally:
        doc.close()


def test_no_document_plaintext_anywhere_after_the_whole_flow(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    data = self_assessment_pdf("呼和浩特示例0有限公司", secret=SECRET, pages=40)
    assert SECRET in _text(data)
    probes = [b"%PDF-", data[len(data) // 3:len(data) // 3 + 48],
              data[len(data) // 2:len(data) // 2 + 48], data[-200:-150],
              SECRET.encode("utf-8"), SECRET.encode("utf-16-be")]

    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        source = tmp_path / "incoming" / "自评报告.pdf"  # the applicant's copy, as received
        source.parent.mkdir()
        source.write_bytes(data)
        materials.attach_document(ws, small.secret_ref, source,
                                  secrets=(SecretInput("technical", SECRET),))
        source.unlink()  # the office keeps only its encrypted copy
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        team = Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued}, {})
        folder = tmp_path / "cases" / "R2"
        out = tmp_path / "usb"
        out.mkdir()
        reports = tmp_path / "reports"
        reports.mkdir()
        with team.new_case("R2", folder) as case:
            app = team.app(0)
            [doc] = [m for m in case.materials(app) if m.kind == "pdf"]
            assert case.document_bytes(doc.material_id) == data  # read in memory only
            stage = case.stages()[0].stage_id
            item = case.framework.items[0].id
            comment = f"自评报告第12页：{SECRET}"
            for it in case.framework.items:
                case.score_item(app, stage, it.id, 60)
            case.score_item(app, stage, item, 60, strengths=comment)
            start = comment.index(SECRET)
            case.mark_secret(app, stage, item, "strengths", start, start + len(SECRET))
            bundle = case.export_bundle(out, final=True, stage_id=stage)
            case.backup()
            internal = printing.case_score_sheet(
                case, app, stage, PrintOptions(reports / "internal.pdf", Audience.INTERNAL))
            external = printing.case_score_sheet(
                case, app, stage, PrintOptions(reports / "external.pdf", Audience.EXTERNAL))
            # while the case holds the documents (its stream on disk, the key inside)
            assert any((folder / "documents").iterdir())
            assert _scan(tmp_path, reports, probes) > 10
            last = case.stages()[-1].stage_id
            if last != stage:
                case.export_bundle(out, final=True, stage_id=last)
            assert case.remove_documents(confirm=True) == 1
        merge.merge_files(ws, [bundle.path])
        # going on site: its feedback report is not held back for a final material review
        # report (issue 20's gate), so it prints from the reviewer's own comments
        packages.admit(ws, "onsite", [small.secret_ref])
        office_external = printing.print_office(
            ws, OfficeRequest("feedback", applicant=small.secret_ref, stage=stage),
            PrintOptions(reports / "office-feedback.pdf", Audience.EXTERNAL))
        backup_workspace(ws, tmp_path / "office-backup")
    finally:
        ws.close()

    assert SECRET in _text(internal.path.read_bytes())  # the internal copy keeps it
    for printed in (external, office_external):
        assert SECRET not in _text(printed.path.read_bytes()), printed.path
        assert data[len(data) // 2:len(data) // 2 + 48] not in printed.path.read_bytes()
    assert _scan(tmp_path, reports, probes) > 10


def _scan(top: Path, reports: Path, probes: list[bytes]) -> int:
    scanned = 0
    for root, _dirs, files in os.walk(top):
        for name in files:
            path = Path(root) / name
            if path.parent == reports:
                continue  # printed reports are PDFs of their own: checked by their text
            body = path.read_bytes()
            scanned += 1
            for probe in probes:
                assert probe not in body, (path, probe[:16])
    return scanned

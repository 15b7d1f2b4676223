"""The office attaches an applicant's documents (embedded and PostgreSQL): a PDF's pages,
hash and text layer; declared passages found in the text layer or reported; the bytes stored
encrypted (no plaintext in the database, read back whole); refusals of a non-PDF, an encrypted
PDF and an over-size file; a text material as before; removal."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from desktop.models.office.people import MaterialChunk
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services import document_inspect
from desktop.services.office import materials
from desktop.services.office.applicants import SecretInput
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import small_cycle

SECRET = "本公司稀土萃取分离采用自主研发的串级萃取参数：有机相流比一点八比一。"


def _pdf(tmp_path: Path, name: str = "report.pdf", pages: int = 12) -> Path:
    path = tmp_path / name
    path.write_bytes(self_assessment_pdf("包头示例有限公司", secret=SECRET, pages=pages))
    return path


def test_a_pdf_is_attached_checked_and_stored_encrypted(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    path = _pdf(tmp_path)
    data = path.read_bytes()
    got = materials.attach_document(
        ws, small.secret_ref, path, title="自评报告（全文）",
        secrets=(SecretInput("technical", SECRET), SecretInput("trade", "不在文中的段落"))).result
    assert got.kind == "pdf" and got.title == "自评报告（全文）"
    assert got.pages == len(pdfium.PdfDocument(data)) and got.text_layer
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.size == len(data)
    assert got.secrets == 2 and got.secrets_unfound == ("不在文中的段落",)
    listed = materials.list_materials(ws, small.secret_ref)
    assert got in listed and {m.kind for m in listed} == {"pdf", "text"}
    with ws.uow() as s:
        stored = list(s.execute(select(MaterialChunk.data)).scalars())
        assert stored and all(b"%PDF-" not in c and SECRET.encode() not in c for c in stored)
        material = next(m for m in listed if m.kind == "pdf")
        import uuid

        back = b"".join(materials.document_chunks(ws, s, uuid.UUID(material.material_id)))
    assert back == data
    gone = materials.remove_material(ws, small.secret_ref, got.material_id[:8]).result
    assert gone == got
    assert got not in materials.list_materials(ws, small.secret_ref)
    with ws.uow() as s:
        assert list(s.execute(select(MaterialChunk.seq)).scalars()) == []


def test_refusals_name_the_file_and_the_reason(ws: Workspace, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"PK\x03\x04 a zip file, not a PDF")
    with pytest.raises(document_inspect.DocumentRefused) as no_pdf:
        materials.attach_document(ws, small.secret_ref, fake)
    assert "fake.pdf" in str(no_pdf.value) and "not a PDF" in str(no_pdf.value)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n garbage without objects")
    with pytest.raises(document_inspect.DocumentRefused, match=r"damaged\.pdf"):
        materials.attach_document(ws, small.secret_ref, damaged)
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked)
    with pytest.raises(document_inspect.DocumentRefused, match="encrypted"):
        materials.attach_document(ws, small.secret_ref, locked)
    monkeypatch.setattr(document_inspect, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(document_inspect.DocumentRefused, match="larger than"):
        materials.attach_document(ws, small.secret_ref, _pdf(tmp_path))
    monkeypatch.undo()
    binary = tmp_path / "scan.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(document_inspect.DocumentRefused, match="neither a PDF nor UTF-8"):
        materials.attach_document(ws, small.secret_ref, binary)
    assert len(materials.list_materials(ws, small.secret_ref)) == 1  # only the text material


def test_a_text_file_is_a_text_material(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    note = tmp_path / "补充说明.txt"
    note.write_text("补充说明：关键配方甲乙。", encoding="utf-8")
    got = materials.attach_document(ws, small.secret_ref, note,
                                    secrets=(SecretInput("trade", "关键配方甲乙"),)).result
    assert (got.kind, got.title, got.pages, got.secrets) == ("text", "补充说明", None, 1)
    with pytest.raises(Exception, match="does not occur"):
        materials.attach_document(ws, small.secret_ref, note,
                                  secrets=(SecretInput("trade", "不在文中"),))


def _encrypted_pdf(path: Path) -> None:
    """A PDF with a standard security handler (RC4, user password), written by hand: PDFium
    asks for its password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user", "owner"))
    c.drawString(72, 720, "confidential")
    c.save()


def test_documents_survive_an_office_backup_and_restore(tmp_path: Path) -> None:
    from desktop.crypto.keyfile import CHEAP_KDF
    from desktop.services.office import backup
    from desktop.services.office.workspace import init_workspace, open_workspace

    ws = init_workspace(tmp_path / "office", "pass phrase", "Test office", kdf=CHEAP_KDF)
    small = small_cycle(ws)
    data = _pdf(tmp_path).read_bytes()
    got = materials.attach_pdf_bytes(ws, small.secret_ref, data, "report.pdf",
                                     title="自评报告").result
    made = backup.backup_workspace(ws, tmp_path / "backups").result
    ws.close()
    restored = backup.restore_workspace(made.path, tmp_path / "new" / "office", "pass phrase",
                                        kdf=CHEAP_KDF)
    with open_workspace(restored.folder, "pass phrase") as again:
        assert got in materials.list_materials(again, small.secret_ref)
        import uuid

        with again.uow() as s:
            back = b"".join(materials.document_chunks(again, s, uuid.UUID(got.material_id)))
    assert back == data

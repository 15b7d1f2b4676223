"""An applicant's PDF travels from the office to the reviewer's case, sealed: the package
carries it as an encrypted stream after its signed head; the case keeps that stream (checked
against the office's hash) and its key inside SQLCipher; the bytes come back only in memory.
Secret regions are marked and unmarked (audited); the documents are removed for good after
the final export of the last stage (confirmed) or after the package's keep-until day; a
package whose stream was altered makes no case."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.errors import InputRejected, RuleViolation
from desktop.models import case as cm
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services.case import create_case, open_case
from desktop.services.case_documents import DOCS_DIR, DocumentsRemoved
from desktop.services.office import materials, merge, packages
from desktop.services.office.applicants import SecretInput
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import PASS, Team

SECRET = "本公司稀土萃取分离采用自主研发的串级萃取参数：有机相流比一点八比一。"


@pytest.fixture
def field(tmp_path: Path) -> Iterator[tuple[Team, bytes]]:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        pdf = tmp_path / "自评报告.pdf"
        data = self_assessment_pdf("呼和浩特示例0有限公司", secret=SECRET, pages=12)
        pdf.write_bytes(data)
        materials.attach_document(ws, small.secret_ref, pdf,
                                  secrets=(SecretInput("technical", SECRET),))
        pdf.unlink()
        until = date.today() + timedelta(days=30)
        issued = packages.issue_packages(ws, tmp_path / "packages",
                                         keep_documents_until=until).result
        yield Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued},
                   {}), data
    finally:
        ws.close()


def _doc(case: object, team: Team) -> str:
    mats = case.materials(team.app(0))  # type: ignore[attr-defined]
    [doc] = [m for m in mats if m.kind == "pdf"]
    return str(doc.material_id)


def test_the_document_reaches_the_case_sealed(field: tuple[Team, bytes]) -> None:
    team, data = field
    package = team.packages["R2"]
    raw = package.read_bytes()
    assert b"%PDF-" not in raw and SECRET.encode() not in raw
    team.cases["R2"] = team.root / "cases" / "R2"
    with team.new_case("R2", team.cases["R2"]) as case:
        mid = _doc(case, team)
        [info] = [m for m in case.materials(team.app(0)) if m.kind == "pdf"]
        assert (info.pages, info.size, info.removed) == (info.pages, len(data), False)
        assert info.sha256 == hashlib.sha256(data).hexdigest() and info.pages and info.pages > 5
        assert case.document_bytes(mid) == data
        assert case.secret_passages(mid) == (SECRET,)
        assert SECRET in case.declared_secrets(team.app(0))  # redaction reads these
        assert case.documents_keep_until() == date.today() + timedelta(days=30)
    for path in team.cases["R2"].rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            assert b"%PDF-" not in body and SECRET.encode() not in body, path
    with open_case(team.cases["R2"], PASS) as case:  # again, after closing
        got = case.document_bytes(mid)
        assert got == data and got.readonly and got.nbytes == len(data)  # held once
        case.change_passphrase(PASS, "a new pass phrase", CHEAP_KDF)  # the keys move with it
    with open_case(team.cases["R2"], "a new pass phrase") as case:
        assert case.document_bytes(mid) == data
    with pytest.raises(InputRejected, match="closed"):  # a closed case reads nothing
        case.document_bytes(mid)


def test_secret_regions_are_marked_and_audited(field: tuple[Team, bytes]) -> None:
    team, _ = field
    team.cases["R2"] = team.root / "cases" / "R2"
    with team.new_case("R2", team.cases["R2"]) as case:
        mid = _doc(case, team)
        region = case.mark_secret_region(mid, 2, 300, 500, 100, 400)
        assert (region.page, region.x0, region.y0, region.x1, region.y1) == (2, 100, 400,
                                                                             300, 500)
        assert case.secret_regions(mid) == [region]
        with pytest.raises(InputRejected):
            case.mark_secret_region(mid, 999, 0, 0, 10, 10)
        case.unmark_secret_region(region.region_id)
        assert case.secret_regions(mid) == []
        actions = case.run(lambda s: list(s.scalars(select(cm.AuditEntry.action))))
        assert actions[-2:] == ["secret_region.mark", "secret_region.unmark"]


def test_removal_waits_for_the_last_final_export_then_is_for_good(
        field: tuple[Team, bytes]) -> None:
    team, data = field
    team.cases["R2"] = team.root / "cases" / "R2"
    with team.new_case("R2", team.cases["R2"]) as case:
        mid = _doc(case, team)
        case.backup()
        with pytest.raises(InputRejected):
            case.remove_documents(confirm=False)
        with pytest.raises(RuleViolation):
            case.remove_documents(confirm=True)
        last = case.stages()[-1].stage_id
        (team.root / "out").mkdir()
        case.export_bundle(team.root / "out", final=True, stage_id=last)
        assert case.remove_documents(confirm=True) == 1
        with pytest.raises(DocumentsRemoved):
            case.document_bytes(mid)
        [info] = [m for m in case.materials(team.app(0)) if m.kind == "pdf"]
        assert info.removed
        assert case.run(lambda s: list(s.scalars(select(cm.AuditEntry.action))))[-1] == \
            "documents.remove"
        assert case.documents_removed_at() is not None
        after = case.export_bundle(team.root / "out", final=True, stage_id=last)
    merged = merge.merge_files(team.ws, [after.path])
    assert [f.outcome for f in merged.files] == ["new"], merged.files
    [told] = materials.document_removals(team.ws)
    assert (told.reviewer_id, told.documents, told.bundle_file) == ("R2", 1, after.path.name)
    assert not any((team.cases["R2"] / DOCS_DIR).iterdir())
    for path in team.cases["R2"].rglob("*"):
        if path.is_file():
            assert data[-4000:] not in path.read_bytes()


def test_documents_expire_after_the_keep_until_day(field: tuple[Team, bytes]) -> None:
    team, _ = field
    team.cases["R2"] = team.root / "cases" / "R2"
    with team.new_case("R2", team.cases["R2"]) as case:
        mid = _doc(case, team)
        assert case.expire_documents(date.today() + timedelta(days=30)) == 0
        assert case.expire_documents(date.today() + timedelta(days=31)) == 1
        with pytest.raises(DocumentsRemoved):
            case.document_bytes(mid)


def test_an_altered_stream_makes_no_case(field: tuple[Team, bytes]) -> None:
    team, _ = field
    bad = team.root / "bad.sbp"
    shutil.copyfile(team.packages["R2"], bad)
    with bad.open("r+b") as f:
        f.seek(-100, 2)
        byte = f.read(1)
        f.seek(-100, 2)
        f.write(bytes([byte[0] ^ 0x40]))
    folder = team.root / "cases" / "bad"
    with pytest.raises(InputRejected):
        create_case(bad, folder, PASS, team.ids["R2"], team.ws.identity().root_fingerprint,
                    kdf=CHEAP_KDF)
    assert not [p for p in folder.rglob("*") if p.is_file() and p.name != "case.lock"]
    cut = team.root / "cut.sbp"
    cut.write_bytes(team.packages["R2"].read_bytes()[:-1])
    with pytest.raises(InputRejected):
        create_case(cut, team.root / "cases" / "cut", PASS, team.ids["R2"],
                    team.ws.identity().root_fingerprint, kdf=CHEAP_KDF)


def test_a_case_made_before_documents_reads_as_having_none(tmp_path: Path) -> None:
    from tests.models.test_migrations import FIXTURE, FIXTURE_PASSPHRASE

    folder = tmp_path / "case"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with open_case(folder, FIXTURE_PASSPHRASE) as case:
        assert case.documents_keep_until() is None and case.documents_removed_at() is None
        docs = case.status().documents
        assert docs is not None and docs.materials
        assert {m.kind for m in docs.materials} == {"text"}
        with pytest.raises(RuleViolation):  # nothing exported yet
            case.remove_documents(confirm=True)
        text = docs.materials[0]
        with pytest.raises(InputRejected):
            case.document_bytes(text.material_id)


def test_an_older_scorebook_is_told_to_update_not_that_the_package_is_damaged(
        field: tuple[Team, bytes]) -> None:
    """A package carrying documents is container layout 2 (the head, then the streams): a
    reader that knows only layout 1 — which took a package to be its sealed head alone —
    refuses it as made by a newer Scorebook, before anything is decrypted."""
    from desktop.crypto import container
    from desktop.crypto.errors import NewerFormat
    from desktop.crypto.package import MAX_PACKAGE_BYTES, PACKAGE_DOCS_MAGIC

    team, _ = field
    raw = team.packages["R2"].read_bytes()
    assert raw.startswith(PACKAGE_DOCS_MAGIC) and PACKAGE_DOCS_MAGIC == b"SCBKPKG2"
    me = team.ids["R2"]
    with pytest.raises(NewerFormat) as caught:  # what a layout-1 reader does with the file
        container.unseal(container.PACKAGE_MAGIC, raw, me.enc_private, MAX_PACKAGE_BYTES)
    error = caught.value
    assert (error.kind, error.found, error.known) == ("package", "SCBKPKG2", "SCBKPKG1")
    text = error.message.render()
    assert text.startswith("This panel package was made by a newer version of Scorebook")
    assert "Update Scorebook" in text and "truncated" not in text
    team.cases["R2"] = team.root / "cases" / "R2"
    with team.new_case("R2", team.cases["R2"]) as case:  # today's reader opens it
        assert _doc(case, team)

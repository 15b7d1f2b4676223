"""Reviewer cases that carry the applicant's PDF documents, made the real way: the demo cycle
(each organisation's self-assessment report as a multi-page Chinese PDF in R01's package), and
a scanned PDF attached by the office and issued again to R01 in a new package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.demo import PASSPHRASE, DemoResult, run_demo
from desktop.services.identity import load_identity
from desktop.services.office import materials, packages
from desktop.services.office.applicants import SecretInput
from desktop.services.office.results import ApplicantView
from desktop.services.office.workspace import open_workspace
from tests.pdf_samples import scanned_pdf

PROGRAMME = "baotou-hitech"
SCAN_SECRET = "扫描件中的保密配方"


@pytest.fixture(scope="session")
def document_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("documents-demo") / "demo", PROGRAMME, 1)


def demo_case(demo: DemoResult, tmp_path: Path, reviewer: str = "R01") -> CaseSession:
    """A private copy of the reviewer's demo case, opened."""
    target = tmp_path / f"case-{reviewer}"
    shutil.copytree(demo.folder / "reviewers" / reviewer / "case", target)
    return open_case(target, PASSPHRASE)


def scan_case(demo: DemoResult, tmp_path: Path) -> tuple[CaseSession, str]:
    """R01's new case from a package issued after the office attached a scan (no text layer)
    to an applicant of R01's team; returns the case and that material's id."""
    office = tmp_path / "office"
    shutil.copytree(demo.folder / "office", office)
    ws = open_workspace(office, PASSPHRASE)
    try:
        with demo_case(demo, tmp_path) as case:
            name = case.applicants()[0].name
        ref = next(a.ref for a in _applicants(ws) if a.name == name)
        scan = tmp_path / "扫描件.pdf"
        scan.write_bytes(scanned_pdf(3))
        attached = materials.attach_document(ws, ref, scan, title="扫描件",
                                             secrets=(SecretInput("trade", SCAN_SECRET),)).result
        issued = packages.issue_packages(ws, tmp_path / "packages", reviewers=["R01"]).result
        office_fp = ws.identity().root_fingerprint
    finally:
        ws.close()
    identity = load_identity(PASSPHRASE, demo.folder / "reviewers" / "R01" / "identity").identity
    case = create_case(Path(issued[0].file), tmp_path / "scan-case", PASSPHRASE, identity,
                       office_fp, kdf=CHEAP_KDF)
    found = [m for a in case.applicants() for m in case.materials(a.applicant_id)
             if m.kind == "pdf" and m.title == "扫描件"]
    assert found, attached
    return case, found[0].material_id


def _applicants(ws: object) -> list[ApplicantView]:
    from desktop.services.office import applicants

    return applicants.list_applicants(ws)  # type: ignore[arg-type]

"""The demo's applicant documents: each organisation's self-assessment report (自评报告) as a
multi-page Chinese PDF (``reports.self_assessment``), attached in the office with its declared
secret passage (the applicant that declares one in the demo: its technical secret; the others:
a trade secret of their own), generated in memory and stored encrypted like any document."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services.office import materials
from desktop.services.office.applicants import SecretInput
from desktop.services.office.results import ApplicantView
from desktop.services.office.workspace import Workspace

PAGES = 36


def trade_secret(name: str) -> str:
    return f"{name}二〇二五年主要客户供货单价及年度框架协议折扣条款。"


def attach_reports(ws: Workspace, apps: Sequence[ApplicantView], secret: str,
                   secret_ref: str | None) -> int:
    """Attach a report to every organisation; returns how many were attached."""
    done = 0
    for i, app in enumerate(apps):
        if app.kind != "organisation":
            continue
        passage = secret if app.ref == secret_ref else trade_secret(app.name)
        kind = "technical" if app.ref == secret_ref else "trade"
        data = self_assessment_pdf(app.name, secret=passage, pages=PAGES, seed=i + 1)
        materials.attach_pdf_bytes(ws, app.ref, data, "自评报告.pdf",
                                   title="自评报告（PDF全文）",
                                   secrets=(SecretInput(kind, passage),))
        done += 1
    return done

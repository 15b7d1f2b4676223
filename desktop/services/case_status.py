"""A case's status (``CaseStatus``), read through the database driver (issue 26).

One implementation for both opens: ``CaseSession.status`` (the window, every verb that has the
case open) runs ``read_status`` on its session's own driver connection, and the light read-only
open (``case_light.status``, ``scorebook case status``) on the connection it made without
SQLAlchemy. Plain SQL over the tables of ``models.case``; each value read back as its column
type stores it (``models.case_db``), the audit chain checked by ``models.audit_chain``.
Nothing here writes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.domain.criteria import Framework
from desktop.domain.scoring import item_score
from desktop.models import audit_chain, case_db
from desktop.models.case_db import as_bool, as_date, as_decimal, as_moment, as_uuid_text, fetch
from desktop.services.case_paths import list_backups
from desktop.services.case_status_types import (
    ApplicantStatus,
    CaseStatus,
    DocumentsStatus,
    ExportView,
    MaterialStatus,
)

META = ("SELECT case_id, reviewer_id, programme_id, cycle_id, criteria_ref, current_stage_id "
        "FROM case_meta WHERE id = 1")


def read_status(connection: Any, framework: Framework, backups: Path) -> CaseStatus:
    """The status of the case open on ``connection`` (a DB-API connection, in a transaction):
    its applicants in the current stage, exports, audit chain, schema, backups and documents."""
    [(case_id, reviewer_id, programme_id, cycle_id, criteria_ref, stage_id)] = fetch(
        connection, META)
    ok, rows, _seq, head, _bad = audit_chain.check_chain(
        (seq, as_moment(at), actor, action, entity, old, new, why, prev, hash_)
        for seq, at, actor, action, entity, old, new, why, prev, hash_ in fetch(
            connection, "SELECT seq, at, actor, action, entity, old, new, why, prev_hash, hash "
                        "FROM audit_log ORDER BY seq"))
    exports = tuple(
        ExportView(as_uuid_text(bundle), stage, revision, content_hash, as_bool(final),
                   as_moment(created), file_name)
        for bundle, stage, revision, content_hash, final, created, file_name in fetch(
            connection, "SELECT bundle_id, stage_id, revision, content_hash, final, created_at, "
                        "file_name FROM export_record ORDER BY id"))
    return CaseStatus(
        as_uuid_text(case_id), reviewer_id, programme_id, cycle_id, criteria_ref, stage_id,
        items_per_applicant=len(framework.items),
        applicants=applicant_statuses(connection, framework, stage_id), exports=exports,
        audit_rows=rows, audit_head=head, audit_ok=ok,
        schema=case_db.schema_revision(connection),
        backups=tuple(p.name for p in list_backups(backups)),
        documents=documents_status(connection))


def applicant_statuses(connection: Any, framework: Framework,
                       stage_id: str) -> tuple[ApplicantStatus, ...]:
    """Each applicant's items scored and total in ``stage_id``, and its panel score (its first
    recorded)."""
    recused = {a for (a,) in fetch(connection, "SELECT applicant_id FROM recusal")}
    pcts: dict[str, list[tuple[str, int]]] = {}
    for a, item, pct in fetch(connection, "SELECT applicant_id, item_id, pct FROM score "
                                          "WHERE stage_id = ? AND pct IS NOT NULL", (stage_id,)):
        pcts.setdefault(a, []).append((item, pct))
    panel: dict[str, Decimal] = {}
    for a, value in fetch(connection, "SELECT applicant_id, value FROM panel_score ORDER BY id"):
        panel.setdefault(a, as_decimal(value))
    out = []
    for a, name in fetch(connection, "SELECT applicant_id, name FROM applicant ORDER BY ordinal"):
        mine = pcts.get(a, [])
        total = sum((item_score(framework.item(i).points, p) for i, p in mine),
                    Decimal("0.00"))
        out.append(ApplicantStatus(a, name, a in recused, len(mine), total, panel.get(a)))
    return tuple(out)


def documents_status(connection: Any) -> DocumentsStatus:
    """Every material of the case (text and documents) and the documents' retention."""
    keep = fetch(connection, "SELECT keep_until, removed_at FROM document_retention "
                             "WHERE id = 1")
    keep_until, removed_at = keep[0] if keep else (None, None)
    return DocumentsStatus(
        None if keep_until is None else as_date(keep_until),
        None if removed_at is None else as_moment(removed_at),
        tuple(MaterialStatus(a, material, title, kind, pages, sha256, size, as_bool(removed))
              for a, material, title, kind, pages, sha256, size, removed in fetch(
                  connection, "SELECT m.applicant_id, m.material_id, m.title, m.kind, m.pages, "
                              "m.sha256, m.size, m.removed FROM material AS m JOIN applicant "
                              "AS a ON a.applicant_id = m.applicant_id "
                              "ORDER BY a.ordinal, m.id")))


def documents_due(connection: Any, today: date) -> bool:
    """Whether the documents must go now: past the package's keep-until day with a document
    still kept (the open removes them: ``CaseDocuments.expire_documents``)."""
    keep = fetch(connection, "SELECT keep_until FROM document_retention WHERE id = 1")
    if not keep or keep[0][0] is None:
        return False
    pending = fetch(connection, "SELECT 1 FROM material WHERE kind = 'pdf' AND removed = 0 "
                                "LIMIT 1")
    return bool(pending) and today > as_date(keep[0][0])

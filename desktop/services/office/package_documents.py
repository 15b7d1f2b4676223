"""The applicant's PDF documents in a reviewer's panel package (``packages.issue_packages``).

``prepare`` gives each document of the content its stream (a fresh key and its place after the
sealed head, ``crypto.package_docs``) and states until when the case may keep the documents;
``write`` writes the head and the streams, each document decrypted from the workspace one
chunk at a time and encrypted again for the package, then reads every stream back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.crypto import package_docs
from desktop.crypto.package_docs import DocumentSource, DocumentStream
from desktop.services.office.materials import document_chunks
from desktop.services.office.workspace import Workspace

KEEP_DAYS = 180  # default: the documents may be kept this long after the package is issued
SOURCE = "_source"  # the office material's id, on a document entry until ``prepare`` takes it


def document_entry(row: Any, material_id: str, title: str) -> dict[str, Any]:
    """A PDF material of the content (its stream added by ``prepare``)."""
    return {"material_id": material_id, "title": title, "body": "", "kind": "pdf",
            "pages": row.pages, "sha256": row.sha256, "size": row.size, SOURCE: row.id}


def prepare(ws: Workspace, s: Session, content: dict[str, Any],
            keep_until: date | None = None
            ) -> tuple[str, list[DocumentSource], list[DocumentStream]]:
    """(package id, documents, their streams); the content's document entries get their
    ``stream``, and the content ``documents_keep_until`` when it carries any document."""
    package_id = str(uuid.uuid4())
    entries: list[dict[str, Any]] = [m for a in content["applicants"] for m in a["materials"]
                                     if SOURCE in m]
    sources = []
    for entry in entries:
        office_id: uuid.UUID = entry.pop(SOURCE)

        def pieces(mid: uuid.UUID = office_id) -> Iterable[bytes]:
            return document_chunks(ws, s, mid)

        sources.append(DocumentSource(entry["material_id"], entry["size"], entry["sha256"],
                                      pieces))
    streams = package_docs.plan(sources)
    for entry, stream in zip(entries, streams, strict=True):
        entry["stream"] = package_docs.stream_entry(stream)
    if entries:
        until = keep_until or date.today() + timedelta(days=KEEP_DAYS)
        content["documents_keep_until"] = until.isoformat()
    return package_id, sources, streams


def write(folder: Path, head: bytes, package_id: str, sources: list[DocumentSource],
          streams: list[DocumentStream], suffix: str) -> Path:
    return package_docs.write_package(folder, head, package_id, sources, streams, suffix)

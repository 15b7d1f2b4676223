"""The applicant's PDF documents in a reviewer's case: kept encrypted, read in memory only,
secret regions marked by hand, removed for good after the cycle.

Each document stays in the case folder's ``documents/`` exactly as the panel package carried
it: the ``docstream`` ciphertext (authenticated chunk by chunk, bound to the package and the
material), checked against the office's signed SHA-256 before it is kept. Its key lives only
inside the SQLCipher database, so the stream opens with the case's data key and nothing else;
opening a case reads none of it (no cost, whatever the documents' size). ``document_bytes``
decrypts into memory; nothing plain is ever written.

Retention: the package states until when the documents may be kept. After that day the case
removes them when it is opened; before it, the reviewer may remove them once the final bundle
of the last stage is exported (``remove_documents(confirm=True)``). Removal overwrites and
deletes the streams, erases the keys (``secure_delete``) and vacuums the database, and is
recorded in the audit trail; the next bundle exported tells the office (``documents``).
Backups keep only keys whose streams are gone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.orm import Session

from desktop.atomic import flush_file, fsync_dir
from desktop.crypto import docstream
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import CannotDecrypt
from desktop.crypto.package_docs import read_stream
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.models.engine import checkpoint, driver_connection, raw_execute
from desktop.services.case_package import PanelContent
from desktop.services.case_status import documents_due
from desktop.services.case_types import SecretRegion

if TYPE_CHECKING:
    from desktop.services.case_lock import CaseLock

DOCS_DIR = "documents"
SUFFIX = ".sbd"
T = TypeVar("T")


# A document's stream: built once (the first page of a document is on screen sooner).
_STREAM_OF = (select(m.Material.id, m.Material.kind, m.Material.removed, m.Material.doc_key,
                     m.Material.size, m.CaseMeta.package_id)
              .join(m.CaseMeta, m.CaseMeta.id == 1)
              .where(m.Material.material_id == bindparam("material")))


class _Folder(Protocol):
    @property
    def folder(self) -> Path: ...


class DocumentsRemoved(InputRejected):
    def __init__(self) -> None:
        super().__init__(Msg(N_("The applicant's documents were removed from this case after "
                                "the review (retention)")))


def _docs(folder: Path) -> Path:
    return folder / DOCS_DIR


def stream_path(folder: Path, material_pk: int) -> Path:
    return _docs(folder) / f"{material_pk}{SUFFIX}"


# --- at creation ------------------------------------------------------------------------------


def read_package_head(path: Path, max_head: int) -> tuple[bytes, int]:
    """A panel package's sealed head and the file's length (its documents are read later, one
    chunk at a time, by ``store_documents``)."""
    from desktop.crypto.package_docs import read_head

    try:
        return read_head(path, max_head)
    except OSError:
        raise InputRejected(Msg(N_("Cannot read {file}"), {"file": str(path)})) from None


def store_documents(s: Session, folder: Path, package: Path, head_len: int, package_id: str,
                    content: PanelContent, written: list[Path]) -> None:
    """Copy each document's stream from the package into ``documents/`` (checked chunk by
    chunk and against the signed hash first), and keep its key in the database. ``written``
    gets each file as it is started (the caller removes them if the case is not made)."""
    docs = _docs(folder)
    for a in content.applicants:
        for spec in a.materials:
            if spec.stream is None:
                continue
            row = s.scalars(select(m.Material).filter_by(applicant_id=a.applicant_id,
                                                          material_id=spec.material_id)).one()
            row.kind, row.pages, row.size = "pdf", spec.pages, spec.stream.size
            row.sha256, row.doc_key = spec.stream.sha256, spec.stream.key
            s.flush()
            docs.mkdir(mode=0o700, exist_ok=True)
            path = stream_path(folder, row.id)
            temp = docs / f".{secrets.token_hex(8)}.tmp"
            written.append(temp)
            with temp.open("wb") as f:
                for _ in read_stream(package, head_len, spec.stream,
                                     docstream.stream_header(package_id, spec.material_id),
                                     sink=f.write):
                    pass
                f.flush()
                flush_file(f.fileno())
            os.replace(temp, path)
            written.append(path)
    if docs.is_dir():
        fsync_dir(docs)


def _keep_row(s: Session) -> m.DocumentRetention:
    row = s.get(m.DocumentRetention, 1)
    if row is None:
        row = m.DocumentRetention(id=1, keep_until=None, removed_at=None, removed_count=0)
        s.add(row)
        s.flush()
    return row


def store_retention(s: Session, keep_until: date | None) -> None:
    _keep_row(s).keep_until = keep_until


# --- an open case -----------------------------------------------------------------------------


class CaseDocuments:
    """``CaseSession``'s document methods (a mixin: the case gives ``run``, ``paths``,
    ``reviewer_id``)."""

    if TYPE_CHECKING:
        reviewer_id: str
        engine: Engine
        paths: _Folder
        _lock: CaseLock

        def run(self, work: Callable[[Session], T]) -> T: ...

    def _material(self, s: Session, material_id: str) -> m.Material:
        rows = s.scalars(select(m.Material).filter_by(material_id=material_id)).all()
        if not rows:
            raise NotFound(Msg(N_("No material '{material}' in this case"),
                               {"material": material_id}))
        if len(rows) > 1:
            raise InputRejected(Msg(N_("'{ref}' names more than one material"),
                                    {"ref": material_id}))
        return rows[0]

    def document_bytes(self, material_id: str) -> memoryview:
        """The PDF's bytes, decrypted in memory into one buffer (a read-only view;
        ``DocumentsRemoved`` after removal)."""
        if not self._lock.held:
            raise InputRejected(Msg(N_("The case is closed")))
        with self.engine.connect() as c:  # one read, without the ORM's unit of work
            rows = c.execute(_STREAM_OF, {"material": material_id}).all()
        if len(rows) != 1:
            raise InputRejected(Msg(N_("'{ref}' names more than one material"),
                                    {"ref": material_id})) if rows else \
                NotFound(Msg(N_("No material '{material}' in this case"),
                             {"material": material_id}))
        pk, kind, removed, key, size, package_id = rows[0]
        if kind != "pdf":
            raise InputRejected(Msg(N_("Material '{material}' is a text, not a document"),
                                    {"material": material_id}))
        if removed or key is None:
            raise DocumentsRemoved()
        try:  # the tags and the final flag prove it whole (its hash was checked when kept)
            with stream_path(self.paths.folder, pk).open("rb", buffering=0) as f:
                return docstream.decrypt_file(key, docstream.stream_header(package_id,
                                                                           material_id), size, f)
        except OSError:
            raise InputRejected(Msg(N_("The document file of '{material}' is missing from "
                                       "the case folder"), {"material": material_id})) from None
        except CannotDecrypt:
            raise InputRejected(Msg(N_("The document file of '{material}' is damaged"),
                                    {"material": material_id})) from None

    def secret_passages(self, material_id: str) -> tuple[str, ...]:
        """The passages the applicant declared secret in this material."""
        def read(s: Session) -> tuple[str, ...]:
            row = self._material(s, material_id)
            return tuple(s.scalars(select(m.DeclaredSecret.passage).filter_by(
                applicant_id=row.applicant_id, material_id=row.material_id)
                .order_by(m.DeclaredSecret.id)))
        return self.run(read)

    def secret_regions(self, material_id: str) -> list[SecretRegion]:
        def read(s: Session) -> list[SecretRegion]:
            row = self._material(s, material_id)
            return [_region(r, material_id) for r in s.scalars(
                select(m.SecretRegion).filter_by(material_pk=row.id)
                .order_by(m.SecretRegion.page, m.SecretRegion.id))]
        return self.run(read)

    def mark_secret_region(self, material_id: str, page: int, x0: float, y0: float, x1: float,
                           y1: float) -> SecretRegion:
        """Mark a page region secret by hand (audited). Points in any corner order."""
        x0, x1 = sorted((float(x0), float(x1)))
        y0, y1 = sorted((float(y0), float(y1)))
        if x1 - x0 < 1 or y1 - y0 < 1 or min(x0, y0) < -1e6 or max(x1, y1) > 1e6:
            raise InputRejected(Msg(N_("A secret region needs a width and a height")))

        def mark(s: Session) -> SecretRegion:
            row = self._material(s, material_id)
            if row.kind != "pdf":
                raise InputRejected(Msg(N_("Material '{material}' is a text, not a document"),
                                        {"material": material_id}))
            if row.removed:
                raise DocumentsRemoved()
            if not 1 <= page <= (row.pages or 0):
                raise InputRejected(Msg(N_("The document has no page {page}"),
                                        {"page": page}))
            region = m.SecretRegion(material_pk=row.id, page=page, x0=x0, y0=y0, x1=x1, y1=y1)
            s.add(region)
            s.flush()
            audit.append(s, actor=self.reviewer_id, action="secret_region.mark",
                         entity=f"material:{row.applicant_id}/{row.material_id}",
                         new={"region": region.id, "page": page,
                              "box": [x0, y0, x1, y1]})
            return _region(region, material_id)
        return self.run(mark)

    def unmark_secret_region(self, region_id: int) -> None:
        def unmark(s: Session) -> None:
            region = s.get(m.SecretRegion, region_id)
            if region is None:
                raise NotFound(Msg(N_("No secret region {region} in this case"),
                                   {"region": region_id}))
            row = s.get_one(m.Material, region.material_pk)
            audit.append(s, actor=self.reviewer_id, action="secret_region.unmark",
                         entity=f"material:{row.applicant_id}/{row.material_id}",
                         old={"region": region.id, "page": region.page,
                              "box": [region.x0, region.y0, region.x1, region.y1]})
            s.delete(region)
        self.run(unmark)

    # retention

    def documents_keep_until(self) -> date | None:
        """The last day the package allows keeping its documents (None: not stated)."""
        return self.run(lambda s: getattr(s.get(m.DocumentRetention, 1), "keep_until", None))

    def documents_removed_at(self) -> datetime | None:
        return self.run(lambda s: getattr(s.get(m.DocumentRetention, 1), "removed_at", None))

    def remove_documents(self, confirm: bool) -> int:
        """Remove every document for good (streams overwritten and deleted, keys erased,
        database vacuumed; audited). Allowed after the package's keep-until day, or once the
        final bundle of the last stage is exported; ``confirm`` must be True. Returns the
        number of documents removed."""
        if not confirm:
            raise InputRejected(Msg(N_("Removing the documents cannot be undone: confirm it")))

        def allowed(s: Session) -> None:
            keep = getattr(s.get(m.DocumentRetention, 1), "keep_until", None)
            if keep is not None and date.today() > keep:
                return
            last = s.scalars(select(m.Stage.stage_id).order_by(m.Stage.ordinal.desc())).first()
            final = s.scalars(select(m.ExportRecord.id).filter_by(stage_id=last, final=True)
                              ).first()
            if final is None:
                raise RuleViolation(Msg(N_("The documents stay until the final bundle of the "
                                           "last stage ({stage}) is exported"),
                                        {"stage": last}))
        self.run(allowed)
        return self._remove(reason="confirmed")

    def expire_documents(self, today: date | None = None) -> int:
        """Remove the documents when the keep-until day has passed (run at opening)."""
        def due(s: Session) -> bool:  # the light open asks the same (``case_light``)
            return documents_due(driver_connection(s), today or date.today())
        return self._remove(reason="expired") if self.run(due) else 0

    def _remove(self, reason: str) -> int:
        def erase(s: Session) -> list[int]:
            rows = s.scalars(select(m.Material).where(m.Material.kind == "pdf",
                                                      m.Material.removed.is_(False))).all()
            for row in rows:
                row.removed, row.doc_key = True, None
            s.execute(delete(m.SecretRegion))
            keep = _keep_row(s)
            keep.removed_at, keep.removed_count = utcnow(), keep.removed_count + len(rows)
            audit.append(s, actor=self.reviewer_id, action="documents.remove", entity="case",
                         new={"documents": len(rows), "reason": reason,
                              "keep_until": keep.keep_until})
            return [r.id for r in rows]

        raw_execute(self.engine, "PRAGMA secure_delete = ON")
        pks = self.run(erase)
        for pk in pks:
            _shred(stream_path(self.paths.folder, pk))
        docs = _docs(self.paths.folder)
        if docs.is_dir():
            for stray in docs.iterdir():  # an interrupted copy's temporary
                _shred(stray)
            fsync_dir(docs)
        raw_execute(self.engine, "VACUUM")
        checkpoint(self.engine)  # the WAL's old frames go too
        raw_execute(self.engine, "PRAGMA secure_delete = OFF")
        return len(pks)


def _region(r: m.SecretRegion, material_id: str) -> SecretRegion:
    return SecretRegion(r.id, material_id, r.page, r.x0, r.y0, r.x1, r.y1)


def _shred(path: Path) -> None:
    """Overwrite a file with zeros, flush, delete (as far as the medium allows: flash may keep
    old blocks, which hold only ciphertext)."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with path.open("r+b") as f:
            zeros = bytes(min(size, 1 << 20))
            left = size
            while left > 0:
                n = min(left, len(zeros))
                f.write(zeros[:n])
                left -= n
            f.flush()
            flush_file(f.fileno())
        path.unlink()


def removal_note(s: Session) -> dict[str, Any] | None:
    """What a bundle says of the documents once removed (the manifest's ``documents``)."""
    row = s.get(m.DocumentRetention, 1)
    if row is None or row.removed_at is None:
        return None
    return {"removed_at": sj.format_time(row.removed_at.astimezone(UTC)),
            "count": row.removed_count}

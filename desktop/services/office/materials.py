"""An applicant's materials as the office attaches them: PDF documents (the self-assessment
report, evidence) and plain text, with the passages the applicant declared secret.

A PDF is checked before anything is stored (``document_inspect``: a PDF, not encrypted, at
most ``MAX_DOCUMENT_BYTES``), its declared passages looked for in its text layer (those not
found are reported, and kept: a scanned page has no text to search), and its bytes stored in
``CHUNK`` pieces, each encrypted under a key derived from the workspace's data key, so the
database holds no plaintext of it, embedded or on a PostgreSQL server. The file is read twice
(hash and text, then the chunks), never held whole in memory. A text file is a text material
as before (each passage must occur in it).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.crypto import docstream
from desktop.crypto import strictjson as sj
from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import Applicant, DeclaredSecret, Material, MaterialChunk
from desktop.models.office.review import ReceivedBundle
from desktop.services.document_inspect import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    PdfFacts,
    check_size,
    inspect_pdf,
    looks_like_pdf,
)
from desktop.services.office.applicants import (
    SECRET_KINDS,
    MaterialInput,
    SecretInput,
    _add_material,
)
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import find_applicant, log, resolve_cycle
from desktop.services.office.workspace import Workspace

MATERIALS = OfficeChanges(materials=True)  # what attaching or removing a document changes

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_TEXT_BYTES",
    "DocumentRefused",
    "DocumentRemoval",
    "MaterialSummary",
    "attach_document",
    "attach_pdf_bytes",
    "document_chunks",
    "document_removals",
    "list_materials",
    "remove_material",
]

MAX_TEXT_BYTES = 8 * 1024 * 1024  # a text material (as `office applicant add --material`)
_PURPOSE = b"office documents"
_MIN_REF = 4


@dataclass(frozen=True)
class MaterialSummary:
    material_id: str
    title: str
    kind: str  # "pdf" | "text"
    pages: int | None
    sha256: str
    size: int
    secrets: int
    secrets_unfound: tuple[str, ...]
    text_layer: bool


def _read_pieces(path: Path, size: int = docstream.CHUNK) -> Iterator[bytes]:
    with path.open("rb") as f:
        while piece := f.read(size):
            yield piece


def _check_secrets(secrets: tuple[SecretInput, ...]) -> None:
    for sec in secrets:
        if sec.kind not in SECRET_KINDS:
            raise InputRejected(Msg(N_("A declared secret is 'trade' or 'technical', not "
                                       "'{kind}'"), {"kind": sec.kind}))
        if len(sec.passage.strip()) < 2:
            raise InputRejected(Msg(N_("A declared secret passage needs at least two "
                                       "characters")))


def attach_document(ws: Workspace, applicant_ref: str, path: Path, *, title: str | None = None,
                    secrets: tuple[SecretInput, ...] = (),
                    cycle_ref: str | None = None) -> Done[MaterialSummary]:
    """Attach the PDF or UTF-8 text file at ``path`` to an applicant (``DocumentRefused``:
    not a PDF, encrypted, too large, unreadable)."""
    name = (title if title is not None else path.stem).strip()
    if not name:
        raise InputRejected(Msg(N_("A material needs a title")))
    _check_secrets(secrets)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        raise DocumentRefused(path, Msg(N_("the file cannot be read"))) from None
    check_size(path, size)
    if not looks_like_pdf(head):
        if path.suffix.lower() == ".pdf":
            raise DocumentRefused(path, Msg(N_("it is not a PDF (no PDF header)")))
        return Done(_attach_text(ws, applicant_ref, path, name[:200], secrets, cycle_ref,
                                 size), MATERIALS)
    return Done(_attach_pdf(ws, applicant_ref, path, name, secrets, cycle_ref, size,
                            lambda: _read_pieces(path), inspect_pdf(path, _passages(secrets))),
                MATERIALS)


def attach_pdf_bytes(ws: Workspace, applicant_ref: str, data: bytes, file_name: str, *,
                     title: str, secrets: tuple[SecretInput, ...] = (),
                     cycle_ref: str | None = None) -> Done[MaterialSummary]:
    """``attach_document`` for a PDF already in memory (the demo's generated reports): nothing
    is written but the encrypted chunks."""
    _check_secrets(secrets)
    check_size(Path(file_name), len(data))
    if not looks_like_pdf(data[:1024]):
        raise DocumentRefused(file_name, Msg(N_("it is not a PDF (no PDF header)")))
    pieces = [data[i:i + docstream.CHUNK] for i in range(0, len(data), docstream.CHUNK)]
    return Done(_attach_pdf(ws, applicant_ref, Path(file_name), title, secrets, cycle_ref,
                            len(data), lambda: iter(pieces),
                            inspect_pdf(data, _passages(secrets), file_name)), MATERIALS)


def _passages(secrets: tuple[SecretInput, ...]) -> tuple[str, ...]:
    return tuple(s.passage for s in secrets)


def _attach_pdf(ws: Workspace, applicant_ref: str, path: Path, name: str,
                secrets: tuple[SecretInput, ...], cycle_ref: str | None, size: int,
                read: Callable[[], Iterator[bytes]], facts: PdfFacts) -> MaterialSummary:
    digest = hashlib.sha256()
    try:
        for piece in read():
            digest.update(piece)
    except OSError:
        raise DocumentRefused(path, Msg(N_("the file cannot be read"))) from None
    key = docstream.rest_key(ws.data_key, _PURPOSE)
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        row = Material(applicant_id=app.id, title=name[:200], body="", kind="pdf",
                       sha256=digest.hexdigest(), size=size, pages=facts.pages,
                       text_layer=facts.text_layer)
        s.add(row)
        s.flush()
        for sec, found in zip(secrets, facts.found, strict=True):
            s.add(DeclaredSecret(material_id=row.id, kind=sec.kind, passage=sec.passage,
                                 found=found))
        check = hashlib.sha256()
        stored = 0
        try:
            for i, piece in enumerate(read()):
                check.update(piece)
                stored += len(piece)
                s.add(MaterialChunk(material_id=row.id, seq=i,
                                    data=docstream.seal_chunk(key, row.id.bytes, i, piece)))
                s.flush()
        except OSError:
            raise DocumentRefused(path, Msg(N_("the file cannot be read"))) from None
        if check.hexdigest() != row.sha256 or stored != size:
            raise DocumentRefused(path, Msg(N_("the file changed while it was being read")))
        log(s, cycle, "material.attach", ref=app.ref, kind="pdf", pages=facts.pages,
            size=size, secrets=len(secrets), unfound=facts.found.count(False))
        return _summary(s, row)


def _attach_text(ws: Workspace, applicant_ref: str, path: Path, title: str,
                 secrets: tuple[SecretInput, ...], cycle_ref: str | None,
                 size: int) -> MaterialSummary:
    if size > MAX_TEXT_BYTES:
        raise DocumentRefused(path, Msg(N_("a text material is at most {limit} MiB"),
                                        {"limit": MAX_TEXT_BYTES // (1024 * 1024)}))
    try:
        body = path.read_bytes().decode("utf-8")
    except OSError:
        raise DocumentRefused(path, Msg(N_("the file cannot be read"))) from None
    except UnicodeDecodeError:
        raise DocumentRefused(path, Msg(N_("it is neither a PDF nor UTF-8 text"))) from None
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        row = _add_material(s, app, MaterialInput(title, body, secrets))
        row.sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
        row.size = len(body.encode("utf-8"))
        log(s, cycle, "material.attach", ref=app.ref, kind="text", secrets=len(secrets))
        return _summary(s, row)


def _summary(s: Session, row: Material) -> MaterialSummary:
    secrets = list(s.execute(select(DeclaredSecret.passage, DeclaredSecret.found)
                             .where(DeclaredSecret.material_id == row.id)
                             .order_by(DeclaredSecret.passage)))
    return MaterialSummary(str(row.id), row.title, row.kind, row.pages, row.sha256, row.size,
                           len(secrets), tuple(p for p, found in secrets if not found),
                           row.text_layer)


def list_materials(ws: Workspace, applicant_ref: str,
                   cycle_ref: str | None = None) -> list[MaterialSummary]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        return [_summary(s, r) for r in _materials(s, app)]


def _materials(s: Session, app: Applicant) -> list[Material]:
    return list(s.execute(select(Material).where(Material.applicant_id == app.id)
                          .order_by(Material.title, Material.id)).scalars())


def _find(s: Session, app: Applicant, ref: str) -> Material:
    wanted = ref.strip().lower()
    rows = _materials(s, app)
    hits = [r for r in rows if str(r.id) == wanted or r.title == ref.strip()]
    if not hits and len(wanted) >= _MIN_REF:
        hits = [r for r in rows if str(r.id).startswith(wanted)
                or r.id.hex.startswith(wanted)]
    if not hits:
        raise NotFound(Msg(N_("Applicant {applicant} has no material '{material}'"),
                           {"applicant": app.ref, "material": ref}))
    if len(hits) > 1:
        raise InputRejected(Msg(N_("'{ref}' names more than one material: give more of its "
                                   "id"), {"ref": ref}))
    return hits[0]


def remove_material(ws: Workspace, applicant_ref: str, material_id: str,
                    cycle_ref: str | None = None) -> Done[MaterialSummary]:
    """Remove a material (by id, the start of its id, or its title), its chunks and its
    declared passages. Packages already issued keep what they carried."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        row = _find(s, app, material_id)
        summary = _summary(s, row)
        s.execute(delete(MaterialChunk).where(MaterialChunk.material_id == row.id))
        s.execute(delete(DeclaredSecret).where(DeclaredSecret.material_id == row.id))
        s.delete(row)
        log(s, cycle, "material.remove", ref=app.ref, kind=summary.kind)
        return Done(summary, MATERIALS)


@dataclass(frozen=True)
class DocumentRemoval:
    """A reviewer's case removed the applicants' documents (said by a bundle it signed)."""

    reviewer_id: str
    removed_at: datetime
    documents: int
    bundle_file: str


def document_removals(ws: Workspace, cycle_ref: str | None = None) -> list[DocumentRemoval]:
    """The cases that confirmed removing the documents, one row per reviewer (the earliest
    bundle saying so), from the verified bundles the office holds."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(select(ReceivedBundle.signer_id, ReceivedBundle.manifest_json,
                                ReceivedBundle.file_name)
                         .where(ReceivedBundle.cycle_id == cycle.id,
                                ReceivedBundle.kind == "scores")
                         .order_by(ReceivedBundle.revision)).all()
    seen: dict[str, DocumentRemoval] = {}
    for signer, manifest, file_name in rows:
        note = json.loads(manifest).get("documents")
        if isinstance(note, dict) and signer not in seen:
            seen[signer] = DocumentRemoval(signer, sj.parse_time(note["removed_at"]),
                                           int(note["count"]), file_name)
    return sorted(seen.values(), key=lambda r: r.reviewer_id)


def chunk_count(s: Session, material_id: uuid.UUID) -> int:
    return int(s.execute(select(func.count()).select_from(MaterialChunk)
                         .where(MaterialChunk.material_id == material_id)).scalar_one())


def document_chunks(ws: Workspace, s: Session, material_id: uuid.UUID) -> Iterator[bytes]:
    """The plaintext chunks of a stored PDF, decrypted one at a time (for a package)."""
    key = docstream.rest_key(ws.data_key, _PURPOSE)
    for i in range(chunk_count(s, material_id)):
        sealed = s.execute(select(MaterialChunk.data).where(
            MaterialChunk.material_id == material_id, MaterialChunk.seq == i)).scalar_one()
        yield docstream.open_chunk(key, material_id.bytes, i, sealed)

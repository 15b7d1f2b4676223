"""The append-only audit log, hash-chained: each row's hash covers the previous row's hash.

A row's hash is SHA-256 over a canonical JSON array of (previous hash, seq, time, actor, action,
entity, old, new, why). Rewriting, deleting or reordering any row breaks every later link, and the
head (seq, hash) travels in each exported bundle, so the office holds an anchor a rewrite of the
local history cannot match. Triggers refuse UPDATE and DELETE on the table. The chain's rule
and its check over plain rows are ``audit_chain``'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.audit_chain import GENESIS, check_chain, row_hash  # shared: the light read
from desktop.models.base import utcnow
from desktop.models.case import AuditEntry


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    head: AuditHead
    first_bad_seq: int | None = None


def canonical(value: Any) -> str | None:
    """JSON text with sorted keys and no spaces (what the chain hashes); None stays None."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def head(session: Session) -> AuditHead:
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return AuditHead(0, GENESIS) if last is None else AuditHead(last.seq, last.hash)


def append(session: Session, *, actor: str, action: str, entity: str, old: Any = None,
           new: Any = None, why: str = "") -> AuditEntry:
    """Add one audit row in the caller's transaction (so it commits with the edit it records)."""
    top = head(session)
    at = utcnow()
    old_text, new_text = canonical(old), canonical(new)
    seq = top.seq + 1
    entry = AuditEntry(
        seq=seq, at=at, actor=actor, action=action, entity=entity, old=old_text, new=new_text,
        why=why, prev_hash=top.hash,
        hash=row_hash(top.hash, seq, at, actor, action, entity, old_text, new_text, why),
    )
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> ChainReport:
    """Recompute every link; report the first row whose hash or link does not match."""
    ok, rows, seq, hash_, bad = check_chain(
        (e.seq, e.at, e.actor, e.action, e.entity, e.old, e.new, e.why, e.prev_hash, e.hash)
        for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    return ChainReport(ok, rows, AuditHead(seq, hash_), bad)


__all__ = ["GENESIS", "AuditHead", "ChainReport", "append", "canonical", "head", "row_hash",
           "verify_chain"]

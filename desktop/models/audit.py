"""The append-only audit log, hash-chained: each row's hash covers the previous row's hash.

A row's hash is SHA-256 over a canonical JSON array of (previous hash, seq, time, actor, action,
entity, old, new, why). Rewriting, deleting or reordering any row breaks every later link, and the
head (seq, hash) travels in each exported bundle, so the office holds an anchor a rewrite of the
local history cannot match. Triggers refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.base import utcnow
from desktop.models.case import AuditEntry

GENESIS = "0" * 64


def canonical(value: Any) -> str | None:
    """JSON text with sorted keys and no spaces (what the chain hashes); None stays None."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def row_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str,
             old: str | None, new: str | None, why: str) -> str:
    body = json.dumps([prev_hash, seq, at.isoformat(), actor, action, entity, old, new, why],
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str


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


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    head: AuditHead
    first_bad_seq: int | None = None


def verify_chain(session: Session) -> ChainReport:
    """Recompute every link; report the first row whose hash or link does not match."""
    prev, expected_seq, count = GENESIS, 1, 0
    last = AuditHead(0, GENESIS)
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        recomputed = row_hash(prev, entry.seq, entry.at, entry.actor, entry.action,
                              entry.entity, entry.old, entry.new, entry.why)
        if entry.seq != expected_seq or entry.prev_hash != prev or entry.hash != recomputed:
            return ChainReport(False, count, last, entry.seq)
        prev, expected_seq = entry.hash, expected_seq + 1
        last = AuditHead(entry.seq, entry.hash)
    return ChainReport(True, count, last)

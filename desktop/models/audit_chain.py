"""The audit log's hash chain, checked over plain rows: no SQLAlchemy (issue 26).

``models.audit`` keeps the log (append, head) and checks it over its ORM rows with
``check_chain``; a light read (``services.case_status``) checks the same rows read through the
driver. One rule, one implementation: a row's hash is SHA-256 over the canonical JSON array of
(previous hash, seq, time, actor, action, entity, old, new, why).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

GENESIS = "0" * 64


def row_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str,
             old: str | None, new: str | None, why: str) -> str:
    body = json.dumps([prev_hash, seq, at.isoformat(), actor, action, entity, old, new, why],
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# (seq, at, actor, action, entity, old, new, why, prev_hash, hash), in seq order
ChainRow = tuple[int, datetime, str, str, str, str | None, str | None, str, str, str]
# (ok, rows, head seq, head hash, first bad seq): ``models.audit.ChainReport``'s fields, plain
# (no class to build here: the light read makes as few as it can)
Checked = tuple[bool, int, int, str, int | None]


def check_chain(rows: Iterable[ChainRow]) -> Checked:
    """Recompute every link; report the first row whose hash or link does not match."""
    prev, expected_seq, count = GENESIS, 1, 0
    last_seq, last_hash = 0, GENESIS
    for seq, at, actor, action, entity, old, new, why, prev_hash, hash_ in rows:
        count += 1
        recomputed = row_hash(prev, seq, at, actor, action, entity, old, new, why)
        if seq != expected_seq or prev_hash != prev or hash_ != recomputed:
            return False, count, last_seq, last_hash, seq
        prev, expected_seq = hash_, expected_seq + 1
        last_seq, last_hash = seq, hash_
    return True, count, last_seq, last_hash, None

"""Ids for the derived rows, in the order they are made (issue 26).

A derive writes its rows (item and panel scores, field consensus, sheet totals, item spreads,
findings) with a fresh UUID each. Random (version 4) ids land on random leaf pages of the
primary key's index: an import of 10 bundles into an office holding 1,000 wrote 230 item scores
and dirtied nearly every page of that index — about 400 pages (1.6 MB) written and encrypted
into the WAL for 130 KB of data, the largest part of the import's commit. ``ordered_ids`` makes
version-7-shaped UUIDs (RFC 9562: the Unix time in milliseconds first, then a counter, then
random bits), so the rows a derive writes go to the right-hand end of the index, a few pages.

The ids are still unique: within this process the (millisecond, counter) pair never repeats
(the counter carries into the time when one millisecond makes more than 2**26 ids); across
processes two ids made in the same millisecond with the same counter differ in their 48 random
bits. Nothing reads meaning into a derived row's id (it is replaced at every derive), and no
reader orders by it.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid

_COUNTER_BITS = 26  # 12 bits of rand_a and the top 14 of rand_b
_RANDOM_BITS = 48
_lock = threading.Lock()
_last = [0, -1]  # the millisecond and counter of the last id made


def ordered_ids(n: int) -> list[uuid.UUID]:
    """``n`` fresh UUIDs, each greater than every id this process made before."""
    if n <= 0:
        return []
    with _lock:
        ms, seq = _last
        now = time.time_ns() // 1_000_000
        if now > ms:
            ms, seq = now, -1
        start = seq + 1
        end = start + n  # the counters used: start .. end - 1, carried into the time
        _last[0], _last[1] = ms + ((end - 1) >> _COUNTER_BITS), (end - 1) & _MASK_COUNTER
    noise = secrets.token_bytes(6 * n)
    out = []
    for j, i in enumerate(range(start, end)):
        stamp, counter = ms + (i >> _COUNTER_BITS), i & _MASK_COUNTER
        rand = int.from_bytes(noise[6 * j:6 * j + 6], "big")
        out.append(uuid.UUID(int=(stamp & _MASK_MS) << 80 | 7 << 76
                             | (counter >> 14) << 64 | 2 << 62
                             | (counter & 0x3FFF) << _RANDOM_BITS | rand))
    return out


def ordered_id() -> uuid.UUID:
    """One fresh id, as ``ordered_ids(1)``."""
    return ordered_ids(1)[0]


_MASK_COUNTER = (1 << _COUNTER_BITS) - 1
_MASK_MS = (1 << 48) - 1

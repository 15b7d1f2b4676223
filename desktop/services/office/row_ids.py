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
bits (drawn once per batch of ids: within a batch the counters differ; a batch of another
process has bits of its own). Each id is built from its integer without ``uuid.UUID``'s
argument checks (``_from_int``; ~1 µs less an id, 30,000 ids in a merge of 1,000 bundles).
Nothing reads meaning into a derived row's id (it is replaced at every derive), and no
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
    # One draw of random bits for the batch: within it the (millisecond, counter) pairs all
    # differ, so what the random bits must tell apart is another process's ids made in the
    # same millisecond with the same counters — a batch of theirs, whose bits are its own.
    rand = secrets.randbits(_RANDOM_BITS)
    bits, mask = _COUNTER_BITS, _MASK_COUNTER
    if (start >> bits) == ((end - 1) >> bits):  # one millisecond: the common case
        head = (ms + (start >> bits) & _MASK_MS) << 80 | _FIXED | rand
        return [_from_int(head | c >> 14 << 64 | (c & 0x3FFF) << _RANDOM_BITS)
                for c in range(start & mask, ((end - 1) & mask) + 1)]
    return [_from_int(((ms + (i >> bits)) & _MASK_MS) << 80 | _FIXED | rand
                      | (i & mask) >> 14 << 64 | (i & mask & 0x3FFF) << _RANDOM_BITS)
            for i in range(start, end)]


def _from_int(value: int) -> uuid.UUID:
    """``uuid.UUID(int=value)`` for a value known to fit in 128 bits, without the checks of
    its constructor (a third of the cost of an id); what Python 3.14's ``UUID._from_int``
    does. A UUID is immutable: its methods read only ``int``."""
    made = _new(_UUID)
    _set(made, "int", value)
    _set(made, "is_safe", _UNKNOWN)
    return made


def ordered_id() -> uuid.UUID:
    """One fresh id, as ``ordered_ids(1)``."""
    return ordered_ids(1)[0]


_MASK_COUNTER = (1 << _COUNTER_BITS) - 1
_MASK_MS = (1 << 48) - 1
_FIXED = 7 << 76 | 2 << 62  # the version (7) and the variant (RFC 9562)
_UUID, _UNKNOWN = uuid.UUID, uuid.SafeUUID.unknown
_new, _set = object.__new__, object.__setattr__

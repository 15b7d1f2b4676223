"""The office's signed roster, verified once per process for the same bytes (issue 26).

Every import opens its bundles against the cycle's current roster, and verifying it (size cap,
envelope, pinned root key, Ed25519 over the exact bytes, strict JSON, schema, one entry per
reviewer) costs tens of milliseconds for a roster of 1,000 reviewers — more than opening the ten
bundles of a small import. ``verified_roster`` keeps what ``verify_roster`` returned, keyed by the
SHA-256 of the signed bytes AND the root fingerprint they were verified against: the same bytes
under the same pinned key verify the same way every time, so the kept ``Roster`` (frozen) is what
verifying again would return. A roster whose bytes changed by one bit has another key and is
verified afresh; one that fails is never kept (the error is raised each time); a roster verified
for one office's key is never handed to a workspace pinning another. The rosters kept are few
(the last ``KEPT``), and the process's own: nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from desktop.crypto.roster import Roster, verify_roster

KEPT = 8  # rosters kept: a cycle's current one, and a few for other cycles or workspaces

_verified: OrderedDict[tuple[bytes, str], Roster] = OrderedDict()
_lock = threading.Lock()


def verified_roster(signed: bytes, pinned_root_fp: str) -> Roster:
    """``verify_roster(signed, pinned_root_fp, None)``, verified once per process for the same
    bytes and pinned key; raises what it raises (nothing is kept then)."""
    key = (hashlib.sha256(signed).digest(), pinned_root_fp)
    with _lock:
        found = _verified.get(key)
        if found is not None:
            _verified.move_to_end(key)
            return found
    roster = verify_roster(signed, pinned_root_fp, None)  # raises: nothing kept
    with _lock:
        _verified[key] = roster
        while len(_verified) > KEPT:
            _verified.popitem(last=False)
    return roster


def forget() -> None:
    """Drop every roster kept (tests)."""
    with _lock:
        _verified.clear()

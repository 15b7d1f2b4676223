"""Revoked keys in the merge: a bundle's own creation time is written by whoever holds the key,
so it proves nothing. What counts is when the office received the bundle.

A bundle signed by a revoked key (identified by its signing key's fingerprint: the reviewer id
stays when the key is replaced) is refused unless the office held it before the revocation's
cutoff. One held before is kept if its revision is not above the last revision of that key the
office trusts; above it, the office decides whether it stands, and until then it is not applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.domain.messages import N_, Msg

if TYPE_CHECKING:
    from desktop.domain.merge_records import BundleRecord


@dataclass(frozen=True)
class Revocation:
    reviewer_id: str
    fingerprint: str  # of the revoked signing key
    cutoff: datetime  # bundles received from this moment on are refused
    trusted_revision: int  # the last revision of this key the office trusts
    decisions: Mapping[str, bool] = field(default_factory=dict)
    # content hash -> stands (True) or set aside (False), for held bundles above the trusted one


def revoked(record: BundleRecord, revocations: Mapping[str, Revocation]) -> Msg | None:
    """Why a bundle signed by a revoked key is not applied, or None (not revoked, or it stands).
    ``revocations`` is keyed by fingerprint."""
    rev = revocations.get(record.signer_fp) if record.signer_fp else None
    if rev is None:
        return None
    if record.received_at is None or record.received_at >= rev.cutoff:
        return Msg(N_("signed with the revoked key of reviewer {reviewer} and not held before "
                      "its revocation: refused"), {"reviewer": rev.reviewer_id})
    if record.revision <= rev.trusted_revision:
        return None
    stands = rev.decisions.get(record.content_hash)
    if stands is True:
        return None
    if stands is False:
        return Msg(N_("revision {revision} of reviewer {reviewer}'s revoked key was set aside "
                      "by the office"), {"revision": record.revision,
                                         "reviewer": rev.reviewer_id})
    return Msg(N_("revision {revision} of reviewer {reviewer}'s revoked key is above the last "
                  "trusted revision {trusted}: waits for the office's decision"),
               {"revision": record.revision, "reviewer": rev.reviewer_id,
                "trusted": rev.trusted_revision})


def awaiting(record: BundleRecord, revocations: Mapping[str, Revocation]) -> bool:
    """A held bundle of a revoked key above the trusted revision, not yet decided."""
    rev = revocations.get(record.signer_fp) if record.signer_fp else None
    return (rev is not None and record.received_at is not None
            and record.received_at < rev.cutoff and record.revision > rev.trusted_revision
            and record.content_hash not in rev.decisions)

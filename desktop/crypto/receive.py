"""Classifying a verified bundle against what the receiver already holds.

Revisions count per (reviewer_id, cycle_id, stage_id, kind). A higher revision replaces what is
held (UPDATED); the same revision with the same content hash is a no-op (DUPLICATE); the same
revision with a different hash is a FORK for a person to resolve; a lower revision is STALE.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.crypto.bundle import OpenedBundle
from desktop.crypto.errors import DuplicateBundle, ForkedBundle, StaleBundle

BundleKey = tuple[str, str, str, str]  # (reviewer_id, cycle_id, stage_id, kind)


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    STALE = "stale"
    FORK = "fork"


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    key: BundleKey
    revision: int
    content_hash: str
    held_revision: int | None = None
    held_hash: str | None = None
    prev_hash: str = ""  # the bundle's own prev_hash

    @property
    def accepted(self) -> bool:
        """True when the bundle should be stored (it is new or replaces what is held)."""
        return self.outcome in (Outcome.NEW, Outcome.UPDATED)

    @property
    def chained(self) -> bool | None:
        """For UPDATED: does the bundle name the held one as its predecessor? A gap is not an
        error (interim bundles need not all arrive) but is worth showing. None otherwise."""
        if self.outcome is not Outcome.UPDATED:
            return None
        return self.prev_hash == self.held_hash

    def require_accepted(self) -> None:
        """Raise the typed error for DUPLICATE, STALE and FORK."""
        got, have = self.revision, self.held_revision
        if self.outcome is Outcome.DUPLICATE:
            raise DuplicateBundle(got=got, have=have)
        if self.outcome is Outcome.STALE:
            raise StaleBundle(got=got, have=have)
        if self.outcome is Outcome.FORK:
            raise ForkedBundle(got=got, have=have)


def classify(opened: OpenedBundle, held: Mapping[BundleKey, tuple[int, str]]) -> Classification:
    """Where ``opened`` stands relative to ``held``: key → (revision, content_hash)."""
    key = opened.key
    revision, digest = opened.revision, opened.content_hash
    prev = str(opened.manifest.get("prev_hash", ""))
    if key not in held:
        return Classification(Outcome.NEW, key, revision, digest, prev_hash=prev)
    held_revision, held_hash = held[key]
    if revision > held_revision:
        outcome = Outcome.UPDATED
    elif revision < held_revision:
        outcome = Outcome.STALE
    else:
        outcome = Outcome.DUPLICATE if digest == held_hash else Outcome.FORK
    return Classification(outcome, key, revision, digest, held_revision, held_hash,
                          prev_hash=prev)

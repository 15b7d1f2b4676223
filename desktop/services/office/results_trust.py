"""Typed results of the office's trust side: a reviewer's key revoked (a lost laptop) and
replaced, the held bundles of a revoked key the office decides on, the roster update for the
cases in the field, and a reviewer's qualification taken away.

Each carries the reviewer's name beside the id (and, where a stage is named, the programme), so
the window and the CLI's text read attributes and look nothing up again. ``--json`` keeps the
keys of the dicts returned before (``results_base``: ``EXTRA`` fields stay out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop.domain.programmes import Programme
from desktop.services.office.results_base import EXTRA, Keyed


@dataclass(frozen=True)
class RevocationView(Keyed):
    """A revoked key: why, when the office learnt of the loss, the last revision it trusts."""

    reviewer: str
    fingerprint: str
    reason: str
    learnt_at: datetime
    trusted_revision: int
    revoked_at: datetime
    name: str = field(default="", metadata=EXTRA)  # the reviewer's, as enrolled


@dataclass(frozen=True)
class KeyRevoked(Keyed):
    """A key revoked, the roster version signed, and the held bundles of that key re-checked:
    how many there are, how many are refused (received after the cut-off) and how many wait
    for the office's decision (above the trusted revision)."""

    reviewer: str
    fingerprint: str
    roster_version: int
    held: int = 0
    refused: int = 0
    awaiting: int = 0
    name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class KeyReplaced(Keyed):
    """A replacement key enrolled for a reviewer whose key was revoked."""

    reviewer: str
    fingerprint: str
    replaces: str  # the revoked key's fingerprint
    roster_version: int
    name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class RevokedBundle(Keyed):
    """A held bundle of a revoked key above the last revision the office trusts: it waits for
    the office's decision (``stands`` None) or was decided (with the reason)."""

    file: str
    sha256: str
    content_hash: str
    reviewer: str
    name: str  # the reviewer's name as enrolled
    stage: str
    kind: str
    revision: int
    trusted_revision: int
    received_at: datetime
    revoked_reason: str  # why the key was revoked
    stands: bool | None = None
    reason: str | None = None  # the reason for the decision
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)  # names the stage


@dataclass(frozen=True)
class RevokedDecided(Keyed):
    """The office's decision on a held bundle of a revoked key."""

    file: str
    reviewer: str
    revision: int
    stands: bool
    name: str = field(default="", metadata=EXTRA)
    stage: str = field(default="", metadata=EXTRA)
    reason: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class RosterUpdateWritten(Keyed):
    """The signed roster written to a small file (``.sbr``) for the cases in the field."""

    file: Path
    version: int
    cycle: str
    sha256: str


@dataclass(frozen=True)
class DisqualificationView(Keyed):
    """A reviewer's qualification taken away, and whether the scores given before stand."""

    reviewer: str
    name: str
    reason: str
    article: str
    effective_on: date
    recorded_by: str
    recorded_at: datetime
    earlier: str  # pending | stand | void
    earlier_by: str | None
    earlier_at: datetime | None

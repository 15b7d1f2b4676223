"""Inspecting a score bundle: open and verify it with a key and a roster, and summarise it
(``scorebook bundle inspect``).

The key and the roster come from one of three places:

- a case file (a team leader opening a member's bundle, or a reviewer checking their own);
- a reviewer identity plus a signed roster file, trusted through the office fingerprint typed
  or pinned at enrolment;
- the review office's workspace: the office key and the roster last issued for the cycle.

The summary holds no score or comment text, only counts, ids, hashes and the signer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.crypto.bundle import BUNDLE_SUFFIX, MAX_BUNDLE_BYTES, OpenedBundle, open_bundle
from desktop.crypto.container import overhead
from desktop.crypto.roster import MAX_ROSTER_BYTES, Roster, verify_roster
from desktop.crypto.usb import read_capped
from desktop.domain.programmes import Stage
from desktop.services import case as cases
from desktop.services import identity
from desktop.services.keys import trusted_office_fingerprint
from desktop.services.office import packages
from desktop.services.office.workspace import open_workspace, resolve_database_url
from desktop.services.programmes import programme_of_cycle

__all__ = ["BUNDLE_SUFFIX", "BundleFile", "BundleInspection", "BundleSummary",
           "inspect_with_case", "inspect_with_identity", "inspect_with_office", "read_bundle"]

# A bundle's sealed size: the plaintext cap plus the container's overhead for 16 recipients.
MAX_SEALED_BYTES = MAX_BUNDLE_BYTES + overhead(16)


@dataclass(frozen=True)
class BundleFile:
    """A bundle file as read (within the size cap), not opened yet."""

    path: Path
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class BundleSummary:
    """What a valid bundle says about itself (in this order in JSON), and who signed it."""

    bundle_id: str
    kind: str
    cycle_id: str
    stage_id: str
    reviewer_id: str
    signer_fingerprint: str
    revision: int
    final: bool
    created_at: str
    prev_hash: str
    content_hash: str
    audit_head: str
    applicants: int
    scores: int
    panel_scores: int
    recusals: int
    feedback: int
    size: int  # bytes of the sealed file
    reviewer_name: str  # the signer's name on the roster ("" when the roster has none)


@dataclass(frozen=True)
class BundleInspection:
    summary: BundleSummary
    stage: Stage | None  # the stage as the cycle's programme names it (None: not known here)


def read_bundle(path: Path) -> BundleFile:
    """Read a bundle file, refused before reading when larger than any bundle can be."""
    return BundleFile(path, read_capped(path, MAX_SEALED_BYTES))


def _inspection(opened: OpenedBundle, roster: Roster) -> BundleInspection:
    raw = opened.summary()
    signer = next((r.display_name for r in roster.reviewers
                   if r.reviewer_id == raw["reviewer_id"]), "")
    summary = BundleSummary(**raw, reviewer_name=signer)
    programme = programme_of_cycle(summary.cycle_id)
    stage = next((st for st in programme.stages if st.id == summary.stage_id), None) \
        if programme is not None else None
    return BundleInspection(summary, stage)


def inspect_with_case(bundle: BundleFile, case_folder: Path, passphrase: str) -> BundleInspection:
    """Open ``bundle`` with the key and the roster of a case file."""
    with cases.open_case(case_folder, passphrase) as case:
        roster = case.roster()
        return _inspection(open_bundle(bundle.data, case.identity(), roster), roster)


def inspect_with_identity(bundle: BundleFile, roster_file: Path, passphrase: str,
                          identity_folder: Path | None = None,
                          office_fingerprint: str | None = None) -> BundleInspection:
    """Open ``bundle`` with a reviewer identity and a signed roster file, trusted through the
    office fingerprint given, else the one pinned in the identity (``NoOfficeFingerprint``)."""
    stored = identity.load_identity(passphrase, identity_folder)
    pinned = trusted_office_fingerprint(office_fingerprint, stored.office_fingerprint)
    roster = verify_roster(read_capped(roster_file, MAX_ROSTER_BYTES), pinned, None)
    return _inspection(open_bundle(bundle.data, stored.identity, roster), roster)


def inspect_with_office(bundle: BundleFile, workspace: Path, passphrase: str,
                        cycle: str | None = None,
                        database_url: str | None = None) -> BundleInspection:
    """Open ``bundle`` with the office key and the roster last issued for ``cycle`` (default:
    the latest cycle)."""
    with open_workspace(workspace, passphrase, resolve_database_url(database_url)) as ws:
        roster = packages.office_roster(ws, cycle)
        return _inspection(open_bundle(bundle.data, ws.identity(), roster), roster)

"""Roster updates in the field: the office's signed roster in a small ``.sbr`` file (a USB stick)
that a case imports.

The file is verified against the office fingerprint the case pinned; a roster older than the one
the case holds, or than the highest this laptop has seen for the cycle (kept in the sealed
identity, ``identity.remember_roster``), is refused (``RosterRollback``), and so is a roster of
another cycle. The imported roster becomes the case's: exports stop sealing to revoked keys (a
revoked leader gets nothing) and the team leader's import refuses bundles of revoked keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.crypto.errors import RosterRollback
from desktop.crypto.roster import MAX_ROSTER_BYTES, Roster, verify_roster
from desktop.crypto.usb import read_capped
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services.case_open import OpenCase

ROSTER_UPDATE_SUFFIX = ".sbr"


def check_seen(roster: Roster, seen: Mapping[str, int] | None) -> None:
    """Refuse a roster older than the highest this laptop has seen for its cycle."""
    top = (seen or {}).get(roster.cycle_id)
    if top is not None and roster.version < top:
        raise RosterRollback(roster.version, top)


def import_roster(case: OpenCase, path: Path, seen: Mapping[str, int] | None = None
                  ) -> Roster:
    """Verify the roster update at ``path`` and make it the case's roster; returns it. The same
    version again changes nothing."""
    data = read_capped(path, MAX_ROSTER_BYTES)

    def work(s: Session) -> Roster:
        meta = s.get_one(m.CaseMeta, 1)
        roster = verify_roster(data, meta.office_fingerprint, meta.roster_version)
        if roster.cycle_id != meta.cycle_id:
            raise RuleViolation(Msg(N_("This roster is for cycle {found}, the case is for "
                                       "cycle {expected}"),
                                    {"found": roster.cycle_id, "expected": meta.cycle_id}))
        check_seen(roster, seen)
        if roster.version == meta.roster_version:
            return roster
        old = meta.roster_version
        meta.roster_version, meta.roster_bytes = roster.version, data
        audit.append(s, actor=meta.reviewer_id, action="roster.import", entity="case",
                     old={"roster_version": old}, new={"roster_version": roster.version})
        return roster
    return case.run(work)

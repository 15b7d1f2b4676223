"""The key revocations of the office as the merge reads them (``revocations``): each revoked key's
cut-off (when the office learnt of the loss or recorded it, whichever came first) and the
office's decisions on held bundles above the trusted revision. Below the merge's context
(``office.held``) and the revocation use cases (``office.revocation``), so neither imports the
other for it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.revocation import Revocation
from desktop.models.office.people import KeyRevocation
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.office.common import loads

DECISION_KEY = "revoked."


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def cutoff(row: KeyRevocation) -> datetime:
    """Bundles of the key received from this moment on are refused."""
    return min(_aware(row.learnt_at), _aware(row.revoked_at))


def revocations(s: Session, cycle: Cycle, stored: Iterable[CycleSetting] | None = None
                ) -> dict[str, Revocation]:
    """fingerprint -> the revocation, with the office's decisions on held bundles.
    ``stored``: the cycle's setting rows (``cycle.setting_rows``), when the caller read them in
    this unit of work (the decisions are those keyed ``revoked.``)."""
    decisions: dict[str, bool] = {}
    rows = s.execute(select(CycleSetting).where(
        CycleSetting.cycle_id == cycle.id,
        CycleSetting.key.startswith(DECISION_KEY, autoescape=True))).scalars() \
        if stored is None else (r for r in stored if r.key.startswith(DECISION_KEY))
    for row in rows:
        v = loads(row.value)
        decisions[v["content_hash"]] = bool(v["stands"])
    out = {}
    for rev in s.execute(select(KeyRevocation)).scalars():
        out[rev.fingerprint] = Revocation(rev.reviewer_id, rev.fingerprint, cutoff(rev),
                                          rev.trusted_revision, decisions)
    return out

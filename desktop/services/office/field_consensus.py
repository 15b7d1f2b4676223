"""Which consensus stands for an applicant and stage: the team's signed one or the office's.

The office may record a team's consensus by hand (a team that signed none, a paper record), and
a team may send its signed consensus bundle. The later of the two stands: a field consensus
received after the office's entry replaces it item by item, and an entry the office recorded
after the field consensus was received stays — however often the held bundles are derived
again (an import of anything, a duplicate included, a conflict recorded, a fork resolved).
Without this rule a derive put the older field consensus back over the office's later entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from desktop.models.office.review import ConsensusItem, ReceivedBundle
from desktop.models.office.setup import Cycle


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def write_field_consensus(s: Session, cycle: Cycle, rows: Sequence[dict[str, Any]]) -> None:
    """Insert the field consensus ``rows`` (the bundles' rows already deleted) where they are
    later than what the office entered by hand for their applicant and stage."""
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["applicant_id"], row["stage_id"])].append(row)
    received = dict(s.execute(select(ReceivedBundle.id, ReceivedBundle.received_at).where(
        ReceivedBundle.id.in_({row["bundle_id"] for row in rows}))).all())
    hand = {(a, st): when for a, st, when in s.execute(
        select(ConsensusItem.applicant_id, ConsensusItem.stage_id,
               func.max(ConsensusItem.recorded_at))
        .where(ConsensusItem.cycle_id == cycle.id, ConsensusItem.bundle_id.is_(None))
        .group_by(ConsensusItem.applicant_id, ConsensusItem.stage_id))}
    kept: list[dict[str, Any]] = []
    for (applicant, stage), group in groups.items():
        entered = hand.get((applicant, stage))
        if entered is not None:
            arrived = max(_aware(received[row["bundle_id"]]) for row in group)
            if _aware(entered) > arrived:
                continue  # the office's entry is the later: it stands
            s.execute(delete(ConsensusItem).where(
                ConsensusItem.cycle_id == cycle.id, ConsensusItem.applicant_id == applicant,
                ConsensusItem.stage_id == stage, ConsensusItem.bundle_id.is_(None),
                ConsensusItem.item_id.in_([row["item_id"] for row in group])))
        kept.extend(group)
    if kept:
        s.connection().execute(insert(ConsensusItem), kept)

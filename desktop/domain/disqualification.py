"""A reviewer whose qualification the office took away (主席质量奖 第二十五条, 包头市市长质量奖
第二十九条, 呼和浩特市市长质量奖 第二十七条, 高新区质量奖 第二十八条): bundles of that reviewer the
office receives afterwards are refused with the reason. A bundle's own creation time is written
by its signer and proves nothing (see ``revocation``); what counts is when the office received
it. The scores received before stand or not as the office decides (recorded apart)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.domain.messages import N_, Msg

if TYPE_CHECKING:
    from desktop.domain.merge_records import BundleRecord

EARLIER = ("pending", "stand", "void")  # the office's decision on the scores received before


@dataclass(frozen=True)
class Disqualified:
    reviewer_id: str
    since: datetime  # recorded by the office: bundles received from then on are refused
    effective_on: date
    reason: str
    article: str


def disqualified(record: BundleRecord, by_reviewer: Mapping[str, Disqualified]) -> Msg | None:
    """Why a bundle is refused because its reviewer lost their qualification, or None."""
    d = by_reviewer.get(record.reviewer_id)
    if d is None:
        return None
    if record.received_at is not None and record.received_at < d.since:
        return None  # held before: the office's decision on earlier scores applies
    return Msg(N_("reviewer {reviewer} lost their qualification on {date} ({article}: "
                  "{reason}): a bundle received afterwards is refused"),
               {"reviewer": d.reviewer_id, "date": d.effective_on.isoformat(),
                "article": d.article, "reason": d.reason})

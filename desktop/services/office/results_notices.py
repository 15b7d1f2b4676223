"""Typed results of the notices: a published notice's period, objections, supervision feedback
and the workspace's history.

``--json`` keeps the keys of the dicts returned before (``results_base``); the applicants' names
and the programme travel beside the references for the window and the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.domain.messages import Msg
from desktop.domain.programmes import Programme
from desktop.services.office.results_base import EXTRA, Keyed
from desktop.services.office.results_decide import CategoryRanking


@dataclass(frozen=True)
class NoticePublished(Keyed):
    """A notice recorded: its period counted in working days, and who is on it."""

    notice: str  # the programme's notice id
    published: date
    first_day: date
    last_day: date
    working_days: int
    count: str  # "exactly" | "at_least"
    cite: str
    convention: str
    convention_source: str
    explain: Msg | str
    applicants: tuple[str, ...]  # references
    record: str  # the record's id (what 'remove' takes)
    applicant_names: tuple[str, ...] = field(default=(), metadata=EXTRA)  # as ``applicants``
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


@dataclass(frozen=True)
class ObjectionLogged(Keyed):
    """An objection received against an applicant (pending until decided)."""

    objection: str  # its id
    applicant: str
    outcome: str  # "pending" | "upheld" | "dismissed"
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class BackfillRule(Keyed):
    allowed: bool
    cite: str | None


@dataclass(frozen=True)
class ObjectionDecided(ObjectionLogged):
    """An objection decided, with who fills a place an upheld one freed and the ranking's
    categories after it (the ranking's own shape)."""

    backfilled: tuple[str, ...] = ()
    backfill_rule: BackfillRule | None = None
    categories: tuple[CategoryRanking, ...] = ()


@dataclass(frozen=True)
class FeedbackAdded(Keyed):
    """An applicant's assessment of a reviewer's conduct (双向监督反馈)."""

    applicant: str
    reviewer: str
    assessment: str  # "compliant" | "concerns" | "violation"
    stage: str | None = None
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class FeedbackRow(Keyed):
    stage: str | None
    applicant: str | None
    reviewer: str
    direction: str
    assessment: str
    text: str


@dataclass(frozen=True)
class HistoryRow(Keyed):
    """One entry of the workspace's history."""

    at: datetime
    action: str
    detail: dict[str, Any]
    cycle: str

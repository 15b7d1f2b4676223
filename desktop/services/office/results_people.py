"""Typed results of the office services: reviewers, teams and the award committee.

A team carries its members' names beside their ids, so a page or the text shows "R1 张三" without
asking again. ``--json`` keeps the keys of the dicts returned before (``results_base``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.office.results_base import EXTRA, Keyed, key


@dataclass(frozen=True)
class ReviewerEnrolled(Keyed):
    """A reviewer just enrolled from their card: compare the fingerprint in person."""

    reviewer: str  # the reviewer's id, "R1"
    name: str
    fingerprint: str
    organisation: str = ""
    industry: str = ""
    affiliations: int = 0


@dataclass(frozen=True)
class ReviewerView(Keyed):
    """An enrolled reviewer as the roster lists them."""

    reviewer: str
    name: str
    organisation: str = ""
    industry: str = ""
    contact: str | None = None
    fingerprint: str = ""
    active: bool = True


@dataclass(frozen=True)
class TeamView(Keyed):
    """A review team of a cycle: its members (ids and names) and its leader."""

    name: str = field(metadata=key("team"))
    industry: str = ""
    members: tuple[str, ...] = ()  # reviewer ids
    leader: str | None = None
    member_names: tuple[str, ...] = field(default=(), metadata=EXTRA)  # as ``members``


@dataclass(frozen=True)
class CommitteeMemberView(Keyed):
    """A member of the cycle's award committee (what a recusal names)."""

    member: str  # the member's id
    name: str
    role: str  # "chair" | "vice_chair" | "member"
    organisation: str = ""


@dataclass(frozen=True)
class CommitteeMemberAdded(CommitteeMemberView):
    """A member just added, with the cycle's code."""

    cycle: str = ""


@dataclass(frozen=True)
class ReviewerDetails(Keyed):
    """A reviewer's details as a spreadsheet import left them."""

    reviewer: str  # the reviewer's id
    name: str
    organisation: str
    industry: str
    contact: str

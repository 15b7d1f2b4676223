"""Typed results of the reviewers' panel packages: assignments, admissions to a later stage,
the signed roster and the packages written.

``--json`` keeps the keys of the dicts returned before (``results_base``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.services.office.results_base import EXTRA, Keyed


@dataclass(frozen=True)
class AssignmentView(Keyed):
    """An applicant given to a team: who scores it and who is recused."""

    applicant: str  # reference
    team: str
    reviewers: tuple[str, ...] = ()
    recused: tuple[str, ...] = ()
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class AdmissionView(Keyed):
    """Applicants admitted to a later stage (the site-visit shortlist): an office decision."""

    stage: str
    admitted: tuple[str, ...]


@dataclass(frozen=True)
class RosterIssued(Keyed):
    """The signed roster of reviewers and teams: issued anew, or the one held (unchanged)."""

    version: int
    reviewers: int
    new: bool


@dataclass(frozen=True)
class PackageIssued(Keyed):
    """A reviewer's panel package written and read back."""

    reviewer: str
    file: Path
    applicants: int
    roster_version: int
    reviewer_name: str = field(default="", metadata=EXTRA)

"""Typed reads of one applicant for the set-up page: its materials' texts with the passages
declared secret, and the eligibility stored for every applicant of a cycle.

Frozen values, read by attribute (``results.py`` has the applicant's row and the eligibility
result they reuse); nothing here is written as ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from desktop.services.office.results import EligibilityRecorded


@dataclass(frozen=True)
class DeclaredPassage:
    """A passage of a material the applicant declared a trade or technical secret."""

    kind: str  # "trade" | "technical"
    passage: str


@dataclass(frozen=True)
class MaterialText:
    """A text material as the office holds it, with its declared secret passages."""

    title: str
    body: str
    secrets: tuple[DeclaredPassage, ...] = ()

    @property
    def passages(self) -> tuple[str, ...]:
        return tuple(s.passage for s in self.secrets)


@dataclass(frozen=True)
class ApplicantDetail:
    """One applicant: its materials (by title) and the eligibility stored for it (None: its
    facts were never recorded)."""

    ref: str
    name: str
    materials: tuple[MaterialText, ...] = ()
    eligible: bool | None = None  # None: not evaluated, or the facts cannot decide yet
    eligibility: EligibilityRecorded | None = None

    @property
    def title(self) -> str:
        return f"{self.ref} {self.name}" if self.name else self.ref


@dataclass(frozen=True)
class StoredEligibility:
    """What is stored of one applicant's eligibility."""

    ref: str
    eligible: bool | None  # None: not evaluated, or undetermined
    evaluated: bool  # its facts were recorded and evaluated


@dataclass(frozen=True)
class EligibilityResults:
    """The stored eligibility of every applicant of a cycle, by reference."""

    rows: tuple[StoredEligibility, ...] = ()

    @cached_property
    def _by_ref(self) -> dict[str, StoredEligibility]:
        return {r.ref: r for r in self.rows}

    def of(self, ref: str) -> bool | None:
        """Eligible (True/False), or None: not evaluated, undetermined or no such applicant."""
        row = self._by_ref.get(ref)
        return None if row is None else row.eligible

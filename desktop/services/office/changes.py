"""What an office operation changed: one flag per area of the workspace a page may show.

The office's counterpart of the case file's ``CaseChanges`` (Anki's ``OpChanges``): an operation
returns ``Done(result, OfficeChanges)``; the window's session hands the changes to every page, and
each page reads again only when an area it shows (``OfficePage.watches``) was touched. The CLI
reads ``.result``. The flags name stored data, not pages: the ranking page watches the held
bundles, the consensus, the settings … because the ranking is derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class OfficeChanges:
    """Which areas an operation touched (all False: nothing changed)."""

    applicants: bool = False  # applicants, their award history, eligibility records
    people: bool = False  # reviewers, teams, the committee, enrolled keys
    conflicts: bool = False  # declared conflicts and recusals
    settings: bool = False  # the cycle: programme, weights, quotas, stages, dates
    bundles: bool = False  # held score/consensus bundles, quarantine, forks, merged scores
    consensus: bool = False  # consensus recorded by the office
    disqualifications: bool = False  # reviewers disqualified, earlier scores set aside
    keys: bool = False  # key revocations and their decisions, trust
    votes: bool = False  # committee votes
    notices: bool = False  # notices, objections, supervision feedback
    packages: bool = False  # issued case packages
    materials: bool = False  # the applicants' documents held by the office
    findings: bool = False  # the teams' findings and review reports
    history: bool = False  # the workspace's own history (backups, restores)

    def __or__(self, other: OfficeChanges) -> OfficeChanges:
        return replace(self, **{f.name: getattr(self, f.name) or getattr(other, f.name)
                                for f in fields(self)})

    def __and__(self, other: OfficeChanges) -> OfficeChanges:
        return replace(self, **{f.name: getattr(self, f.name) and getattr(other, f.name)
                                for f in fields(self)})

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches(self, watched: OfficeChanges) -> bool:
        """Whether any area in ``watched`` changed."""
        return (self & watched).any

    @property
    def areas(self) -> tuple[str, ...]:
        """The names of the areas touched, in field order."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


NOTHING = OfficeChanges()
EVERYTHING = OfficeChanges(**{f.name: True for f in fields(OfficeChanges)})

# what the ranking and everything derived from it (shortlist, vote lists, notices) is read from
RANKING_INPUTS = OfficeChanges(applicants=True, people=True, conflicts=True, settings=True,
                               bundles=True, consensus=True, disqualifications=True, keys=True,
                               votes=True, notices=True)

# what deriving the merged state from the held bundles writes: the merged scores, the field
# consensus (the later of it and the office's entry stands), the teams' findings, the field
# recusals in the conflicts register and the field feedback (an import, a fork resolved, a
# key revoked or a revoked key's bundle decided)
DERIVED = OfficeChanges(bundles=True, consensus=True, findings=True, conflicts=True,
                        notices=True)


@dataclass(frozen=True)
class Done(Generic[T]):
    """An office operation's result and what it changed."""

    result: T
    changes: OfficeChanges

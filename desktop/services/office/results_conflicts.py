"""Typed results of the conflicts register: declarations, the office's decisions, suggestions.

A pair is a reviewer and an applicant; the applicant's name travels beside its reference.
``--json`` keeps the keys of the dicts returned before (``results_base``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from desktop.domain.messages import Msg
from desktop.services.office.results_base import EXTRA, Keyed


@dataclass(frozen=True)
class ConflictRecorded(Keyed):
    """A declared conflict just recorded; ``warning`` when it leaves an assigned team short."""

    reviewer: str
    applicant: str  # the applicant's reference
    kind: str  # ConflictKind's value
    source: str  # ConflictSource's value
    warning: Msg | None = None
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class ConflictPinned(Keyed):
    """The office's decision for a pair, standing over every declaration."""

    reviewer: str
    applicant: str
    pinned: bool
    conflicted: bool
    warning: Msg | None = None
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class Declaration(Keyed):
    """One declaration of a pair."""

    kind: str
    source: str
    note: Msg | str


@dataclass(frozen=True)
class FieldDeclaration(Declaration):
    """A recusal a reviewer declared in the field: the bundle that carried it."""

    bundle: str = ""
    declared_at: datetime | None = None
    scored: bool = False  # the reviewer has scores for the applicant in a held bundle


@dataclass(frozen=True)
class ConflictEntry(Keyed):
    """A pair of the register: conflicted or not, the office's decision, the declarations."""

    reviewer: str
    applicant: str
    conflicted: bool
    pinned: str | None  # "conflicted" | "not_conflicted" | None (no decision)
    declarations: tuple[Declaration, ...] = ()
    to_decide: bool = False  # recused in the field by a reviewer who scored the applicant
    applicant_name: str = field(default="", metadata=EXTRA)


@dataclass(frozen=True)
class ConflictSuggestion(Keyed):
    """A likely conflict (nothing recorded: a person decides)."""

    reviewer: str
    applicant: str
    kind: str
    match: str  # MatchKind's value
    reason: Msg
    recorded: bool
    applicant_name: str = field(default="", metadata=EXTRA)

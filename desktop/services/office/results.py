"""Typed results of the office services: applicants and the award history.

Frozen values carrying what a person reads — the names as well as the ids, the programme (its
award categories' and stages' names) — so the window and the CLI's text read attributes and look
nothing up again. Their ``--json`` keys are those of the dicts the services returned before
(``results_base``: ``key`` renames, ``EXTRA`` stays out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.errors import NotFound
from desktop.domain.messages import Msg
from desktop.domain.programmes import AwardCategory, Programme
from desktop.services.office.results_base import EXTRA, Keyed, key


@dataclass(frozen=True)
class ApplicantView(Keyed):
    """An applicant of a cycle: reference, identity, counts, what its award history says."""

    ref: str
    id: str
    kind: str  # "organisation" | "individual"
    award_id: str = field(metadata=key("award"))
    name: str = ""
    credit_code: str | None = None
    region: str = ""
    industry: str = ""
    size: str = ""
    materials: int = 0
    declared_secrets: int = 0
    history: tuple[Msg, ...] = ()
    cycle: str = ""  # the cycle's code, "hohhot-mayor.2025"
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                          metadata=EXTRA)

    @property
    def award(self) -> AwardCategory | None:
        """The award category applied for (its names in three languages), if the programme
        still has it."""
        if self.programme is None:
            return None
        try:
            return self.programme.award(self.award_id)
        except NotFound:
            return None

    @property
    def title(self) -> str:
        """"A001 内蒙古…有限公司": the reference the verbs take and the name."""
        return f"{self.ref} {self.name}" if self.name else self.ref


@dataclass(frozen=True)
class AwardRecordView(Keyed):
    """An award in the history (a winner of a year, perhaps revoked) and the applicants whose
    eligibility it made re-evaluated."""

    id: str
    programme_id: str = field(metadata=key("programme"))
    award_id: str = field(metadata=key("award"))
    name: str = ""
    credit_code: str | None = None
    year: int = 0
    revoked_on: date | None = None
    reevaluated: tuple[str, ...] = ()  # the applicants' references
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)


@dataclass(frozen=True)
class EligibilityFinding(Keyed):
    """What one condition of the programme says about the applicant's facts."""

    rule: str
    kind: str
    outcome: str  # "met" | "not_met" | "unknown" …
    cite: str
    reason: str
    exclusion: bool = False


@dataclass(frozen=True)
class EligibilityRecorded(Keyed):
    """An applicant's facts kept and evaluated against the programme's conditions."""

    ref: str
    eligible: bool | None  # None: the facts cannot decide yet
    overall: str
    as_of: str  # the date the conditions were evaluated for (ISO)
    findings: tuple[EligibilityFinding, ...] = ()
    applicant_name: str = field(default="", metadata=EXTRA)

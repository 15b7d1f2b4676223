"""Plain inputs of the PDF builders. The services layer fills them from a case file or the office
database; the builders only print (totals come from ``desktop.domain.scoring.summarise``).

Every input carries the page furniture (programme, cycle, stage), the audience and, for internal
copies, the recipient named in the watermark. The audience defaults to EXTERNAL: forgetting it can
only remove text, never leak it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from desktop.domain.criteria import Framework
from desktop.domain.findings import Finding as TeamFinding
from desktop.domain.redaction import Audience, Secrets
from desktop.domain.scoring import ItemEntry


@dataclass(frozen=True)
class Party:
    """An applicant, a reviewer or a committee member as printed."""

    id: str
    name: str
    organisation: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentInput:
    programme_name: str
    cycle: str  # as printed, e.g. "2025" or "第十届（2025）"
    stage: str = ""  # the stage's name as printed
    audience: Audience = Audience.EXTERNAL
    recipient: str = ""  # named in the watermark of an internal copy
    language: str | None = None  # None: the active language
    generated: datetime | None = None  # None: now


@dataclass(frozen=True, kw_only=True)
class ScoreSheetInput(DocumentInput):
    """One reviewer's score sheet for one applicant and stage; ``blank`` prints an empty form."""

    applicant: Party
    reviewer: Party | None
    framework: Framework
    entries: tuple[ItemEntry, ...] = ()
    secrets: Secrets = field(default_factory=Secrets)
    blank: bool = False


@dataclass(frozen=True)
class ConsensusRow:
    item_id: str
    pcts: Mapping[str, int | None]  # reviewer id -> percentage
    spread: int  # max − min of the percentages, from the consensus core
    flagged: bool  # spread above the team's threshold
    consensus_pct: int | None
    rationale: str = ""


@dataclass(frozen=True, kw_only=True)
class ConsensusInput(DocumentInput):
    applicant: Party
    leader: Party
    reviewers: tuple[Party, ...]
    framework: Framework
    rows: tuple[ConsensusRow, ...]
    secrets: Secrets = field(default_factory=Secrets)


@dataclass(frozen=True)
class RankingRow:
    rank: int
    applicant: Party
    score: Decimal
    tied: bool = False


@dataclass(frozen=True)
class RankingCategory:
    name: str
    quota: int | None
    rows: tuple[RankingRow, ...]


@dataclass(frozen=True, kw_only=True)
class RankingInput(DocumentInput):
    categories: tuple[RankingCategory, ...]
    basis: str = ""  # how the comprehensive score is formed (configured weights, as printed)


@dataclass(frozen=True, kw_only=True)
class FeedbackInput(DocumentInput):
    """The feedback report to an applicant (e.g. the material review report for applicants who do
    not go on): strengths and improvements per item and the category chart."""

    applicant: Party
    framework: Framework
    entries: tuple[ItemEntry, ...]
    panel_median: Mapping[str, Decimal]  # category id -> median share of its points (0–1)
    secrets: Secrets = field(default_factory=Secrets)
    # What the grey bars are when not the panel's median (e.g. built from one case file), and a
    # sentence saying so on the page; an empty ``panel_median`` draws no grey bars at all.
    median_label: str = ""
    median_note: str = ""
    # The team's consolidated findings (agreed strengths and improvements per item, key themes,
    # suggestions; their marks on their own text): when there are any, the report is built from
    # them and the entries' comments are not printed; without any, from the entries' comments.
    team_findings: tuple[TeamFinding, ...] = ()


class Finding(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"  # needs documents or a decision


@dataclass(frozen=True)
class EligibilityRow:
    condition: str
    citation: str
    finding: Finding
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class EligibilityInput(DocumentInput):
    applicant: Party
    reviewer: Party | None
    rows: tuple[EligibilityRow, ...]
    secrets: Secrets = field(default_factory=Secrets)


@dataclass(frozen=True, kw_only=True)
class BallotInput(DocumentInput):
    committee: str
    award: str
    quota: int
    candidates: tuple[Party, ...]
    copies: int = 1


@dataclass(frozen=True)
class TallyRow:
    applicant: Party
    award: str
    votes_for: int
    votes_against: int
    abstentions: int
    passed: bool


@dataclass(frozen=True)
class RecusalLine:
    """The reviewers who took no part in reviewing one applicant (回避), as printed."""

    applicant: Party
    reviewers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class MinutesInput(DocumentInput):
    committee: str
    meeting: date
    members: int
    present: int
    quorum_rule: str  # as printed, with its citation
    quorum_met: bool
    pass_rule: str
    tally: tuple[TallyRow, ...]
    outcome: str
    chair: str = ""
    recorder: str = ""
    recusals: tuple[RecusalLine, ...] = ()  # per candidate with a reviewer recused


@dataclass(frozen=True)
class NoticeRow:
    applicant: Party
    award: str


@dataclass(frozen=True, kw_only=True)
class NoticeInput(DocumentInput):
    title: str
    issuer: str
    intro: str
    rows: tuple[NoticeRow, ...]
    start: date
    end: date
    working_days: int
    contact: str = ""
    issued: date | None = None


@dataclass(frozen=True, kw_only=True)
class RecoverySheetInput(DocumentInput):
    """The office's recovery sheet: what opens its backups if the passphrase is lost. Printed
    once, kept in a safe; ``code`` is on no other page and in no file of the office."""

    office_name: str
    office_fingerprint: str
    recovery_key_id: str
    code: str = field(repr=False)
    backup_id: str
    backup_file: str
    backup_sha256: str
    backup_made: datetime

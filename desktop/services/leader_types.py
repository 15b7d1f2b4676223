"""The values the team leader's service returns (``desktop.services.leader``), Qt- and SQL-free.

Imported by the leader's window and the command line through ``desktop.services.leader``, which
re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from desktop.crypto.bundle import BUNDLE_SUFFIX
from desktop.domain.consensus import ItemStats
from desktop.domain.findings import (
    CommentKind,
    Factor,
    Finding,
    FindingKind,
    Outcome,
    SiteIssue,
)
from desktop.domain.merge import MergeReport
from desktop.domain.messages import Msg
from desktop.services.office.merge_types import FileResult, ForkSide, ForkView

CONSENSUS_KIND = "consensus"
FORK_ACTION = "team.fork.resolve"
CHAIN_ACTION = "team.chain.resolve"


@dataclass(frozen=True)
class TeamImport:
    """What an import did: one ``FileResult`` per file given, in order, and the totals."""

    files: tuple[FileResult, ...]
    counts: dict[str, int]  # new, updated, duplicate, stale, fork, rejected
    forks: int  # unresolved forks in the state
    held_bundles: int
    refused_sheets: int  # sheets kept out by a recusal
    report: MergeReport  # the domain's report (state included)


@dataclass(frozen=True)
class HeldBundle:
    """One bundle kept in the leader's case file, as the merged state sees it now."""

    file: str
    sha256: str  # of the file bytes
    content_hash: str
    reviewer_id: str
    display_name: str  # the roster's name for the reviewer (the id when not on it)
    stage_id: str
    kind: str  # scores | consensus
    revision: int
    received_at: datetime
    status: str  # current | superseded | forked (waits on a fork) | rejected


@dataclass(frozen=True)
class ItemRow:
    stats: ItemStats  # count, mean, median, min, max, spread, bands, flagged
    default_pct: int | None  # the mean rounded to the step
    pct: int | None  # what the leader entered (None: the default applies)
    rationale: str

    @property
    def flagged(self) -> bool:
        return self.stats.flagged

    @property
    def consensus_pct(self) -> int | None:
        return self.default_pct if self.pct is None else self.pct


@dataclass(frozen=True)
class DivergenceView:
    applicant_id: str
    name: str
    stage_id: str
    rule: Msg
    reviewers: tuple[str, ...]  # whose sheets count
    recused: tuple[str, ...]  # team members recused from this applicant (left out)
    items: tuple[ItemRow, ...]
    flagged: tuple[str, ...]
    missing_rationale: tuple[str, ...]  # flagged items without a rationale yet
    final: bool
    outdated: bool  # finalised on sheets that have changed since
    total: Decimal | None  # the finalised total
    forked: tuple[str, ...]  # reviewers whose bundle for this stage waits on a fork
    rule_source: str = "default"  # whose divergence rule: "office", "default" or "given"


@dataclass(frozen=True)
class ConsensusEntryView:
    applicant_id: str
    stage_id: str
    item_id: str
    pct: int | None
    rationale: str
    default_pct: int | None
    flagged: bool


@dataclass(frozen=True)
class ApplicantConsensus:
    applicant_id: str
    name: str
    stage_id: str
    reviewers: int
    flagged: int
    missing_rationale: int
    final: bool
    outdated: bool
    total: Decimal | None


@dataclass(frozen=True)
class ConsensusExportResult:
    path: Path
    bundle_id: str
    stage_id: str
    revision: int
    content_hash: str
    applicants: tuple[str, ...]  # included (finalised, up to date)
    not_final: tuple[str, ...]  # applicants with sheets but no final consensus (left out)
    verified: bool


@dataclass(frozen=True)
class ConsensusExportView:
    """A consensus bundle exported earlier (kept in the case file)."""

    stage_id: str
    revision: int
    file: str
    applicants: int
    content_hash: str
    exported_at: datetime


@dataclass(frozen=True)
class ChainSide:
    """One bundle of a broken chain: its revision, file and hashes, when it was imported."""

    revision: int
    file: str
    sha256: str
    content_hash: str
    received_at: datetime


@dataclass(frozen=True)
class ChainBreakView:
    """A member's bundles whose ``prev_hash`` chain does not reach the bundle held (a lost
    export, a laptop restored from a backup, a case made again, or someone else's key): they
    wait, not applied, until the leader chooses which chain stands (``resolve_chain``)."""

    reviewer: str
    name: str  # the member's display name from the roster
    stage: str
    kind: str
    held: ChainSide | None  # the bundle in force meanwhile (None: nothing stands)
    waiting: tuple[ChainSide, ...]  # not applied meanwhile
    reason: Msg  # why they wait, as the import said it
    chosen: str | None = None  # a resolved view: the content hash of the bundle chosen
    why: str | None = None  # and the leader's reason




# --- the team's findings (``desktop.services.leader_findings``) ---------------------------------


@dataclass(frozen=True)
class Source:
    """A team member a finding (or a comment) came from: id and the roster's name."""

    reviewer_id: str
    name: str


@dataclass(frozen=True)
class MemberComment:
    """One member's comment on one item (one line of their strengths or improvements box, in
    the bundle in force): ``ref`` "R1:2" names it (the reviewer, then the comment's number
    among that reviewer's comments on the item, strengths first); ``marks`` the member's secret
    marks inside the line, as offsets in ``text``."""

    ref: str
    reviewer: Source
    item_id: str
    kind: CommentKind
    number: int
    factors: tuple[Factor, ...]
    pages: tuple[int, ...]
    text: str  # the whole line (the factor tag and the page citations included)
    body: str  # the text after the tag
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class FindingView:
    """One of the team's findings as the leader's case file keeps it."""

    id: int
    applicant_id: str
    stage_id: str
    kind: FindingKind
    item_id: str  # "" for the applicant's key themes and suggestions
    text: str
    sources: tuple[Source, ...]
    issue_id: str  # a site-visit issue's own id, or for a resolution the one it resolves
    outcome: Outcome | None
    marks: tuple[tuple[int, int], ...]
    ordinal: int

    def finding(self) -> Finding:
        """The domain value (what the rules and the bundle see)."""
        return Finding(self.kind, self.text, self.item_id, self.issue_id, self.outcome,
                       tuple(s.reviewer_id for s in self.sources), self.marks)


@dataclass(frozen=True)
class IssueNoteView:
    """What one on-site member recorded about a site-visit issue (from their bundle)."""

    reviewer: Source
    outcome: Outcome
    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class IssueBoardRow:
    """One site-visit issue the case received, every member's note, the team's resolution."""

    issue: SiteIssue
    notes: tuple[IssueNoteView, ...]
    resolution: FindingView | None

__all__ = ["BUNDLE_SUFFIX", "CHAIN_ACTION", "CONSENSUS_KIND", "FORK_ACTION",
           "ApplicantConsensus", "ChainBreakView", "ChainSide", "ConsensusEntryView",
           "ConsensusExportResult", "ConsensusExportView", "DivergenceView", "FileResult",
           "FindingView", "ForkSide", "ForkView", "HeldBundle", "IssueBoardRow",
           "IssueNoteView", "ItemRow", "MemberComment", "Source", "TeamImport"]

"""One builder per document. ``render(input) -> bytes`` builds a PDF in memory; ``write(input,
path)`` validates, renders and renames it into place, so bad input never leaves a file behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.reports import inputs as i
from desktop.reports import inputs_review as ir
from desktop.reports.documents import (
    ballots,
    consensus,
    eligibility,
    feedback,
    minutes,
    notice,
    ranking,
    recovery_sheet,
    review_report,
    score_sheet,
    summary_report,
)
from desktop.reports.page import write_atomic

BUILDERS: dict[type, Callable[[Any], bytes]] = {
    i.ScoreSheetInput: score_sheet.render,
    i.ConsensusInput: consensus.render,
    i.RankingInput: ranking.render,
    i.FeedbackInput: feedback.render,
    i.EligibilityInput: eligibility.render,
    i.BallotInput: ballots.render,
    i.MinutesInput: minutes.render,
    i.NoticeInput: notice.render,
    i.RecoverySheetInput: recovery_sheet.render,
    ir.ReviewReportInput: review_report.render,
    ir.SummaryReportInput: summary_report.render,
}


def render(document: i.DocumentInput) -> bytes:
    """The PDF of ``document`` (typed errors on bad input, before anything is written)."""
    return BUILDERS[type(document)](document)


def write(document: i.DocumentInput, path: Path) -> Path:
    return write_atomic(path, render(document))

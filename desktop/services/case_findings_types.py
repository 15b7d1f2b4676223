"""Values the reviewer's findings services return (``case_findings``): an item's comments read
back with their factors and pages, and the site-visit issues with this reviewer's notes."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.criteria import ItemKind
from desktop.domain.findings import Comment, FindingKind, Outcome
from desktop.domain.messages import Msg


@dataclass(frozen=True)
class ItemComments:
    """One item's comments as the guidance reads them: each line of the strengths and the
    improvements box is one ``Comment`` (its factors and cited pages), and the scoring
    guidance's warning (``balance_warning``: a hint, never a refusal) or None."""

    applicant_id: str
    stage_id: str
    item_id: str
    item_kind: ItemKind
    pct: int | None
    strengths: tuple[Comment, ...]
    improvements: tuple[Comment, ...]
    warning: Msg | None


@dataclass(frozen=True)
class SiteIssueView:
    """A site-visit issue the material-review team raised (核实 verify / 澄清 clarify) for one
    item, with what this reviewer recorded about it on site (``outcome`` None: nothing yet).
    ``marks``: the spans of ``note`` marked secret."""

    issue_id: str
    applicant_id: str
    applicant_name: str
    item_id: str
    item_name_zh: str
    item_name_en: str
    item_name_mn: str | None
    kind: FindingKind
    text: str
    outcome: Outcome | None
    note: str
    marks: tuple[tuple[int, int], ...]
    recused: bool = False
    changed: bool = False  # set by an edit: whether it changed the case file


__all__ = ["ItemComments", "SiteIssueView"]

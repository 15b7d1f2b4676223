"""Scoring: a reviewer's scorebook for one applicant and one stage, and stage forms.

Percentages are whole numbers 0–100 on the framework's step; item score = percentage × points,
as Decimal to two places (never float). A stage's form comes from the programme: the 23-item
scorebook (``items``) or a single panel score (``panel_score``, e.g. a defense out of 100).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from desktop.domain.criteria import Band, Framework
from desktop.domain.errors import ScoreValueError
from desktop.domain.messages import N_, Msg

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class FormKind(StrEnum):
    ITEMS = "items"  # the framework's scored items (材料评审, 现场评审)
    PANEL_SCORE = "panel_score"  # one score per reviewer, e.g. 陈述答辩 out of 100
    NONE = "none"  # a step without a score (eligibility, committee, notice)


@dataclass(frozen=True)
class StageForm:
    kind: FormKind
    framework_id: str | None = None
    max_points: Decimal | None = None
    step: Decimal | None = None


def parse_pct(framework: Framework, value: object) -> int:
    """Validate a percentage: a whole number 0–100 on the framework's step."""
    try:
        if isinstance(value, bool):
            raise ValueError
        text = str(value).strip().rstrip("%")
        number = Decimal(value) if isinstance(value, int) else Decimal(text)
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ScoreValueError(Msg(N_("'{value}' is not a percentage"), {"value": value}))
    if number != number.to_integral_value() or not 0 <= number <= 100:
        raise ScoreValueError(
            Msg(N_("{value}% is out of range: a whole number from 0 to 100"), {"value": value})
        )
    pct = int(number)
    if pct % framework.step_pct:
        raise ScoreValueError(
            Msg(N_("{value}% is not a multiple of the {step}% step"),
                {"value": pct, "step": framework.step_pct})
        )
    return pct


def item_score(points: int, pct: int) -> Decimal:
    return to_cents(Decimal(points) * Decimal(pct) / Decimal(100))


def parse_panel_score(form: StageForm, value: object) -> Decimal:
    """Validate a panel score (e.g. a defense score out of 100) against its form."""
    if form.kind is not FormKind.PANEL_SCORE or form.max_points is None:
        raise ScoreValueError(Msg(N_("This stage takes no panel score")))
    try:
        if isinstance(value, bool | float):
            raise ValueError
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ScoreValueError(Msg(N_("'{value}' is not a score"), {"value": value})) from None
    if not number.is_finite() or not 0 <= number <= form.max_points:
        raise ScoreValueError(
            Msg(N_("{value} is out of range: from 0 to {max}"),
                {"value": value, "max": form.max_points})
        )
    step = form.step or CENT
    if number % step:
        raise ScoreValueError(
            Msg(N_("{value} is not a multiple of the step {step}"), {"value": value, "step": step})
        )
    return to_cents(number)


@dataclass(frozen=True)
class ItemEntry:
    """One item of a scorebook: the percentage (None until scored) and the two comments."""

    item_id: str
    pct: int | None = None
    strengths: str = ""
    improvements: str = ""


@dataclass(frozen=True)
class ScoreSummary:
    framework_ref: str
    item_scores: Mapping[str, Decimal]
    bands: Mapping[str, int]
    category_subtotals: Mapping[str, Decimal]
    total: Decimal
    max_total: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Scorebook:
    """One reviewer's scores for one applicant at one items-stage."""

    framework: Framework
    applicant_id: str
    stage_id: str
    reviewer_id: str = ""
    entries: dict[str, ItemEntry] = field(default_factory=dict)

    def entry(self, item_id: str) -> ItemEntry:
        self.framework.item(item_id)  # raises NotFound for an unknown item
        return self.entries.get(item_id, ItemEntry(item_id))

    def set_pct(self, item_id: str, value: object) -> ItemEntry:
        pct = None if value is None else parse_pct(self.framework, value)
        updated = replace(self.entry(item_id), pct=pct)
        self.entries[item_id] = updated
        return updated

    def set_comments(self, item_id: str, strengths: str | None = None,
                     improvements: str | None = None) -> ItemEntry:
        current = self.entry(item_id)
        updated = replace(
            current,
            strengths=current.strengths if strengths is None else strengths,
            improvements=current.improvements if improvements is None else improvements,
        )
        self.entries[item_id] = updated
        return updated

    def band(self, item_id: str) -> Band | None:
        pct = self.entry(item_id).pct
        return None if pct is None else self.framework.band_of(pct)

    def summary(self) -> ScoreSummary:
        return summarise(self.framework, self.entries.values())


def summarise(framework: Framework, entries: Iterable[ItemEntry]) -> ScoreSummary:
    """Derived scores: item scores, bands, category subtotals, total and what is missing."""
    by_item = {e.item_id: e for e in entries}
    item_scores: dict[str, Decimal] = {}
    bands: dict[str, int] = {}
    subtotals = {c.id: Decimal("0.00") for c in framework.categories}
    missing = []
    for it in framework.items:
        entry = by_item.get(it.id)
        if entry is None or entry.pct is None:
            missing.append(it.id)
            continue
        score = item_score(it.points, entry.pct)
        item_scores[it.id] = score
        bands[it.id] = framework.band_of(entry.pct).number
        subtotals[it.category] += score
    return ScoreSummary(
        framework_ref=framework.ref,
        item_scores=item_scores,
        bands=bands,
        category_subtotals=subtotals,
        total=to_cents(sum(subtotals.values(), Decimal("0"))),
        max_total=framework.total_points,
        missing=tuple(missing),
    )

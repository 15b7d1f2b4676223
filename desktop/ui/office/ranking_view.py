"""The ranking of one award category: rank, applicant, score and place, the quota line drawn
under the last place within the quota, ties marked (never broken silently)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QTableView

from desktop.domain.messages import N_
from desktop.i18n import _
from desktop.services.office.results_decide import RankRow, StageResult
from desktop.ui.office.table import Column, RowsModel, text_of

Index = QModelIndex | QPersistentModelIndex
QUOTA_LINE_ROLE = Qt.ItemDataRole.UserRole + 20  # True: the quota line runs under this row
TIE_ROLE = Qt.ItemDataRole.UserRole + 21  # True: this row shares its score with another
LINE_COLOUR = QColor("#c62828")
TIE_COLOUR = QColor("#ef6c00")

PLACE_TEXT = {
    "within_quota": N_("within the quota"),
    "tie_at_quota_line": N_("tied at the quota line"),
    "below_quota": N_("below the quota line"),
    "outside_quota": N_("outside the quota (repeat winner)"),
    "below_threshold": N_("below the minimum award score"),
    "removed": N_("removed (objection upheld)"),
}
PLACE_BG = {"within_quota": QColor("#d8f0dc"), "tie_at_quota_line": QColor("#ffe0b2"),
            "removed": QColor("#eeeeee")}


@dataclass(frozen=True)
class RankingLine:
    """A row of the ranking table: an applicant's place (``RankRow``), its stage totals, and
    whether another row shares its score (``mark_ties``)."""

    ref: str
    name: str
    score: Decimal | None
    rank: int | None
    place: str  # domain.ranking.Place's value
    backfilled: bool = False
    repeat_winner: bool = False
    stages: Mapping[str, Decimal | None] = field(default_factory=dict)  # stage id -> total
    tied: bool = False

    @classmethod
    def of(cls, row: RankRow, stages: Mapping[str, StageResult]) -> RankingLine:
        return cls(row.ref, row.name, row.score, row.rank, row.place, row.backfilled,
                   row.repeat_winner, {st: t.total for st, t in stages.items()})


def mark_ties(rows: Sequence[RankingLine]) -> list[RankingLine]:
    """Mark each row ``tied`` when another row has the same score."""
    scores = [str(r.score) for r in rows]
    return [replace(r, tied=r.score is not None and scores.count(str(r.score)) > 1)
            for r in rows]


def _rank_text(row: RankingLine) -> str:
    if row.rank is None:
        return "—"
    return f"{row.rank}=" if row.tied else str(row.rank)


def _place_text(row: RankingLine) -> str:
    text = _(PLACE_TEXT.get(row.place) or str(row.place))
    if row.backfilled:
        text += " · " + _("fills a vacated place")
    if row.tied and row.place != "tie_at_quota_line":
        text += " · " + _("tie")
    return text


def _stage_column(stage: str, name: Callable[[str], str]) -> Column:
    """A stage's total (the row's ``stages``: stage id -> total); headed by the stage's
    name in the interface language (never its id)."""
    return Column(f"stage:{stage}", stage, lambda r: text_of(r.stages.get(stage)),
                  align_right=True, header=lambda: name(stage))


class RankingModel(RowsModel):
    """Rank, reference, name, comprehensive score, one column per weighted stage, place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("rank", N_("Rank"), _rank_text, align_right=True),
            Column("ref", N_("Ref.")),
            Column("name", N_("Applicant")),
            Column("score", N_("Comprehensive score"), align_right=True),
            Column("place", N_("Place"), _place_text,
                   background=lambda r: PLACE_BG.get(r.place)),
        ], parent, key="ref")
        self.quota: int | None = None
        self._line_after = -1
        self._fixed = list(self.columns)
        self.stages: list[str] = []

    def set_stages(self, stages: list[str], name: Callable[[str], str]) -> None:
        """The stages whose totals are shown (ids, in weight order) and how each is named."""
        if list(stages) == self.stages and len(self.columns) == len(self._fixed) + len(stages):
            return  # unchanged: keep the rows (a reset would lose scroll and selection)
        self.beginResetModel()
        self.stages = list(stages)
        self.columns = [*self._fixed[:4], *(_stage_column(st, name) for st in stages),
                        *self._fixed[4:]]
        self._cache.clear()
        self.endResetModel()

    def set_category(self, rows: Sequence[RankingLine], quota: int | None) -> None:
        self.quota = quota
        self.set_rows(mark_ties(rows))

    def show_category(self, rows: Sequence[RankingLine], quota: int | None) -> None:
        """Show a category again after a change: the same applicants in the same order repaint
        only the rows that changed (scroll position and selection stay); otherwise reset."""
        if quota != self.quota:
            self.set_category(rows, quota)
        else:
            self.update_rows(mark_ties(rows))

    def set_rows(self, rows: Any) -> None:
        self._line_after = self._line(list(rows))
        super().set_rows(rows)

    def update_rows(self, rows: Any) -> None:
        rows = list(rows)
        self._line_after = self._line(rows)
        super().update_rows(rows)

    def _line(self, rows: list[RankingLine]) -> int:
        """The row the quota line runs under: the last within the quota (or tied at it)."""
        if self.quota is None:
            return -1
        last = -1
        for i, r in enumerate(rows):
            if r.place in ("within_quota", "tie_at_quota_line"):
                last = i
        return last

    def quota_line_row(self) -> int:
        return self._line_after

    def is_tied(self, r: int) -> bool:
        return 0 <= r < self.rowCount() and bool(self.row(r).tied)

    def tied_rows(self) -> list[str]:
        return [r.ref for r in self.rows() if r.tied]

    def extra_data(self, row: RankingLine, column: Column, role: int) -> Any:
        if role == QUOTA_LINE_ROLE:
            return self._line_after >= 0 and row is self.row(self._line_after)
        if role == TIE_ROLE:
            return row.tied
        if role == Qt.ItemDataRole.ToolTipRole and row.tied:
            return _("Tied: the office and committee decide; the tie is not broken silently")
        return None


class RankingTableView(QTableView):
    """Draws the quota line under its row and a tie mark at the left of tied rows, once per
    paint over the cells (the cells themselves are Qt's own, fast)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not isinstance(model, RankingModel):
            return
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height())
        last = model.rowCount() - 1 if last < 0 else last
        painter = QPainter(self.viewport())
        width = self.viewport().width()
        for r in range(first, last + 1):
            top = self.rowViewportPosition(r)
            height = self.rowHeight(r)
            if model.is_tied(r):
                painter.fillRect(QRect(0, top, 4, height), TIE_COLOUR)
            if r == model.quota_line_row():
                painter.setPen(QPen(LINE_COLOUR, 3))
                painter.drawLine(0, top + height - 1, width, top + height - 1)
        painter.end()

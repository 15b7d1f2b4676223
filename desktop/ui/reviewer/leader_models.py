"""Table models of the team leader's page, each a view of what ``TeamLeader`` returned: the last
import's report, the bundles held, the forks, the applicants' overview, the divergence and the
consensus editor (whose edits are saved at once through a callback to the service).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.criteria import Framework
from desktop.domain.messages import Msg
from desktop.i18n import N_, _, render
from desktop.i18n.data_names import BUNDLE_KIND, label
from desktop.i18n.formatting import format_datetime, join_clauses
from desktop.services.leader import (
    ApplicantConsensus,
    DivergenceView,
    FileResult,
    ForkView,
    HeldBundle,
    ItemRow,
)
from desktop.ui.names import item_name
from desktop.ui.office.forks import fork_state
from desktop.ui.office.table import Column, Row, RowsModel

ModelIndex = QModelIndex | QPersistentModelIndex
StageName = Callable[[str], str]
PersonName = Callable[[str], str]
# (item, pct text or None, rationale or None, back to the default) -> the refusal, or None
SaveEntry = Callable[[str, str | None, str | None, bool], Msg | None]

FLAG_BG = QColor("#ffd7d7")
FINAL_BG = QColor("#d9f2de")
WAIT_BG = QColor("#ffe9b3")
QUIET_BG = QColor("#eeeeee")
DEFAULT_FG = QColor("#6b6b6b")
_OUTCOME_BG = {"rejected": FLAG_BG, "fork": WAIT_BG, "stale": QUIET_BG, "duplicate": QUIET_BG,
               "new": FINAL_BG, "updated": FINAL_BG}
OUTCOME_TEXT = {"new": N_("New"), "updated": N_("Updated"), "duplicate": N_("Duplicate"),
                "stale": N_("Stale"), "fork": N_("Fork"), "rejected": N_("Rejected")}
HELD_STATUS = {"current": N_("In force"), "superseded": N_("Replaced by a later revision"),
               "forked": N_("Waits on a fork decision"), "rejected": N_("Refused")}
_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def local_time(value: datetime) -> str:
    """A stored UTC time in the person's time zone and language."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return format_datetime(aware.astimezone())


def pct_text(value: Decimal | int | None) -> str:
    return "" if value is None else f"{value}%"


def _total(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


# --- rows models (read-only lists) ---------------------------------------------------------------


class MergeReportModel(RowsModel):
    """What the last import in this session did, one row per file."""

    def __init__(self, person: PersonName, stage: StageName,
                 parent: QObject | None = None) -> None:
        super().__init__([
            Column("file", N_("File")),
            Column("reviewer", N_("Reviewer"), lambda r: person(r["reviewer"] or "")),
            Column("stage", N_("Stage"), lambda r: stage(r["stage"]) if r["stage"] else ""),
            Column("revision", N_("Revision"),
                   lambda r: "" if r["revision"] is None else str(r["revision"]),
                   align_right=True),
            Column("outcome", N_("Outcome"), lambda r: _(OUTCOME_TEXT[r["outcome"]])
                   if r["outcome"] in OUTCOME_TEXT else str(r["outcome"]),
                   background=lambda r: _OUTCOME_BG.get(r["outcome"])),
            Column("reason", N_("Reason"), lambda r: _reason_text(r, stage),
                   tooltip=lambda r: _reason_text(r, stage)),
        ], parent)

    def show(self, files: list[FileResult]) -> None:
        self.set_rows([{"file": f.file, "reviewer": f.reviewer, "stage": f.stage,
                        "revision": f.revision, "outcome": f.outcome, "reason": f.reason,
                        "refused": f.refused, "warnings": f.warnings} for f in files])


def named_stages(message: Msg, stage: StageName) -> Msg:
    """The message with each stage id among its parameters (``material``, ``onsite``) given as
    the stage's name, nested messages too."""
    params = {k: named_stages(v, stage) if isinstance(v, Msg) else
              stage(v) if k == "stage" and isinstance(v, str) and v else v
              for k, v in message.params.items()}
    return replace(message, params=params)


def _reason_text(row: Row, stage: StageName) -> str:
    """The reasons in the language shown, stages by their names (never ``onsite``)."""
    reasons = [row["reason"], *row.get("refused", ()), *row.get("warnings", ())]
    return join_clauses(render(named_stages(r, stage)) for r in reasons if r is not None)


class HeldModel(RowsModel):
    """Every bundle kept in the case file (``TeamLeader.held``)."""

    def __init__(self, stage: StageName, parent: QObject | None = None) -> None:
        super().__init__([
            Column("file", N_("File"), tooltip=lambda r: r["held"].sha256),
            Column("reviewer", N_("Reviewer"),
                   lambda r: f"{r['held'].display_name} ({r['reviewer']})"
                   if r["held"].display_name != r["reviewer"] else r["reviewer"]),
            Column("stage", N_("Stage"), lambda r: stage(r["stage"])),
            Column("kind", N_("Kind"), lambda r: label(BUNDLE_KIND, r["kind"])),
            Column("revision", N_("Revision"), align_right=True),
            Column("received", N_("Received"), lambda r: local_time(r["held"].received_at)),
            Column("status", N_("Status"),
                   lambda r: _(HELD_STATUS[r["status"]]) if r["status"] in HELD_STATUS
                   else r["status"],
                   background=lambda r: {"current": FINAL_BG, "forked": WAIT_BG}.get(
                       r["status"], QUIET_BG)),
        ], parent)

    def show(self, held: list[HeldBundle]) -> None:
        self.set_rows([{"file": h.file, "reviewer": h.reviewer_id, "stage": h.stage_id,
                        "kind": h.kind, "revision": h.revision, "status": h.status, "held": h}
                       for h in held])


class LeaderForksModel(RowsModel):
    """The forks among the held bundles (``TeamLeader.list_forks``), resolved or not."""

    def __init__(self, person: PersonName, stage: StageName,
                 parent: QObject | None = None) -> None:
        super().__init__([
            Column("reviewer", N_("Reviewer"), lambda r: person(r["reviewer"])),
            Column("stage", N_("Stage"), lambda r: stage(r["stage"])),
            Column("revision", N_("Revision"), align_right=True),
            Column("files", N_("Bundles")),
            Column("state", N_("State"), lambda r: fork_state(r["fork"]),
                   background=lambda r: WAIT_BG if r["fork"].chosen is None else None),
            Column("reason", N_("Reason"), lambda r: r["fork"].reason or "—",
                   tooltip=lambda r: r["fork"].reason or None),
        ], parent)

    def show(self, forks: list[ForkView]) -> None:
        self.set_rows([{"reviewer": f.reviewer, "stage": f.stage, "revision": f.revision,
                        "files": ", ".join(s.file for s in f.sides), "fork": f}
                       for f in forks])

    def forks(self) -> list[ForkView]:
        return [r["fork"] for r in self.rows()]


def consensus_state(final: bool, outdated: bool, total: Decimal | None) -> str:
    if final and outdated:
        return _("Outdated: the team's scores changed; finalise again")
    if final:
        return _("Final, total {total}").format(total=_total(total))
    return _("Not final yet")


class OverviewModel(RowsModel):
    """The applicants at a stage (``TeamLeader.overview``): sheets, flags, the consensus state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("name", N_("Applicant"), tooltip=lambda r: r["id"]),
            Column("reviewers", N_("Reviewers"), align_right=True),
            Column("flagged", N_("Flagged"), align_right=True),
            Column("missing", N_("Without rationale"), align_right=True,
                   background=lambda r: FLAG_BG if r["missing"] else None),
            Column("state", N_("Consensus state"),
                   lambda r: consensus_state(r["final"], r["outdated"], r["total"]),
                   background=lambda r: WAIT_BG if r["outdated"] else
                   FINAL_BG if r["final"] else None),
        ], parent)

    def show(self, rows: list[ApplicantConsensus]) -> None:
        self.set_rows([{"id": a.applicant_id, "name": a.name, "reviewers": a.reviewers,
                        "flagged": a.flagged, "missing": a.missing_rationale, "final": a.final,
                        "outdated": a.outdated, "total": a.total} for a in rows])

    def applicant_id(self, row: int) -> str:
        return str(self.row(row)["id"])


# --- divergence and consensus ---------------------------------------------------------------------


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def _count(self) -> int:
        raise NotImplementedError

    def _headers(self) -> list[str]:
        return [_(h) for h in self.headers]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self._headers()
        if orientation == Qt.Orientation.Horizontal and role in _DISPLAY and \
                0 <= section < len(headers):
            return headers[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._changed(0, self.rowCount() - 1)

    def _changed(self, first: int, last: int) -> None:
        if 0 <= first <= last < self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))


class DivergenceModel(_Table):
    """Rows: items. Columns: item, name, each reviewer's percentage, mean, spread, flag."""

    fixed = (N_("Item"), N_("Name"))
    tail = (N_("Mean"), N_("Spread"), N_("Flag"))

    def __init__(self, framework: Framework, names: Mapping[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.names = names  # reviewer id -> display name
        self.reviewers: list[str] = []
        self.rows: dict[str, ItemRow] = {}

    def show(self, view: DivergenceView | None) -> None:
        self.beginResetModel()
        self.reviewers = [] if view is None else list(view.reviewers)
        self.rows = {} if view is None or not view.reviewers else \
            {r.stats.item_id: r for r in view.items}
        self.endResetModel()

    def _count(self) -> int:
        return len(self.framework.items) if self.rows else 0

    def _headers(self) -> list[str]:
        return [_(h) for h in self.fixed] + [self.names.get(r, r) for r in self.reviewers] + \
            [_(h) for h in self.tail]

    def flagged(self) -> list[str]:
        return [k for k, v in self.rows.items() if v.flagged]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count():
            return None
        item = self.framework.items[index.row()]
        row = self.rows.get(item.id)
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole and row is not None and row.flagged:
            return QBrush(FLAG_BG)
        if role not in _DISPLAY:
            return None
        n = len(self.reviewers)
        if col == 0:
            return item.id
        if col == 1:
            return item_name(item)
        if row is None:
            return ""
        st = row.stats
        if 2 <= col < 2 + n:
            return pct_text(dict(st.pcts).get(self.reviewers[col - 2]))
        return {2 + n: pct_text(st.mean_pct),
                3 + n: "" if st.spread_pct is None else str(st.spread_pct),
                4 + n: _("Discuss") if st.flagged else ""}.get(col)


class ConsensusModel(_Table):
    """Rows: items. Columns: item, default (the mean rounded to the step), consensus %,
    rationale, flag. The percentage and the rationale are editable; each edit is saved at once
    (``save``). A refused value stays shown as typed, marked, until it is typed again; what the
    case file holds is unchanged."""

    headers = (N_("Item"), N_("Default"), N_("Consensus %"), N_("Rationale"), N_("Flagged"))
    PCT, RATIONALE = 2, 3

    def __init__(self, framework: Framework, save: SaveEntry,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.save = save
        self.key: tuple[str, str] | None = None  # (applicant, stage) shown
        self.rows: dict[str, ItemRow] = {}
        self.typed: dict[tuple[str, int], tuple[str, Msg]] = {}  # refused: text and reason
        self.typing: dict[str, str] = {}  # a rationale being typed, not saved yet

    def show(self, view: DivergenceView | None) -> None:
        """Show a view; the same applicant and stage again updates the rows in place (an open
        editor stays open, refused values stay marked)."""
        key = None if view is None else (view.applicant_id, view.stage_id)
        rows = {} if view is None or not view.reviewers else \
            {r.stats.item_id: r for r in view.items}
        if key == self.key and rows.keys() == self.rows.keys():
            self.rows = rows
            self._changed(0, self.rowCount() - 1)
            return
        self.beginResetModel()
        self.key, self.rows, self.typed, self.typing = key, rows, {}, {}
        self.endResetModel()

    def _count(self) -> int:
        return len(self.framework.items) if self.rows else 0

    def row_of(self, item_id: str) -> int:
        return next(i for i, it in enumerate(self.framework.items) if it.id == item_id)

    def typing_rationale(self, item_id: str, text: str | None) -> None:
        """A rationale is being typed (None: the editor closed): the flag says at once
        whether the item still needs one."""
        if text is None:
            self.typing.pop(item_id, None)
        else:
            self.typing[item_id] = text
        if item_id in self.rows:  # every cell but the rationale's (its editor is open: a
            row = self.row_of(item_id)  # change there would put the saved text back in it)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.RATIONALE - 1))
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(row, self.RATIONALE + 1), self.index(row, last))

    def needs_rationale(self, item_id: str) -> bool:
        """Flagged and without a rationale (the one being typed counts)."""
        row = self.rows.get(item_id)
        if row is None or not row.flagged:
            return False
        return not self.typing.get(item_id, row.rationale).strip()

    def flagged_rows(self) -> list[int]:
        return [i for i, it in enumerate(self.framework.items)
                if it.id in self.rows and self.rows[it.id].flagged]

    def refused(self) -> list[tuple[str, str, Msg]]:
        """(item, what was typed, why it was refused) of the values not saved."""
        return [(item, text, why) for (item, _c), (text, why) in sorted(self.typed.items())]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (self.PCT, self.RATIONALE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count():
            return None
        item = self.framework.items[index.row()]
        row = self.rows.get(item.id)
        if row is None:
            return None
        col = index.column()
        typed = self.typed.get((item.id, col))
        if role == Qt.ItemDataRole.BackgroundRole:
            if typed is not None or self.needs_rationale(item.id):
                return QBrush(FLAG_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.PCT and row.pct is None \
                and typed is None:
            return QBrush(DEFAULT_FG)  # the default stands
        if role == Qt.ItemDataRole.ToolTipRole and typed is not None:
            return render(typed[1])
        if role == Qt.ItemDataRole.EditRole:
            if typed is not None:
                return typed[0]
            if col == self.PCT:
                return "" if row.pct is None else str(row.pct)
            if col == self.RATIONALE:
                return row.rationale
        if role not in _DISPLAY:
            return None
        if col == 0:
            return item.id if role == Qt.ItemDataRole.DisplayRole else \
                f"{item.id} {item_name(item)}"
        if col == 1:
            return pct_text(row.default_pct)
        if col == self.PCT:
            return typed[0] if typed is not None else pct_text(row.consensus_pct)
        if col == self.RATIONALE:
            return typed[0] if typed is not None else row.rationale
        return _("Rationale needed") if self.needs_rationale(item.id) else \
            _("Discuss") if row.flagged else ""

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Save the edit at once (an empty percentage goes back to the default)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                index.column() not in (self.PCT, self.RATIONALE) or \
                not 0 <= index.row() < self._count():
            return False
        item_id = self.framework.items[index.row()].id
        text = "" if value is None else str(value)
        col = index.column()
        if col == self.PCT:
            pct = text.strip().rstrip("%").strip()
            refusal = self.save(item_id, pct or None, None, not pct)
        else:
            refusal = self.save(item_id, None, text, False)
        if refusal is None:
            self.typed.pop((item_id, col), None)
        else:
            self.typed[(item_id, col)] = (text, refusal)
        self._changed(index.row(), index.row())
        return True

    def update_entry(self, item_id: str, pct: int | None, rationale: str) -> None:
        """What the service saved for one item (before the whole view is read again)."""
        row = self.rows.get(item_id)
        if row is None:
            return
        self.rows[item_id] = ItemRow(row.stats, row.default_pct, pct, rationale)
        index = self.row_of(item_id)
        self._changed(index, index)


__all__ = ["ConsensusModel", "DivergenceModel", "HeldModel", "LeaderForksModel",
           "MergeReportModel", "OverviewModel", "consensus_state", "local_time", "named_stages",
           "pct_text"]

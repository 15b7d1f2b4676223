"""Consensus and the committee vote (the ranking: ``pages_rank``; notices and objections:
``pages_notices``). Counting a vote asks before going ahead while matters are unresolved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.domain.consensus import Choice
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.i18n.formatting import join_list
from desktop.services.office import applicants, consensus, cycle, ranking, reads, vote
from desktop.services.office.changes import RANKING_INPUTS, OfficeChanges
from desktop.services.office.results_cycle import StageRow
from desktop.services.office.results_decide import CategoryRanking, ConsensusStatus, VoteResult
from desktop.ui.office import review_reports
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    award_label,
    fit_columns,
    make_table,
    message_text,
    recused_text,
    refill_combo,
    stage_label,
    stored_text,
)
from desktop.ui.office.table import Column, Row, RowsModel
from desktop.ui.office.unresolved import Confirm, ask, decide
from desktop.ui.widgets.field_label import FieldLabel

Index = QModelIndex | QPersistentModelIndex
FLAG_BG = QColor("#f9a66c")
MARKS = ("for", "against", "abstain")
SHORT = 70  # label columns beside a one-line field: short, so the row stays low
MARK_TEXT = {"for": N_("for"), "against": N_("against"), "abstain": N_("abstain")}


# --- consensus --------------------------------------------------------------------------------


class ConsensusEditorModel(RowsModel):
    """Per item: the reviewers' statistics, the consensus percentage and the rationale (both
    editable; an empty percentage takes the default, the mean rounded to the step)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("item", N_("Item")),
            Column("count", N_("Reviewers"), align_right=True),
            Column("mean", N_("Mean %"), align_right=True),
            Column("min", N_("Min %"), align_right=True),
            Column("max", N_("Max %"), align_right=True),
            Column("spread", N_("Spread"), align_right=True,
                   background=lambda r: FLAG_BG if r["flagged"] else None),
            Column("flagged", N_("Flagged"),
                   lambda r: _("flagged") if r["flagged"] else "",
                   background=lambda r: FLAG_BG if r["flagged"] else None),
            Column("pct", N_("Consensus %"), lambda r: "" if r["pct"] is None else str(r["pct"]),
                   align_right=True, editable=lambda r: True),
            Column("rationale", N_("Rationale"), lambda r: r["rationale"],
                   editable=lambda r: True),
        ], parent, key="item")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or \
                not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self.row(index.row())
        key = self.columns[index.column()].key
        text = str(value).strip()
        row[key] = (text or None) if key == "pct" else text
        self.row_changed(index.row())
        return True

    def choices(self) -> dict[str, Choice]:
        return {r["item"]: Choice(pct=r["pct"] if r["pct"] not in (None, "") else None,
                                  rationale=r["rationale"]) for r in self.rows()
                if r["pct"] not in (None, "") or r["rationale"]}

    def flagged(self) -> list[str]:
        return [r["item"] for r in self.rows() if r["flagged"]]


class ConsensusPage(OfficePage):
    title = N_("Consensus")
    # the merged scores, who is recused, the consensus, the applicants and stages
    watches = OfficeChanges(applicants=True, conflicts=True, settings=True, bundles=True,
                            consensus=True, disqualifications=True, keys=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status = RowsModel([
            Column("applicant", N_("Applicant")),
            Column("stage", N_("Stage"), lambda r: stage_label(self.programme, r["stage"])),
            Column("flagged", N_("Flagged items"), align_right=True),
            Column("items", N_("Items with a consensus"), align_right=True,
                   background=lambda r: QColor("#d8f0dc") if r["items"] else None),
            Column("leader", N_("Leader")),
            Column("signed", N_("Recorded by"),
                   lambda r: "—" if not r["items"] else (_("signed field bundle")
                                                         if r["signed"] else _("the office")))],
            self)
        self.status_view = make_table(self, self.status, ctx.fonts)
        self.status_view.doubleClicked.connect(self._open_status)
        self.applicant = QComboBox(self)
        self.stage = QComboBox(self)
        self.applicant_label = FieldLabel("", self.applicant, self, fonts=ctx.fonts,
                                          column_height=SHORT)
        self.stage_label = FieldLabel("", self.stage, self, fonts=ctx.fonts,
                                      column_height=SHORT)
        self.applicant.currentIndexChanged.connect(lambda _i: self.load_editor())
        self.stage.currentIndexChanged.connect(lambda _i: self.load_editor())
        self.editor = ConsensusEditorModel(self)
        self.editor_view = make_table(self, self.editor, ctx.fonts)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.record_button = QPushButton(self)
        self.record_button.clicked.connect(self.record)
        row = QHBoxLayout()
        for w in (self.applicant_label, self.applicant, self.stage_label, self.stage):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.record_button)
        self.box.addLayout(review_reports.beside(self, self.status_view), 2)  # issue 20
        self.box.addLayout(row)
        self.box.addWidget(self.rule)
        self.box.addWidget(self.editor_view, 2)
        self.box.addWidget(self.message)
        self._stages: tuple[StageRow, ...] = ()
        self.programme: Programme | None = None

    def _fill_stages(self) -> None:
        refill_combo(self.stage, [(stage_label(self.programme, s.stage), s.stage)
                                  for s in self._stages])

    def reload(self) -> None:
        ws = self.session.workspace
        view = cycle.cycle_view(ws)
        self.programme = view.programme
        self._stages = view.scored_stages
        apps = applicants.list_applicants(ws)
        refill_combo(self.applicant, [(a.title, a.ref) for a in apps])
        self._fill_stages()
        status = reads.consensus_status(ws)
        rows = []
        for a in apps:
            for s in self._stages:
                try:
                    flagged = len(consensus.divergence_view(ws, a.ref, s.stage).flagged)
                except ScorebookError:
                    flagged = 0
                entry = status.get((a.ref, s.stage), ConsensusStatus())
                rows.append({"applicant": a.ref, "stage": s.stage, "flagged": flagged,
                             "items": entry.items, "leader": entry.leader,
                             "signed": entry.signed})
        self.status.set_rows(rows)
        fit_columns(self.status_view)
        self.load_editor()

    def show_item(self, ref: str, stage: str) -> None:
        self.stale = True
        self.refresh()
        self.applicant.setCurrentIndex(max(self.applicant.findData(ref), 0))
        self.stage.setCurrentIndex(max(self.stage.findData(stage), 0))

    def _open_status(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.status.row(index.row())
            self.show_item(row["applicant"], row["stage"])

    def load_editor(self) -> None:
        ref, stage = self.applicant.currentData(), self.stage.currentData()
        if not ref or not stage or not self.session.is_open() or self.session.busy:
            return
        ws = self.session.workspace
        try:
            div = consensus.divergence_view(ws, ref, stage)
            held = reads.consensus_items(ws, ref, stage)
        except ScorebookError as error:
            self.message.show_error(error)
            return
        self._rule, self._recused = div.rule, div.recused
        rows = []
        for it in div.stats:
            entry = held.get(it.item)
            pct, why = (None, "") if entry is None else (entry.pct, entry.rationale)
            rows.append({"item": it.item, "count": it.count, "mean": it.mean,
                         "min": it.lowest, "max": it.highest, "spread": it.spread,
                         "flagged": it.flagged, "pct": pct, "rationale": why})
        self.editor.set_rows(rows)
        fit_columns(self.editor_view)
        self._describe_rule()

    def _describe_rule(self) -> None:
        rule = getattr(self, "_rule", None)
        if rule is not None:
            self.rule.setText(_("Flagged when: {rule}. A flagged item needs a rationale; an "
                                "empty percentage takes the mean rounded to the step.")
                              .format(rule=message_text(rule)) + " " +
                              recused_text(getattr(self, "_recused", [])))

    def record(self) -> bool:
        """Record the consensus through the service (rules re-checked); refusals are shown."""
        ref, stage = self.applicant.currentData(), self.stage.currentData()
        if not ref or not stage:
            return False
        try:
            done = consensus.record_consensus(self.session.workspace, ref, stage,
                                              self.editor.choices())
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        self.message.show_ok(Msg(N_("Consensus recorded for {applicant} ({stage}): total "
                                    "{total}"), {"applicant": ref,
                                                 "stage": stage_label(self.programme, stage),
                                                 "total": str(done.result.total)}))
        self.session.notify(done)
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.applicant_label.setText(_("Applicant:"))
        self.stage_label.setText(_("Stage:"))
        self._fill_stages()
        self.applicant.setAccessibleName(_("Applicant"))
        self.stage.setAccessibleName(_("Stage"))
        self.record_button.setText(_("&Record consensus"))
        self.record_button.setAccessibleName(_("Record the consensus"))
        self.status_view.setAccessibleName(_("Consensus status"))
        self.editor_view.setAccessibleName(_("Consensus editor"))
        self._describe_rule()


# --- the committee vote -----------------------------------------------------------------------


class BallotModel(RowsModel):
    """Rows: members present; one column per candidate holding for / against / abstain."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([Column("member", N_("Member"))], parent, key="member")
        self.candidates: list[str] = []

    def set_ballots(self, members: list[str], candidates: list[str],
                    marks: dict[str, dict[str, str]] | None = None) -> None:
        self.candidates = candidates
        self.columns = [Column("member", N_("Member"))] + [
            Column(c, c, self._mark_text(c), editable=lambda r: True)
            for c in candidates]
        marks = marks or {}
        self.set_rows([{"member": m, **{c: marks.get(m, {}).get(c, "abstain")
                                        for c in candidates}} for m in members])

    @staticmethod
    def _mark_text(candidate: str) -> Callable[[Row], str]:
        return lambda row: _(MARK_TEXT[row[candidate]])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 1 <= section < len(self.columns):
            return self.columns[section].key  # an applicant reference, not translated
        return super().headerData(section, orientation, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == 0 \
                or str(value) not in MARKS:
            return False
        self.row(index.row())[self.columns[index.column()].key] = str(value)
        self.row_changed(index.row())
        return True

    def ballots(self) -> dict[str, dict[str, str]]:
        return {r["member"]: {c: r[c] for c in self.candidates} for r in self.rows()}


class MarkDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        for mark in MARKS:
            combo.addItem(_(MARK_TEXT[mark]), mark)
        combo.setAccessibleName(_("Ballot mark"))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _tally_rows(result: VoteResult) -> list[Row]:
    elected, tied = set(result.elected), set(result.tied_at_line)
    rows: list[Row] = [
        {"rank": t.rank, "applicant": t.ref, "name": t.name, "for": t.votes_for,
         "against": t.against, "abstain": t.abstain, "invalid": t.invalid,
         "recused": t.recused, "denominator": t.denominator, "share": t.share,
         "passed": t.passed, "elected": t.ref in elected, "tied": t.ref in tied}
        for t in result.tally]
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["applicant"]))


class VotePage(OfficePage):
    title = N_("Committee vote")
    watches = RANKING_INPUTS  # the candidates come from the ranking; the votes held

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.award = QComboBox(self)
        self.award_label = FieldLabel("", self.award, self, fonts=ctx.fonts,
                                      column_height=SHORT)
        self.award.currentIndexChanged.connect(lambda _i: self._prepare())
        self.present = QListWidget(self)
        self.present_label = FieldLabel("", self.present, self, fonts=ctx.fonts)
        self.present.itemChanged.connect(lambda _item: self._rebuild_ballots())
        self.ballots = BallotModel(self)
        self.ballot_view = make_table(self, self.ballots, ctx.fonts, stretch_last=False)
        self.ballot_view.setItemDelegate(MarkDelegate(self.ballot_view))
        self.count_button = QPushButton(self)
        self.count_button.clicked.connect(self.count)
        self.confirm: Confirm = ask  # go ahead although matters are unresolved?
        self.tally = RowsModel([
            Column("rank", N_("Rank"), align_right=True),
            Column("applicant", N_("Candidate")),
            Column("for", N_("For"), align_right=True),
            Column("against", N_("Against"), align_right=True),
            Column("abstain", N_("Abstain"), align_right=True),
            Column("invalid", N_("Invalid"), align_right=True),
            Column("recused", N_("Recused"), align_right=True),
            Column("denominator", N_("Counted"), align_right=True),
            Column("share", N_("Share")),
            Column("passed", N_("Passed"),
                   background=lambda r: QColor("#d8f0dc") if r["passed"] else None),
            Column("elected", N_("Elected"),
                   background=lambda r: QColor("#d8f0dc") if r["elected"] else
                   (QColor("#ffe0b2") if r["tied"] else None))], self, key="applicant")
        self.tally_view = make_table(self, self.tally, ctx.fonts)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.award_label, 0, 0)
        grid.addWidget(self.award, 0, 1)
        grid.addWidget(self.present_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.present, 1, 1)
        grid.addWidget(self.ballot_view, 1, 2)
        grid.setColumnStretch(2, 1)
        self.box.addLayout(grid, 2)
        self.box.addWidget(self.count_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.box.addWidget(self.result_label)
        self.box.addWidget(self.tally_view, 2)
        self.box.addWidget(self.message)
        self.result: VoteResult | None = None
        self._candidates: dict[str, list[str]] = {}
        self._members: list[str] = []
        self._categories: tuple[CategoryRanking, ...] = ()
        self._stored: dict[str, VoteResult] = {}
        self.programme: Programme | None = None

    def _fill_awards(self) -> None:
        refill_combo(self.award, [(award_label(self.programme, c.award_id, c.name_zh),
                                   c.award_id) for c in self._categories])

    def reload(self) -> None:
        ws = self.session.workspace
        ranked = ranking.rank(ws)
        self._candidates = {c.award_id: [r.ref for r in c.rows if r.place != "removed"]
                            for c in ranked.categories}
        self.programme = ranked.programme
        self._categories = ranked.categories
        self._fill_awards()
        self._members = [m.name for m in reads.committee_members(ws)]
        self._stored = reads.latest_votes(ws)
        self._prepare()

    def _prepare(self) -> None:
        award = self.award.currentData()
        stored = self._stored.get(award)
        present = set(stored.present_names) if stored else set(self._members)
        self.present.blockSignals(True)
        self.present.clear()
        for name in self._members:
            item = QListWidgetItem(name, self.present)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in present
                               else Qt.CheckState.Unchecked)
        self.present.blockSignals(False)
        self.ballots.set_ballots([], [])
        self.ballots.set_ballots(self.present_members(),
                                 self._candidates.get(self.award.currentData(), []),
                                 {m: dict(b) for m, b in stored.ballots.items()} if stored
                                 else None)
        self.ballot_view.resizeColumnsToContents()
        self.show_result(stored)

    def present_members(self) -> list[str]:
        return [self.present.item(i).text() for i in range(self.present.count())
                if self.present.item(i).checkState() == Qt.CheckState.Checked]

    def _rebuild_ballots(self) -> None:
        self.ballots.set_ballots(self.present_members(),
                                 self._candidates.get(self.award.currentData(), []),
                                 self.ballots.ballots())
        self.ballot_view.resizeColumnsToContents()

    def count(self) -> bool:
        award = self.award.currentData()
        if not award:
            return False
        try:
            done = decide(self, lambda confirm: vote.hold_vote(
                self.session.workspace, award, self.present_members(), self.ballots.ballots(),
                confirm_unresolved=confirm), self.programme)
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        if done is None:  # not confirmed: nothing counted
            return False
        self._stored = {**self._stored, award: done.result}
        self.show_result(done.result)
        self.session.notify(done)
        self.stale = False  # what it shows is what was counted
        self.message.show_ok(Msg(N_("The vote on {award} is counted and recorded"),
                                 {"award": award_label(self.programme, award)}))
        return True

    def show_result(self, result: VoteResult | None) -> None:
        self.result = result
        self.tally.set_rows(_tally_rows(result) if result else [])
        fit_columns(self.tally_view)
        self._describe()

    def _describe(self) -> None:
        r = self.result
        if not r:
            self.result_label.setText(_("No vote counted yet for this category."))
            return
        parts = [_("Members: {members}; present: {present}; quorum {met}.").format(
            members=r.members, present=r.present,
            met=_("met") if r.quorum_met else _("NOT met")),
            _("Rule: {rule} ({cite}).").format(rule=stored_text(r.rule),
                                               cite=r.cite or _("office setting")),
            _("Abstentions count in the denominator.") if r.abstentions_count
            else _("Abstentions do not count in the denominator."),
            _("Elected: {refs}.").format(refs=join_list(r.elected) or "—")]
        if r.tied_at_line:
            parts.append(_("Tied at the line: {refs}.").format(refs=join_list(r.tied_at_line)))
        parts += [stored_text(n) for n in r.notes]
        self.result_label.setText(" ".join(parts))

    def retranslate(self) -> None:
        super().retranslate()
        self.award_label.setText(_("Award category:"))
        self.award.setAccessibleName(_("Award category"))
        self._fill_awards()
        self.present_label.setText(_("Present:"))
        self.present.setAccessibleName(_("Members present"))
        self.ballot_view.setAccessibleName(_("Ballots"))
        self.count_button.setText(_("&Count the vote"))
        self.count_button.setAccessibleName(_("Count the vote"))
        self.tally_view.setAccessibleName(_("Vote tally"))
        self._describe()

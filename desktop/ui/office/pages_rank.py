"""The ranking page: every award category against its quota, the reviewers recused from each
applicant, and — with every ranking — the list of what is still unresolved before the office
decides (``services.office.readiness``)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.domain.messages import N_
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.i18n.formatting import join_clauses, join_list
from desktop.services.office import ranking
from desktop.services.office.changes import RANKING_INPUTS
from desktop.services.office.results_decide import CategoryRanking, Ranking
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    award_label,
    fit_columns,
    make_table,
    message_text,
    refill_combo,
    stage_label,
    weights_text,
)
from desktop.ui.office.ranking_view import RankingLine, RankingModel, RankingTableView
from desktop.ui.office.unresolved import UnresolvedPanel
from desktop.ui.widgets.field_label import FieldLabel

SHORT = 70  # label columns beside a one-line field: short, so the row stays low


class RankingPage(OfficePage):
    title = N_("Ranking")
    watches = RANKING_INPUTS  # what the ranking is read from

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.category = QComboBox(self)
        self.category_label = FieldLabel("", self.category, self, fonts=ctx.fonts,
                                         column_height=SHORT)
        self.category.currentIndexChanged.connect(lambda _i: self._show_category())
        self.model = RankingModel(self)
        self.view = make_table(self, self.model, ctx.fonts, view_class=RankingTableView)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.unresolved = UnresolvedPanel(self)
        row = QHBoxLayout()
        row.addWidget(self.category_label)
        row.addWidget(self.category)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(self.view, 1)
        self.box.addWidget(self.info)
        self.box.addWidget(self.unresolved)
        self.box.addWidget(self.message)
        self.result: Ranking | None = None
        self.programme: Programme | None = None

    def _fill_categories(self) -> None:
        cats = self.result.categories if self.result is not None else ()
        refill_combo(self.category, [(award_label(self.programme, c.award_id, c.name_zh),
                                      c.award_id) for c in cats])

    def reload(self) -> None:
        self.result = result = ranking.rank(self.session.workspace)
        self.programme = result.programme  # carried by the ranking: no cycle code parsed
        self.model.set_stages(list(result.weights), lambda st: stage_label(self.programme, st))
        self._fill_categories()
        self._show_category()
        self.unresolved.show_items(result.matters.items if result.matters is not None
                                   else result.unresolved, self.programme)

    def category_data(self) -> CategoryRanking | None:
        if self.result is None:
            return None
        return self.result.category(self.category.currentData())

    def _show_category(self) -> None:
        cat = self.category_data()
        if cat is None or self.result is None:
            return
        totals = {a.ref: a.stages for a in self.result.applicants}
        rows = [RankingLine.of(r, totals.get(r.ref, {})) for r in cat.rows]
        self.model.show_category(rows, cat.quota)
        fit_columns(self.view)
        self._describe()

    def _describe(self) -> None:
        cat = self.category_data()
        if cat is None or self.result is None:
            return
        parts = [_("Quota: {quota} ({cite}); the red line runs under the last place within "
                   "it.").format(quota="—" if cat.quota is None else cat.quota,
                                 cite=cat.quota_cite)]
        if cat.tied_at_line:
            parts.append(_("Tied at the quota line: {refs} — the tie is shown, not broken.")
                         .format(refs=join_list(cat.tied_at_line)))
        if cat.vacancies:
            parts.append(_("Vacancies: {n}").format(n=cat.vacancies))
        parts.append(_("Weights (office setting): {weights}").format(
            weights=weights_text(self.programme, self.result.weights)))
        parts += [message_text(n) for n in cat.notes]
        in_category = {r.ref for r in cat.rows}
        recused = [f"{a.ref} ({join_list(who)})" for a in self.result.applicants
                   if a.ref in in_category and
                   (who := sorted({r for t in a.stages.values() for r in t.recused}))]
        if recused:
            parts.append(_("Reviewers recused, left out of the totals: {list}.").format(
                list=join_clauses(recused)))
        self.info.setText("\n".join(parts))  # one matter a line

    def retranslate(self) -> None:
        super().retranslate()
        self.category_label.setText(_("Award category:"))
        self.category.setAccessibleName(_("Award category"))
        self._fill_categories()
        self.view.setAccessibleName(_("Ranking"))
        self._describe()
        self.unresolved.retranslate()

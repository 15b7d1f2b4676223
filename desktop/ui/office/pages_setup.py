"""Cycle set-up, applicants, reviewers / teams / committee, and the conflicts register."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.calendar import notice_after
from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.i18n.data_names import (
    APPLICANT_KIND,
    CONFLICT_KIND,
    CONFLICT_SOURCE,
    MATCH_KIND,
    PIN_DECISION,
    SETTING_FIELD,
    SETTING_NAME,
    SETTING_WORD,
    label,
)
from desktop.i18n.formatting import join_clauses, join_list, label_value
from desktop.services.catalogue import framework_for_ref
from desktop.services.office import (
    applicants,
    conflict_decisions,
    conflicts,
    cycle,
    reads,
    reviewers,
)
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.results_applicant import ApplicantDetail, EligibilityResults
from desktop.services.office.results_conflicts import ConflictSuggestion
from desktop.services.office.results_cycle import CycleView
from desktop.ui.names import bilingual, named
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    award_label,
    date_text,
    fit_columns,
    make_table,
    message_text,
    stage_label,
    stored_text,
    weights_text,
)
from desktop.ui.office.decisions import DecisionsPanel, decision_text
from desktop.ui.office.materials import DocumentActions
from desktop.ui.office.people_dialogs import PeopleActions
from desktop.ui.office.revoke_dialog import RevokeAction
from desktop.ui.office.setting_editor import SettingEditor
from desktop.ui.office.setup_dialogs import OUTCOME, OVERALL, ApplicantActions
from desktop.ui.office.table import Column, Row, RowsModel
from desktop.ui.widgets.field_label import LabelBeside, PageTitle, TitlePlace

OFFICE_BG = QColor("#e3f0fb")
RULE_BG = QColor("#eeeeee")
SECRET_BG = "#ffd54f"
ELIGIBLE_BG = {True: QColor("#d8f0dc"), False: QColor("#f8d7da"), None: QColor("#fff3cd")}


# --- cycle set-up -----------------------------------------------------------------------------


def _described(row: Row) -> bool:
    """Whether a setting carries words of its own (else its key stands for its meaning)."""
    meaning = row.meaning
    return bool(str(meaning.template if isinstance(meaning, Msg) else meaning) != row.key)


def setting_name(key: str, programme: Programme | None) -> str:
    """A setting or programme rule by name ("quota.hitech" -> "Quota: <award>")."""
    if key in SETTING_NAME:
        return label(SETTING_NAME, key)
    prefix, _dot, rest = key.partition(".")
    if rest and prefix in SETTING_NAME:
        if prefix == "quota":
            name = award_label(programme, rest)
        elif prefix == "notice" and programme is not None:
            stage = notice_after(programme, rest)
            name = named(stage) if stage else rest
        else:
            name = stage_label(programme, rest)
        return _(SETTING_NAME[prefix]).format(name=name)
    return key


def setting_value_text(value: Any, programme: Programme | None,
                       refs: dict[str, str] | None = None) -> str:
    """A setting's value in words: yes/no, a dash for none, fields by name, stages by name,
    applicants by reference (``refs``: applicant id -> reference)."""
    refs = refs or {}
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return join_clauses(label_value(_field_name(k, programme),
                                        setting_value_text(v, programme, refs))
                            for k, v in value.items()) or "—"
    if isinstance(value, list):
        return join_list(setting_value_text(v, programme, refs) for v in value) or "—"
    if isinstance(value, str):
        if value in refs:
            return refs[value]
        if value in SETTING_WORD:
            return label(SETTING_WORD, value)
        return stage_label(programme, value) if programme is not None else value
    return str(value)


def _field_name(key: str, programme: Programme | None) -> str:
    if key in SETTING_FIELD:
        return label(SETTING_FIELD, key)
    return stage_label(programme, key)


class SettingsModel(RowsModel):
    """Office settings (editable, undoable) beside the programme's rules (read-only)."""

    def __init__(self, ctx: OfficeContext, page: CyclePage) -> None:
        super().__init__([
            Column("meaning", N_("Setting"),
                   lambda r: message_text(r.meaning) if _described(r)
                   else setting_name(r.key, page.programme)),
            Column("value", N_("Value"),
                   lambda r: weights_text(page.programme, r.value)
                   if r.key == "weights" and isinstance(r.value, dict)
                   else setting_value_text(r.value, page.programme, page.refs)),
            Column("source", N_("Source"), decision_text,
                   background=lambda r: OFFICE_BG if r.source == "office" else RULE_BG),
            Column("key", N_("Name"), lambda r: setting_name(r.key, page.programme)),
        ], page, key="key")
        self.ctx = ctx
        self.page = page


class CyclePage(OfficePage):
    title = N_("Cycle set-up")
    # the settings and stages; a setting may list applicants (by id, shown by reference)
    watches = OfficeChanges(settings=True, applicants=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.stages = RowsModel([
            Column("stage", N_("Stage"), lambda r: stage_label(self._programme, r.stage)),
            Column("scored", N_("Scored")),
            Column("starts", N_("Starts"), lambda r: date_text(r.starts)),
            Column("ends", N_("Ends"), lambda r: date_text(r.ends))], self, key="stage")
        self.stage_view = make_table(self, self.stages, ctx.fonts)
        self.settings = SettingsModel(ctx, self)
        self.settings_view = make_table(self, self.settings, ctx.fonts)
        # an office setting opens its form (activated: a double-click, or Enter on its row)
        self.settings_view.activated.connect(self.edit_setting)
        self.editor: SettingEditor | None = None
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.decisions = DecisionsPanel(  # what the document leaves open (issue 21)
            self, lambda: self.session.workspace, self._decided, self.message.show_error,
            lambda k, v: weights_text(self._programme, v) if k == "weights" and isinstance(
                v, dict) else setting_value_text(v, self._programme, self._refs))
        self.box.addWidget(self.summary)
        self.box.addWidget(self.stage_view, 1)
        self.box.addWidget(self.decisions)
        self.box.addWidget(self.legend)
        self.box.addWidget(self.settings_view, 2)
        self.box.addWidget(self.message)
        self._view: CycleView | None = None
        self._programme: Programme | None = None
        self._refs: dict[str, str] = {}

    @property
    def programme(self) -> Programme | None:
        return self._programme

    @property
    def refs(self) -> dict[str, str]:
        """Applicant id -> reference (a setting may list applicants by id)."""
        return self._refs

    def refresh(self) -> None:
        # a setting saved from its cell's editor: read again once the editor has closed (a
        # reset under the open editor makes Qt commit it twice, to a view it left)
        if self.settings_view.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(0, self.refresh)
            return
        super().refresh()

    def reload(self) -> None:
        view = self._view = cycle.cycle_view(self.session.workspace)
        self._programme = view.programme
        self._refs = {a.id: a.ref for a in applicants.list_applicants(self.session.workspace)}
        self.stages.set_rows(view.stages)
        self.settings.set_rows([*view.settings, *view.programme_rules])
        self.decisions.set_rows(view.settings)
        fit_columns(self.stage_view)
        fit_columns(self.settings_view)
        self._summary()

    def edit_setting(self, index: QModelIndex) -> SettingEditor | None:
        """The form of the office setting on ``index``'s row (a programme rule has none)."""
        if not index.isValid() or self.session.busy or self.editor is not None:
            return None
        row = self.settings.row(index.row())
        if row.source != "office":
            self.message.show_error(Msg(N_("'{key}' is a programme rule ({cite}), not an office "
                                           "setting"),
                                        {"key": setting_name(row.key, self._programme),
                                         "cite": row.citation or "—"}))
            return None
        editor = self.editor = SettingEditor(
            self, key=row.key, name=setting_name(row.key, self._programme), value=row.value,
            programme=self._programme, meaning=row.meaning, fonts=self.ctx.fonts,
            save=lambda new: self.try_setting(row.key, row.value, new))
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        column = index.column()

        def closed(_result: int) -> None:  # the keyboard stays on the setting's row
            self.editor = None
            keys = [r.key for r in self.settings.rows()]
            if row.key in keys:  # (a save has read the table again)
                self.settings_view.setCurrentIndex(self.settings.index(keys.index(row.key), column))
        editor.finished.connect(closed)
        editor.open()
        return editor

    def change_setting(self, key: str, old: Any, new: Any) -> bool:
        refusal = self.try_setting(key, old, new)
        if refusal is not None:
            self.message.show_error(refusal)
        return refusal is None

    def try_setting(self, key: str, old: Any, new: Any) -> ScorebookError | None:
        """Save a setting as one undo step; the refusal, or None when saved."""
        ws = self.session.workspace
        name = setting_name(key, self._programme)  # "Stage weights", not "weights"
        def put(value: Any) -> None:  # done, undone or redone: the line says what is saved now
            self.session.notify(cycle.set_setting(ws, key, value))  # the pages learn of it
            shown = (weights_text(self._programme, value) if key == "weights" and isinstance(
                value, dict) else setting_value_text(value, self._programme, self._refs))
            self.message.show_ok(Msg(N_("Saved: {key} = {value}"), {"key": name, "value": shown}))
        try:
            self.ctx.undo.perform(_("change {setting}").format(setting=name),
                                  lambda: put(new), lambda: put(old))
        except ScorebookError as error:
            return error
        return None

    def _decided(self, text: Msg | str, done: Done[Any]) -> None:
        self.message.show_ok(text)
        self.session.notify(done)

    def _summary(self) -> None:
        v = self._view
        if v is None:
            return
        try:
            fw = framework_for_ref(v.framework)
            framework = bilingual(fw.name_zh, fw.name_en, fw.name_mn)
        except ScorebookError:  # a framework this version does not ship: its reference
            framework = v.framework
        self.summary.setText(_("{programme} — cycle {cycle}; scoring framework {framework}")
                             .format(programme=named(self._programme) if self._programme
                                     else v.programme_name, cycle=v.number,
                                     framework=framework))

    def retranslate(self) -> None:
        super().retranslate()
        self._summary()
        self.decisions.retranslate()
        self.legend.setText(_("Blue rows are office settings: the office chooses them and may "
                              "change them (double-click the value). Grey rows are programme "
                              "rules, fixed by the article cited."))
        self.stage_view.setAccessibleName(_("Stage schedule"))
        self.settings_view.setAccessibleName(_("Settings and programme rules"))
        self.summary.setAccessibleName(_("Cycle"))


# --- applicants -------------------------------------------------------------------------------


def _eligibility_text(value: bool | None) -> str:
    if value is True:
        return _("eligible")
    if value is False:
        return _("not eligible")
    return _("not evaluated")


def highlight_secrets(body: str, passages: list[str]) -> str:
    """HTML of a material with each declared secret passage highlighted."""
    marks: list[tuple[int, int]] = []
    for passage in passages:
        start = body.find(passage)
        while passage and start >= 0:
            marks.append((start, start + len(passage)))
            start = body.find(passage, start + len(passage))
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos:
            continue
        out.append(html.escape(body[pos:start]))
        out.append(f'<span style="background:{SECRET_BG}; font-weight:bold">'
                   f"{html.escape(body[start:end])}</span>")
        pos = end
    out.append(html.escape(body[pos:]))
    return "".join(out)


class ApplicantsPage(OfficePage):
    title = N_("Applicants")
    # the applicants with their eligibility and award history, their materials and secrets
    watches = OfficeChanges(applicants=True, materials=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RowsModel([
            Column("ref", N_("Ref.")), Column("name", N_("Name")),
            Column("award_id", N_("Award"), lambda r: award_label(self.programme, r.award_id)),
            Column("kind", N_("Kind"), lambda r: label(APPLICANT_KIND, r.kind)),
            Column("credit_code", N_("Credit code")), Column("industry", N_("Industry")),
            Column("materials", N_("Materials"), align_right=True),
            Column("declared_secrets", N_("Declared secrets"), align_right=True,
                   background=lambda r: QColor(SECRET_BG) if r.declared_secrets else None),
            Column("eligible", N_("Eligibility"),  # read beside the row, by its reference
                   lambda r: _eligibility_text(self.eligible(r.ref)),
                   background=lambda r: ELIGIBLE_BG.get(self.eligible(r.ref))),
            Column("history", N_("Award history"),
                   lambda r: join_clauses(message_text(m) for m in r.history) or "—"),
        ], self, key="ref")
        self.view = make_table(self, self.model, ctx.fonts)
        self.detail = QTextBrowser(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.setup_actions = ApplicantActions(self)
        self.box.addLayout(self.setup_actions.row)
        self.documents = DocumentActions(self)  # Documents… and a PDF dropped on a row
        self.box.addWidget(split, 1)
        self.box.addWidget(self.message)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self._detail: ApplicantDetail | None = None
        self.programme: Programme | None = None
        self._eligibility: EligibilityResults | None = None

    def eligible(self, ref: str) -> bool | None:
        """The applicant's eligibility as last evaluated (None: not evaluated)."""
        return None if self._eligibility is None else self._eligibility.of(ref)

    def reload(self) -> None:
        ws = self.session.workspace
        self._eligibility = reads.eligibility_results(ws)
        self.programme = reads.cycle_programme(ws)
        rows = applicants.list_applicants(ws)
        self.model.set_rows(rows)
        fit_columns(self.view)
        if rows:
            self.view.selectRow(0)

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or not self.session.is_open() or self.session.busy:
            return
        ref = self.model.row(current.row()).ref
        try:
            self._detail = reads.applicant_detail(self.session.workspace, ref)
        except ScorebookError as error:
            self.message.show_error(error)
            return
        self._render_detail()

    def select(self, ref: str) -> None:
        for i, row in enumerate(self.model.rows()):
            if row.ref == ref:
                self.view.selectRow(i)

    def _render_detail(self) -> None:
        d = self._detail
        if d is None:
            self.detail.clear()
            return
        parts = [f"<h3>{html.escape(d.ref)} {html.escape(d.name)}</h3>"]
        for m in d.materials:
            parts.append(f"<h4>{html.escape(m.title)}</h4>")
            parts.append(f"<p>{highlight_secrets(m.body, list(m.passages))}</p>")
            for s in m.secrets:
                kind = _("trade secret") if s.kind == "trade" else _("technical secret")
                declared = _("declared by the applicant")
                parts.append(f'<p><span style="background:{SECRET_BG}">&nbsp;{html.escape(kind)}'
                             f"&nbsp;</span> {html.escape(declared)}</p>")
        result = d.eligibility
        if result is not None:
            heading = _("Eligibility")
            overall = label(OVERALL, result.overall)
            parts.append(f"<h4>{html.escape(label_value(heading, overall))}</h4><ul>")
            for f in result.findings:
                outcome = label(OUTCOME, f.outcome)
                parts.append(f"<li>{html.escape(outcome)} — "
                             f"{html.escape(stored_text(f.reason))} "
                             f"({html.escape(f.cite)})</li>")
            parts.append("</ul>")
        self.detail.setHtml("".join(parts))

    def retranslate(self) -> None:
        super().retranslate()
        self.setup_actions.retranslate()
        self.documents.retranslate()
        self.view.setAccessibleName(_("Applicants"))
        self.detail.setAccessibleName(_("Applicant's materials; declared secrets highlighted"))
        self._render_detail()


# --- reviewers, teams, committee --------------------------------------------------------------


class PeoplePage(OfficePage):
    title = N_("Reviewers, teams, committee")
    # reviewers, teams and the committee; a revoked key makes its reviewer inactive
    watches = OfficeChanges(people=True, keys=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.reviewers = RowsModel([
            Column("reviewer", N_("Reviewer")), Column("name", N_("Name")),
            Column("organisation", N_("Organisation")), Column("industry", N_("Industry")),
            Column("contact", N_("Contact"), lambda r: r.contact or ""),
            Column("fingerprint", N_("Key fingerprint")), Column("active", N_("Active"))],
            self, key="reviewer")
        self.teams = RowsModel([
            Column("name", N_("Team")), Column("industry", N_("Industry")),
            Column("leader", N_("Leader")),
            Column("members", N_("Members"), lambda r: join_list(r.members))],
            self, key="name")
        self.committee = RowsModel([
            Column("name", N_("Name")), Column("role", N_("Role"), self._role),
            Column("organisation", N_("Organisation"))], self)
        self.tabs = QTabWidget(self)
        self.views = []
        for model in (self.reviewers, self.teams, self.committee):
            view = make_table(self.tabs, model, ctx.fonts)
            self.views.append(view)
            self.tabs.addTab(view, "")
        self.setup_actions = PeopleActions(self)
        self.revoke_action = RevokeAction(self)  # the lost-laptop procedure
        self.setup_actions.row.insertWidget(3, self.revoke_action.button)
        self.setup_actions.row.insertWidget(4, self.revoke_action.replace_button)
        self.setup_actions.row.insertWidget(5, self.revoke_action.roster_button)
        self.box.addLayout(self.setup_actions.row)
        self.box.addWidget(self.tabs, 1)
        self.box.addWidget(self.message)

    @staticmethod
    def _role(row: Row) -> str:
        return {"chair": _("chair"), "vice_chair": _("vice-chair")}.get(row.role,
                                                                       _("member"))

    def reload(self) -> None:
        ws = self.session.workspace
        self.reviewers.set_rows(reviewers.list_reviewers(ws))
        self.teams.set_rows(reviewers.list_teams(ws))
        self.committee.set_rows(reads.committee_members(ws))
        for view in self.views:
            fit_columns(view)

    def retranslate(self) -> None:
        super().retranslate()
        self.setup_actions.retranslate()
        self.revoke_action.retranslate()
        for i, text in enumerate((_("Reviewers"), _("Teams"), _("Committee"))):
            self.tabs.setTabText(i, text)
            self.views[i].setAccessibleName(text)
        self.tabs.setAccessibleName(_("Reviewers, teams, committee"))


# --- conflicts --------------------------------------------------------------------------------


def _declarations(row: Row) -> str:
    return join_clauses(
        f"{label(CONFLICT_KIND, d.kind)} ({label(CONFLICT_SOURCE, d.source)})"
        f" {stored_text(d.note)}".strip() + (f" [{d.bundle}]" if getattr(d, "bundle", "")
                                             else "")
        for d in row.declarations) or "—"


class ConflictsPage(OfficePage):
    title = N_("Conflicts of interest")
    # the register (with the recusals declared in held bundles) and the suggestions, matched
    # from the reviewers' affiliations and the applicants
    watches = OfficeChanges(conflicts=True, bundles=True, people=True, applicants=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._suggested: list[ConflictSuggestion] = []
        self.register = RowsModel([
            Column("reviewer", N_("Reviewer")), Column("applicant", N_("Applicant")),
            Column("conflicted", N_("Conflicted"),
                   background=lambda r: QColor("#f8d7da") if r.conflicted else None),
            Column("pinned", N_("Office decision"), lambda r: label(PIN_DECISION, r.pinned)),
            Column("declarations", N_("Declarations"), _declarations),
            # a recusal declared in the field by a reviewer who has scores for the applicant
            Column("to_decide", N_("To decide"),
                   lambda r: _("recused yet scored") if r.to_decide else "",
                   background=lambda r: QColor("#ffe0b2") if r.to_decide else None)],
            self)
        self.suggestions = RowsModel([
            Column("reviewer", N_("Reviewer")), Column("applicant", N_("Applicant")),
            Column("kind", N_("Kind"), lambda r: label(CONFLICT_KIND, r.kind)),
            Column("match", N_("Matched on"), lambda r: label(MATCH_KIND, r.match)),
            Column("reason", N_("Reason"), lambda r: message_text(r.reason)),
            Column("recorded", N_("In the register"))], self)
        # the tables' captions stand at their left in Mongolian, above them otherwise
        self.register_label = PageTitle("", self, fonts=ctx.fonts, scale=1.0, bold=False,
                                        column_height=160)
        self.register_view = make_table(self, self.register, ctx.fonts)
        self.suggest_label = PageTitle("", self, fonts=ctx.fonts, scale=1.0, bold=False,
                                       column_height=160)
        self.suggest_view = make_table(self, self.suggestions, ctx.fonts)
        self.accept_button = QPushButton(self)
        self.accept_button.clicked.connect(self.accept_selected)
        row = QHBoxLayout()
        row.addStretch(0)
        row.addWidget(self.accept_button)
        suggestions = QVBoxLayout()
        suggestions.addLayout(row)
        suggestions.addWidget(self.suggest_view, 1)
        beside = QHBoxLayout()
        beside.addLayout(suggestions, 1)
        self._suggest_place = TitlePlace(self.suggest_label, row, beside, stretch=1)
        self.box.addLayout(LabelBeside(self.register_label, self.register_view), 1)
        self.box.addLayout(beside, 1)
        self.box.addWidget(self.message)

    def reload(self) -> None:
        ws = self.session.workspace
        self.register.set_rows(conflicts.list_conflicts(ws))
        self._suggested = conflicts.suggest(ws)
        self.suggestions.set_rows(self._suggested)
        fit_columns(self.register_view)
        fit_columns(self.suggest_view)

    def accept_selected(self) -> None:
        """Accept the selected suggestion: it enters the register as an office declaration."""
        index = self.suggest_view.currentIndex()
        if not index.isValid():
            self.message.show_error(Msg(N_("Select a suggestion first")))
            return
        sug = self._suggested[index.row()]
        try:
            if sug.recorded:
                raise InputRejected(Msg(N_("This pair is already in the register")))
            # recorded, and the merged scores derived again (the recusal leaves every mean)
            done = conflict_decisions.declare(self.session.workspace, sug.reviewer,
                                              sug.applicant, sug.kind, "office",
                                              detail=conflicts.note_of(sug.reason))
        except ScorebookError as error:
            self.message.show_error(error)
            return
        result = done.result
        if result.warning is not None:
            self.message.show_error(result.warning)
        else:
            self.message.show_ok(Msg(N_("Recorded: {reviewer} is conflicted with {applicant}"),
                                     {"reviewer": sug.reviewer, "applicant": sug.applicant}))
        self.session.notify(done)

    def retranslate(self) -> None:
        super().retranslate()
        self.register_label.setText(_("The register (recusals re-checked on every bundle)"))
        self.suggest_label.setText(_("Suggestions from reviewers' past and present "
                                     "organisations (a person decides)"))
        self.accept_button.setText(_("&Accept into the register"))
        self.accept_button.setAccessibleName(_("Accept the selected suggestion into the "
                                               "register"))
        self.register_view.setAccessibleName(_("Conflicts register"))
        self.suggest_view.setAccessibleName(_("Conflict suggestions"))

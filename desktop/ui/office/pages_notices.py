"""Notices and objections. *Compute end date* only computes (also as the date or the notice
changes); *Record notice…* records it, after asking, and a notice recorded by mistake can be
removed. The page warns ahead when a period would run into a year whose official holiday
schedule is not loaded, and loads a schedule file (checked as the calendar loads it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.calendar import PUBLICATION_DAY_LABEL, notice_after
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _, current_language, ngettext
from desktop.i18n.formatting import join_list
from desktop.services import holidays
from desktop.services.office import applicants, cycle, notice, reads
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.results_cycle import SettingView
from desktop.ui.names import named
from desktop.ui.office.common import (
    ERROR_COLOUR,
    OfficeContext,
    OfficePage,
    date_text,
    fit_columns,
    make_table,
    message_text,
    refill_combo,
)
from desktop.ui.office.table import Column, Row, RowsModel
from desktop.ui.office.unresolved import Confirm, ask, decide
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle

SHORT = 70  # label columns beside a one-line field: short, so the row stays low
# how a date field shows its date in each interface language (as format_date writes it)
DATE_EDIT_FORMAT = {"zh_CN": "yyyy'年'M'月'd'日'",
                    "mn_Mong_CN": "yyyy' ᠣᠨ\u202fᠤ 'M' ᠰᠠᠷ᠎ᠠ\u202fᠶᠢᠨ 'd",
                    "en": "d MMM yyyy"}
OUTCOME_WORD = {"pending": N_("pending"), "upheld": N_("upheld"), "dismissed": N_("dismissed")}
AHEAD = timedelta(days=60)  # warn this long before a year without a schedule begins
WARNING_STYLE = "background: #fff3cd; color: #664d03; padding: 4px; border-radius: 3px;"
Ask = Callable[[QWidget, str], bool]  # (parent, question) -> go ahead


def _counting(row: Row) -> str:
    """How a notice's days were counted, in words (an unknown value as it is)."""
    label = PUBLICATION_DAY_LABEL.get(str(row["convention"]))
    return _(label) if label else str(row["convention"])


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _years(years: tuple[int, ...]) -> str:
    return join_list(str(y) for y in years)


def ask_yes(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, _("Notices"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class NoticesPage(OfficePage):
    title = N_("Notices and objections")
    # the notices and objections, the winners voted (named on a notice), the applicants
    watches = OfficeChanges(notices=True, votes=True, applicants=True, settings=True)

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.notice = QComboBox(self)
        self.published = QDateEdit(self)
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat(DATE_EDIT_FORMAT.get(current_language(), "yyyy-MM-dd"))
        self.published.setDate(QDate.currentDate())
        self.refs = QLineEdit(self)
        self._filled = ""  # what reload last filled in (the latest votes' elected)
        self.compute_button = QPushButton(self)
        self.compute_button.clicked.connect(self.compute)
        self.record_button = QPushButton(self)
        self.record_button.clicked.connect(self.record)
        self.load_button = QPushButton(self)
        self.load_button.clicked.connect(self.choose_schedule)
        self.action_column = QWidget(self)
        buttons = QVBoxLayout(self.action_column)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.compute_button, self.record_button, self.load_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.confirm: Confirm = ask  # go ahead although matters are unresolved?
        self.ask: Ask = ask_yes  # record this notice? remove that one?
        self.holiday_folder: Path | None = None  # None: the user's folder (services.holidays)
        self.period = QLabel(self)
        self.period.setWordWrap(True)
        self.calendar_warning = QLabel(self)
        self.calendar_warning.setWordWrap(True)
        self.calendar_warning.setStyleSheet(WARNING_STYLE)
        self.calendar_warning.hide()
        fields = (self.notice, self.published, self.refs)
        self.labels = [FieldLabel("", w, self, fonts=ctx.fonts, column_height=SHORT)
                       for w in fields]
        self.form = QGridLayout()
        self.labels[0].orientation_changed.connect(self._arrange_form)
        self._arrange_form(False)
        self.notices = RowsModel([
            Column("notice", N_("Notice"), lambda r: self._notice_name(str(r["notice"]))),
            Column("published", N_("Published"),
                   lambda r: date_text(r["published"]) if r["published"] else "—"),
            Column("first_day", N_("First day"), lambda r: date_text(r["first_day"])),
            Column("last_day", N_("Last day"), lambda r: date_text(r["last_day"])),
            Column("working_days", N_("Working days"), align_right=True),
            Column("convention", N_("Counting"), _counting),
            Column("applicants", N_("Applicants"), lambda r: join_list(r["applicants"]))],
            self)
        self.notices_view = make_table(self, self.notices, ctx.fonts)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.objections = RowsModel([
            Column("applicant", N_("Applicant")),
            Column("received_on", N_("Received"), lambda r: date_text(r.received_on)),
            Column("summary", N_("Summary")),
            Column("outcome", N_("Outcome"), lambda r: {
                "pending": _("pending"), "upheld": _("upheld"),
                "dismissed": _("dismissed")}.get(r.outcome) or str(r.outcome),
                background=lambda r: QColor("#f8d7da") if r.outcome == "upheld" else None),
            Column("decided_on", N_("Decided"),
                   lambda r: date_text(r.decided_on) if r.decided_on else "—"),
            Column("backfill", N_("Place filled by")),
            Column("note", N_("Note"))], self)
        self.objections_view = make_table(self, self.objections, ctx.fonts)
        self.objection_applicant = QComboBox(self)
        self.objection_summary = QLineEdit(self)
        self.log_button = QPushButton(self)
        self.log_button.clicked.connect(self.log_objection)
        self.uphold_button = QPushButton(self)
        self.uphold_button.clicked.connect(lambda: self.decide(True))
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.clicked.connect(lambda: self.decide(False))
        self.objections_label = PageTitle("", self, fonts=ctx.fonts, scale=1.0, bold=False,
                                          column_height=SHORT * 2)
        row = QHBoxLayout()
        row.addWidget(self.objection_applicant)
        row.addWidget(self.objection_summary, 1)
        row.addWidget(self.log_button)
        row.addWidget(self.uphold_button)
        row.addWidget(self.dismiss_button)
        objections = QVBoxLayout()
        objections.addLayout(row)
        objections.addWidget(self.objections_view, 1)
        recorded = QHBoxLayout()
        recorded.addWidget(self.notices_view, 1)
        recorded.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(self.form)
        self.box.addWidget(self.period)
        self.box.addWidget(self.calendar_warning)
        self.box.addLayout(recorded, 1)
        self.box.addLayout(LabelBeside(self.objections_label, objections), 1)
        self.box.addWidget(self.message)
        self._outlook: notice.NoticeOutlook | None = None
        self._ahead: tuple[int, ...] = ()  # years soon to start with no schedule loaded
        self._calendar_error: Msg | None = None
        self._counts_day = False
        self._programme: Programme | None = None
        self._rules: list[SettingView] = []
        self.notice.currentIndexChanged.connect(self._inputs_changed)
        self.published.dateChanged.connect(self._inputs_changed)
        self.notices_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _notice_name(self, notice_id: str) -> str:
        """A notice by the stage it follows ("Notice after …"), as people call it."""
        stage = notice_after(self._programme, notice_id) if self._programme else None
        return _("Notice after {stage}").format(stage=named(stage)) if stage else notice_id

    def _notice_choice(self, rule: SettingView) -> str:
        return _("{notice}: {days} working days ({citation})").format(
            notice=self._notice_name(rule.key[7:]), days=rule.value["working_days"],
            citation=rule.citation)

    def _arrange_form(self, vertical: bool) -> None:
        """Labels left of their fields, one field a row; in Mongolian (vertical labels, which
        would stand too tall three rows high) the three fields side by side in one row. The
        buttons stand in a column at the right."""
        fields = (self.notice, self.published, self.refs)
        for w in (*self.labels, *fields, self.action_column):
            self.form.removeWidget(w)
        for column in range(self.form.columnCount()):
            self.form.setColumnStretch(column, 0)
        for i, (label, w) in enumerate(zip(self.labels, fields, strict=True)):
            if vertical:
                self.form.addWidget(label, 0, 2 * i, Qt.AlignmentFlag.AlignTop)
                self.form.addWidget(w, 0, 2 * i + 1, Qt.AlignmentFlag.AlignTop)
            else:
                self.form.addWidget(label, i, 0)
                self.form.addWidget(w, i, 1)
        if vertical:
            self.form.setColumnStretch(5, 1)
            self.form.addWidget(self.action_column, 0, 6, Qt.AlignmentFlag.AlignTop)
        else:
            self.form.setColumnStretch(1, 1)
            self.form.addWidget(self.action_column, 0, 2, 3, 1,
                                alignment=Qt.AlignmentFlag.AlignTop)

    def reload(self) -> None:
        ws = self.session.workspace
        view = cycle.cycle_view(ws)
        self._programme = reads.cycle_programme(ws)
        self._rules = [r for r in view.programme_rules if r.key.startswith("notice.")]
        self.notice.blockSignals(True)
        refill_combo(self.notice, [(self._notice_choice(r), r.key[7:]) for r in self._rules])
        self.notice.blockSignals(False)
        counts_day = view.setting("publication_day_counts")
        self._counts_day = bool(counts_day.value) if counts_day is not None else False
        # the latest votes' elected, unless the person has typed their own list since
        elected = ", ".join(ref for v in reads.latest_votes(ws).values() for ref in v.elected)
        if self.refs.text() in ("", self._filled):
            self.refs.setText(elected)
        self._filled = elected
        refill_combo(self.objection_applicant, [(a.title, a.ref)
                                                for a in applicants.list_applicants(ws)])
        for combo in (self.notice, self.objection_applicant):  # long names: the window
            combo.setSizeAdjustPolicy(  # must still fit a 1366-pixel screen (Mongolian)
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        self.notices.set_rows([asdict(n) for n in notice.recorded_notices(ws)])
        self.objections.set_rows(reads.objections(ws))
        fit_columns(self.notices_view)
        fit_columns(self.objections_view)
        self._selection_changed()
        self.compute()

    # --- computing, recording, removing ---------------------------------------------------------

    def _inputs_changed(self) -> None:
        if self.session.is_open() and not self.session.busy and self._rules:
            self.compute()

    def _calendar(self) -> holidays.OfficeCalendar:
        return holidays.office_calendar(self.holiday_folder)

    def compute(self) -> bool:
        """Compute the period for the notice and date chosen; records nothing. True when it
        could be counted."""
        notice_id = self.notice.currentData()
        if not notice_id:
            return False
        self._outlook, self._calendar_error, self._ahead = None, None, ()
        try:
            cal = self._calendar()
            self._outlook = notice.notice_outlook(self.session.workspace, notice_id,
                                                  _pydate(self.published.date()), calendar=cal)
            today = date.today()
            self._ahead = holidays.uncovered_years(cal, today, today + AHEAD)
        except ScorebookError as error:  # a schedule file in the folder is malformed
            self._calendar_error = error.message
        self._describe()
        return self._outlook is not None and self._outlook.preview is not None

    def _refs(self) -> list[str]:
        return [r.strip() for r in self.refs.text().replace("，", ",").split(",") if r.strip()]

    def record(self) -> bool:
        """Record the notice computed (after asking); unresolved matters are asked about as
        before a vote."""
        if not self.compute():
            self.message.show_error(Msg(N_("The notice period cannot be counted yet: see the "
                                           "message above")))
            return False
        assert self._outlook is not None and self._outlook.preview is not None
        shown, refs = self._outlook.preview, self._refs()
        question = _("Record this notice? {notice}: published on {published}, ending on "
                     "{last}, for {applicants}.").format(
            notice=self._notice_name(shown.notice), published=date_text(shown.published),
            last=date_text(shown.last_day),
            applicants=join_list(refs) if refs else _("no applicant named"))
        if not self.ask(self, question):
            return False
        try:
            done = decide(self, lambda confirm: notice.publish_notice(
                self.session.workspace, shown.notice, shown.published, refs,
                calendar=self._calendar(), confirm_unresolved=confirm), self._programme)
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        if done is None:  # not confirmed: nothing recorded
            return False
        self.message.show_ok(Msg(N_("Notice recorded: it ends on {day}"),
                                 {"day": date_text(done.result.last_day)}))
        self.session.notify(done)
        return True

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.notices_view.currentIndex().isValid()
                                      and self.notices.rowCount() > 0)

    def remove_selected(self) -> bool:
        index = self.notices_view.currentIndex()
        if not index.isValid():
            self.message.show_error(Msg(N_("Select a recorded notice first")))
            return False
        row = self.notices.row(index.row())
        question = _("Remove this notice from the record? {notice}: published on {published}, "
                     "ending on {last}. The history keeps that it was removed.").format(
            notice=self._notice_name(str(row["notice"])),
            published=date_text(row["published"]) if row["published"] else "—",
            last=date_text(row["last_day"]))
        if not self.ask(self, question):
            return False
        try:
            removed = notice.remove_notice(self.session.workspace, str(row["record"]))
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        self.message.show_ok(Msg(N_("Notice removed from the record")))
        self.session.notify(removed)
        return True

    def choose_schedule(self) -> bool:
        from desktop.ui.file_dialogs import open_file, settings_of

        chosen = open_file(self, _("Choose the holiday schedule file"),
                           _("Holiday schedules (*.toml *.json)"), settings_of(self))
        return self.load_schedule(Path(chosen)) if chosen else False

    def load_schedule(self, path: Path) -> bool:
        """Check a schedule file as the calendar loads it and copy it into the holiday folder;
        a refused file changes nothing and says which entry is wrong."""
        try:
            installed = holidays.install_schedule(path, self.holiday_folder)
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        except OSError:
            self.message.show_error(Msg(N_("Cannot read {file}"), {"file": str(path)}))
            return False
        self.message.show_ok(Msg(N_("Holiday schedule for {year} loaded ({source})"),
                                 {"year": installed.year, "source": installed.source}))
        self.compute()
        return True

    def _describe(self) -> None:
        convention = (_("The day of publication counts as the first day when it is a working "
                        "day (office setting).") if self._counts_day else
                      _("Counting starts on the next working day after publication; the day "
                        "of publication does not count (office setting)."))
        self._describe_calendar()
        shown = self._outlook.preview if self._outlook is not None else None
        if shown is None:
            self.period.setText(convention)
            return
        self.period.setText(
            "<b>" + _("The notice would end on {day}.").format(day=date_text(shown.last_day)) +
            "</b> " + _("Counted: {explanation}.").format(explanation=message_text(shown.explain)) +
            " " + convention + " " + _("Period fixed by {cite}.").format(cite=shown.cite) +
            " " + _("Nothing is recorded until you choose Record notice."))

    def _describe_calendar(self) -> None:
        """The warning line: a malformed schedule file, a count refused for a missing year, or
        a year soon to start (or reached by this period) whose schedule is not loaded."""
        outlook = self._outlook
        if self._calendar_error is not None:
            text, error = message_text(self._calendar_error), True
        elif outlook is not None and outlook.refused is not None:
            text, error = _("{reason}. Choose Load holiday schedule… to add it.").format(
                reason=message_text(outlook.refused)), True
        else:
            years = tuple(sorted(set(self._ahead) |
                                 set(outlook.missing_years if outlook is not None else ())))
            if not years:
                self.calendar_warning.hide()
                return
            text = ngettext(
                "The official holiday schedule for {years} is not loaded: a notice that runs "
                "into {years} cannot be counted until it is. When the State Council publishes "
                "it (usually in November), choose Load holiday schedule….",
                "The official holiday schedules for {years} are not loaded: a notice that runs "
                "into {years} cannot be counted until they are. When the State Council "
                "publishes them (usually in November), choose Load holiday schedule….",
                len(years)).format(years=_years(years))
            error = False
        colour = f"color: {ERROR_COLOUR};" if error else ""
        self.calendar_warning.setStyleSheet(WARNING_STYLE + colour)
        self.calendar_warning.setText(text)
        self.calendar_warning.setAccessibleDescription(text)
        self.calendar_warning.show()

    # --- objections -----------------------------------------------------------------------------

    def log_objection(self) -> bool:
        ref = self.objection_applicant.currentData()
        summary = self.objection_summary.text().strip()
        if not ref or not summary:
            self.message.show_error(Msg(N_("Choose the applicant and summarise the objection")))
            return False
        try:
            logged = notice.add_objection(self.session.workspace, ref, date.today(), summary)
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        self.objection_summary.clear()
        self.message.show_ok(Msg(N_("Objection against {applicant} logged"), {"applicant": ref}))
        self.session.notify(logged)
        return True

    def decide(self, upheld: bool) -> bool:
        index = self.objections_view.currentIndex()
        if not index.isValid():
            self.message.show_error(Msg(N_("Select an objection first")))
            return False
        row = self.objections.row(index.row())
        try:
            done = notice.decide_objection(self.session.workspace, row.objection, upheld,
                                           date.today())
        except ScorebookError as error:
            self.message.show_error(error)
            return False
        result = done.result
        if result.backfilled:
            self.message.show_ok(Msg(N_("Objection upheld: {applicant} is removed; {filled} "
                                        "fills the place"),
                                     {"applicant": result.applicant,
                                      "filled": join_list(result.backfilled)}))
        else:
            self.message.show_ok(Msg(N_("Objection against {applicant}: {outcome}"),
                                     {"applicant": result.applicant,
                                      "outcome": Msg(OUTCOME_WORD.get(
                                          result.outcome, result.outcome))}))
        self.session.notify(done)
        return True

    def retranslate(self) -> None:
        super().retranslate()
        for label, text in zip(self.labels, (_("Notice:"), _("Published on:"),
                                             _("Applicants (refs):")), strict=True):
            label.setText(text)
        self.notice.setAccessibleName(_("Notice"))
        self.published.setDisplayFormat(DATE_EDIT_FORMAT.get(current_language(), "yyyy-MM-dd"))
        self.published.setAccessibleName(_("Publication date"))
        self.refs.setAccessibleName(_("Applicants on the notice"))
        self.refs.setPlaceholderText(_("A001, A002"))
        self.compute_button.setText(_("&Compute end date"))
        self.compute_button.setAccessibleName(_("Compute the notice period (records nothing)"))
        self.record_button.setText(_("&Record notice…"))
        self.record_button.setAccessibleName(_("Record the notice as published"))
        self.load_button.setText(_("Load holiday &schedule…"))
        self.load_button.setAccessibleName(
            _("Load an official holiday schedule file for a year"))
        self.remove_button.setText(_("Re&move notice…"))
        self.remove_button.setAccessibleName(_("Remove the selected notice from the record"))
        self.notices_view.setAccessibleName(_("Notices"))
        self.objections_label.setText(_("Objections received during the notice:"))
        self.objection_applicant.setAccessibleName(_("Applicant objected to"))
        self.objection_summary.setAccessibleName(_("Objection summary"))
        self.objection_summary.setPlaceholderText(_("What the objection says"))
        self.log_button.setText(_("Log &objection"))
        self.log_button.setAccessibleName(_("Log the objection"))
        self.uphold_button.setText(_("&Uphold"))
        self.uphold_button.setAccessibleName(_("Uphold the selected objection"))
        self.dismiss_button.setText(_("&Dismiss"))
        self.dismiss_button.setAccessibleName(_("Dismiss the selected objection"))
        self.objections_view.setAccessibleName(_("Objections"))
        for i, rule in enumerate(self._rules):  # the notices' names follow the language
            self.notice.setItemText(i, self._notice_choice(rule))
        self._describe()

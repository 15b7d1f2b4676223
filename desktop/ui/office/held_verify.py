"""The report of "Verify held bundles" (Import page): every held bundle of the cycle opened again
with the office key, its row checked against its signed bytes (``services.office.verify``).

A window of its own, not modal: the held bundles, the ones that do not verify first, each with
its reason; the rosters that do not verify under the list.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.messages import N_
from desktop.domain.programmes import Programme
from desktop.i18n import _, ngettext, render
from desktop.i18n.data_names import BUNDLE_KIND, label
from desktop.services.office.verify import HeldCheck, VerifyReport
from desktop.ui.fonts import FontSet
from desktop.ui.office.common import fit_columns, make_table, message_text, stage_label
from desktop.ui.office.table import Column, RowsModel

OK_BG, FAILED_BG = QColor("#d8f0dc"), QColor("#f8d7da")


class HeldVerifyModel(RowsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            Column("file", N_("File")),
            Column("ok", N_("Result"), lambda r: _("verifies") if r.ok else
                   _("does not verify"), background=lambda r: OK_BG if r.ok else FAILED_BG),
            Column("reviewer", N_("Signed by")),
            Column("stage", N_("Stage"), lambda r: stage_label(self.programme, r.stage)),
            Column("kind", N_("Kind"), lambda r: label(BUNDLE_KIND, r.kind)),
            Column("revision", N_("Revision"), align_right=True),
            Column("reason", N_("Reason"), lambda r: message_text(r.reason) or "—",
                   tooltip=lambda r: message_text(r.reason) or None),
        ], parent)
        self.programme: Programme | None = None


def rows_of(report: VerifyReport) -> list[HeldCheck]:
    """The bundles, those that do not verify first (typed rows, read by attribute)."""
    return sorted(report.bundles, key=lambda b: b.ok)


class HeldVerifyDialog(QDialog):
    def __init__(self, fonts: FontSet | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: VerifyReport | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = HeldVerifyModel(self)
        self.view = make_table(self, self.model, fonts)
        self.rosters = QLabel(self)
        self.rosters.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.view, 1)
        box.addWidget(self.rosters)
        box.addWidget(self.buttons)
        self.resize(900, 480)
        self.retranslate()

    def show_report(self, report: VerifyReport, programme: Programme | None) -> None:
        self.report = report
        self.model.programme = programme
        self.model.set_rows(rows_of(report))
        fit_columns(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Verify held bundles"))
        self.view.setAccessibleName(_("Held bundles verified"))
        self.buttons.setAccessibleName(_("Close"))
        report = self.report
        if report is None:
            self.summary.clear()
            self.rosters.clear()
            return
        count = len(report.bundles)
        head = ngettext("Cycle {cycle}: {count} held bundle opened again with the office key "
                        "and checked against the rosters the office signed",
                        "Cycle {cycle}: {count} held bundles opened again with the office key "
                        "and checked against the rosters the office signed", count).format(
                            cycle=report.cycle, count=count)
        verdict = report.verdict()
        self.summary.setText(head + "\n" + (render(verdict) if verdict is not None else _(
            "Every held bundle verifies: its signature, and its stored manifest and hashes "
            "match the signed bytes")))
        self.summary.setAccessibleName(_("Summary"))
        self.rosters.setText("\n".join(
            _("Roster version {version} does not verify: {reason}").format(
                version=r.version, reason=message_text(r.reason))
            for r in report.rosters if not r.ok))
        self.rosters.setVisible(bool(self.rosters.text()))

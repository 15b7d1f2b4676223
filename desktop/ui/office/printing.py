"""The office's Print page: a front end over ``desktop.services.printing``, the same service as
``scorebook print KIND --office DIR``. Choose a document and its options (filled from what the
workspace can print), preview it, save it where the office chooses.

The PDF is rendered in memory and its pages drawn in-process by PDFium, off the UI thread with
progress and cancel; saving writes the very bytes previewed. No page image or PDF ever lands in
a temporary file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.calendar import notice_after
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Audience
from desktop.i18n import _, current_language, ngettext
from desktop.services import printing
from desktop.ui.names import named
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    ProgressStrip,
    award_label,
    refill_combo,
    stage_label,
)
from desktop.ui.paper_print import ChoosePrinter, ask_printer, paint_pdf, printer_name
from desktop.ui.tasks import TaskControl
from desktop.ui.widgets.field_label import FieldLabel

DOCUMENTS = {"ranking": N_("Ranking"), "ballots": N_("Ballots"), "minutes": N_("Vote minutes"),
             "notice": N_("Public notice"), "feedback": N_("Feedback report"),
             "review-report": N_("Review team's report (material / on-site)"),
             "summary-report": N_("Review report across applicants"),
             "consensus": N_("Team consensus sheet"), "score-sheet": N_("Score sheet"),
             "eligibility": N_("Eligibility review form"),
             "blank-sheet": N_("Blank score sheet")}
SHORT = 70  # label columns beside a one-line field: short, so the rows stay low


@dataclass(frozen=True)
class Shown:
    """The preview on screen: what was asked for, the PDF rendered, a PNG per page."""

    request: printing.OfficeRequest
    document: printing.Rendered
    pages: tuple[bytes, ...]


class PrintPage(OfficePage):
    title = N_("Print")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.choices: printing.OfficeChoices | None = None
        self.document = QComboBox(self)
        for key in printing.OFFICE_KINDS:
            self.document.addItem("", key)
        self.audience = QComboBox(self)
        self.audience.addItem("", Audience.INTERNAL.value)
        self.audience.addItem("", Audience.EXTERNAL.value)
        self.recipient = QLineEdit(self)
        self.applicant = QComboBox(self)
        self.stage = QComboBox(self)
        self.reviewer = QComboBox(self)
        self.award = QComboBox(self)
        self.notice = QComboBox(self)
        self.copies = QSpinBox(self)
        self.copies.setRange(0, 999)
        # the fields each document takes, by the service's names of its options
        self.fields: dict[str, QWidget] = {
            "applicant": self.applicant, "stage": self.stage, "reviewer": self.reviewer,
            "award": self.award, "notice": self.notice, "copies": self.copies}
        order: tuple[QWidget, ...] = (
            self.document, self.audience, self.recipient, self.applicant, self.stage,
            self.reviewer, self.award, self.notice, self.copies)
        self.labels: dict[QWidget, FieldLabel] = {
            w: FieldLabel("", w, self, fonts=ctx.fonts, column_height=SHORT) for w in order}
        form = QGridLayout()
        for n, w in enumerate(order):
            form.addWidget(self.labels[w], n // 3, 2 * (n % 3))
            form.addWidget(w, n // 3, 2 * (n % 3) + 1)
        for column in (1, 3, 5):
            form.setColumnStretch(column, 1)
        self.preview_button = QPushButton(self)
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save_dialog)
        self.print_button = QPushButton(self)  # on paper: the dialog, then the pages
        self.print_button.clicked.connect(lambda: self.print_on_paper())
        self.choose_printer: ChoosePrinter = ask_printer
        self._paper_after_preview = False
        self._printer: QPrinter | None = None  # the printer of the job running
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        self.progress = ProgressStrip(self)
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.pages_box)
        self.scroller.setWidgetResizable(True)
        self.scroller.setStyleSheet("QScrollArea { background: #8a8f96; }")
        self.box.addLayout(form)
        self.box.addLayout(buttons)
        self.box.addWidget(self.progress)
        self.box.addWidget(self.scroller, 1)
        self.box.addWidget(self.message)
        self.rendered: Shown | None = None
        self.page_labels: list[QLabel] = []
        self._language = current_language()  # the language of the preview shown
        self._ready = False  # the message says the preview is ready
        self.document.currentIndexChanged.connect(self._kind_changed)
        self.applicant.currentIndexChanged.connect(self._applicant_changed)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        for combo in (self.audience, self.reviewer, self.award, self.notice):
            combo.currentIndexChanged.connect(self._forget)
        self.copies.valueChanged.connect(self._forget)
        self.recipient.textEdited.connect(self._forget)
        self._show_fields()

    # --- the choices --------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.document.currentData())

    def reload(self) -> None:
        self.choices = printing.office_choices(self.session.workspace)
        self._fill_all()
        # a preview shown is drawn again in a new language
        if self.rendered is not None and self._language != current_language():
            self.preview()

    def _fill_all(self) -> None:
        c, kind = self.choices, self.kind()
        if c is None:
            return
        if kind == "minutes":
            every = [(_("Every award category voted on"), "")] if len(c.vote_awards) > 1 else []
            refill_combo(self.award, every + [(award_label(c.programme, a), a)
                                              for a in c.vote_awards])
        else:
            refill_combo(self.award, [(award_label(c.programme, a), a) for a in c.ballot_awards])
        refill_combo(self.notice, [(self._notice_name(n), n) for n in c.notices])
        refs = {"consensus": list(c.consensus), "eligibility": list(c.eligibility),
                "review-report": list(c.reports),
                "score-sheet": sorted({ref for ref, _st in c.scored})}.get(kind, list(c.applicants))
        none = [(_("No applicant (a blank heading)"), "")] if kind == "blank-sheet" else []
        refill_combo(self.applicant, none + [(f"{ref} {c.applicants.get(ref, '')}".strip(), ref)
                                             for ref in refs])
        self._fill_stages()

    def _notice_name(self, notice_id: str) -> str:
        stage = notice_after(self.choices.programme, notice_id) if self.choices else None
        return _("Notice after {stage}").format(stage=named(stage)) if stage else notice_id

    def _fill_stages(self) -> None:
        c, kind, ref = self.choices, self.kind(), self.applicant.currentData()
        if c is None:
            return
        if kind == "consensus":
            stages = list(c.consensus.get(ref, ()))
        elif kind == "review-report":
            stages = list(c.reports.get(ref, ()))
        elif kind == "score-sheet":
            stages = [st for st in c.stages if (ref, st) in c.scored]
        else:
            stages = list(c.stages)
        refill_combo(self.stage, [(stage_label(c.programme, st), st) for st in stages],
                     -1 if kind in ("consensus", "review-report") else 0)  # the CLI's defaults
        self._fill_reviewers()

    def _fill_reviewers(self) -> None:
        c = self.choices
        if c is None:
            return
        ids = c.scored.get((self.applicant.currentData(), self.stage.currentData()), ())
        refill_combo(self.reviewer, [(c.reviewers.get(r, r), r) for r in ids])

    def _kind_changed(self) -> None:
        self.audience.blockSignals(True)
        self.audience.setCurrentIndex(self.audience.findData(
            printing.default_audience(self.kind()).value))
        self.audience.blockSignals(False)
        self.award.blockSignals(True)
        self.award.clear()  # ballots and minutes offer different categories: the default again
        self.award.blockSignals(False)
        self._fill_all()
        self._show_fields()
        self._forget()

    def _applicant_changed(self) -> None:
        self._fill_stages()
        self._forget()

    def _stage_changed(self) -> None:
        self._fill_reviewers()
        self._forget()

    def _show_fields(self) -> None:
        wanted = printing.OFFICE_KINDS[self.kind()]
        for name, widget in self.fields.items():
            widget.setVisible(name in wanted)
            self.labels[widget].setVisible(name in wanted)

    # --- preview and save ---------------------------------------------------------------------

    def request(self) -> printing.OfficeRequest:
        """The document and options chosen, as the service (and the command line) takes them."""
        wanted = printing.OFFICE_KINDS[self.kind()]

        def pick(name: str) -> str | None:
            widget = self.fields[name]
            value = widget.currentData() if isinstance(widget, QComboBox) else None
            return str(value) if name in wanted and value else None

        copies = self.copies.value() if "copies" in wanted else 0
        return printing.OfficeRequest(self.kind(), applicant=pick("applicant"),
                                      stage=pick("stage"), reviewer=pick("reviewer"),
                                      award=pick("award"), notice=pick("notice"),
                                      copies=copies or None)

    def options(self) -> printing.PrintOptions:
        return printing.PrintOptions(None, Audience(self.audience.currentData()),
                                     self.recipient.text().strip(), current_language())

    def preview(self) -> bool:
        request, opts = self.request(), self.options()
        ws = self.session.workspace
        self._language = current_language()

        def work(control: TaskControl) -> Shown:
            document = printing.office_document(ws, request, opts)
            control.check_cancelled()

            def before_page(done: int, count: int) -> None:
                control.check_cancelled()
                control.set_progress(done, count)

            return Shown(request, document, printing.preview_pages(document.pdf,
                                                                   before_page=before_page))

        handle = self.session.run(_("Print preview"), work, on_success=self._show,
                                  on_error=self._preview_failed, progress=self.progress,
                                  changes=False)
        if handle is not None:  # after the task (the database free again): paper if asked
            handle.finished.connect(self._paper_if_asked)
        return handle is not None

    def _preview_failed(self, error: ScorebookError) -> None:
        self._paper_after_preview = False
        self.message.show_error(error)

    # --- on paper -----------------------------------------------------------------------------

    def select_document(self, kind: str) -> None:
        index = self.document.findData(kind)
        if index >= 0 and index != self.document.currentIndex():
            self.document.setCurrentIndex(index)

    def print_on_paper(self, kind: str | None = None) -> bool:
        """Print the document chosen (``kind``: choose it first) on paper: previewed first
        when it is not on screen yet, then the print dialog, then the pages drawn onto the
        printer off the UI thread. False when nothing was started."""
        if kind is not None:
            self.select_document(kind)
        if self.rendered is None or self._language != current_language():
            self._paper_after_preview = True
            if not self.preview():
                self._paper_after_preview = False
                return False
            return True
        return self._paper()

    def _paper_if_asked(self) -> None:
        asked, self._paper_after_preview = self._paper_after_preview, False
        if asked and self.rendered is not None:
            self._paper()

    def _paper(self) -> bool:
        shown = self.rendered
        if shown is None or self.session.busy:
            return False
        printer = self.choose_printer(self, _(DOCUMENTS[shown.request.kind]), len(shown.pages))
        if printer is None:
            return False
        pdf = shown.document.pdf
        self._printer = printer  # alive until the task is over

        def work(control: TaskControl) -> int:
            def before_page(done: int, count: int) -> None:
                control.check_cancelled()
                control.set_progress(done, count)

            return paint_pdf(printer, pdf, before_page)

        def done(pages: int) -> None:
            self.message.show_ok(ngettext("{pages} page sent to {printer}",
                                          "{pages} pages sent to {printer}",
                                          pages).format(pages=pages,
                                                        printer=printer_name(printer)))

        return self.session.run(_("Print"), work, on_success=done,
                                on_error=self.message.show_error, progress=self.progress,
                                changes=False) is not None

    def _forget(self) -> None:
        """The options changed: the preview shown is no longer what would print."""
        if self.rendered is None:
            return
        self.rendered = None
        self._ready = False
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        self.save_button.setEnabled(False)
        self.message.show_ok(None)

    def _show(self, shown: Shown) -> None:
        self._forget()
        self.rendered = shown
        for n, png in enumerate(shown.pages):
            label = QLabel(self.pages_box)
            label.setPixmap(QPixmap.fromImage(QImage.fromData(png)))
            label.setAccessibleName(_("Page {n}").format(n=n + 1))
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.save_button.setEnabled(True)
        self._ready = True
        self._say_ready()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setEnabled(self.rendered is not None)

    def _say_ready(self) -> None:
        if self.rendered is not None and self._ready:
            n = len(self.rendered.pages)
            self.message.show_ok(ngettext("{pages} page ready to print or save as PDF",
                                          "{pages} pages ready to print or save as PDF",
                                          n).format(pages=n))
            for i, label in enumerate(self.page_labels):
                label.setAccessibleName(_("Page {n}").format(n=i + 1))

    def _save_dialog(self) -> None:
        if self.rendered is None:
            return
        r = self.rendered.request
        name = "-".join(x for x in (r.kind, r.applicant, r.award, r.stage, r.reviewer) if x)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF as"), f"{name}.pdf", _("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        """Write the document previewed (its very bytes) atomically to ``path``."""
        if self.rendered is None:
            return None
        try:
            written = printing.save(self.rendered.document, path).path
        except ScorebookError as error:
            self.message.show_error(error)
            return None
        except OSError:
            self.message.show_error(Msg(N_("Cannot write {file}"), {"file": str(path)}))
            return None
        self._ready = False
        self.message.show_ok(Msg(N_("Saved {file}"), {"file": str(written)}))
        return written

    def retranslate(self) -> None:
        super().retranslate()
        for n, key in enumerate(printing.OFFICE_KINDS):
            self.document.setItemText(n, _(DOCUMENTS[key]))
        self.audience.setItemText(0, _("internal copy (watermarked)"))
        self.audience.setItemText(1, _("external copy (secrets removed)"))
        self.copies.setSpecialValueText(_("one per committee member"))
        for widget, label, name in (
                (self.document, _("&Document:"), _("Document")),
                (self.audience, _("Audience:"), _("Audience")),
                (self.recipient, _("Recipient:"), _("Recipient named in the watermark")),
                (self.applicant, _("&Applicant:"), _("Applicant")),
                (self.stage, _("Stage:"), _("Stage")),
                (self.reviewer, _("Reviewer:"), _("Reviewer")),
                (self.award, _("Award category:"), _("Award category")),
                (self.notice, _("Notice:"), _("Notice")),
                (self.copies, _("Copies:"), _("Number of ballots"))):
            self.labels[widget].setText(label)
            widget.setAccessibleName(name)
        self.recipient.setPlaceholderText(_("Recipient (internal copies)"))
        self.preview_button.setText(_("&Preview"))
        self.preview_button.setAccessibleName(_("Preview the document"))
        self.save_button.setText(_("&Save as…"))
        self.save_button.setAccessibleName(_("Save the PDF"))
        self.print_button.setText(_("P&rint…"))
        self.print_button.setAccessibleName(_("Print on paper"))
        self.print_button.setToolTip(_("Print this document on a printer (File › Print…)"))
        self.scroller.setAccessibleName(_("Print preview"))
        self.progress.retranslate()
        self._fill_all()  # names in the new language
        self._say_ready()
        if self.rendered is not None and self._language != current_language():
            self.stale = True  # the preview is drawn again in the new language
            if self.isVisible():
                self.refresh()

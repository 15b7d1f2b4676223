"""Printing: build a document from the workspace, render the PDF with ``desktop.reports``, show
its pages, and save it where the office chooses.

PySide6-Essentials ships no QtPdf, so pages are drawn in-process by PDFium
(``desktop.reports.preview``): no page image or PDF ever lands in a temporary file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Audience
from desktop.i18n import _, current_language, ngettext
from desktop.reports import documents
from desktop.reports import inputs as i
from desktop.reports.page import write_atomic
from desktop.reports.preview import page_images
from desktop.services.office import cycle, ranking, reads
from desktop.services.office.workspace import Workspace
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    ProgressStrip,
    stored_text,
    weights_text,
)
from desktop.ui.tasks import TaskControl

DOCUMENTS = {"ranking": N_("Ranking"), "minutes": N_("Vote minutes"),
             "notice": N_("Public notice")}
PREVIEW_DPI = 80


@dataclass(frozen=True)
class Rendered:
    kind: str
    pdf: bytes
    pages: tuple[bytes, ...]  # PNG per page


def _header(ws: Workspace, audience: Audience, recipient: str, stage: str) -> dict[str, Any]:
    view = cycle.cycle_view(ws)
    return {"programme_name": view["programme_name"], "cycle": str(view["number"]),
            "stage": stage, "audience": audience, "recipient": recipient,
            "language": current_language()}


def build_input(ws: Workspace, kind: str, audience: Audience,
                recipient: str = "") -> i.DocumentInput:
    """The document's input from the workspace (refused when there is nothing to print)."""
    if kind == "ranking":
        result = ranking.rank(ws)
        cats = tuple(i.RankingCategory(
            f"{c['name_zh']}", c["quota"],
            tuple(i.RankingRow(r["rank"] or 0, i.Party(r["applicant"], r["name"]),
                               Decimal(str(r["score"])),
                               r["applicant"] in c["tied_at_line"] or
                               [str(x["score"]) for x in c["rows"]].count(str(r["score"])) > 1)
                  for r in c["rows"] if r["score"] is not None))
            for c in result["categories"])
        basis = weights_text(reads.programme_of_cycle(result["cycle"]), result["weights"])
        return i.RankingInput(**_header(ws, audience, recipient, _("Comprehensive review")),
                              categories=cats, basis=basis + " " + _("(office setting)"))
    if kind == "minutes":
        votes = reads.latest_votes(ws)
        if not votes:
            raise InputRejected(Msg(N_("No vote has been counted yet")))
        award, v = next(iter(votes.items()))
        names = {r["applicant"]: r["name"] for c in ranking.rank(ws)["categories"]
                 for r in c["rows"]}
        tally = tuple(i.TallyRow(i.Party(t["applicant"], names.get(t["applicant"], "")), award,
                                 t["for"], t["against"], t["abstain"], bool(t["passed"]))
                      for t in v["tally"])
        members = v["members"] if isinstance(v["members"], int) else len(v["members"])
        present = v["present"] if isinstance(v["present"], int) else len(v["present"])
        # the bundled PDF fonts have no "≥" (U+2265): the minutes would be refused
        rule = stored_text(v["rule"]).replace("≥", ">=")
        cite = v.get("cite") or _("office setting")
        return i.MinutesInput(**_header(ws, audience, recipient, _("Committee vote")),
                              committee=_("Review committee"), meeting=v["held_on"],
                              members=members, present=present,
                              quorum_rule=f"{rule} ({cite})",
                              quorum_met=bool(v["quorum_met"]), pass_rule=rule, tally=tally,
                              outcome=_("Elected: {refs}").format(
                                  refs=", ".join(names.get(r, r) for r in v["elected"]) or "—"))
    if kind == "notice":
        notices = reads.notices(ws)
        if not notices:
            raise InputRejected(Msg(N_("No notice has been computed yet")))
        n = notices[-1]
        apps = {r["applicant"]: (r["name"], c["name_zh"])
                for c in ranking.rank(ws)["categories"] for r in c["rows"]}
        rows = tuple(i.NoticeRow(i.Party(ref, apps.get(ref, ("", ""))[0]),
                                 apps.get(ref, ("", ""))[1]) for ref in n["applicants"])
        header = _header(ws, audience, recipient, _("Public notice"))
        return i.NoticeInput(**header, title=_("Public notice of the proposed winners"),
                             issuer=_("Review office"),
                             intro=_("The committee's proposed winners are published for "
                                     "public notice."), rows=rows, start=n["first_day"],
                             end=n["last_day"], working_days=n["working_days"])
    raise InputRejected(Msg(N_("Unknown document '{kind}'"), {"kind": kind}))


def render_pages(pdf: bytes, control: TaskControl | None = None,
                 dpi: int = PREVIEW_DPI) -> tuple[bytes, ...]:
    """PNG images of each page (drawn in-process by PDFium), with progress and cancel."""

    def before_page(done: int, count: int) -> None:
        if control is not None:
            control.check_cancelled()
            control.set_progress(done, count)

    return page_images(pdf, dpi, before_page)


class PrintPage(OfficePage):
    title = N_("Print")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.document = QComboBox(self)
        for key in DOCUMENTS:
            self.document.addItem("", key)
        self.audience = QComboBox(self)
        self.audience.addItem("", Audience.INTERNAL.value)
        self.audience.addItem("", Audience.EXTERNAL.value)
        self.recipient = QLineEdit(self)
        self.preview_button = QPushButton(self)
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save_dialog)
        self.progress = ProgressStrip(self)
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.pages_box)
        self.scroller.setWidgetResizable(True)
        self.scroller.setStyleSheet("QScrollArea { background: #8a8f96; }")
        row = QHBoxLayout()
        for w in (self.document, self.audience, self.recipient, self.preview_button,
                  self.save_button):
            row.addWidget(w)
        self.box.addLayout(row)
        self.box.addWidget(self.progress)
        self.box.addWidget(self.scroller, 1)
        self.box.addWidget(self.message)
        self.rendered: Rendered | None = None
        self.page_labels: list[QLabel] = []
        self._language = current_language()  # the language of the preview shown
        self._ready = False  # the message says the preview is ready

    def reload(self) -> None:
        # documents are built when asked for; a preview shown is drawn again in a new language
        if self.rendered is not None and self._language != current_language():
            self.preview()

    def preview(self) -> bool:
        kind = self.document.currentData()
        audience = Audience(self.audience.currentData())
        recipient = self.recipient.text().strip()
        ws = self.session.workspace
        self._language = current_language()

        def work(control: TaskControl) -> Rendered:
            pdf = documents.render(build_input(ws, kind, audience, recipient))
            control.check_cancelled()
            return Rendered(kind, pdf, render_pages(pdf, control))

        return self.session.run(_("Print preview"), work, on_success=self._show,
                                on_error=self.message.show_error, progress=self.progress,
                                changes=False) is not None

    def _show(self, rendered: Rendered) -> None:
        self.rendered = rendered
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for n, png in enumerate(rendered.pages):
            image = QImage.fromData(png)
            label = QLabel(self.pages_box)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(_("Page {n}").format(n=n + 1))
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.save_button.setEnabled(True)
        self._ready = True
        self._say_ready()

    def _say_ready(self) -> None:
        if self.rendered is not None and self._ready:
            n = len(self.rendered.pages)
            self.message.show_ok(ngettext("{pages} page ready; save the PDF to print it",
                                          "{pages} pages ready; save the PDF to print it",
                                          n).format(pages=n))
            for i, label in enumerate(self.page_labels):
                label.setAccessibleName(_("Page {n}").format(n=i + 1))

    def _save_dialog(self) -> None:
        if self.rendered is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF as"), f"{self.rendered.kind}.pdf", _("PDF files (*.pdf)"))
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> Path | None:
        if self.rendered is None:
            return None
        try:
            written = write_atomic(path, self.rendered.pdf)
        except (OSError, InputRejected) as error:
            self.message.show_error(error if isinstance(error, InputRejected) else
                                    Msg(N_("Cannot write {file}"), {"file": str(path)}))
            return None
        self._ready = False
        self.message.show_ok(Msg(N_("Saved {file}"), {"file": str(written)}))
        return written

    def retranslate(self) -> None:
        super().retranslate()
        for n, key in enumerate(DOCUMENTS):
            self.document.setItemText(n, _(DOCUMENTS[key]))
        self.audience.setItemText(0, _("internal copy (watermarked)"))
        self.audience.setItemText(1, _("external copy (secrets removed)"))
        self.document.setAccessibleName(_("Document"))
        self.audience.setAccessibleName(_("Audience"))
        self.recipient.setAccessibleName(_("Recipient named in the watermark"))
        self.recipient.setPlaceholderText(_("Recipient (internal copies)"))
        self.preview_button.setText(_("&Preview"))
        self.preview_button.setAccessibleName(_("Preview the document"))
        self.save_button.setText(_("&Save as…"))
        self.save_button.setAccessibleName(_("Save the PDF"))
        self.scroller.setAccessibleName(_("Print preview"))
        self.progress.retranslate()
        self._say_ready()
        if self.rendered is not None and self._language != current_language():
            self.stale = True  # the preview is drawn again in the new language
            if self.isVisible():
                self.refresh()


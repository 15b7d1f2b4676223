"""Printing: build a document from the workspace, render the PDF with ``desktop.reports``, show
its pages, and save it where the office chooses.

PySide6-Essentials ships no QtPdf, so pages are drawn by poppler's ``pdftoppm`` reading the PDF
from a pipe and writing each PNG to a pipe: no page image or PDF ever lands in a temporary file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
from desktop.services.office import cycle, ranking, reads
from desktop.services.office.workspace import Workspace
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    ProgressStrip,
    message_text,
    weights_text,
)
from desktop.ui.tasks import TaskControl

DOCUMENTS = {"ranking": N_("Ranking"), "minutes": N_("Vote minutes"),
             "notice": N_("Public notice")}
PREVIEW_DPI = 80


class PreviewUnavailable(InputRejected):
    """The page renderer (poppler's pdftoppm) is not installed."""


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
        rule = message_text(v["rule"])
        return i.MinutesInput(**_header(ws, audience, recipient, _("Committee vote")),
                              committee=_("Review committee"), meeting=v["held_on"],
                              members=members, present=present,
                              quorum_rule=f"{rule} ({v.get('cite') or _('office setting')})",
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


def _child_env() -> dict[str, str]:
    """The environment for a helper program: ours without Scorebook's own variables (a
    passphrase may be among them)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SCOREBOOK_")}


def render_pages(pdf: bytes, control: TaskControl | None = None,
                 dpi: int = PREVIEW_DPI) -> tuple[bytes, ...]:
    """PNG images of each page, drawn by pdftoppm through pipes."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PreviewUnavailable(Msg(N_("The preview needs poppler's pdftoppm; the PDF can "
                                        "still be saved")))
    from io import BytesIO

    from pypdf import PdfReader

    count = len(PdfReader(BytesIO(pdf)).pages)
    pages = []
    for n in range(1, count + 1):
        if control is not None:
            control.check_cancelled()
            control.set_progress(n - 1, count)
        done = subprocess.run([tool, "-png", "-r", str(dpi), "-f", str(n), "-l", str(n),
                               "-singlefile", "-"], input=pdf, capture_output=True,
                              check=False, timeout=60, env=_child_env())
        if done.returncode != 0 or not done.stdout:
            raise PreviewUnavailable(Msg(N_("Page {page} could not be drawn for the preview"),
                                         {"page": n}))
        pages.append(done.stdout)
    return tuple(pages)


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

    def reload(self) -> None:
        pass  # documents are built when asked for

    def preview(self) -> bool:
        kind = self.document.currentData()
        audience = Audience(self.audience.currentData())
        recipient = self.recipient.text().strip()
        ws = self.session.workspace

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
        self.message.show_ok(ngettext("{pages} page ready; save the PDF to print it",
                                      "{pages} pages ready; save the PDF to print it",
                                      len(rendered.pages)).format(pages=len(rendered.pages)))

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


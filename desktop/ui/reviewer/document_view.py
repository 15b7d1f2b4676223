"""One of the applicant's PDF documents, read from the case file into memory and shown.

The bytes come decrypted from the case (``CaseSession.document_bytes``) and go straight to
PDFium in memory (``desktop.services.pdf_pages``); nothing is written to disk. The passages the
applicant declared secret are found in the page's text and highlighted where they stand. A
scanned document has no text to search: the panel says so, and the reviewer marks a secret
region by hand (a drag in marking mode), stored in the case file and shown on every opening;
its context menu removes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, ngettext, render
from desktop.services import case_edits
from desktop.services.case import CaseSession
from desktop.services.case_types import MaterialInfo, SecretRegion
from desktop.services.changes import Changed
from desktop.services.pdf_pages import Box, PdfPages, find_in_text
from desktop.ui.undo import UndoController
from desktop.ui.widgets.pdf_view import PdfView, Region

NOTICE_STYLE = "background: #fff3e0; color: #5d2a00; padding: 4px;"


class DocumentSource(Protocol):
    """What the panel reads and writes (a ``CaseSession``)."""

    def document_bytes(self, material_id: str) -> memoryview: ...
    def secret_passages(self, material_id: str) -> tuple[str, ...]: ...
    def secret_regions(self, material_id: str) -> list[SecretRegion]: ...
    def mark_secret_region(self, material_id: str, page: int, x0: float, y0: float,
                           x1: float, y1: float) -> SecretRegion: ...
    def unmark_secret_region(self, region_id: int) -> None: ...


class DocumentPanel(QWidget):
    """A PDF material: the viewer, what it says about secrets, and hand-marked regions."""

    changed = Signal()  # a region was marked or removed (saved in the case file)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: DocumentSource | None = None
        self.applicant_id = ""  # whose material (the case's undo history names it)
        self.material: MaterialInfo | None = None
        self.passages: tuple[str, ...] = ()
        self.text_layer = True
        self._boxes: dict[int, list[Box]] = {}
        self.viewer = PdfView(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.mark_button = QPushButton(self)
        self.mark_button.setCheckable(True)
        self.mark_button.toggled.connect(self.viewer.set_marking)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mark_button)
        row.addWidget(self.message, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.notice)
        box.addLayout(row)
        box.addWidget(self.viewer, 1)
        self.viewer.set_secret_boxes(self._secret_boxes)
        self.viewer.region_drawn.connect(self.mark_region)
        self.viewer.region_remove_asked.connect(self.remove_region)
        self.retranslate()

    # --- the document ---------------------------------------------------------------------------
    def show_material(self, source: DocumentSource, material: MaterialInfo,
                      declared: tuple[str, ...] = ()) -> bool:
        """Open ``material`` from ``source``; False (and the reason shown) if it cannot be.
        The document shown last stays open: showing it again keeps its page and zoom."""
        same = (self.viewer.pages is not None and self.source is source
                and self.material is not None
                and self.material.material_id == material.material_id)
        self.source, self.material = source, material
        self._boxes = {}
        self.message.clear()
        try:
            own = source.secret_passages(material.material_id)
            pages = self.viewer.pages if same else None
            if pages is None:
                data = source.document_bytes(material.material_id)
                pages = PdfPages(data)
                del data
        except ScorebookError as error:
            self.viewer.set_document(None)
            self.notice.setText(render(error.message))
            self.notice.show()
            return False
        # the material's own passages and the applicant's other declarations (a passage
        # declared for one document may be repeated in another)
        self.passages = tuple(dict.fromkeys(p for p in (*own, *declared) if p.strip()))
        self.text_layer = pages.has_text_layer()
        if not same:
            self.viewer.set_document(pages)
        self.viewer.canvas.update()
        self._load_regions()
        self.retranslate()
        return True

    def close_document(self) -> None:
        self.viewer.set_document(None)
        self.material = None

    def current_page(self) -> int | None:
        return self.viewer.page if self.viewer.pages is not None else None

    def _secret_boxes(self, page: int) -> list[Box]:
        found = self._boxes.get(page)
        pages = self.viewer.pages
        if found is None and pages is not None:
            text = pages.text(page)
            found = [r for p in self.passages for hit in find_in_text(text, p) for r in hit.rects]
            self._boxes[page] = found
        return found or []

    def _load_regions(self) -> None:
        if self.source is None or self.material is None:
            return
        try:
            rows = self.source.secret_regions(self.material.material_id)
        except ScorebookError as error:
            self.message.setText(render(error.message))
            return
        self.viewer.set_regions([Region(r.region_id, r.page, Box(r.x0, r.y0, r.x1, r.y1))
                                 for r in rows])

    def reload_regions(self) -> None:
        """The regions as the case file has them (after an undo or a redo)."""
        self._load_regions()

    # --- hand-marked regions --------------------------------------------------------------------
    def _perform(self, text: str, do: Callable[[], object], undo: Callable[[], object],
                 edit: Callable[[CaseSession], Changed[Any]]) -> None:
        """Over a case file: ``edit``, recorded by the core for undo (Edit › Undo offers it);
        over another source, ``do`` (with ``undo`` on the window's stack when there is one)."""
        ctrl = getattr(self.window(), "undo", None)
        if isinstance(self.source, CaseSession) and self.applicant_id:
            done = edit(self.source)
            self._load_regions()
            if isinstance(ctrl, UndoController):
                ctrl.record(done)
        elif isinstance(ctrl, UndoController):
            ctrl.perform(text, do, undo)
        else:
            do()

    def _reload(self, material_id: str) -> None:
        if self.material is not None and self.material.material_id == material_id:
            self._load_regions()
        self.changed.emit()

    def mark_region(self, page: int, box: object) -> bool:
        source, material = self.source, self.material
        if source is None or material is None:
            return False
        assert isinstance(box, Box)
        mid = material.material_id
        held: list[int] = []

        def do() -> None:
            held[:] = [source.mark_secret_region(mid, page, box.x0, box.y0, box.x1,
                                                 box.y1).region_id]
            self._reload(mid)

        def undo() -> None:
            source.unmark_secret_region(held[0])
            self._reload(mid)

        try:
            self._perform(_("Mark a secret region"), do, undo,
                          lambda case: case_edits.mark_region(
                              case, self.applicant_id, mid, page, box.x0, box.y0, box.x1,
                              box.y1))
        except ScorebookError as error:
            self.message.setText(render(error.message))
            return False
        self.message.setText(_("Region on page {page} marked as secret.").format(page=page))
        return True

    def remove_region(self, region_id: int) -> bool:
        source, material = self.source, self.material
        region = next((r for r in self.viewer.regions if r.key == region_id), None)
        if source is None or material is None or region is None:
            return False
        mid, page, box = material.material_id, region.page, region.box
        held = [region_id]

        def do() -> None:
            source.unmark_secret_region(held[0])
            self._reload(mid)

        def undo() -> None:
            held[0] = source.mark_secret_region(mid, page, box.x0, box.y0, box.x1,
                                                box.y1).region_id
            self._reload(mid)

        try:
            self._perform(_("Remove a secret region"), do, undo,
                          lambda case: case_edits.unmark_region(case, self.applicant_id, mid,
                                                                region_id))
        except ScorebookError as error:
            self.message.setText(render(error.message))
            return False
        self.message.setText(_("The secret region was removed."))
        return True

    # --- text -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.viewer.retranslate()
        pages = self.viewer.pages
        if pages is None:
            self.mark_button.setEnabled(False)
        else:
            self.mark_button.setEnabled(True)
            if not self.text_layer:
                self.notice.setText(_(
                    "This document is a scan with no text layer: the secret passages the "
                    "applicant declared cannot be found in it. Mark secret regions by hand: "
                    "press the button below, then drag a rectangle over the passage."))
            elif self.passages:
                self.notice.setText(ngettext(
                    "{count} declared secret passage is highlighted where it stands. Do not "
                    "quote it in your comments.",
                    "{count} declared secret passages are highlighted where they stand. Do not "
                    "quote them in your comments.", len(self.passages))
                    .format(count=len(self.passages)))
            else:
                self.notice.setText(_("The applicant declared no secret passage in this "
                                      "document."))
            self.notice.show()
        self.mark_button.setText(_("Mark a secret &region"))
        self.mark_button.setToolTip(_("Then drag a rectangle over the page; right-click a "
                                      "marked region to remove it"))
        self.mark_button.setAccessibleName(_("Mark a secret region by hand"))
        self.notice.setAccessibleName(_("Secret passages"))
        self.message.setAccessibleName(_("Message"))

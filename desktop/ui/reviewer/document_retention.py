"""After the final bundle of the last stage, the window offers to remove the applicant's documents.

The panel package states until when its documents may be kept; once the reviewer has exported
the final bundle of the last stage they are no longer needed. The window asks (the default is
to keep them) and, on confirmation, the case removes them for good
(``CaseSession.remove_documents``: overwritten, keys erased, vacuumed, audited). The materials
panel then lists each document as removed. Scores and comments stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.errors import ScorebookError
from desktop.i18n import _, ngettext, render
from desktop.services.case import CaseSession


def documents_to_remove(case: CaseSession) -> int:
    """How many documents the case may remove now: the final bundle of the last stage is
    exported and documents are still kept (0: nothing to offer)."""
    status = case.status()
    documents = status.documents
    if documents is None:
        return 0
    kept = [m for m in documents.materials if m.kind == "pdf" and not m.removed]
    stages = case.stages()
    if not kept or not stages:
        return 0
    last = stages[-1].stage_id
    if not any(e.final and e.stage_id == last for e in status.exports):
        return 0
    return len(kept)


def offer_removal(parent: QWidget, case: CaseSession,
                  done: Callable[[str], None]) -> QMessageBox | None:
    """Ask whether to remove the documents now (window-modal, not blocking); ``done`` gets the
    sentence that says what happened."""
    try:
        count = documents_to_remove(case)
    except ScorebookError:
        return None
    if not count:
        return None
    keep = case.documents_keep_until()
    if keep is None:
        text = ngettext(
            "The final bundle of the last stage is exported. Remove the applicant's document "
            "({count}) from this case file now? It is removed for good; your scores and "
            "comments stay.",
            "The final bundle of the last stage is exported. Remove the applicants' {count} "
            "documents from this case file now? They are removed for good; your scores and "
            "comments stay.", count).format(count=count)
    else:
        text = ngettext(
            "The final bundle of the last stage is exported. Remove the applicant's document "
            "({count}) from this case file now? It is removed for good; your scores and "
            "comments stay. Otherwise it is removed when the case is opened after {date}.",
            "The final bundle of the last stage is exported. Remove the applicants' {count} "
            "documents from this case file now? They are removed for good; your scores and "
            "comments stay. Otherwise they are removed when the case is opened after {date}.",
            count).format(count=count, date=keep.isoformat())
    box = QMessageBox(QMessageBox.Icon.Question, _("Remove the documents"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    remove = box.addButton(_("&Remove the documents"), QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton(_("&Keep them for now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(later)
    box.setEscapeButton(later)
    box.setAccessibleName(_("Remove the documents"))
    box.setAccessibleDescription(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is not remove:
            return
        try:
            removed = case.remove_documents(confirm=True)
        except ScorebookError as error:
            done(render(error.message))
            return
        done(ngettext("{count} document removed from the case file",
                      "{count} documents removed from the case file", removed)
             .format(count=removed))

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def offer_after_export(controller: Any) -> QMessageBox | None:
    """The reviewer's controller just exported: offer the removal if it is due; afterwards the
    status bar says what happened and the scorebook's materials are read again."""
    case, window = controller.case, controller.window
    if case is None:
        return None

    def done(text: str) -> None:
        window.statusBar().showMessage(text, 10_000)
        page = controller.scorebook
        if page is not None and page.applicant is not None:
            page.show_applicant(page.applicant)

    return offer_removal(window, case, done)

"""A spreadsheet's rows stored, with what that changed: ``import_sheet`` returns ``Done`` (the
window's import dialog hands the changes to the pages; the CLI reads ``.result``).

The reading, the preview and the storing live in ``sheets_import.py`` (``SheetImported``);
applicants come with their documents, reviewers' details with their past organisations (which
the conflicts register suggests from).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.services.office import sheets_import
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.sheets_import import SheetImported
from desktop.services.office.workspace import Workspace

IMPORTED: dict[str, OfficeChanges] = {
    "applicants": OfficeChanges(applicants=True, materials=True, history=True),
    "reviewers": OfficeChanges(people=True, conflicts=True, history=True),
}


def import_sheet(ws: Workspace, kind: str, path: Path, **options: Any) -> Done[SheetImported]:
    """``sheets_import.import_sheet`` (``kind``: applicants or reviewers) and what it changed."""
    imported = sheets_import.import_sheet(ws, kind, path, **options)
    return Done(imported, IMPORTED[kind])

"""The office's recovery sheet (``services.office.backup`` prints it with a new recovery code):
the office fingerprint, the backup it was printed with (id, file, hash, date), the recovery key's
id and the code, for a safe. An internal copy named for the office."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.redaction import Audience
from desktop.reports.inputs import RecoverySheetInput
from desktop.services.printing.common import PrintOptions, Rendered, render, save

if TYPE_CHECKING:
    from desktop.services.office.backup_types import BackupResult

KIND = "recovery-sheet"


@dataclass(frozen=True)
class RecoverySheet:
    backup: BackupResult
    code: str = field(repr=False)


def recovery_sheet(sheet: RecoverySheet, language: str | None = None) -> Rendered:
    """The sheet rendered in memory."""
    b = sheet.backup
    if b.recovery_key_id is None:
        raise ValueError("a recovery sheet needs a backup sealed to a recovery key")
    inp = RecoverySheetInput(programme_name="", cycle="", office_name=b.office_name,
                             office_fingerprint=b.office_fingerprint,
                             recovery_key_id=b.recovery_key_id, code=sheet.code,
                             backup_id=b.backup_id, backup_file=b.path.name,
                             backup_sha256=b.sha256,
                             backup_made=b.created_at.astimezone())
    return render(KIND, inp, PrintOptions(language=language), Audience.INTERNAL, b.office_name)


def write_recovery_sheet(sheet: RecoverySheet, path: Path, language: str | None = None) -> Path:
    """Render the sheet and write it atomically to ``path`` (typed errors before any file)."""
    return save(recovery_sheet(sheet, language), path).path

"""The typed results of backing up and restoring the office workspace (``backup.py``), apart
from it so that the recovery sheet (``services.printing.recovery``) reads a backup's facts
without importing the backup itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

PASSPHRASE, RECOVERY_CODE = "passphrase", "recovery code"


class BackupRefused(InputRejected):
    """The workspace cannot be backed up here, or the backup cannot be restored there."""


@dataclass(frozen=True)
class BackupResult:
    """One backup written and verified."""

    path: Path
    backup_id: str
    sha256: str  # of the file: printed on the recovery sheet, checkable with any sha256 tool
    size: int
    created_at: datetime
    office_name: str
    office_fingerprint: str
    recovery_key_id: str | None  # None: only the passphrase opens it
    recovery_sheet: Path | None = None

    def summary(self, get_a_code: Msg) -> tuple[Msg, ...]:
        """What a person is told once it is written (the window and the CLI alike);
        ``get_a_code``: how a recovery sheet is made where the summary is shown."""
        lines = [Msg(N_("Backup written to {file} and verified ({size} bytes)"),
                     {"file": str(self.path), "size": self.size}),
                 Msg(N_("Office {office}, fingerprint {fp}; backup {id}, SHA-256 {sha}"),
                     {"office": self.office_name, "fp": self.office_fingerprint,
                      "id": self.backup_id, "sha": self.sha256})]
        if self.recovery_key_id is None:
            lines.append(get_a_code)
        else:
            lines.append(Msg(N_("It opens with the workspace passphrase, or with the code of "
                                "recovery sheet {key}"), {"key": self.recovery_key_id}))
        if self.recovery_sheet is not None:
            lines.append(Msg(N_("Recovery sheet {file}: print it, keep it in a safe away from "
                                "the backups, then delete the file"),
                             {"file": str(self.recovery_sheet)}))
        return tuple(lines)


@dataclass(frozen=True)
class BackupFacts:
    """What a backup file says about itself, read without opening it."""

    path: Path
    backup_id: str
    created_at: datetime
    office_fingerprint: str
    recovery_key_id: str | None
    sha256: str


@dataclass(frozen=True)
class RestoredWorkspace:
    folder: Path
    office_name: str
    fingerprint: str
    backup_id: str
    backup_created_at: datetime
    opened_with: str  # PASSPHRASE or RECOVERY_CODE
    recovery_key_id: str | None

    def summary(self, back_up_again: Msg) -> tuple[Msg, ...]:
        """What a person is told once it is restored (the window and the CLI alike);
        ``back_up_again``: how to make a new recovery sheet, after a restore by the code."""
        by_code = self.opened_with == RECOVERY_CODE
        lines = [Msg(N_("Office workspace restored in {folder} from backup {id} of {at}, "
                        "opened with {how}"),
                     {"folder": str(self.folder), "id": self.backup_id,
                      "at": self.backup_created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                      "how": Msg(N_("the recovery code") if by_code else N_("the passphrase"))}),
                 Msg(N_("Office {office}, fingerprint {fp}: compare it with the recovery sheet; "
                        "the reviewers' laptops trust this fingerprint"),
                     {"office": self.office_name, "fp": self.fingerprint})]
        if by_code:
            lines.append(back_up_again)
        return tuple(lines)


__all__ = ["PASSPHRASE", "RECOVERY_CODE", "BackupFacts", "BackupRefused", "BackupResult",
           "RestoredWorkspace"]

"""A case folder's files: the database, the key file, the backups, a re-key's staged files.

Plain paths, no SQLAlchemy: the full open (``case_open``, ``case_backup``, ``case_rekey``) and
the light read-only open (``case_light``) name the same files through these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_NAME = "case.db"
KEY_NAME = "case.key"
BACKUP_DIR = "backups"
BACKUP_PREFIX = "case-"
BACKUP_SUFFIX = ".backup.db"
NEXT_SUFFIX = ".next"  # the key file a re-key staged (``case_rekey``)
STAGED, WORK = ".rekeyed", ".rekeying"  # a re-key's staged backups


@dataclass(frozen=True)
class CasePaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def key(self) -> Path:
        return self.folder / KEY_NAME

    @property
    def backups(self) -> Path:
        return self.folder / BACKUP_DIR


def list_backups(folder: Path) -> list[Path]:
    """Backups, oldest first (names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(BACKUP_PREFIX) and p.name.endswith(BACKUP_SUFFIX))


def next_key_path(paths: CasePaths) -> Path:
    return paths.key.with_name(paths.key.name + NEXT_SUFFIX)


def staged_backups(paths: CasePaths) -> list[Path]:
    """A re-key's staged (or half-staged) backups."""
    if not paths.backups.is_dir():
        return []
    return sorted(p for p in paths.backups.iterdir() if p.name.startswith(".")
                  and (p.name.endswith(STAGED) or WORK in p.name))


def rekey_unsettled(paths: CasePaths) -> bool:
    """A re-key left files behind (a crash): the full open settles them (``case_rekey``)."""
    return next_key_path(paths).exists() or bool(staged_backups(paths))


__all__ = ["BACKUP_DIR", "DB_NAME", "KEY_NAME", "CasePaths", "list_backups", "next_key_path",
           "rekey_unsettled", "staged_backups"]

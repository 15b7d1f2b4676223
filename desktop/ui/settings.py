"""The one place the UI reads and writes settings (QSettings), passed in explicitly.

``Settings.default()`` uses the platform's usual location (registry, plist, ~/.config) from the
application's organisation and name; with ``SCOREBOOK_HOME`` set (tests, portable use) an INI file
in that folder instead. Tests use ``Settings.at(path)``.

Every key has a typed accessor here; nothing else touches the QSettings store. Values read back
are checked (an INI file may have been edited by hand): a wrong type reads as the default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop.paths import user_config_dir

DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 240  # Preferences offers 0 (never) to this
RECENT_WORKSPACES_KEY = "office/recent"
RECENT_WORKSPACES_MAX = 6
RECENT_CASES_KEY = "reviewer/recent"
LAST_FOLDER_KEY = "ui/last_folder"
ROLES = ("main", "reviewer", "office")  # the window's geometry is remembered per role


class Settings:
    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def default(cls) -> Settings:
        if os.environ.get("SCOREBOOK_HOME"):
            return cls.at(user_config_dir() / "scorebook.ini")
        return cls(QSettings())

    @classmethod
    def at(cls, path: Path) -> Settings:
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._store.sync()

    def _strings(self, key: str) -> list[str]:
        """A list of strings (QSettings' INI format reads a one-element list back as a str)."""
        value: Any = self._store.value(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [str(v) for v in value if v]

    # --- language -------------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        value = self._store.value("ui/language")
        return str(value) if value else None

    @language.setter
    def language(self, tag: str) -> None:
        self._store.setValue("ui/language", tag)

    # --- idle lock ------------------------------------------------------------------------------
    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the window locks; 0 turns the lock off."""
        value = self._store.value("security/idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)
        try:
            return min(MAX_IDLE_LOCK_MINUTES, max(0, int(str(value))))
        except ValueError:
            return DEFAULT_IDLE_LOCK_MINUTES

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        self._store.setValue("security/idle_lock_minutes",
                             min(MAX_IDLE_LOCK_MINUTES, max(0, int(minutes))))

    # --- window geometry ------------------------------------------------------------------------
    def window_state(self, name: str) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self._store.value(f"windows/{name}/geometry")
        state = self._store.value(f"windows/{name}/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, name: str, geometry: QByteArray, state: QByteArray) -> None:
        self._store.setValue(f"windows/{name}/geometry", geometry)
        self._store.setValue(f"windows/{name}/state", state)

    @property
    def role(self) -> str:
        """The role the window last worked in (its geometry is restored at start)."""
        value = str(self._store.value("windows/role", "main"))
        return value if value in ROLES else "main"

    @role.setter
    def role(self, role: str) -> None:
        self._store.setValue("windows/role", role if role in ROLES else "main")

    def splitter_state(self, role: str, name: str) -> QByteArray | None:
        value = self._store.value(f"windows/{role}/splitters/{name}")
        return value if isinstance(value, QByteArray) else None

    def save_splitter_state(self, role: str, name: str, state: QByteArray) -> None:
        self._store.setValue(f"windows/{role}/splitters/{name}", state)

    # --- first run ------------------------------------------------------------------------------
    @property
    def first_run_dismissed(self) -> bool:
        """The set-up wizard was cancelled once: it is not shown again at start (the File menu
        still has it)."""
        return str(self._store.value("ui/first_run_dismissed", "false")).lower() == "true"

    @first_run_dismissed.setter
    def first_run_dismissed(self, value: bool) -> None:
        self._store.setValue("ui/first_run_dismissed", "true" if value else "false")

    # --- folders --------------------------------------------------------------------------------
    @property
    def last_folder(self) -> str | None:
        """The folder a file dialog last chose from (never a file's content)."""
        value = self._store.value(LAST_FOLDER_KEY)
        return str(value) if value else None

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._store.setValue(LAST_FOLDER_KEY, folder)

    # --- recent case files ----------------------------------------------------------------------
    @property
    def recent_cases(self) -> list[str]:
        """Folders of recently opened case files, newest first (never a passphrase)."""
        return self._strings(RECENT_CASES_KEY)[:RECENT_WORKSPACES_MAX]

    def remember_case(self, folder: str) -> list[str]:
        """Put ``folder`` first in the recent case files (the last case is the first)."""
        items = [folder, *[f for f in self.recent_cases if f != folder]]
        items = items[:RECENT_WORKSPACES_MAX]
        self._store.setValue(RECENT_CASES_KEY, items)
        return items

    # --- recent office workspaces ---------------------------------------------------------------
    @property
    def recent_workspaces(self) -> list[str]:
        """Folders of recently opened office workspaces, newest first (never a passphrase)."""
        return self._strings(RECENT_WORKSPACES_KEY)[:RECENT_WORKSPACES_MAX]

    def remember_workspace(self, folder: str) -> list[str]:
        """Put ``folder`` first in the recent list (once, at most RECENT_WORKSPACES_MAX kept)."""
        items = [folder, *[f for f in self.recent_workspaces if f != folder]]
        items = items[:RECENT_WORKSPACES_MAX]
        self._store.setValue(RECENT_WORKSPACES_KEY, items)
        return items

"""Where Scorebook's shipped resources and the user's data live (no Qt here)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The shipped ``resources/`` folder: beside the source tree, or inside a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data (case files, identities) where the platform expects it."""
    override = os.environ.get("SCOREBOOK_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("Scorebook", "Scorebook"))


def user_config_dir() -> Path:
    override = os.environ.get("SCOREBOOK_HOME")
    if override:
        return Path(override) / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir("Scorebook", "Scorebook"))

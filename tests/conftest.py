"""Test configuration shared by every test: offscreen Qt, isolated user folders, English."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SCOREBOOK_HOME"] = tempfile.mkdtemp(prefix="scorebook-test-home-")
os.environ.pop("SCOREBOOK_PASSPHRASE", None)

from pathlib import Path

import pytest

from desktop.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def root() -> Path:
    return ROOT

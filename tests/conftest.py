"""Test configuration shared by every test: offscreen Qt, isolated user folders, English."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="scorebook-test-home-")
os.environ["SCOREBOOK_HOME"] = _HOME
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
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

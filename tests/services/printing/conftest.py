"""An office workspace (embedded SQLCipher) for the printing services' tests; the office's own
reads are tested on PostgreSQL as well under tests/services/office."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office.workspace import Workspace, init_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = init_workspace(tmp_path / "office", "pass phrase", "Test office", kdf=CHEAP_KDF)
    try:
        yield workspace
    finally:
        workspace.close()

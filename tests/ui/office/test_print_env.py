"""The print preview's helper program never inherits a passphrase from the environment."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.reports import samples
from desktop.reports.documents import render
from desktop.ui.office.printing import render_pages


def test_pdftoppm_runs_without_scorebook_variables(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    spy = tmp_path / "pdftoppm"  # stands in for poppler: prints what it was given
    spy.write_text("#!/bin/sh\nenv\n", encoding="utf-8")
    spy.chmod(spy.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "canary-passphrase-7f3a")
    monkeypatch.setenv("SCOREBOOK_MARKER_OTHER", "x")
    pages = render_pages(render(samples.score_sheet("en")))
    assert pages
    seen = b"".join(pages)
    assert b"PATH=" in seen  # the spy ran and printed its environment
    assert b"canary-passphrase-7f3a" not in seen
    assert b"SCOREBOOK_" not in seen

"""A spreadsheet imported through ``results_sheets`` says what it changed: reviewers' details
touch the people (and the past organisations the conflicts register reads), applicants the
applicants and their documents — nothing of the held bundles or the votes."""

from __future__ import annotations

from pathlib import Path

from desktop.services.office import results_sheets, reviewers
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import small_cycle


def test_a_reviewers_sheet_changes_the_people(ws: Workspace, tmp_path: Path) -> None:
    small_cycle(ws)
    sheet = tmp_path / "people.csv"
    sheet.write_text("专家编号,联系电话\nR2,0472-5190001\n", encoding="utf-8")
    done = results_sheets.import_sheet(ws, "reviewers", sheet)
    assert done.result.count == 1
    assert done.changes == OfficeChanges(people=True, conflicts=True, history=True)
    assert not done.changes.touches(OfficeChanges(bundles=True, votes=True, applicants=True))
    [r2] = [r for r in reviewers.list_reviewers(ws) if r.reviewer == "R2"]
    assert r2.contact == "0472-5190001"

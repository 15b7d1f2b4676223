"""``scorebook office report status``: per applicant and stage, complete or what is missing, on
a real workspace with a real signed consensus bundle merged; --json and the human table, in
English and in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.i18n import set_language
from desktop.services.office import merge, packages
from desktop.services.office.results import ApplicantView
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import bundle, small_cycle, write
from tests.services.office.test_findings import full_report, with_findings

PASS = "pass phrase"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[ApplicantView]:
    ws = init_workspace(tmp_path / "office", PASS, "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        a0 = small.apps[0].id
        c = write(tmp_path, "R4-c.sbb", bundle(small, "R4", "material",
                                               [a.id for a in small.apps],
                                               kind="consensus",
                                               change=with_findings(full_report(a0))))
        assert merge.merge_files(ws, [c]).files[0].outcome == "new"
        packages.admit(ws, "onsite", [small.apps[0].ref])
    finally:
        ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    return small.apps


def test_report_status_json(office: list[ApplicantView],
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["office", "report", "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["applicant"], r["stage"], r["complete"]) for r in rows] == [
        (office[0].ref, "material", True), (office[0].ref, "onsite", False),
        (office[1].ref, "material", False), (office[2].ref, "material", False)]
    assert rows[0]["missing"] == [] and rows[0]["name"] == office[0].name
    onsite = rows[1]["missing"]
    assert any("not final" in m for m in onsite) and any("no key themes" in m for m in onsite)
    assert rows[1]["stage_name"] == "On-site review"


def test_report_status_table_in_chinese(office: list[ApplicantView],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    try:
        assert main(["office", "report", "status", "--cycle", "hohhot-mayor.2025",
                     "--lang", "zh_CN"]) == 0
    finally:
        set_language("en")
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 + 4
    assert office[0].ref in lines[2] and "材料评审" in lines[2]
    assert "现场评审" in lines[3]
    assert "完整" in lines[2]  # complete
    assert "关键主题" in lines[3]  # no key themes: the missing part in Chinese


def test_report_status_unknown_cycle(office: list[ApplicantView],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["office", "report", "status", "--cycle", "nowhere.1"]) != 0
    assert "nowhere.1" in capsys.readouterr().err

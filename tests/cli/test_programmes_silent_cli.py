"""`scorebook programmes show ID` marks every point where the document is silent and the office
decides, and names the stages of the comprehensive score with their article (issue 21)."""

from __future__ import annotations

import json

import pytest

from desktop.cli.main import main
from desktop.domain.open_points import open_points
from desktop.services.programmes import programme

IDS = ["nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor", "baotou-hitech"]


@pytest.mark.parametrize("pid", IDS)
def test_show_marks_the_silent_points(pid: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programmes", "show", pid, "--lang", "en"]) == 0
    text = capsys.readouterr().out
    p = programme(pid)
    silent = text.split("Where the document is silent")[1]
    points, given = open_points(p)
    assert silent.count("\n  ? ") >= len(points)
    for pt in points:
        assert pt.meaning in silent
    if any(g.key == "pass_threshold" for g in given):  # 高新区 第十八条 gives it: not asked
        assert "needs to pass" not in silent
    comp = p.comprehensive_stage
    assert comp is not None
    line = next(x for x in text.splitlines() if comp.name_zh in x and "computed from" in x)
    assert f"[{comp.cite.article}]" in line
    for st in p.comprehensive_stages:
        assert st.name_zh in line
    if pid == "nmg-chairman":
        assert "材料评审" not in line and "[第二十五条]" in text
    assert main(["programmes", "show", pid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["key"] for d in data["office_decides"]] == [pt.key for pt in points]
    assert data["comprehensive"]["stages"] == [s.id for s in p.comprehensive_stages]

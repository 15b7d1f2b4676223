"""Nominations (锡林郭勒盟 第三条: 提名奖 2 per cycle; how they are chosen, the document is silent):
the ranking shows who stands next below the award line, the office decides how nominations are
chosen and assigns them explicitly, recorded and named in the notice (issue 21)."""

from __future__ import annotations

import pytest

from desktop.domain.errors import RuleViolation
from desktop.domain.open_points import Undecided
from desktop.services.office import cycle, nominations, ranking
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.workspace import Workspace
from desktop.services.programmes import programme
from tests.services.office.helpers import small_cycle

IDS = ["nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor", "baotou-hitech"]


def _category(award: str, places: list[str]) -> tuple[str, list[tuple[str, str]]]:
    return award, [(f"A00{n}", place) for n, place in enumerate(places, 1)]


@pytest.mark.parametrize("pid", IDS)
def test_who_stands_next_below_the_line(pid: str) -> None:
    p = programme(pid)
    main = next(a.id for a in p.awards if a.kind.value == "organisation")
    cats = [_category(main, ["within_quota", "within_quota", "below_quota", "below_quota",
                             "below_quota"])]
    standing = nominations.next_below(cats, p)
    if pid == "xilingol-league":
        assert standing == {main: ["A003", "A004"]}  # as many as the 2 nominations
    else:
        assert standing == {}  # no nominations in this document


def test_nominations_are_assigned_by_the_office(ws: Workspace) -> None:
    small_cycle(ws, programme="xilingol-league", award="leader")  # decides every open point
    assert cycle.cycle_view(ws).settings  # suggested way: next below the line
    refs = [a.ref for a in ranking.rank(ws).applicants]
    # Nothing is scored: nobody stands next below the line yet.
    with pytest.raises(RuleViolation):
        nominations.assign(ws, refs[:1])
    cycle.set_setting(ws, "nominations", "office_choice", by="盟评审办公室")
    with pytest.raises(RuleViolation):
        nominations.assign(ws, refs[:3])  # more than 2 (第三条)
    done = nominations.assign(ws, refs[:2], by="盟评审办公室")
    assert done.changes == OfficeChanges(notices=True)
    assert [d.applicant for d in done.result] == refs[:2]
    assert done.result[0].recorded_by == "盟评审办公室"
    ranked = ranking.rank(ws).category("nomination")
    assert ranked is not None and ranked.nominated == tuple(refs[:2])
    assert [n.applicant for n in nominations.list_nominations(ws)] == refs[:2]


def test_the_way_is_undecided_until_the_office_decides(ws: Workspace) -> None:
    cycle.open_cycle(ws, "xilingol-league", 2025)
    cycle.decide_suggested(ws, ["weights", "shortlist", "divergence"])
    with pytest.raises(Undecided) as caught:
        nominations.assign(ws, [])
    assert "锡林郭勒盟盟长质量奖管理办法" in caught.value.message.render()


def test_the_notice_names_a_nomination(ws: Workspace) -> None:
    import io
    from datetime import date

    from pypdf import PdfReader

    from desktop.services.office import notice
    from desktop.services.printing.common import PrintOptions
    from desktop.services.printing.from_office import notice as print_notice

    small_cycle(ws, programme="xilingol-league", award="leader")
    refs = [a.ref for a in ranking.rank(ws).applicants]
    cycle.set_setting(ws, "nominations", "office_choice")
    nominations.assign(ws, refs[:1])
    notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), refs[:2],
                          confirm_unresolved=True)
    pdf = print_notice(ws, None, PrintOptions(language="zh_CN")).pdf
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("盟长质量奖提名奖") == 1  # the nominated one; the other stands for the award

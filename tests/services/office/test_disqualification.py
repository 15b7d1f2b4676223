"""A reviewer's qualification taken away (主席 第二十五条, 包头 第二十九条, 呼和浩特 第二十七条,
高新区 第二十八条; 锡盟 is silent): recorded with reason, article and date; later bundles are
refused with that reason; whether earlier scores stand is the office's recorded decision, shown
in the ranking, the divergence view and the minutes (issue 21)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.errors import InputRejected
from desktop.services.office import consensus, cycle, merge, ranking, reviewers
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.disqualification import (
    decide_earlier,
    disqualify,
    list_disqualified,
)
from desktop.services.office.workspace import Workspace
from desktop.services.programmes import programme
from tests.services.office.helpers import bundle, small_cycle, write

ARTICLES = {"nmg-chairman": "第二十五条", "baotou-mayor": "第二十九条",
            "hohhot-mayor": "第二十七条", "baotou-hitech": "第二十八条", "xilingol-league": None}


@pytest.mark.parametrize("pid", sorted(ARTICLES))
def test_each_programme_cites_its_article(pid: str) -> None:
    cite = programme(pid).disqualification_cite
    assert (cite.article if cite else None) == ARTICLES[pid]


def test_a_reviewer_disqualified(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)  # hohhot-mayor: 第二十七条
    ids = [a.id for a in small.apps]
    before = write(tmp_path, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    others = [write(tmp_path, f"{r}-1.sbb", bundle(small, r, "material", ids, 1, seed=n))
              for n, r in enumerate(("R3", "R4"), 2)]
    assert {f.outcome for f in merge.merge_files(ws, [before, *others]).files} == {"new"}
    ref = small.apps[0].ref
    with_r2 = ranking.rank(ws).applicants[0].stages["material"]
    assert "R2" in with_r2.reviewers

    with pytest.raises(InputRejected):
        disqualify(ws, "R2", "  ")
    done = disqualify(ws, "R2", "收受申报单位财物", effective_on=date(2025, 8, 1),
                      by="评审办公室")
    assert done.changes == OfficeChanges(disqualifications=True)
    v = done.result
    assert (v.article, v.earlier, v.recorded_by) == ("第二十七条", "pending", "评审办公室")
    with pytest.raises(InputRejected):
        disqualify(ws, "R2", "again")
    # A bundle received afterwards is refused with the reason.
    later = write(tmp_path, "r2-2.sbb", bundle(small, "R2", "material", ids, 2, seed=5))
    out = merge.merge_files(ws, [later]).files[0]
    assert out.outcome == "rejected" and out.reason is not None
    assert "收受申报单位财物" in out.reason.render() and "第二十七条" in out.reason.render()
    # Pending: the earlier scores count, and the ranking, divergence say it is undecided.
    view = ranking.rank(ws)
    assert "R2" in view.applicants[0].stages["material"].reviewers
    assert "not decided yet" in view.disqualified[0].render()
    div = consensus.divergence_view(ws, ref, "material")
    assert "not decided yet" in div.disqualified[0].render()
    # The office sets them aside: R2 leaves the totals like a recused reviewer.
    decided = decide_earlier(ws, "R2", "void", by="评审办公室").result
    assert decided.earlier == "void" and decided.earlier_by == "评审办公室"
    after = ranking.rank(ws)
    assert "R2" not in after.applicants[0].stages["material"].reviewers
    assert "R2" in after.applicants[0].stages["material"].recused
    assert "set the earlier scores aside" in after.disqualified[0].render()
    decide_earlier(ws, "R2", "stand")
    assert "R2" in ranking.rank(ws).applicants[0].stages["material"].reviewers
    assert [d.reviewer for d in list_disqualified(ws)] == ["R2"]


def test_a_silent_document_needs_the_offices_basis(ws: Workspace) -> None:
    cycle.open_cycle(ws, "xilingol-league", 2025)
    from desktop.crypto.keys import ReviewerIdentity, make_card

    reviewers.enrol(ws, make_card(ReviewerIdentity.generate("R1", "评审员")))
    with pytest.raises(InputRejected) as caught:
        disqualify(ws, "R1", "徇私舞弊")
    assert "锡林郭勒盟盟长质量奖管理办法" in caught.value.message.render()
    v = disqualify(ws, "R1", "徇私舞弊", article="评审工作纪律（办公室决定）").result
    assert v.article == "评审工作纪律（办公室决定）"

"""``merge_clean.scores_clean`` (issue 26) against the merge's walk over the item scores: it says
True only when the walk finds nothing, and the value problems of a bundle are the same list,
in the same order, with it and without it (hypothesis over hostile rows and contexts)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import merge as merge_mod
from desktop.domain.bundle_content import BundleContent, ScoreRow
from desktop.domain.merge import CONSENSUS, SCORES, BundleRecord, MergeContext
from desktop.domain.merge_clean import scores_clean
from desktop.domain.scoring import FormKind, StageForm

STAGE, WHO = "onsite", "r1"
ASSIGNED = frozenset({(STAGE, WHO, "a1"), (STAGE, WHO, "a2"), ("material", WHO, "a3"),
                      (STAGE, "r2", "a3")})
PCTS = [None, 0, 1, 5, 10, 50, 100, 101, -1, True, False, 50.0, 55.5, 2**70]

_row = st.builds(ScoreRow, st.sampled_from(["a1", "a2", "a3", "a9"]),
                 st.sampled_from([STAGE, STAGE, STAGE, "material", None]),
                 st.sampled_from(["4.1", "4.2", "9.9"]), st.sampled_from(PCTS))
_clean = st.builds(ScoreRow, st.sampled_from(["a1", "a2"]), st.just(STAGE), st.just("4.1"),
                   st.sampled_from([None, 0, 10, 50, 100]))  # mostly clean: one hostile row shows
_rows = st.lists(st.one_of(_clean, _clean, _clean, _row), max_size=8)
_ctx = st.builds(
    lambda items, step, led, form: MergeContext(
        "2025", frozenset({STAGE, "material"}), ASSIGNED, item_ids=items, step_pct=step,
        led=led, forms={STAGE: StageForm(form)} if form is not None else {}),
    st.sampled_from([None, frozenset({"4.1", "4.2"}), frozenset({"4.1"})]),
    st.sampled_from([None, 0, 5, 10]),
    st.sampled_from([None, frozenset({(STAGE, WHO, "a1")}),
                     frozenset({(STAGE, WHO, "a1"), (STAGE, WHO, "a2")})]),
    st.sampled_from([None, FormKind.ITEMS, FormKind.PANEL_SCORE, FormKind.NONE]))


def _record(rows: list[ScoreRow], kind: str) -> BundleRecord:
    return BundleRecord("b.sbb", WHO, "2025", STAGE, kind, 1, "h" * 16,
                        content=BundleContent(scores=tuple(rows)))


def _problems(rec: BundleRecord, ctx: MergeContext) -> list[Any]:
    assert rec.content is not None
    return [(m.template, dict(m.params)) for m in merge_mod._value_problems(rec, rec.content,
                                                                            ctx)]


@settings(max_examples=500, deadline=None)
@given(_rows, _ctx, st.booleans())
def test_scores_clean_agrees_with_the_walk(rows: list[ScoreRow], ctx: MergeContext,
                                           consensus: bool) -> None:
    rec = _record(rows, CONSENSUS if consensus else SCORES)
    fast = _problems(rec, ctx)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(merge_mod, "scores_clean", lambda *_a: False)
        plain = _problems(rec, ctx)
    assert fast == plain
    if scores_clean(tuple(rows), STAGE, WHO, consensus, ctx.forms.get(STAGE), ctx):
        assert not any(path.startswith("snapshot.scores")
                       for _t, params in plain for path in [str(params.get("field", ""))])


def test_a_clean_bundle_is_found_clean_and_a_bool_is_not() -> None:
    ctx = MergeContext("2025", frozenset({STAGE}), ASSIGNED, item_ids=frozenset({"4.1", "4.2"}),
                       step_pct=5)
    rows = [ScoreRow("a1", STAGE, "4.1", 50), ScoreRow("a2", STAGE, "4.2", None),
            ScoreRow("a2", STAGE, "4.1", 1)]
    assert not scores_clean(rows, STAGE, WHO, False, None, ctx)  # 1 is off the 5 % step
    rows[2] = ScoreRow("a2", STAGE, "4.1", 0)
    assert scores_clean(rows, STAGE, WHO, False, None, ctx)
    rows.append(ScoreRow("a1", STAGE, "4.2", True))
    assert not scores_clean(rows, STAGE, WHO, False, None, ctx)
    assert _problems(_record(rows, SCORES), ctx)


def test_a_consensus_for_an_applicant_the_sender_does_not_lead_is_not_clean() -> None:
    led = frozenset({(STAGE, WHO, "a1")})
    ctx = MergeContext("2025", frozenset({STAGE}), ASSIGNED, led=led)
    rows = [ScoreRow("a1", STAGE, "4.1", 50), ScoreRow("a2", STAGE, "4.1", 50)]
    assert scores_clean(rows[:1], STAGE, WHO, True, None, ctx)
    assert not scores_clean(rows, STAGE, WHO, True, None, ctx)
    assert scores_clean(rows, STAGE, WHO, False, None, ctx)  # a reviewer's own bundle
    assert not scores_clean(rows, STAGE, "r2", False, None, ctx)  # not assigned to r2

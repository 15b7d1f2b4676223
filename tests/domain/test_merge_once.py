"""The merge checks each record's values once (issue 26): ``merge`` hands the verdicts it took to
the state, instead of ``merged_state`` taking them again. Same report as the plain path."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import merge as merge_mod
from desktop.domain.merge import BundleRecord, Outcome, merge, merged_state, rejection
from tests.domain.test_merge import CTX, _bundle


def test_each_record_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.domain.test_merge import record

    held = [record("r1", "material", 1), record("r2", "onsite", 2, cycle="2024")]
    incoming = [record("r1", "material", 2), record("r3", "onsite", 1, kind="other"),
                record("r4", "onsite", 1, applicants=("a3",))]
    calls: Counter[str] = Counter()

    def counted(rec: BundleRecord, ctx: merge_mod.MergeContext) -> object:
        calls[rec.bundle_id] += 1
        return rejection(rec, ctx)

    monkeypatch.setattr(merge_mod, "rejection", counted)
    report = merge(incoming, CTX, held)
    assert calls == Counter(r.bundle_id for r in [*held, *incoming])
    monkeypatch.undo()
    assert report.state == merged_state([*held, *incoming], CTX)
    assert [o.outcome for o in report.outcomes].count(Outcome.REJECTED) == 2


@settings(max_examples=150, deadline=None)
@given(st.lists(_bundle, min_size=1, max_size=12), st.integers(0, 12))
def test_the_report_says_each_rejection_as_rejection_does(bundles: list[BundleRecord],
                                                          cut: int) -> None:
    held, incoming = bundles[:cut], bundles[cut:]
    report = merge(incoming, CTX, held)
    assert report.state == merged_state(bundles, CTX)
    for rec, outcome in zip(incoming, report.outcomes, strict=True):
        why = rejection(rec, CTX)
        assert (outcome.outcome is Outcome.REJECTED) == (why is not None)
        if why is not None:
            assert outcome.reason is not None and outcome.reason.params["reason"] == why

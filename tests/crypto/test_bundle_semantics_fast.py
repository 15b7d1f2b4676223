"""``bundle._check_semantics``: an item scored twice is refused naming the first repeat, as the
plain walk over the scores did (issue 26: the walk runs only when a set of the keys says there is
a repeat). Compared with that walk on any list of keys."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.crypto import bundle
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import Malformed


def _plain_first_repeat(keys: list[tuple[str, str, str]]) -> int | None:
    seen: set[tuple[str, str, str]] = set()
    for i, k in enumerate(keys):
        if k in seen:
            return i
        seen.add(k)
    return None


def _manifest(keys: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {"kind": "scores", "recipients": ["ab" * 32], "snapshot": {
        "scores": [{"applicant_id": a, "stage_id": s, "item_id": i, "pct": 50, "strengths": "",
                    "improvements": "", "secret_marks": []} for a, s, i in keys],
        "panel_scores": [], "recusals": [], "feedback": []}}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A-1", "A-2"]), st.sampled_from(["s", "t"]),
                          st.sampled_from(["4.1", "4.2", "4.3"])), max_size=14))
def test_an_item_scored_twice_is_refused_at_its_first_repeat(
        keys: list[tuple[str, str, str]]) -> None:
    first = _plain_first_repeat(keys)
    if first is None:
        bundle._check_semantics(_manifest(keys))
        return
    with pytest.raises(Malformed) as caught:
        bundle._check_semantics(_manifest(keys))
    expected = sj.bad(f"snapshot.scores[{first}]", "the same item is scored twice")
    assert caught.value.message == expected.message
    assert f"snapshot.scores[{first}]" in str(caught.value)

"""Classification of verified bundles relative to what the receiver holds."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.crypto.bundle import OpenedBundle, build_bundle, open_bundle
from desktop.crypto.errors import DuplicateBundle, ForkedBundle, StaleBundle
from desktop.crypto.receive import Outcome, classify

from .conftest import World, manifest


def opened(world: World, revision: int, **changes: Any) -> OpenedBundle:
    data = build_bundle(world.alice, manifest(revision=revision, **changes),
                        [world.office.enc_pub])
    return open_bundle(data, world.office, world.roster)


def test_new_updated_duplicate_stale_fork(world: World) -> None:
    first = opened(world, 1)
    key = first.key
    assert classify(first, {}).outcome is Outcome.NEW
    held = {key: (first.revision, first.content_hash)}
    assert classify(first, held).outcome is Outcome.DUPLICATE
    second = opened(world, 2, prev_hash=first.content_hash)
    upd = classify(second, held)
    assert upd.outcome is Outcome.UPDATED and upd.accepted and upd.chained is True
    held2 = {key: (2, second.content_hash)}
    assert classify(first, held2).outcome is Outcome.STALE
    other2 = opened(world, 2)  # same revision, different content (new id and time)
    fork = classify(other2, held2)
    assert fork.outcome is Outcome.FORK and not fork.accepted
    assert (fork.held_revision, fork.held_hash) == (2, second.content_hash)


def test_gap_in_the_chain_is_shown_not_refused(world: World) -> None:
    first = opened(world, 1)
    third = opened(world, 3, prev_hash="0" * 64)
    result = classify(third, {first.key: (1, first.content_hash)})
    assert result.outcome is Outcome.UPDATED and result.chained is False


def test_other_stage_or_kind_is_counted_separately(world: World) -> None:
    first = opened(world, 5)
    other_stage = opened(world, 1, stage_id="defense")
    held = {first.key: (5, first.content_hash)}
    assert classify(other_stage, held).outcome is Outcome.NEW


def test_require_accepted_raises_the_typed_errors(world: World) -> None:
    first = opened(world, 2)
    held = {first.key: (2, first.content_hash)}
    classify(first, {}).require_accepted()
    with pytest.raises(DuplicateBundle):
        classify(first, held).require_accepted()
    with pytest.raises(StaleBundle) as caught:
        classify(first, {first.key: (3, "x")}).require_accepted()
    assert "revision 2" in str(caught.value) and "revision 3" in str(caught.value)
    with pytest.raises(ForkedBundle):
        classify(first, {first.key: (2, "0" * 64)}).require_accepted()

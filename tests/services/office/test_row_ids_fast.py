"""``office.row_ids`` builds its ids without ``uuid.UUID``'s constructor and draws its random bits
once per batch (issue 26, h27m): each id is in every respect the UUID ``uuid.UUID(int=…)`` makes
of the same integer, and that integer is the version-7 layout of the millisecond, the counter
and the batch's random bits — in one millisecond and across one (the counter carried)."""

from __future__ import annotations

import copy
import pickle
import secrets
import time
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.office import row_ids


def _plain(ms: int, counter: int, rand: int) -> uuid.UUID:
    """The id of ``ms``, ``counter`` and ``rand`` as RFC 9562 lays out a version-7 UUID with a
    26-bit counter (12 bits in rand_a, 14 at the top of rand_b), through the constructor."""
    return uuid.UUID(int=(ms & (1 << 48) - 1) << 80 | 7 << 76 | (counter >> 14) << 64
                     | 2 << 62 | (counter & 0x3FFF) << 48 | rand)


@given(st.integers(min_value=0, max_value=(1 << 128) - 1))
def test_an_id_is_the_uuid_of_its_integer(value: int) -> None:
    made, plain = row_ids._from_int(value), uuid.UUID(int=value)
    assert made == plain and hash(made) == hash(plain) and {made} == {plain}
    assert (str(made), made.hex, made.int, made.bytes, made.bytes_le, made.fields, made.urn,
            made.variant, made.version, made.is_safe, repr(made)) == \
        (str(plain), plain.hex, plain.int, plain.bytes, plain.bytes_le, plain.fields,
         plain.urn, plain.variant, plain.version, plain.is_safe, repr(plain))
    assert type(made) is uuid.UUID and (made < plain) is False and made <= plain
    assert pickle.loads(pickle.dumps(made)) == plain and copy.deepcopy(made) == plain
    with pytest.raises(TypeError):
        made.int = 5  # type: ignore[misc]  # immutable, as any UUID


@pytest.mark.parametrize("bits", [26, 2])
def test_a_batch_is_laid_out_as_the_plain_ids(monkeypatch: pytest.MonkeyPatch,
                                              bits: int) -> None:
    """26 bits: one millisecond; 2 bits: the counter carried into the next milliseconds."""
    monkeypatch.setattr(row_ids, "_COUNTER_BITS", bits)
    monkeypatch.setattr(row_ids, "_MASK_COUNTER", (1 << bits) - 1)
    ms = 1_800_000_000_123
    monkeypatch.setattr(time, "time_ns", lambda: ms * 1_000_000 + 999)
    monkeypatch.setattr(row_ids, "_last", [0, -1])
    draws = iter([0xABCDEF012345, 0x0F0F0F0F0F0F, 0x1])
    monkeypatch.setattr(secrets, "randbits", lambda n: next(draws))
    # with 2 bits: the second batch crosses into later milliseconds, the third lies wholly in
    # one beyond the clock's (counters 9 to 11: two milliseconds carried)
    first, second, third = row_ids.ordered_ids(3), row_ids.ordered_ids(6), row_ids.ordered_ids(3)
    mask = (1 << bits) - 1
    assert first == [_plain(ms + (i >> bits), i & mask, 0xABCDEF012345) for i in range(3)]
    assert second == [_plain(ms + (i >> bits), i & mask, 0x0F0F0F0F0F0F)
                      for i in range(3, 9)]
    assert third == [_plain(ms + (i >> bits), i & mask, 0x1) for i in range(9, 12)]
    made = first + second + third
    assert made == sorted(made) and len(set(made)) == len(made)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in made)

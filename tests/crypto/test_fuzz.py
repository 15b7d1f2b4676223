"""Hypothesis-driven fuzzing: every parser raises only the typed errors, whatever it is fed."""

from __future__ import annotations

import contextlib
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.crypto import dsse
from desktop.crypto import strictjson as sj
from desktop.crypto.bundle import build_bundle, open_bundle
from desktop.crypto.errors import CryptoError, Malformed
from desktop.crypto.keys import fingerprint, make_card, read_card
from desktop.crypto.package import build_package, open_package
from desktop.crypto.roster import ROSTER_TYPE, verify_roster

from .conftest import World, manifest, seal_raw

FUZZ = settings(max_examples=150, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20)


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, position, byte) edits: 0 replace, 1 insert, 2 delete."""
    out = bytearray(data)
    for kind, pos, value in edits:
        if not out:
            break
        pos %= len(out)
        if kind == 0:
            out[pos] = value if out[pos] != value else value ^ 0xFF
        elif kind == 1:
            out.insert(pos, value)
        else:
            del out[pos]
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2**31), st.integers(0, 255)),
                 min_size=1, max_size=6)


@FUZZ
@given(st.binary(max_size=300))
def test_strict_loads_raises_only_malformed(data: bytes) -> None:
    with contextlib.suppress(Malformed):
        sj.loads(data)


@FUZZ
@given(json_values)
def test_canonical_dumps_round_trips(value: Any) -> None:
    def no_negative_zero(v: Any) -> bool:
        if isinstance(v, float):
            return not (v == 0 and math.copysign(1, v) < 0)
        if isinstance(v, list):
            return all(no_negative_zero(x) for x in v)
        if isinstance(v, dict):
            return all(no_negative_zero(x) for x in v.values())
        return True

    try:
        data = sj.dumps(value)
    except Malformed:
        return  # e.g. lone surrogates in generated text
    back = sj.loads(data)
    assert sj.dumps(back) == data
    if no_negative_zero(value):
        assert back == value


@FUZZ
@given(st.binary(max_size=400))
def test_envelope_parser_raises_only_malformed(data: bytes) -> None:
    with contextlib.suppress(Malformed):
        dsse.parse(data, ROSTER_TYPE)
    with contextlib.suppress(Malformed):
        dsse.parse_binary(data, ROSTER_TYPE)


@FUZZ
@given(edits)
def test_mutated_roster_and_card(world: World, changes: list[tuple[int, int, int]]) -> None:
    bad = mutate(world.roster_bytes, changes)
    try:
        verify_roster(bad, world.pin, None)
    except CryptoError:
        pass
    else:  # a mutation that changed nothing (e.g. insert then delete the same byte)
        assert bad == world.roster_bytes
    card = make_card(world.alice)
    bad_card = mutate(card, changes)
    try:
        read_card(bad_card)
    except CryptoError:
        pass
    else:
        assert bad_card == card


@FUZZ
@given(json_values)
def test_signed_roster_with_arbitrary_payload(world: World, doc: Any) -> None:
    # Even correctly signed by the root, any payload other than a valid roster is Malformed.
    try:
        payload = sj.dumps(doc)
    except Malformed:
        return
    data = dsse.sign(ROSTER_TYPE, payload, world.office.root_key, world.pin)
    with contextlib.suppress(CryptoError):
        verify_roster(data, world.pin, None)


@FUZZ
@given(edits)
def test_mutated_bundle_raises_only_typed_errors(world: World,
                                                 changes: list[tuple[int, int, int]]) -> None:
    data = _small_bundle(world)
    with contextlib.suppress(CryptoError):
        open_bundle(mutate(data, changes), world.office, world.roster)


@FUZZ
@given(edits)
def test_mutated_package_raises_only_typed_errors(world: World,
                                                  changes: list[tuple[int, int, int]]) -> None:
    data = _small_package(world)
    with contextlib.suppress(CryptoError):
        open_package(mutate(data, changes), world.alice, world.pin, None)


field_names = st.sampled_from(["bundle_id", "kind", "cycle_id", "stage_id", "reviewer_id",
                               "revision", "prev_hash", "created_at", "final", "recipients",
                               "audit_head", "snapshot", "format", "unknown"])


@FUZZ
@given(field_names, json_values)
def test_validly_signed_manifest_with_a_fuzzed_field(world: World, name: str,
                                                     value: Any) -> None:
    """Past the signature and decryption: the manifest parser itself, fed by a trusted signer."""
    doc = manifest() | {"format": "scorebook-bundle/1",
                        "recipients": [fingerprint(world.office.enc_pub)]}
    doc[name] = value
    try:
        data = seal_raw(world.alice, doc, [world.office.enc_pub])
    except Malformed:
        return
    with contextlib.suppress(CryptoError):
        open_bundle(data, world.office, world.roster)


@FUZZ
@given(st.sampled_from(["applicant_id", "stage_id", "item_id", "pct", "strengths",
                        "improvements", "secret_marks"]), json_values, st.integers(0, 45))
def test_validly_signed_score_with_a_fuzzed_field(world: World, name: str, value: Any,
                                                  index: int) -> None:
    doc = manifest() | {"format": "scorebook-bundle/1",
                        "recipients": [fingerprint(world.office.enc_pub)]}
    doc["snapshot"]["scores"][index][name] = value
    try:
        data = seal_raw(world.alice, doc, [world.office.enc_pub])
    except Malformed:
        return
    with contextlib.suppress(CryptoError):
        open_bundle(data, world.office, world.roster)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=5))
def test_package_content_round_trips(world: World, content: dict[str, Any]) -> None:
    try:
        data = build_package(world.office, world.roster_bytes, world.alice.public, content)
    except Malformed:
        return
    got = open_package(data, world.alice, world.pin, None).content
    assert sj.dumps(got) == sj.dumps(content)


_cache: dict[str, bytes] = {}


def _small_bundle(world: World) -> bytes:
    if "bundle" not in _cache:
        m = manifest()
        m["snapshot"]["scores"] = m["snapshot"]["scores"][:3]
        _cache["bundle"] = build_bundle(world.alice, m, [world.office.enc_pub,
                                                         world.bob.public.enc_pub])
    return _cache["bundle"]


def _small_package(world: World) -> bytes:
    if "package" not in _cache:
        _cache["package"] = build_package(world.office, world.roster_bytes, world.alice.public,
                                          {"applicants": ["A-000"]})
    return _cache["package"]

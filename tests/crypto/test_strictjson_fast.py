"""The fast schema checks (``Check.parsed``) against the plain ones: same value, same refusal.

``Check.parsed(value, path, data)`` runs the fast variant of a schema when the JSON text ``data``
carries no escape that can make a control character or a surrogate (``no_control_escapes``): no
control-character search per text, identifiers accepted before looked up in a set. Each test here
would fail if the fast variant accepted something the plain check refuses, or refused with
another error.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.crypto import bundle
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import Malformed

SCHEMA = bundle._MANIFESTS[2]


def _manifest() -> dict[str, Any]:
    scores = [{
        "applicant_id": f"A-{a:03d}", "stage_id": "onsite", "item_id": f"4.{i + 1}",
        "pct": (a + i) % 11 * 10, "strengths": "领导层确立了清晰的使命\n愿景", "improvements": "",
        "secret_marks": [{"field": "strengths", "start": 0, "end": 3}] if i == 0 else [],
    } for a in range(3) for i in range(4)]
    return {
        "format": bundle.BUNDLE_FORMAT, "bundle_id": "0f0e0d0c-0b0a-4908-8706-050403020100",
        "kind": "scores", "cycle_id": "C2025", "stage_id": "onsite", "reviewer_id": "R-001",
        "revision": 3, "prev_hash": "ab" * 32, "created_at": "2025-06-01T09:30:00Z",
        "final": False, "recipients": ["ab" * 32], "audit_head": "cd" * 32,
        "snapshot": {"scores": scores, "panel_scores": [{
            "applicant_id": "A-000", "stage_id": "onsite", "score": "87.50", "comment": "好",
            "secret_marks": []}], "recusals": [], "feedback": [], "issue_notes": [],
            "findings": []},
    }


def _outcome(check: Any) -> Any:
    try:
        return ("ok", check())
    except Malformed as error:
        return (type(error), error.message)


def _compare(doc: Any, data: bytes | None = None) -> Any:
    """The plain check's outcome, after asserting the fast path gives the same."""
    data = sj.dumps(doc) if data is None else data
    parsed = sj.loads(data, schema_checked=True)
    plain = _outcome(lambda: SCHEMA(parsed, "manifest"))
    fast = _outcome(lambda: SCHEMA.parsed(parsed, "manifest", data))
    assert fast == plain
    if plain[0] == "ok":  # the fast variant alone accepts it too, never anything plain refuses
        assert SCHEMA.fast(parsed) == plain[1]
    elif sj.no_control_escapes(data):  # (the fast variant alone is only for such texts)
        with pytest.raises((sj._Bad, TypeError)):
            SCHEMA.fast(parsed)
    return plain


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


_DELETE = object()
_SCORE0 = ("snapshot", "scores", 0)
HOSTILE: list[tuple[tuple[Any, ...], Any]] = [
    ((*_SCORE0, "applicant_id"), "A 000"), ((*_SCORE0, "applicant_id"), ""),
    ((*_SCORE0, "applicant_id"), ".A"), ((*_SCORE0, "applicant_id"), "A" * 65),
    ((*_SCORE0, "applicant_id"), 7), ((*_SCORE0, "applicant_id"), ["A-000"]),
    ((*_SCORE0, "applicant_id"), {"A-000": 1}), ((*_SCORE0, "applicant_id"), None),
    ((*_SCORE0, "stage_id"), "onsite\n"), ((*_SCORE0, "item_id"), "4.1 "),
    ((*_SCORE0, "item_id"), "项目"), ((*_SCORE0, "applicant_id"), _DELETE),
    ((*_SCORE0, "pct"), 101), ((*_SCORE0, "pct"), -1), ((*_SCORE0, "pct"), True),
    ((*_SCORE0, "pct"), 50.0), ((*_SCORE0, "pct"), "50"), ((*_SCORE0, "pct"), 2**70),
    ((*_SCORE0, "strengths"), "x" * 20_001), ((*_SCORE0, "strengths"), 3),
    ((*_SCORE0, "strengths"), None), ((*_SCORE0, "strengths"), ["a"]),
    ((*_SCORE0, "improvements"), _DELETE), ((*_SCORE0, "extra"), "x"),
    ((*_SCORE0, "secret_marks"), {}), ((*_SCORE0, "secret_marks"), [{"field": "comment",
                                                                      "start": 0, "end": 1}]),
    ((*_SCORE0, "secret_marks"), [{"field": "strengths", "start": 0}]),
    ((*_SCORE0, "secret_marks"), [{"field": "strengths", "start": 0, "end": 1, "x": 1}]),
    ((*_SCORE0, "secret_marks"), [{"field": "strengths", "start": -1, "end": 1}]),
    ((*_SCORE0, "secret_marks"), [None] * 1001), (_SCORE0, []), (_SCORE0, "score"),
    (("snapshot", "scores"), {}), (("snapshot", "scores"), [None]),
    (("snapshot", "panel_scores", 0, "score"), "087.5"),
    (("snapshot", "panel_scores", 0, "score"), 87.5),
    (("snapshot", "panel_scores", 0, "comment"), "y" * 20_001),
    (("snapshot", "recusals"), [{"applicant_id": "A-9", "reason": "kin", "text": "t" * 4001,
                                 "declared_at": "2025-06-01T09:30:00Z"}]),
    (("snapshot", "recusals"), [{"applicant_id": "A-9", "reason": "kin", "text": "",
                                 "declared_at": "2025-06-01T09:30:00+08:00"}]),
    (("snapshot", "feedback"), [{"applicant_id": "A-9", "stage_id": "s", "rating": "ok",
                                 "text": "t", "created_at": "2025-06-01T09:30:00Z",
                                 "secret_marks": [], "extra": 1}]),
    (("snapshot", "findings"), [{"applicant_id": "A-9", "kind": "no-such-kind", "text": "",
                                 "sources": [], "secret_marks": []}]),
    (("snapshot", "findings"), [{"applicant_id": "A-9", "kind": "key_theme", "text": "",
                                 "sources": ["R 1"], "secret_marks": []}]),
    (("snapshot", "extra"), []), (("snapshot", "issue_notes"), _DELETE),
    (("recipients",), ["ab\n"]), (("recipients",), ["ab\r"]), (("recipients",), [""]),
    (("recipients",), ["a" * 65]), (("recipients",), [["ab"]]), (("recipients",), "ab"),
    (("recipients",), ["r"] * 17), (("revision",), 0), (("revision",), 2**53 + 1),
    (("final",), 0), (("kind",), "other"), (("bundle_id",), "0F0E0D0C-0B0A-4908-8706-050403020100"),
    (("prev_hash",), "AB" * 32), (("audit_head",), "g"), (("created_at",), "2025-06-01"),
    (("members",), [{"reviewer_id": "R-2", "stage_id": "s", "revision": 1,
                     "content_hash": "ab" * 32}]),
    (("members",), [{"reviewer_id": "R 2", "stage_id": "s", "revision": 1,
                     "content_hash": "ab" * 32}]),
    (("documents",), {"removed_at": "2025-06-01T09:30:00Z", "count": -1}),
    (("documents",), {"removed_at": "2025-06-01T09:30:00Z", "count": 2}),
    (("reviewer_id",), _DELETE), (("unknown",), 1), (("format",), "scorebook-bundle/1"),
]


def test_a_valid_manifest_takes_the_fast_path_and_is_accepted() -> None:
    doc = _manifest()
    data = sj.dumps(doc)
    assert sj.no_control_escapes(data)  # "\n" is an escape, but not one that makes a control
    assert _compare(doc) == ("ok", doc)


@pytest.mark.parametrize(("path", "value"), HOSTILE)
def test_hostile_manifests_are_refused_the_same_way(path: tuple[Any, ...], value: Any) -> None:
    doc = _set(_manifest(), path, value)
    data = sj.dumps(doc)
    if "\\" not in repr(value):
        assert sj.no_control_escapes(data)  # the fast path is the one under test
    _compare(doc, data)


def test_the_identifier_memo_never_stands_for_another_value() -> None:
    doc = _manifest()
    assert _compare(doc)[0] == "ok"  # "A-000", "onsite", "4.1" … now accepted before
    assert "A-000" in sj._IDENTS_OK
    for near in ("A-000 ", " A-000", "A-000\n", "A-0000" + "0" * 60, "a-000\t"):
        assert _compare(_set(doc, (*_SCORE0, "applicant_id"), near))[0] is Malformed


def test_the_identifier_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sj, "_IDENTS_OK", set())
    monkeypatch.setattr(sj, "_IDENTS_OK_MAX", 5)
    doc = _manifest()
    assert _compare(doc)[0] == "ok"
    assert len(sj._IDENTS_OK) == 5
    assert _compare(doc)[0] == "ok"  # beyond the bound: matched each time, still accepted


@pytest.mark.parametrize("escape", ["\\u0001", "\\u007f", "\\b", "\\f", "\\ud800", "\\udfff",
                                    "\\u0000", "\\u001f"])
def test_an_escaped_control_character_is_refused(escape: str) -> None:
    data = sj.dumps(_manifest()).replace("愿景".encode(), escape.encode(), 1)
    assert not sj.no_control_escapes(data)
    outcome = _compare(json.loads(data), data)  # loads: json.loads keeps a lone surrogate
    assert outcome[0] is Malformed


def test_a_raw_del_is_refused() -> None:
    data = sj.dumps(_manifest()).replace("愿景".encode(), b"\x7f", 1)
    assert not sj.no_control_escapes(data)
    assert _compare(sj.loads(data, schema_checked=True), data)[0] is Malformed


TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, field=st.sampled_from(["strengths", "improvements", "applicant_id",
                                         "item_id"]),
       ascii_only=st.booleans())
def test_any_text_in_any_field_fast_equals_plain(text: str, field: str,
                                                 ascii_only: bool) -> None:
    doc = _set(_manifest(), (*_SCORE0, field), text)
    try:
        data = json.dumps(doc, ensure_ascii=ascii_only, separators=(",", ":")).encode(
            "utf-8", "surrogatepass")
    except UnicodeEncodeError:
        return
    try:
        parsed = sj.loads(data, schema_checked=True)
    except Malformed:
        return
    _compare(parsed, data)


@settings(max_examples=400, deadline=None)
@given(strings=st.lists(TEXT, max_size=5), ascii_only=st.booleans(),
       raw=st.binary(max_size=30))
def test_no_control_escapes_is_sound(strings: list[str], ascii_only: bool, raw: bytes) -> None:
    """Whenever it answers True, no string the text parses to holds a control character or a
    surrogate (what ``string()``'s search would find)."""
    texts = [json.dumps(strings, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"),
             b'["' + raw + b'"]', raw]
    for data in texts:
        if not sj.no_control_escapes(data):
            continue
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str):
                assert sj._CONTROL.search(item) is None

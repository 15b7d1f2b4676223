"""Canonical JSON out, strict JSON in, and a small schema checker for what we read.

Out: sorted keys, no whitespace, UTF-8, no NaN/Infinity. In: strict UTF-8 (no BOM, no UTF-16
guessing), duplicate keys, NaN/Infinity, huge integers, lone surrogates and deep nesting are all
rejected with ``Malformed``. Schemas reject unknown fields and wrong types (``bool`` is not an int).
Error messages name our own fields and list positions only, never a value read from the input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from desktop.crypto.errors import Malformed
from desktop.domain.messages import N_, Msg

MAX_DEPTH = 32
MAX_INT = 2**63 - 1  # integers beyond 64 bits are refused (and never needed)



def dumps(obj: Any) -> bytes:
    """Canonical bytes of a JSON-safe value (raises ``Malformed`` for anything else)."""
    try:
        text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
        return text.encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        raise Malformed(N_("the content is not plain JSON data")) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _no_constant(_name: str) -> Any:
    raise ValueError("NaN or Infinity")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("float overflow")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads(data: bytes, schema_checked: bool = False) -> Any:
    """Parse strictly; any problem is ``Malformed``.

    ``schema_checked=True`` skips the walk over the tree (depth, integer size, lone surrogates)
    for documents the caller checks against a schema here, which bounds all three: every string
    passes a check that refuses surrogates, unknown keys are refused, and Python's parser itself
    refuses absurd nesting and integers over 4,300 digits, so the parse stays cheap.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed(N_("not UTF-8 text")) from None
    if text.startswith("\ufeff"):
        raise Malformed(N_("not UTF-8 text")) from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                           parse_float=_finite_float)
    except (ValueError, RecursionError):
        raise Malformed(N_("not valid JSON (or duplicate keys, NaN, huge numbers)")) from None
    if not schema_checked:
        # Valid UTF-8 cannot carry a surrogate; only a \uD8xx escape can, so look only then.
        surrogates = "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None
        _check_tree(value, MAX_DEPTH, surrogates)
    return value


def _check_tree(root: Any, max_depth: int, surrogates: bool) -> None:
    """Depth and integer limits and (if asked) no lone surrogates (they do not round-trip)."""
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise Malformed(N_("nested too deeply"))
        if type(value) is int and abs(value) > MAX_INT:
            raise Malformed(N_("a number is too large"))
        if isinstance(value, dict):
            if surrogates:
                for key in value:
                    _utf8(key)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif surrogates and isinstance(value, str):
            _utf8(value)


def _utf8(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Malformed(N_("invalid characters in text")) from None


# --- schema checks ----------------------------------------------------------------------------
# A Check is called as ``check(value, path)`` and raises ``Malformed`` naming ``path`` and the
# position inside. Internally checks call each other's ``fn(value)`` and the path is assembled
# only when something is wrong (the common case pays nothing for it).

_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_HEX = re.compile(r"[0-9a-f]*")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # and surrogates


class _Bad(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.where: list[str] = []


class Check:
    def __init__(self, fn: Callable[[Any], Any], transforms: bool = False,
                 fast: Callable[[Any], Any] | None = None) -> None:
        self.fn = fn
        self.transforms = transforms  # returns something other than its input (e.g. bytes)
        # ``fast``: the same check for a value ``loads`` made from a text ``no_control_escapes``
        # accepts (see ``parsed``); it only ever accepts what ``fn`` accepts, and says nothing
        # of why it refused (``parsed`` then asks ``fn``, whose error is the one raised).
        self.fast = fast or fn

    def __call__(self, value: Any, path: str) -> Any:
        try:
            return self.fn(value)
        except _Bad as error:
            raise bad(path + "".join(reversed(error.where)), error.problem) from None

    def parsed(self, value: Any, path: str, data: bytes) -> Any:
        """``self(value, path)`` for ``value = loads(data)``: the same result and the same
        refusal, cheaper. When ``data`` carries no escape that can make a control character or a
        surrogate, the fast checks run (no control-character search over each text; identifiers
        already accepted in this process looked up, not matched again: every string ``loads``
        makes is an exact ``str``); any doubt there and the plain check decides."""
        if self.fast is not self.fn and no_control_escapes(data):
            try:
                return self.fast(value)
            except (_Bad, TypeError):  # TypeError: an unhashable value among identifiers
                pass
        return self(value, path)


def no_control_escapes(data: bytes) -> bool:
    """True when no string JSON text ``data`` parses to can hold a character ``string()``
    refuses as a control character (or any surrogate). Strict JSON carries a raw character
    below U+0020 nowhere in a string (``json.loads`` refuses it), valid UTF-8 no surrogate, and
    no UTF-8 sequence holds the bytes of a backslash or DEL: such a character can only come from
    an escape ``\\uXXXX``, ``\\b`` or ``\\f``, or be a raw DEL (0x7F). Conservative: an escaped
    backslash before ``u``, ``b`` or ``f`` also answers False (the plain checks then run)."""
    if b"\x7f" in data:
        return False
    parts = data.split(b"\\")  # a one-byte search (a two-byte one costs ~100 times more here)
    return len(parts) == 1 or _CONTROL_ESCAPES.isdisjoint({part[:1] for part in parts[1:]})


_CONTROL_ESCAPES = frozenset((b"u", b"b", b"f"))


def bad(path: str, problem: str) -> Malformed:
    return Malformed(N_("{path}: {problem}"), path=path, problem=Msg(problem))


def obj(fields: Mapping[str, Check], optional: Mapping[str, Check] | None = None) -> Check:
    """An object with exactly ``fields`` (plus any of ``optional``); no unknown fields."""
    every = {**(optional or {}), **fields}
    checks = {name: c.fn for name, c in every.items()}
    required = frozenset(fields)
    transforms = any(c.transforms for c in every.values())
    fast_checks = {name: c.fast for name, c in every.items()}
    # The fast check of an object holding its required fields only: its identifiers looked up
    # together in the identifiers accepted before (one set operation), the rest called.
    idents = tuple(name for name, c in fields.items() if c is ident)
    others = tuple((name, c.fast) for name, c in fields.items() if c is not ident)
    get_idents = (itemgetter(*idents) if len(idents) > 1
                  else (lambda v: (v[idents[0]],)) if idents else (lambda v: ()))
    every_names = every.keys()

    def fast(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _Bad("")
        if value.keys() == required:
            found = get_idents(value)
            if not _IDENTS_OK.issuperset(found):
                for v in found:
                    _ident_fast(v)
            for name, fn in others:
                fn(value[name])
            return value
        if not (required <= value.keys() <= every_names):
            raise _Bad("")
        for name, item in value.items():
            fast_checks[name](item)
        return value

    def check(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _Bad(N_("must be an object"))
        if value.keys() != required:
            for name in fields:
                if name not in value:
                    error = _Bad(N_("is missing"))
                    error.where.append("." + name)
                    raise error
            if any(k not in checks for k in value):
                raise _Bad(N_("has an unknown field"))
        name = ""
        try:
            if not transforms:
                for name, item in value.items():  # ``name`` tells where it failed
                    checks[name](item)
                return value
            out = {}
            for name, item in value.items():
                out[name] = checks[name](item)
            return out
        except _Bad as error:
            error.where.append("." + name)
            raise

    return Check(check, transforms, None if transforms else fast)


def array(item: Check, max_items: int) -> Check:
    inner = item.fn

    def check(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _Bad(N_("must be a list"))
        if len(value) > max_items:
            raise _Bad(N_("has too many entries"))
        i = 0
        try:
            if not item.transforms:
                for i, v in enumerate(value):  # noqa: B007 (i tells where it failed)
                    inner(v)
                return value
            out = []
            for i, v in enumerate(value):  # noqa: B007
                out.append(inner(v))
            return out
        except _Bad as error:
            error.where.append(f"[{i}]")
            raise

    inner_fast = item.fast

    def fast(value: Any) -> list[Any]:
        if type(value) is not list or len(value) > max_items:
            raise _Bad("")
        for v in value:
            inner_fast(v)
        return value

    return Check(check, item.transforms, None if item.transforms else fast)


def string(max_len: int = 20_000, min_len: int = 0, multiline: bool = True) -> Check:
    def check(value: Any) -> str:
        if type(value) is not str:
            raise _Bad(N_("must be text"))
        if not min_len <= len(value) <= max_len:
            raise _Bad(N_("has the wrong length"))
        if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
            raise _Bad(N_("contains control characters"))
        return value

    def fast(value: Any) -> str:  # the text holds no control character (Check.parsed)
        if (type(value) is not str or not min_len <= len(value) <= max_len
                or (not multiline and ("\n" in value or "\r" in value))):
            raise _Bad("")
        return value

    return Check(check, fast=fast)


def _ident(value: Any) -> str:
    if type(value) is not str or not _IDENT.fullmatch(value):
        raise _Bad(N_("must be an identifier (letters, digits, . _ : -)"))
    return value


# Identifiers ``_ident`` accepted in this process (its answer depends on the string alone), for
# the fast checks only, which see exact ``str`` values; bounded (not filled past the limit).
_IDENTS_OK: set[str] = set()
_IDENTS_OK_MAX = 1 << 14


def _ident_fast(value: Any) -> str:
    if type(value) is str and value in _IDENTS_OK:
        return value
    checked = _ident(value)
    if len(_IDENTS_OK) < _IDENTS_OK_MAX:
        _IDENTS_OK.add(checked)
    return checked


ident = Check(_ident, fast=_ident_fast)  # a short identifier (reviewer, applicant, stage, … ids)


def integer(lo: int, hi: int) -> Check:
    def check(value: Any) -> int:
        if type(value) is not int or not lo <= value <= hi:  # bool is not an int here
            raise _Bad(N_("must be a whole number in range"))
        return value

    return Check(check)


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise _Bad(N_("must be true or false"))
    return value


boolean = Check(_boolean)


def nullable(inner: Check) -> Check:
    fn = inner.fn
    fast = inner.fast
    return Check(lambda value: None if value is None else fn(value), inner.transforms,
                 lambda value: None if value is None else fast(value))


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        if type(value) is not str or value not in choices:
            raise _Bad(N_("is not one of the allowed values"))
        return value

    return Check(check)


def pattern(regex: str) -> Check:
    compiled = re.compile(regex)

    def check(value: Any) -> str:
        if type(value) is not str or not compiled.fullmatch(value):
            raise _Bad(N_("is not in the expected form"))
        return value

    return Check(check)


def hexstr(length: int | None = None, allow_empty: bool = False) -> Check:
    def check(value: Any) -> str:
        if type(value) is not str or not _HEX.fullmatch(value):
            raise _Bad(N_("must be lowercase hexadecimal"))
        if value == "" and allow_empty:
            return value
        if length is not None and len(value) != length:
            raise _Bad(N_("has the wrong length"))
        return value

    return Check(check)


def any_object() -> Check:
    def check(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _Bad(N_("must be an object"))
        return value

    return Check(check)


def b64bytes(length: int) -> Check:
    """Standard base64 of exactly ``length`` bytes, in canonical form; returns the bytes."""

    def check(value: Any) -> bytes:
        raw = _decode_b64(value)
        if len(raw) != length:
            raise _Bad(N_("has the wrong length"))
        return raw

    return Check(check, transforms=True)


def _decode_b64(value: Any) -> bytes:
    if type(value) is not str:
        raise _Bad(N_("must be base64 text"))
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise _Bad(N_("must be base64 text")) from None
    # One spelling per value: only the last 4-character group can hide non-zero padding bits.
    tail = value[-4:]
    if tail and base64.b64encode(base64.b64decode(tail)).decode("ascii") != tail:
        raise _Bad(N_("must be base64 text"))
    return raw


decode_b64 = Check(_decode_b64, transforms=True)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _utc_time(value: Any) -> str:
    """An ISO 8601 UTC timestamp ending in ``Z``."""
    if type(value) is not str or not value.endswith("Z") or len(value) > 40:
        raise _Bad(N_("must be a UTC time like 2025-06-01T09:30:00Z"))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(N_("must be a UTC time like 2025-06-01T09:30:00Z")) from None
    offset = parsed.utcoffset()
    if offset is None or offset.total_seconds() != 0:
        raise _Bad(N_("must be a UTC time like 2025-06-01T09:30:00Z"))
    return value


utc_time = Check(_utc_time)


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def format_time(moment: datetime | None = None) -> str:
    """``moment`` (default now) as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def as_object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad(what, N_("must be an object"))
    return value

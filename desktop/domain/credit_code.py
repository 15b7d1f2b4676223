"""The unified social credit code (统一社会信用代码, GB 32100-2015).

Eighteen characters from a 31-character set (digits and capitals without I, O, S, V, Z):

    position 1      registration authority (登记管理部门码)
    position 2      organisation category (机构类别码)
    positions 3–8   administrative division code (登记管理机关行政区划码), six digits
    positions 9–17  organisation code (主体标识码, GB 11714, with its own check character)
    position 18     check character over positions 1–17

Check character: weight ``w_i = 3**i mod 31`` for i = 0..16, ``c = 31 - (Σ value_i × w_i) mod 31``
(31 becomes 0), written with the same character set. ``validate`` normalises (full-width to
half-width, spaces removed, upper case) and returns the code or raises ``CreditCodeError`` naming
the problem. ``generate`` makes valid codes for demos, deterministically from a seed.
"""

from __future__ import annotations

import random
import unicodedata
from enum import StrEnum

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(CHARSET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18

# GB 11714 organisation code (positions 9–17): weights over the first 8, check 11 - sum mod 11.
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CreditCodeProblem(StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARSET = "charset"
    DIVISION = "division"  # positions 3–8 are not six digits
    CHECK = "check"  # the 18th character does not match
    ORG_CHECK = "org_check"  # the embedded GB 11714 code's check character does not match


class CreditCodeError(InputRejected):
    """A unified social credit code is malformed; ``problem`` says how."""

    def __init__(self, code: str, problem: CreditCodeProblem, message: Msg) -> None:
        super().__init__(message)
        self.code = code
        self.problem = problem


def normalise(code: str) -> str:
    """Full-width to half-width, whitespace and hyphens removed, upper case."""
    text = unicodedata.normalize("NFKC", code)
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").upper()


def check_character(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (already valid characters)."""
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_check_character(first8: str) -> str:
    """The GB 11714 check character of an organisation code's first 8 characters."""
    total = sum(_ORG_CHARSET.index(ch) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def validate(code: str, *, check_org_code: bool = False) -> str:
    """Return the normalised code, or raise ``CreditCodeError`` naming the problem.

    ``check_org_code`` also checks the embedded GB 11714 organisation code (positions 9–17);
    it is off by default because codes issued to some entity types do not carry one.
    """
    clean = normalise(code)
    if not clean:
        raise CreditCodeError(code, CreditCodeProblem.EMPTY,
                              Msg(N_("The unified social credit code is empty")))
    if len(clean) != LENGTH:
        raise CreditCodeError(code, CreditCodeProblem.LENGTH, Msg(
            N_("The unified social credit code '{code}' has {count} characters, not 18"),
            {"code": clean, "count": len(clean)}))
    for pos, ch in enumerate(clean, start=1):
        if ch not in VALUES:
            raise CreditCodeError(code, CreditCodeProblem.CHARSET, Msg(
                N_("The unified social credit code '{code}' has '{char}' at position {pos}: "
                   "only digits and the letters A–H, J–N, P–R, T, U, W–Y are used"),
                {"code": clean, "char": ch, "pos": pos}))
    if not clean[2:8].isdigit():
        raise CreditCodeError(code, CreditCodeProblem.DIVISION, Msg(
            N_("The unified social credit code '{code}' must have a six-digit division code "
               "at positions 3–8"), {"code": clean}))
    expected = check_character(clean[:17])
    if clean[17] != expected:
        raise CreditCodeError(code, CreditCodeProblem.CHECK, Msg(
            N_("The unified social credit code '{code}' fails its check: the last character "
               "should be '{expected}', not '{found}' (a character is probably mistyped)"),
            {"code": clean, "expected": expected, "found": clean[17]}))
    if check_org_code:
        org = clean[8:17]
        if any(ch not in _ORG_CHARSET for ch in org[:8]) or \
                org[8] != org_check_character(org[:8]):
            raise CreditCodeError(code, CreditCodeProblem.ORG_CHECK, Msg(
                N_("The organisation code '{org}' inside '{code}' fails its GB 11714 check"),
                {"org": org, "code": clean}))
    return clean


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True


# Administrative divisions used by the demo (Inner Mongolia).
DIVISIONS = {
    "150000": "内蒙古自治区",
    "150100": "呼和浩特市",
    "150200": "包头市",
    "150271": "包头稀土高新技术产业开发区",
    "152500": "锡林郭勒盟",
}


def generate(seed: int | random.Random, division: str = "150200",
             authority: str = "9", category: str = "1") -> str:
    """A valid code (both check characters correct) for demos, deterministic from ``seed``.

    ``authority`` + ``category`` default to 9/1 (工商, 企业). Pass a ``random.Random`` to draw
    several codes from one seeded stream.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    if len(division) != 6 or not division.isdigit():
        raise ValueError("division must be six digits")
    org8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = org8 + org_check_character(org8)
    first17 = authority + category + division + org
    for ch in first17:
        if ch not in VALUES:
            raise ValueError(f"'{ch}' is not a credit-code character")
    return first17 + check_character(first17)

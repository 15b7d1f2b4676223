"""A passphrase strength hint: length, character classes and a rough entropy estimate.

No external library and no word list: the estimate is length × log2(pool size), discounted for
repeated characters, so it errs on the low side for sequences and repeats. It is a hint shown to
the user; the passphrase itself is never logged or stored here.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from desktop.i18n import N_

MIN_LENGTH = 10


class Level(IntEnum):
    EMPTY = 0
    WEAK = 1
    FAIR = 2
    GOOD = 3
    STRONG = 4


LEVEL_TEXT = {
    Level.EMPTY: N_("Enter a passphrase"),
    Level.WEAK: N_("Weak"),
    Level.FAIR: N_("Fair"),
    Level.GOOD: N_("Good"),
    Level.STRONG: N_("Strong"),
}


@dataclass(frozen=True)
class Strength:
    length: int
    classes: int  # lower, upper, digit, symbol/space, other script (CJK, Mongolian…)
    bits: int
    level: Level

    @property
    def acceptable(self) -> bool:
        return self.length >= MIN_LENGTH and self.level >= Level.FAIR


def _class_of(ch: str) -> str:
    if ch.isascii():
        if ch.islower():
            return "lower"
        if ch.isupper():
            return "upper"
        if ch.isdigit():
            return "digit"
        return "symbol"
    return "letter" if unicodedata.category(ch).startswith("L") else "symbol"


_POOL = {"lower": 26, "upper": 26, "digit": 10, "symbol": 33, "letter": 1000}


def estimate(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, 0, 0, Level.EMPTY)
    classes = {_class_of(ch) for ch in passphrase}
    pool = sum(_POOL[c] for c in classes)
    distinct = len(set(passphrase))
    # Each repeated character adds little: count distinct characters fully, repeats at a third.
    effective = distinct + (len(passphrase) - distinct) / 3
    bits = int(effective * math.log2(pool))
    if len(passphrase) < 8 or bits < 40:
        level = Level.WEAK
    elif bits < 60:
        level = Level.FAIR
    elif bits < 80:
        level = Level.GOOD
    else:
        level = Level.STRONG
    return Strength(len(passphrase), len(classes), bits, level)

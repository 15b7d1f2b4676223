"""Inner Mongolia's regions as data: the official names of the autonomous region, its 12 盟市
and the 旗县区 the rule documents name, with their common short forms (锡盟, 呼市 …) and which
region each lies in. Every comparison of regions goes through ``compare``: a short form is the
region it stands for, a region within the required one is within it, and a name this table does
not know is reported as unknown, never silently outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Region:
    name: str  # the official name
    aliases: tuple[str, ...]  # short and common forms
    parent: str | None  # the official name of the region it lies in


NMG = "内蒙古自治区"

REGIONS: tuple[Region, ...] = (
    Region(NMG, ("内蒙古", "内蒙"), None),
    # The 12 盟市 (9 地级市, 3 盟).
    Region("呼和浩特市", ("呼和浩特", "呼市", "青城"), NMG),
    Region("包头市", ("包头", "鹿城"), NMG),
    Region("乌海市", ("乌海",), NMG),
    Region("赤峰市", ("赤峰",), NMG),
    Region("通辽市", ("通辽",), NMG),
    Region("鄂尔多斯市", ("鄂尔多斯",), NMG),
    Region("呼伦贝尔市", ("呼伦贝尔",), NMG),
    Region("巴彦淖尔市", ("巴彦淖尔",), NMG),
    Region("乌兰察布市", ("乌兰察布",), NMG),
    Region("兴安盟", ("兴安",), NMG),
    Region("锡林郭勒盟", ("锡盟", "锡林郭勒"), NMG),
    Region("阿拉善盟", ("阿盟", "阿拉善"), NMG),
    # 旗县区 the documents name (包头稀土高新区管委会质量奖评审办法).
    Region("包头稀土高新区", ("稀土高新区", "包头稀土高新技术产业开发区",
                              "包头稀土高新技术产业开发区管委会"), "包头市"),
)
_BY_NAME = {r.name: r for r in REGIONS}
# Longest first: "包头稀土高新区" is found before "包头" in the same text.
_FORMS = sorted(((form, r.name) for r in REGIONS for form in (r.name, *r.aliases)),
                key=lambda x: -len(x[0]))


def canonical(text: str) -> str | None:
    """The official name of the most specific region ``text`` names (an official name or a
    short form, possibly inside a longer address); None when no known region is named."""
    found = [name for form, name in _FORMS if form in text]
    if not found:
        return None
    # The most specific: the one with the longest chain of parents.
    return max(found, key=lambda n: (len(chain(n)), -found.index(n)))


def chain(name: str) -> tuple[str, ...]:
    """``name`` and every region it lies in, innermost first."""
    out = []
    current: str | None = name
    while current is not None and current in _BY_NAME:
        out.append(current)
        current = _BY_NAME[current].parent
    return tuple(out)


class Within(StrEnum):
    INSIDE = "inside"  # the applicant's region is the required one or lies in it
    OUTSIDE = "outside"  # a known region that is not in the required one
    COARSER = "coarser"  # a known region containing the required one: not enough to say
    UNKNOWN = "unknown"  # a name this table does not know


@dataclass(frozen=True)
class Comparison:
    within: Within
    required: str  # the official name of the required region (or the text, if unknown)
    found: str | None  # the applicant's most specific known region


def compare(parts: tuple[str, ...] | list[str], required: str,
            aliases: tuple[str, ...] = ()) -> Comparison:
    """Whether an applicant registered in ``parts`` (coarse to fine, any form) lies in
    ``required`` (any form; ``aliases`` are the programme's own extra forms of it)."""
    target = canonical(required)
    text = " ".join(parts)
    if target is None:  # a region this table does not know: compare by the names given
        names = (required, *aliases)
        if any(name in text for name in names):
            return Comparison(Within.INSIDE, required, None)
        return Comparison(Within.UNKNOWN, required, None)
    if any(alias in text for alias in aliases):
        return Comparison(Within.INSIDE, target, target)
    known = [c for c in (canonical(p) for p in parts) if c is not None]
    if not known:
        return Comparison(Within.UNKNOWN, target, None)
    finest = max(known, key=lambda n: len(chain(n)))
    if target in chain(finest):
        return Comparison(Within.INSIDE, target, finest)
    if finest in chain(target):
        return Comparison(Within.COARSER, target, finest)
    return Comparison(Within.OUTSIDE, target, finest)

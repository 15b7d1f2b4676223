"""Regions as data (issue 21): official names and short forms of Inner Mongolia's 12 盟市 and the
旗县区 the documents name, used wherever a region is compared; an unknown region is reported,
never silently NOT MET."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.eligibility import Outcome
from desktop.domain.regions import NMG, REGIONS, Within, canonical, compare
from tests.domain.test_eligibility import CLEAN_ORG, check

LEAGUES = ["呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "呼伦贝尔市",
           "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟"]


def test_the_twelve_leagues_and_cities_are_known() -> None:
    assert [r.name for r in REGIONS if r.parent == NMG] == LEAGUES
    for short, name in (("锡盟", "锡林郭勒盟"), ("呼市", "呼和浩特市"), ("包头", "包头市"),
                        ("阿盟", "阿拉善盟"), ("稀土高新区", "包头稀土高新区"),
                        ("内蒙古", NMG), ("内蒙古自治区锡林郭勒盟锡林浩特市", "锡林郭勒盟")):
        assert canonical(short) == name


def test_compare_within_outside_coarser_unknown() -> None:
    assert compare(["锡盟"], "内蒙古自治区").within is Within.INSIDE
    assert compare(["包头市", "稀土高新区"], "包头稀土高新区").within is Within.INSIDE
    assert compare(["赤峰市"], "包头市").within is Within.OUTSIDE
    assert compare(["包头市"], "包头稀土高新区").within is Within.COARSER
    assert compare(["北京市"], "内蒙古自治区").within is Within.UNKNOWN


# Per programme: the region its registration rule asks for, a short form inside it, a known
# region outside it.
CASES = {
    "nmg-chairman": ("锡盟", "北京市"),
    "xilingol-league": ("锡盟", "呼市"),
    "baotou-mayor": ("包头", "呼市"),
    "hohhot-mayor": ("呼市", "包头市"),
    "baotou-hitech": ("稀土高新区", "赤峰市"),
}


@pytest.mark.parametrize("pid", sorted(CASES))
def test_registration_by_short_form_and_unknown_reported(pid: str) -> None:
    inside, other = CASES[pid]
    report = check(pid, region=[inside], **CLEAN_ORG)
    assert report.finding("registered").outcome is Outcome.MET
    report = check(pid, region=["某某省某某市"], **CLEAN_ORG)
    found = report.finding("registered")
    assert found.outcome is Outcome.NEEDS_EVIDENCE and "Unknown region" in found.reason.template
    if other != "北京市":
        assert check(pid, region=[other], **CLEAN_ORG).finding(
            "registered").outcome is Outcome.NOT_MET


def test_xilingol_individual_in_xilingol_by_its_short_form() -> None:
    person: dict[str, Any] = {"years_in_quality_work": 8, "region": ["锡盟"], "top_manager": False,
              "credit": {"serious_dishonesty_list": False, "unrepaired_bad_credit": False}}
    report = check("xilingol-league", kind="individual", **person)
    assert report.finding("quality-work-years").outcome is Outcome.MET
    person["region"] = ["火星"]
    report = check("xilingol-league", kind="individual", **person)
    assert report.finding("quality-work-years").outcome is Outcome.NEEDS_EVIDENCE

"""Credit history (issue 21): facts carry dated credit records and a rule that looks back N
years (主席 第十四条（五）, 锡盟 第十条（四）: 近3年无失信记录) is checked by date; the other
documents' credit rules are the current status, as worded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.domain.eligibility import Outcome
from desktop.domain.errors import FactsError
from desktop.domain.facts import parse_facts
from tests.domain.test_eligibility import AS_OF, CLEAN_ORG, check

# programme -> (rule id, looks back 3 years?) ; None: the document has no credit rule.
CREDIT_RULES = {
    "nmg-chairman": ("no-dishonesty", True),
    "xilingol-league": ("no-dishonesty", True),
    "baotou-mayor": ("x-credit", False),  # 第十七条（六）：列入……名单的 (today's status)
    "hohhot-mayor": None,
    "baotou-hitech": None,
}
REGION = {"nmg-chairman": "锡盟", "xilingol-league": "锡盟", "baotou-mayor": "包头",
          "hohhot-mayor": "呼市", "baotou-hitech": "稀土高新区"}


def _org(pid: str, records: list[dict[str, Any]] | None) -> dict[str, Any]:
    out: dict[str, Any] = {**CLEAN_ORG, "region": [REGION[pid]]}
    if records is None:
        out.pop("credit_records")
    else:
        out["credit_records"] = records
    return out


@pytest.mark.parametrize("pid", sorted(CREDIT_RULES))
def test_the_window_is_checked_by_date(pid: str) -> None:
    removed_two_years_ago = [{"list": "serious_dishonesty", "listed_on": date(2022, 1, 5),
                              "removed_on": date(2023, 9, 1)}]
    removed_long_ago = [{"list": "serious_dishonesty", "listed_on": date(2019, 1, 5),
                         "removed_on": date(2021, 3, 1)}]
    rule = CREDIT_RULES[pid]
    recent = check(pid, **_org(pid, removed_two_years_ago))
    old = check(pid, **_org(pid, removed_long_ago))
    status_only = check(pid, **_org(pid, None))
    if rule is None:
        assert not [f for f in recent.findings if f.kind == "credit_clean"]
        return
    rule_id, window = rule
    if window:
        found = recent.finding(rule_id)
        assert found.outcome is Outcome.NOT_MET  # off the list today, listed within 3 years
        assert found.reason.params["listed"] == "2022-01-05"
        assert old.finding(rule_id).outcome is Outcome.MET  # removed before the window
        assert status_only.finding(rule_id).outcome is Outcome.NEEDS_EVIDENCE
    else:
        for report in (recent, old, status_only):  # today's status, as the article words it
            assert report.finding(rule_id).outcome is Outcome.MET


def test_a_record_still_listed_and_a_bad_record_refused() -> None:
    still = [{"list": "unrepaired_bad_credit", "listed_on": date(2015, 1, 1)}]
    report = check("nmg-chairman", **_org("nmg-chairman", still))
    assert report.finding("no-dishonesty").outcome is Outcome.NOT_MET
    with pytest.raises(FactsError):
        parse_facts({"schema": "scorebook.facts/1", "name": "甲", "kind": "organisation",
                     "credit_records": [{"list": "serious_dishonesty",
                                         "listed_on": date(2024, 1, 1),
                                         "removed_on": date(2023, 1, 1)}]}, "f.toml")
    assert AS_OF.year == 2025

"""The findings and issue notes a bundle carries, checked by the merge's one rule set
(``desktop.domain.merge_findings`` through ``desktop.domain.merge.rejection``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.bundle_content import BundleContent, FindingRow, IssueNoteRow
from desktop.domain.criteria import Framework
from desktop.domain.merge import CONSENSUS, SCORES, MergeContext, record_of, rejection
from desktop.domain.merge_findings import FindingRules, bad
from desktop.services.catalogue import framework

FW: Framework = framework()
ITEM = FW.items[3].id
TEAM = ("lead", "m1", "m2")
APPS = ("a1", "a2")
STAGES = {"material": "material", "onsite": "onsite", "defense": "defense"}
ISSUE = "SI-0123456789"
CTX = MergeContext(
    "2025", frozenset(STAGES),
    frozenset((st, r, a) for st in STAGES for r in TEAM for a in APPS),
    led=frozenset((st, "lead", a) for st in STAGES for a in APPS),
    findings=FindingRules(FW, STAGES, {(r, "a1"): frozenset({ISSUE}) for r in TEAM}))


def reason(stage: str, kind: str, content: BundleContent, who: str | None = None,
           ctx: MergeContext = CTX) -> str | None:
    who = who or ("lead" if kind == CONSENSUS else "m1")
    why = rejection(record_of("f.sbb", who, "2025", stage, kind, 1, "h" * 64, content), ctx)
    return None if why is None else why.render()


def found(*rows: FindingRow) -> BundleContent:
    return BundleContent(findings=rows)


def noted(*rows: IssueNoteRow) -> BundleContent:
    return BundleContent(issue_notes=rows)


GOOD_MATERIAL = found(
    FindingRow("a1", "strength", "【方法】做法系统（第3页）", ("m1", "m2"), ((0, 4),), ITEM),
    FindingRow("a1", "theme_strength", "领导重视"),
    FindingRow("a1", "verify", "核实样本量", (), (), ITEM, ISSUE))
GOOD_ONSITE = found(FindingRow("a1", "resolution", "属实", (), (), ITEM, ISSUE, "confirmed"))


def test_good_findings_and_notes_pass() -> None:
    assert reason("material", CONSENSUS, GOOD_MATERIAL) is None
    assert reason("onsite", CONSENSUS, GOOD_ONSITE) is None
    assert reason("onsite", SCORES, noted(IssueNoteRow("a1", ISSUE, "clarified", "已澄清",
                                                       ((0, 2),)))) is None


@pytest.mark.parametrize(("stage", "kind", "content", "field", "rule"), [
    ("onsite", CONSENSUS, found(FindingRow("a1", "verify", "再核实", (), (), ITEM, "SI-1")),
     "snapshot.findings[0].kind", "raised only at a material review"),
    ("material", CONSENSUS, GOOD_ONSITE, "snapshot.findings[0].kind", "resolved only on site"),
    ("material", CONSENSUS, found(FindingRow("a1", "strength", "好", (), (), "9.9")),
     "snapshot.findings[0].item_id", "which the criteria do not have"),
    ("onsite", CONSENSUS, found(FindingRow("a2", "resolution", "属实", (), (), ITEM, ISSUE,
                                           "confirmed")),
     "snapshot.findings[0].issue_id", "which this team was not given"),
    ("material", CONSENSUS, found(FindingRow("a1", "theme_strength", "好", (), (), ITEM)),
     "snapshot.findings[0].item_id", "belongs to the applicant"),
    ("material", CONSENSUS, found(FindingRow("a1", "strength", "好", (), (), ITEM, "SI-2")),
     "snapshot.findings[0].issue_id", "carries an issue id"),
    ("material", CONSENSUS, found(FindingRow("a1", "strength", " ", (), (), ITEM)),
     "snapshot.findings[0].text", "no text"),
    ("material", CONSENSUS, found(FindingRow("a1", "strength", "好", (), ((0, 9),), ITEM)),
     "snapshot.findings[0].secret_marks", "outside the finding's text"),
    ("material", CONSENSUS, found(FindingRow("a1", "strength", "好", ("stranger",), (), ITEM)),
     "snapshot.findings[0].sources", "a reviewer of the applicant"),
    ("material", CONSENSUS, found(FindingRow("a1", "weird", "好", (), (), ITEM)),
     "snapshot.findings[0].kind", "a finding's kind is one of"),
    ("material", CONSENSUS, found(FindingRow("a1", "verify", "核实", (), (), ITEM, ISSUE),
                                  FindingRow("a1", "clarify", "澄清", (), (), ITEM, ISSUE)),
     "snapshot.findings[1].issue_id", "raises this site-visit issue twice"),
    ("onsite", SCORES, noted(IssueNoteRow("a1", "SI-9", "confirmed", "属实")),
     "snapshot.issue_notes[0].issue_id", "no such site-visit issue"),
    ("onsite", SCORES, noted(IssueNoteRow("a2", ISSUE, "confirmed", "属实")),
     "snapshot.issue_notes[0].issue_id", "no such site-visit issue"),
    ("material", SCORES, noted(IssueNoteRow("a1", ISSUE, "confirmed", "属实")),
     "snapshot.issue_notes[0].issue_id", "belongs to an on-site review"),
    ("onsite", SCORES, noted(IssueNoteRow("a1", ISSUE, "maybe", "属实")),
     "snapshot.issue_notes[0].outcome", "an outcome is one of"),
    ("onsite", SCORES, noted(IssueNoteRow("a1", ISSUE, "confirmed", "短", ((0, 5),))),
     "snapshot.issue_notes[0].secret_marks", "outside the note's text"),
    ("onsite", SCORES, noted(IssueNoteRow("a1", ISSUE, "confirmed", "一"),
                             IssueNoteRow("a1", ISSUE, "unresolved", "二")),
     "snapshot.issue_notes[1].issue_id", "notes this site-visit issue twice"),
])
def test_a_wrong_value_refuses_the_bundle(stage: str, kind: str, content: BundleContent,
                                          field: str, rule: str) -> None:
    why = reason(stage, kind, content)
    assert why is not None and field in why and rule in why, why


def test_findings_only_from_the_applicants_leader() -> None:
    why = reason("material", CONSENSUS, GOOD_MATERIAL, who="m1")
    assert why is not None and "comes only from a team leader" in why
    other = replace(CTX, led=frozenset({("material", "lead", "a2")}))
    why = reason("material", CONSENSUS, GOOD_MATERIAL, ctx=other)
    assert why is not None and "snapshot.findings[0].applicant_id" in why
    assert "only the leader of the applicant's team" in why


def test_findings_for_an_applicant_not_assigned() -> None:
    why = reason("material", CONSENSUS, found(FindingRow("a9", "theme_strength", "好")))
    assert why is not None and "snapshot.findings[0].applicant_id" in why


def test_without_rules_only_the_placement_is_checked() -> None:
    """A context without findings rules (an older caller) still places every row."""
    bare = replace(CTX, findings=None)
    assert reason("onsite", SCORES, noted(IssueNoteRow("a1", "SI-9", "confirmed", "x")),
                  ctx=bare) is None
    stage_only = replace(CTX, findings=FindingRules(FW, STAGES))  # no issues known
    assert reason("onsite", CONSENSUS, GOOD_ONSITE, ctx=stage_only) is None
    assert reason("material", CONSENSUS, GOOD_ONSITE, ctx=stage_only) is not None


def test_bad_names_field_value_and_rule() -> None:
    from desktop.domain.messages import Msg

    assert bad("x.y", "v", Msg("a rule")).render() == "x.y is 'v': a rule"
    assert bad("x.y", None, Msg("r")).render() == "x.y is null: r"

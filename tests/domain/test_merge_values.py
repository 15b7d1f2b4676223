"""The merge checks every value a bundle carries (pure): one test per rule, each naming the
field, the value and the rule; the report adds the file and the reviewer. Times later than the
clock are reported, never refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from desktop.domain.bundle_content import (
    BundleContent,
    FeedbackRow,
    PanelRow,
    RecusalRow,
    ScoreRow,
)
from desktop.domain.merge import (
    CONSENSUS,
    SCORES,
    BundleRecord,
    MergeContext,
    Outcome,
    merge,
    record_of,
    rejection,
    warnings,
)
from desktop.domain.messages import Msg, nmsg
from desktop.domain.scoring import FormKind, StageForm

ITEMS = frozenset({"4.1.1", "4.1.2", "4.2.1"})
NOW = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)
CTX = MergeContext(
    "c", frozenset({"material", "defense"}),
    frozenset((s, r, a) for s in ("material", "defense") for r in ("r1", "r2", "lead")
              for a in ("a1", "a2")),
    item_ids=ITEMS, step_pct=5,
    forms={"material": StageForm(FormKind.ITEMS, "gbt"),
           "defense": StageForm(FormKind.PANEL_SCORE, max_points=Decimal(100),
                                step=Decimal("0.5"))},
    ratings=frozenset({"compliant", "concerns", "violation"}),
    recusal_reasons=frozenset({"employment", "other"}),
    led=frozenset((s, "lead", a) for s in ("material", "defense") for a in ("a1", "a2")),
    now=NOW)


def score(applicant: str = "a1", item: str = "4.1.2", pct: int | None = 50,
          stage: str = "material") -> ScoreRow:
    return ScoreRow(applicant, stage, item, pct, "优势", "改进")


def rec(*, stage: str = "material", kind: str = SCORES, reviewer: str = "r1",
        **content: object) -> BundleRecord:
    body = BundleContent(**{"created_at": "2025-07-01T00:00:00Z",
                            "scores": (score(), score("a2")), **content})  # type: ignore[arg-type]
    return record_of(f"{reviewer}.sbb", reviewer, "c", stage, kind, 1, "h" * 16, body)


def refused(record: BundleRecord, field: str, rule: str) -> str:
    why = rejection(record, CTX)
    assert why is not None
    text = why.render()
    assert field in text and rule in text, text
    return text


def test_a_good_bundle_passes_every_check() -> None:
    good = rec(panel_scores=(), feedback=(FeedbackRow("a1", "material", "concerns",
                                                      "2025-07-01T00:00:00Z"),),
               recusals=())
    assert rejection(good, CTX) is None
    assert rejection(rec(stage="defense", scores=(), panel_scores=(
        PanelRow("a1", "defense", "87.50"), PanelRow("a2", "defense", None))), CTX) is None
    assert warnings(good, CTX) == ()


def test_an_unknown_item() -> None:
    refused(rec(scores=(score(item="9.9.9"),)), "snapshot.scores[0].item_id is '9.9.9'",
            "no such item")


@pytest.mark.parametrize("pct, rule", [(3, "multiple of the 5% step"),
                                       (101, "from 0 to 100"), (-5, "from 0 to 100")])
def test_a_percentage_out_of_range_or_off_the_step(pct: int, rule: str) -> None:
    refused(rec(scores=(score(), score("a2", pct=pct))), "snapshot.scores[1].pct", rule)


def test_a_score_of_another_stage() -> None:
    refused(rec(scores=(score(stage="onsite"),)), "snapshot.scores[0].stage_id is 'onsite'",
            "the bundle's stage (material)")


def test_a_panel_score_on_a_stage_scored_by_items() -> None:
    refused(rec(panel_scores=(PanelRow("a1", "material", "9999.99"),)),
            "snapshot.panel_scores[0].score is '9999.99'", "takes no panel score")


def test_item_scores_on_a_stage_scored_as_a_whole() -> None:
    refused(rec(stage="defense", scores=(score(stage="defense"),)),
            "snapshot.scores[0].item_id", "takes no item scores")


@pytest.mark.parametrize("value, rule", [("100.5", "from 0 to 100"),
                                         ("87.25", "a multiple of 0.5")])
def test_a_panel_score_over_the_maximum_or_off_its_step(value: str, rule: str) -> None:
    refused(rec(stage="defense", scores=(), panel_scores=(PanelRow("a1", "defense", value),)),
            "snapshot.panel_scores[0].score", rule)


def test_two_panel_scores_for_one_applicant() -> None:
    refused(rec(stage="defense", scores=(), panel_scores=(
        PanelRow("a1", "defense", "80"), PanelRow("a1", "defense", "90"))),
        "snapshot.panel_scores[1].applicant_id", "already has a panel score")


def test_a_feedback_rating_not_allowed() -> None:
    refused(rec(feedback=(FeedbackRow("a1", "material", "weird", "2025-07-01T00:00:00Z"),)),
            "snapshot.feedback[0].rating is 'weird'", "one of: compliant, concerns, violation")


def test_feedback_for_an_applicant_not_assigned() -> None:
    refused(rec(feedback=(FeedbackRow("a9", "material", "compliant",
                                      "2025-07-01T00:00:00Z"),)),
            "snapshot.feedback[0].applicant_id is 'a9'", "not assigned to the team of reviewer r1")


def test_a_recusal_for_an_applicant_not_assigned() -> None:
    refused(rec(scores=(score(),), recusals=(RecusalRow("a9", "employment",
                                                        "2025-07-01T00:00:00Z"),)),
            "snapshot.recusals[0].applicant_id is 'a9'", "not assigned")


def test_a_recusal_reason_not_allowed() -> None:
    refused(rec(scores=(score(),), recusals=(RecusalRow("a2", "bored",
                                                        "2025-07-01T00:00:00Z"),)),
            "snapshot.recusals[0].reason is 'bored'", "one of: employment, other")


def test_a_score_for_an_applicant_not_assigned() -> None:
    refused(rec(scores=(score("a9"),)), "snapshot.scores[0].applicant_id is 'a9'",
            "not assigned")


def test_consensus_only_from_the_leader_of_the_applicants_team() -> None:
    assert rejection(rec(kind=CONSENSUS, reviewer="lead"), CTX) is None
    refused(rec(kind=CONSENSUS, reviewer="r2"), "reviewer_id is 'r2'",
            "leads no team at stage material")
    # a leader of some applicants only: the others' consensus is not theirs to send
    ctx = replace(CTX, led=frozenset({("material", "lead", "a1")}))
    why = rejection(rec(kind=CONSENSUS, reviewer="lead"), ctx)
    assert why is not None and "snapshot.scores[1].applicant_id is 'a2'" in why.render()
    assert "only the leader of the applicant's team" in why.render()
    refused(rec(kind=CONSENSUS, reviewer="lead", panel_scores=(
        PanelRow("a1", "material", "80"),)), "snapshot.panel_scores[0].score",
        "a consensus bundle carries no panel scores")


def test_the_report_names_the_file_and_the_reviewer_and_the_rest_goes_on() -> None:
    bad = rec(scores=(score(pct=3),))
    good = rec(reviewer="r2")
    report = merge([bad, good], CTX)
    first, second = report.outcomes
    assert first.outcome is Outcome.REJECTED and second.outcome is Outcome.NEW
    assert first.reason is not None
    assert first.reason.render() == ("bundle r1.sbb from reviewer r1: snapshot.scores[0].pct "
                                     "is 3: a percentage is a multiple of the 5% step")
    assert ("material", SCORES, "a1", "r1") not in report.state.sheets
    assert ("material", SCORES, "a1", "r2") in report.state.sheets


def test_without_the_optional_rules_nothing_more_is_checked() -> None:
    bare = MergeContext("c", CTX.stage_ids, CTX.assignments)
    assert rejection(rec(scores=(score(item="9.9.9", pct=3),)), bare) is None


def test_a_time_in_the_future_is_reported_not_refused() -> None:
    late = rec(created_at="9999-01-01T00:00:00Z", feedback=(
        FeedbackRow("a1", "material", "compliant", "2025-07-10T12:05:00Z"),  # within slack
        FeedbackRow("a2", "material", "compliant", "2025-07-11T00:00:00Z")))
    assert rejection(late, CTX) is None
    texts = [w.render() for w in warnings(late, CTX)]
    assert len(texts) == 2
    assert texts[0].startswith("created_at is 9999-01-01T00:00:00Z, later than this "
                               "computer's clock (2025-07-10T12:00:00Z)")
    assert texts[1].startswith("snapshot.feedback[1].created_at is 2025-07-11")
    [outcome] = merge([late], CTX).outcomes
    assert outcome.outcome is Outcome.NEW and len(outcome.warnings) == 2
    many = rec(recusals=tuple(RecusalRow("a2", "other", "2030-01-01T00:00:00Z")
                              for _ in range(8)), scores=(score(),))
    out = warnings(many, CTX)
    assert len(out) == 6 and out[-1].render() == \
        "3 more times are later than this computer's clock"


def test_the_record_keeps_the_values_and_groups_the_sheets() -> None:
    r = rec(stage="defense", scores=(), panel_scores=(PanelRow("a2", "defense", "87.5"),),
            recusals=(RecusalRow("a1", "other", "2025-07-01T00:00:00Z"),))
    assert [s.applicant_id for s in r.sheets] == ["a2"]
    assert r.sheets[0].panel_score == Decimal("87.5") and r.recusals == ("a1",)
    assert r.content is not None and r.content.panel_scores[0].score == "87.5"


def test_a_counting_message_picks_its_form() -> None:
    one, two = nmsg("{count} file", "{count} files", 1), nmsg("{count} file", "{count} files", 2)
    assert (one.render(), two.render()) == ("1 file", "2 files")
    calls: list[tuple[str, str, int]] = []

    def ngettext(s: str, p: str, n: int) -> str:
        calls.append((s, p, n))
        return "{count} 个文件"
    outer = Msg("{inner}!", {"inner": two})
    assert outer.render(lambda t: t, ngettext) == "2 个文件!"
    assert calls == [("{count} file", "{count} files", 2)]

"""The normalisation view: z-scores rescaled, raw beside it, never official unless asked."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.normalisation import normalise

D = Decimal


def _scores() -> dict[tuple[str, str], Decimal]:
    # r1 is lenient, r2 severe; both rank a1 > a2 > a3 by the same steps.
    return {
        ("r1", "a1"): D(800), ("r1", "a2"): D(700), ("r1", "a3"): D(600),
        ("r2", "a1"): D(600), ("r2", "a2"): D(500), ("r2", "a3"): D(400),
    }


def test_lenient_and_severe_reviewers_agree_after_normalising() -> None:
    view = normalise(_scores(), D(1000))
    rows = {(s.reviewer_id, s.applicant_id): s for s in view.scores}
    assert rows[("r1", "a1")].normalised == rows[("r2", "a1")].normalised
    assert rows[("r1", "a1")].z == D("1.2247")
    assert view.pooled_mean == D("600.00")
    apps = {a.applicant_id: a for a in view.applicants}
    assert apps["a1"].raw_mean == D("700.00")
    assert apps["a1"].normalised_mean > apps["a2"].normalised_mean > apps["a3"].normalised_mean


def test_official_score_is_raw_unless_the_cycle_says_so() -> None:
    off = normalise(_scores(), D(1000))
    on = normalise(_scores(), D(1000), use_normalised=True)
    a1_off = next(a for a in off.applicants if a.applicant_id == "a1")
    a1_on = next(a for a in on.applicants if a.applicant_id == "a1")
    assert a1_off.official == a1_off.raw_mean and not a1_off.uses_normalised
    assert a1_on.official == a1_on.normalised_mean != a1_on.raw_mean
    assert "move" in str(off.warning)


def test_single_score_and_zero_variance_pass_through_raw() -> None:
    scores = {("r1", "a1"): D(500), ("r2", "a1"): D(700), ("r2", "a2"): D(700),
              ("r3", "a1"): D(900), ("r3", "a2"): D(100)}
    rows = {(s.reviewer_id, s.applicant_id): s for s in normalise(scores, D(1000)).scores}
    assert rows[("r1", "a1")].z is None and rows[("r1", "a1")].normalised == D(500)
    assert "one score" in str(rows[("r1", "a1")].note)
    assert rows[("r2", "a2")].z is None and "same score" in str(rows[("r2", "a2")].note)
    assert rows[("r3", "a1")].z == D("1.0000")


def test_clamped_to_the_range_and_recused_dropped() -> None:
    scores = {("r1", "a1"): D(1000), ("r1", "a2"): D(0), ("r2", "a1"): D(990),
              ("r2", "a2"): D(980), ("r2", "a3"): D(10)}
    view = normalise(scores, D(1000), recused=[("r1", "a2")])
    assert all(D(0) <= s.normalised <= D(1000) for s in view.scores)
    assert ("r1", "a2") not in {(s.reviewer_id, s.applicant_id) for s in view.scores}


def test_empty() -> None:
    view = normalise({}, D(1000))
    assert view.scores == () and view.pooled_mean is None

"""A normalisation VIEW: per-reviewer z-scores rescaled to the original range (Evalato style).

For each reviewer, ``z = (raw − reviewer mean) / reviewer SD`` over the applicants they scored;
then ``normalised = pooled mean + z × pooled SD`` (mean and SD of every kept raw score), clamped
to [0, max points]. This removes a reviewer's leniency or severity while staying on the scale
the office reads. Standard deviations are population SDs.

- A reviewer with one score, or with all scores equal, carries no scale information: z is
  ``None`` and the raw score passes through unchanged (``note`` says why).
- Recused pairs are dropped before anything is computed.
- The view never replaces the official score: ``official`` is the raw mean unless the cycle
  setting ``use_normalised`` is on. Normalised values move when the set of applicants changes
  (Evalato's warning); ``warning`` carries that sentence for the screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from desktop.domain.messages import N_, Msg

Q2 = Decimal("0.01")
Q4 = Decimal("0.0001")


@dataclass(frozen=True)
class NormalisedScore:
    applicant_id: str
    reviewer_id: str
    raw: Decimal
    z: Decimal | None
    normalised: Decimal
    note: Msg | None = None


@dataclass(frozen=True)
class ApplicantView:
    applicant_id: str
    raw_mean: Decimal
    normalised_mean: Decimal
    official: Decimal  # raw mean unless the cycle uses normalised scores
    uses_normalised: bool


@dataclass(frozen=True)
class NormalisationView:
    scores: tuple[NormalisedScore, ...]
    applicants: tuple[ApplicantView, ...]
    pooled_mean: Decimal | None
    pooled_sd: Decimal | None
    use_normalised: bool
    warning: Msg


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _sd(values: list[Decimal]) -> Decimal:
    m = _mean(values)
    with localcontext() as ctx:
        ctx.prec = 28
        return (sum(((v - m) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def normalise(scores: Mapping[tuple[str, str], Decimal], max_points: Decimal,
              recused: Iterable[tuple[str, str]] = (),
              use_normalised: bool = False) -> NormalisationView:
    """Build the view from (reviewer_id, applicant_id) -> raw score."""
    out = set(recused)
    kept = {k: v for k, v in scores.items() if k not in out}
    warning = Msg(N_("Normalised scores depend on the whole set of applicants and move when "
                     "it changes; they are shown for comparison only"))
    if not kept:
        return NormalisationView((), (), None, None, use_normalised, warning)
    pooled = list(kept.values())
    pooled_mean, pooled_sd = _mean(pooled), _sd(pooled)
    by_reviewer: dict[str, list[Decimal]] = defaultdict(list)
    for (reviewer, _), raw in kept.items():
        by_reviewer[reviewer].append(raw)
    stats = {r: (_mean(v), _sd(v), len(v)) for r, v in by_reviewer.items()}

    rows: list[NormalisedScore] = []
    for (reviewer, applicant), raw in sorted(kept.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        mean, sd, n = stats[reviewer]
        if n < 2:
            rows.append(NormalisedScore(applicant, reviewer, raw, None, raw, Msg(
                N_("not normalised: reviewer {reviewer} gave only one score"),
                {"reviewer": reviewer})))
            continue
        if sd == 0:
            rows.append(NormalisedScore(applicant, reviewer, raw, None, raw, Msg(
                N_("not normalised: reviewer {reviewer} gave every applicant the same score"),
                {"reviewer": reviewer})))
            continue
        z = (raw - mean) / sd
        value = min(max(pooled_mean + z * pooled_sd, Decimal(0)), max_points)
        rows.append(NormalisedScore(applicant, reviewer, raw, z.quantize(Q4, ROUND_HALF_UP),
                                    value.quantize(Q2, ROUND_HALF_UP)))

    per_app: dict[str, list[NormalisedScore]] = defaultdict(list)
    for row in rows:
        per_app[row.applicant_id].append(row)
    apps = []
    for applicant, group in sorted(per_app.items()):
        raw_mean = _mean([g.raw for g in group]).quantize(Q2, ROUND_HALF_UP)
        norm_mean = _mean([g.normalised for g in group]).quantize(Q2, ROUND_HALF_UP)
        apps.append(ApplicantView(applicant, raw_mean, norm_mean,
                                  norm_mean if use_normalised else raw_mean, use_normalised))
    return NormalisationView(tuple(rows), tuple(apps), pooled_mean.quantize(Q2, ROUND_HALF_UP),
                             pooled_sd.quantize(Q2, ROUND_HALF_UP), use_normalised, warning)

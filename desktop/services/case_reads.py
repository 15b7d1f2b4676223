"""The reads of an open case file, as typed, frozen values.

Each function takes the session of one unit of work (``CaseSession``'s read methods run them)
and returns values of ``case_types``: the reviewer's window and the command line build no query of
their own. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.criteria import Framework
from desktop.domain.scoring import FormKind, item_score
from desktop.models import case as m
from desktop.services.case_types import (
    ApplicantRow,
    MarkView,
    MaterialInfo,
    RecusalInfo,
    ScoreView,
    StageInfo,
    StageProgress,
    TeamMember,
)


def cycle_and_stage(s: Session) -> tuple[str, str]:
    """(cycle id, current stage id) of the package the case came from."""
    meta = s.get_one(m.CaseMeta, 1)
    return meta.cycle_id, meta.current_stage_id


def stages(s: Session) -> list[StageInfo]:
    return [StageInfo(r.stage_id, r.name_zh, r.name_en, FormKind(r.form_kind), r.max_points)
            for r in s.scalars(select(m.Stage).order_by(m.Stage.ordinal))]


def applicants(s: Session) -> list[ApplicantRow]:
    """Every applicant in package order, with its progress in every stage (three grouped
    queries, whatever the number of applicants and stages)."""
    stage_ids = list(s.scalars(select(m.Stage.stage_id).order_by(m.Stage.ordinal)))
    recused = set(s.scalars(select(m.Recusal.applicant_id)))
    scored: dict[tuple[str, str], int] = {
        (a, st): n for a, st, n in s.execute(
            select(m.Score.applicant_id, m.Score.stage_id, func.count())
            .where(m.Score.pct.is_not(None))
            .group_by(m.Score.applicant_id, m.Score.stage_id))}
    panel: dict[tuple[str, str], Decimal] = {
        (a, st): v for a, st, v in s.execute(
            select(m.PanelScore.applicant_id, m.PanelScore.stage_id, m.PanelScore.value)
        )}
    return [ApplicantRow(a, name, a in recused,
                         {st: StageProgress(scored.get((a, st), 0), panel.get((a, st)))
                          for st in stage_ids})
            for a, name in s.execute(select(m.Applicant.applicant_id, m.Applicant.name)
                                     .order_by(m.Applicant.ordinal))]


def find_applicants(s: Session, wanted: str) -> list[tuple[str, str]]:
    """(id, name) of the applicants ``wanted`` names: its id, else its name (spaces and case
    ignored), else the start of its id (4 characters or more); the first test that matches."""
    rows = list(s.execute(select(m.Applicant.applicant_id, m.Applicant.name)
                          .order_by(m.Applicant.ordinal)))
    folded = "".join(wanted.split()).casefold()
    tests: tuple[Callable[[str, str], bool], ...] = (
        lambda a, _n: a == wanted,
        lambda _a, n: "".join(n.split()).casefold() == folded,
        lambda a, _n: len(wanted) >= 4 and a.startswith(wanted))
    for test in tests:
        hits = [(a, n) for a, n in rows if test(a, n)]
        if hits:
            return hits
    return []


def scores(s: Session, framework: Framework, applicant_id: str,
           stage_id: str) -> list[ScoreView]:
    """The saved rows of one scorebook (items never touched have none), with their marks."""
    rows = s.scalars(select(m.Score).filter_by(applicant_id=applicant_id, stage_id=stage_id)
                     .order_by(m.Score.id)).all()
    marks: dict[int, list[MarkView]] = {}
    for k in s.scalars(select(m.SecretMark).where(m.SecretMark.score_id.in_([r.id for r in rows]))
                       .order_by(m.SecretMark.id)):
        marks.setdefault(k.score_id, []).append(MarkView(k.field, k.start, k.end))
    return [ScoreView(r.applicant_id, r.stage_id, r.item_id, r.pct, r.strengths, r.improvements,
                      None if r.pct is None else item_score(framework.item(r.item_id).points,
                                                            r.pct),
                      tuple(marks.get(r.id, ())), False)
            for r in rows]


def materials(s: Session, applicant_id: str) -> list[MaterialInfo]:
    return [MaterialInfo(r.material_id, r.title, r.body, r.kind, r.pages, r.sha256, r.size,
                         r.removed)
            for r in s.scalars(select(m.Material).filter_by(applicant_id=applicant_id)
                               .order_by(m.Material.id))]


def declared_secrets(s: Session, applicant_id: str) -> tuple[str, ...]:
    """The passages the applicant declared trade or technical secrets."""
    return tuple(s.scalars(select(m.DeclaredSecret.passage).filter_by(applicant_id=applicant_id)
                           .order_by(m.DeclaredSecret.id)))


def recusal(s: Session, applicant_id: str) -> RecusalInfo | None:
    row = s.get(m.Recusal, applicant_id)
    return None if row is None else RecusalInfo(row.reason, row.text)


def team(s: Session) -> list[TeamMember]:
    """The team in the package (the reviewer among them), by reviewer id."""
    return [TeamMember(t.reviewer_id, t.display_name, t.leader)
            for t in s.scalars(select(m.TeamMember).order_by(m.TeamMember.reviewer_id))]

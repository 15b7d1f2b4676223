"""A thin adapter over an open ``CaseSession`` for the reviewer's windows.

``CaseScoreSink`` is the ``ScoreSink`` the scorebook model commits to: every edit is one
``score_item`` call (one committed transaction, rules checked by the core). ``CaseFacts`` reads
what the case services do not offer yet (stages, materials, declared secrets, recusals, the team,
per-stage completeness) — TEMPORARY: it reads the case tables through ``CaseSession.run`` and
should become service calls (reported to the lead). It never writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto import keyfile
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Secrets, secret_spans
from desktop.domain.scoring import FormKind, ItemEntry, Scorebook
from desktop.models import case as m
from desktop.services.case import CaseSession
from desktop.services.case_types import MarkView, ScoreView


@dataclass(frozen=True)
class StageInfo:
    stage_id: str
    name_zh: str
    name_en: str
    form: FormKind
    max_points: Decimal | None


@dataclass(frozen=True)
class MaterialInfo:
    material_id: str
    title: str
    body: str


@dataclass(frozen=True)
class RecusalInfo:
    reason: str
    text: str


@dataclass(frozen=True)
class StageProgress:
    scored: int  # items with a percentage (items stages)
    panel_score: Decimal | None  # panel-score stages


@dataclass(frozen=True)
class ApplicantRow:
    applicant_id: str
    name: str
    recused: bool
    progress: dict[str, StageProgress]  # stage_id -> progress


class CaseFacts:
    """Read-only facts of the open case, for display."""

    def __init__(self, case: CaseSession) -> None:
        self.case = case

    def cycle_and_stage(self) -> tuple[str, str]:
        def read(s: Session) -> tuple[str, str]:
            meta = s.get_one(m.CaseMeta, 1)
            return meta.cycle_id, meta.current_stage_id
        return self.case.run(read)

    def stages(self) -> list[StageInfo]:
        def read(s: Session) -> list[StageInfo]:
            return [StageInfo(r.stage_id, r.name_zh, r.name_en, FormKind(r.form_kind),
                              r.max_points)
                    for r in s.scalars(select(m.Stage).order_by(m.Stage.ordinal))]
        return self.case.run(read)

    def applicants(self) -> list[ApplicantRow]:
        def read(s: Session) -> list[ApplicantRow]:
            recused = set(s.scalars(select(m.Recusal.applicant_id)))
            stages = list(s.scalars(select(m.Stage).order_by(m.Stage.ordinal)))
            rows = []
            for a in s.scalars(select(m.Applicant).order_by(m.Applicant.ordinal)):
                progress = {}
                for st in stages:
                    scored = len([p for p in s.scalars(select(m.Score.pct).filter_by(
                        applicant_id=a.applicant_id, stage_id=st.stage_id)) if p is not None])
                    panel = s.scalars(select(m.PanelScore.value).filter_by(
                        applicant_id=a.applicant_id, stage_id=st.stage_id)).first()
                    progress[st.stage_id] = StageProgress(scored, panel)
                rows.append(ApplicantRow(a.applicant_id, a.name, a.applicant_id in recused,
                                         progress))
            return rows
        return self.case.run(read)

    def materials(self, applicant_id: str) -> list[MaterialInfo]:
        def read(s: Session) -> list[MaterialInfo]:
            return [MaterialInfo(r.material_id, r.title, r.body)
                    for r in s.scalars(select(m.Material).filter_by(applicant_id=applicant_id)
                                       .order_by(m.Material.id))]
        return self.case.run(read)

    def declared_secrets(self, applicant_id: str) -> tuple[str, ...]:
        def read(s: Session) -> tuple[str, ...]:
            return tuple(s.scalars(select(m.DeclaredSecret.passage)
                                   .filter_by(applicant_id=applicant_id)
                                   .order_by(m.DeclaredSecret.id)))
        return self.case.run(read)

    def recusal(self, applicant_id: str) -> RecusalInfo | None:
        def read(s: Session) -> RecusalInfo | None:
            row = s.get(m.Recusal, applicant_id)
            return None if row is None else RecusalInfo(row.reason, row.text)
        return self.case.run(read)

    def team(self) -> list[tuple[str, str, bool]]:
        """(reviewer_id, display name, leader) of the team in the package."""
        def read(s: Session) -> list[tuple[str, str, bool]]:
            return [(t.reviewer_id, t.display_name, t.leader)
                    for t in s.scalars(select(m.TeamMember).order_by(m.TeamMember.reviewer_id))]
        return self.case.run(read)


def check_passphrase(case: CaseSession, passphrase: str) -> None:
    """Raise ``WrongPassphrase`` unless ``passphrase`` unwraps this case's data key (the idle
    lock's check). Costs one key derivation: run it off the UI thread."""
    key = keyfile.unlock_key_file(case.paths.key, passphrase)
    if key != case.data_key:
        raise keyfile.WrongPassphrase(case.paths.key.name)


def quoted_secret_spans(text: str, declared: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of ``text`` that quote a declared secret (the redaction core's matching)."""
    return secret_spans(text, "", Secrets(declared=declared)) if declared else []


class ClearNotSupported(InputRejected):
    def __init__(self) -> None:
        super().__init__(Msg(N_("A percentage cannot be cleared once saved; enter another "
                                "value instead")))


class CaseScoreSink:
    """``ScoreSink`` over ``CaseSession.score_item``: each edit is a committed transaction."""

    def __init__(self, case: CaseSession) -> None:
        self.case = case
        self.last: ScoreView | None = None

    def views(self, applicant: str, stage: str) -> dict[str, ScoreView]:
        return {v.item_id: v for v in self.case.scores(applicant, stage)}

    def scorebook(self, applicant: str, stage: str) -> Scorebook:
        entries = {v.item_id: ItemEntry(v.item_id, v.pct, v.strengths, v.improvements)
                   for v in self.case.scores(applicant, stage)}
        return Scorebook(self.case.framework, applicant, stage, self.case.reviewer_id, entries)

    def marks(self, applicant: str, stage: str, item: str) -> tuple[MarkView, ...]:
        view = self.views(applicant, stage).get(item)
        return () if view is None else view.marks

    def set_pct(self, applicant: str, stage: str, item: str, pct: int | None) -> None:
        if pct is None:
            # score_item treats None as "leave unchanged": clearing needs a service call.
            current = self.views(applicant, stage).get(item)
            if current is not None and current.pct is not None:
                raise ClearNotSupported
            return
        self.last = self.case.score_item(applicant, stage, item, pct)

    def set_comments(self, applicant: str, stage: str, item: str, strengths: str,
                     improvements: str) -> None:
        self.last = self.case.score_item(applicant, stage, item, None, strengths, improvements)

"""Undo and redo of the case file's edits, in the core.

Each undoable edit records a ``Step``: which thing it changed (a scorebook item with its comments
and their secret marks, a panel score, a site-visit issue's note, a material's marked passages,
a document's hand-marked regions), the state before (``None`` when nothing was there: a first
score undone is cleared again) and after, and the audit row of the edit. ``undo`` writes the
state before back, ``redo`` the state after, each in one transaction with its own audit row
(``<kind>.undo`` / ``<kind>.redo``, naming the edit's row), so the chain records both directions.

The rules are checked again: a step whose thing changed since (by another way than this
history), or whose applicant has been recused from, is refused with everything left as it is
(the step stays offered). Operations that leave the machine — an export, a leader's signed
result — end the history (``end_history``), as does restoring a backup: undoing past them
would make the case file disagree with what was handed on.

The history is kept per open case (per ``CaseSession``), not in the case file: it is what
this person did since opening the file, as in an editor; a file reopened starts with none.
The audit chain is the permanent record of every edit and every undo; keeping the history out
of the file spares old case files a schema change and a leftover history that no longer
matches a file restored or re-keyed elsewhere.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import count
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import Framework
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.services.changes import CaseChanges, Changed

T = TypeVar("T")


class CaseSession(Protocol):
    """What the history needs of an open case (``desktop.services.case.CaseSession``; named
    here by its shape, so that the case's own modules may end the history without a cycle)."""

    reviewer_id: str
    framework: Framework

    def run(self, work: Callable[[Session], T]) -> T: ...

State = Any  # a JSON-able value; None: nothing there
Key = tuple[str, ...]


@dataclass(frozen=True)
class Step:
    step_id: int
    kind: str
    key: Key
    before: State
    after: State
    label: Msg
    audit_seq: int
    changes: CaseChanges


class NothingToUndo(RuleViolation):
    def __init__(self, redo: bool = False) -> None:
        super().__init__(Msg(N_("Nothing to redo") if redo else N_("Nothing to undo")))


class StepChanged(RuleViolation):
    def __init__(self, label: Msg) -> None:
        super().__init__(Msg(N_("“{action}” cannot be taken back: what it changed has changed "
                                "since"), {"action": label}))


# --- the states each kind of step reads and writes ---------------------------------------------


def _score_row(s: Session, key: Key) -> m.Score | None:
    applicant, stage, item = key
    return s.scalars(select(m.Score).filter_by(applicant_id=applicant, stage_id=stage,
                                               item_id=item)).one_or_none()


def read_score(s: Session, key: Key) -> State:
    row = _score_row(s, key)
    if row is None:
        return None
    marks = s.scalars(select(m.SecretMark).filter_by(score_id=row.id)
                      .order_by(m.SecretMark.field, m.SecretMark.start, m.SecretMark.end))
    state = {"pct": row.pct, "strengths": row.strengths, "improvements": row.improvements,
             "marks": [[k.field, k.start, k.end] for k in marks]}
    return None if state == EMPTY_SCORE else state  # an emptied row: nothing there


EMPTY_SCORE: dict[str, Any] = {"pct": None, "strengths": "", "improvements": "", "marks": []}


def _write_score(case: CaseSession, s: Session, key: Key, state: State) -> None:
    row = _score_row(s, key)
    if row is not None:
        for mark in s.scalars(select(m.SecretMark).filter_by(score_id=row.id)):
            s.delete(mark)
        s.flush()
    if state is None:  # nothing there: the row stays, emptied (as ``clear_score`` leaves it)
        if row is None:
            return
        state = EMPTY_SCORE
    if row is None:
        row = m.Score(applicant_id=key[0], stage_id=key[1], item_id=key[2],
                      framework_ref=case.framework.ref)
        s.add(row)
    row.pct, row.strengths, row.improvements = (state["pct"], state["strengths"],
                                                state["improvements"])
    row.updated_at = utcnow()
    s.flush()
    for field, start, end in state["marks"]:
        s.add(m.SecretMark(score_id=row.id, field=field, start=start, end=end))


def read_panel(s: Session, key: Key) -> State:
    row = s.scalars(select(m.PanelScore).filter_by(applicant_id=key[0], stage_id=key[1])
                    ).one_or_none()
    return None if row is None else str(row.value)


def _write_panel(case: CaseSession, s: Session, key: Key, state: State) -> None:
    from decimal import Decimal

    row = s.scalars(select(m.PanelScore).filter_by(applicant_id=key[0], stage_id=key[1])
                    ).one_or_none()
    if state is None:
        if row is not None:
            s.delete(row)
        return
    if row is None:
        row = m.PanelScore(applicant_id=key[0], stage_id=key[1], value=Decimal(state))
        s.add(row)
    row.value, row.updated_at = Decimal(state), utcnow()


def read_note(s: Session, key: Key) -> State:
    note = s.get(m.IssueNote, key[1])
    if note is None:
        return None
    return {"outcome": note.outcome, "text": note.text, "marks": json.loads(note.marks_json)}


def _write_note(case: CaseSession, s: Session, key: Key, state: State) -> None:
    note = s.get(m.IssueNote, key[1])
    if state is None:
        if note is not None:
            s.delete(note)
        return
    if note is None:
        note = m.IssueNote(issue_id=key[1], outcome=state["outcome"], text="", marks_json="[]")
        s.add(note)
    note.outcome, note.text = state["outcome"], state["text"]
    note.marks_json = json.dumps(state["marks"])
    note.updated_at = utcnow()


REVIEWER_KIND = "reviewer"  # as case_material_marks


def read_passages(s: Session, key: Key) -> State:
    return sorted(r.passage for r in s.scalars(select(m.DeclaredSecret).filter_by(
        applicant_id=key[0], material_id=key[1], kind=REVIEWER_KIND)))


def _write_passages(case: CaseSession, s: Session, key: Key, state: State) -> None:
    have = {r.passage: r for r in s.scalars(select(m.DeclaredSecret).filter_by(
        applicant_id=key[0], material_id=key[1], kind=REVIEWER_KIND))}
    for passage, row in have.items():
        if passage not in state:
            s.delete(row)
    for passage in state:
        if passage not in have:
            s.add(m.DeclaredSecret(applicant_id=key[0], material_id=key[1], kind=REVIEWER_KIND,
                                   passage=passage))


def _material_pk(s: Session, key: Key) -> int:
    return s.scalars(select(m.Material.id).filter_by(applicant_id=key[0], material_id=key[1])
                     ).one()


def read_regions(s: Session, key: Key) -> State:
    return sorted([r.page, r.x0, r.y0, r.x1, r.y1] for r in s.scalars(
        select(m.SecretRegion).filter_by(material_pk=_material_pk(s, key))))


def _write_regions(case: CaseSession, s: Session, key: Key, state: State) -> None:
    pk = _material_pk(s, key)
    for row in s.scalars(select(m.SecretRegion).filter_by(material_pk=pk)):
        s.delete(row)
    s.flush()
    for page, x0, y0, x1, y1 in state:
        s.add(m.SecretRegion(material_pk=pk, page=page, x0=x0, y0=y0, x1=x1, y1=y1))


_FINDING_FIELDS = ("id", "item_id", "kind", "ordinal", "text", "issue_id", "outcome",
                   "sources_json", "marks_json")


def read_team_findings(s: Session, key: Key) -> State:
    rows = s.scalars(select(m.TeamFinding).filter_by(applicant_id=key[0], stage_id=key[1])
                     .order_by(m.TeamFinding.id))
    return [[getattr(r, f) for f in _FINDING_FIELDS] for r in rows]


def _write_team_findings(case: CaseSession, s: Session, key: Key, state: State) -> None:
    for row in s.scalars(select(m.TeamFinding).filter_by(applicant_id=key[0],
                                                         stage_id=key[1])):
        s.delete(row)
    s.flush()
    for values in state:  # the same ids: the window's selection and the bundle keep them
        s.add(m.TeamFinding(applicant_id=key[0], stage_id=key[1],
                            **dict(zip(_FINDING_FIELDS, values, strict=True))))


def _consensus_row(s: Session, key: Key) -> m.ConsensusEntry | None:
    return s.scalars(select(m.ConsensusEntry).filter_by(
        applicant_id=key[0], stage_id=key[1], item_id=key[2])).one_or_none()


def read_consensus(s: Session, key: Key) -> State:
    row = _consensus_row(s, key)
    if row is None or (row.pct is None and not row.rationale):
        return None
    return {"pct": row.pct, "rationale": row.rationale}


def _write_consensus(case: CaseSession, s: Session, key: Key, state: State) -> None:
    row = _consensus_row(s, key)
    if row is None:
        row = m.ConsensusEntry(applicant_id=key[0], stage_id=key[1], item_id=key[2],
                               pct=None, rationale="")
        s.add(row)
    target = state or {"pct": None, "rationale": ""}
    row.pct, row.rationale, row.updated_at = target["pct"], target["rationale"], utcnow()
    final = s.get(m.ConsensusFinal, (key[0], key[1]))
    if final is not None:  # as any change of the consensus: it is open again
        s.delete(final)


Reader = Callable[[Session, Key], State]
Writer = Callable[[CaseSession, Session, Key, State], None]
KINDS: dict[str, tuple[Reader, Writer]] = {
    "score": (read_score, _write_score),
    "panel_score": (read_panel, _write_panel),
    "issue_note": (read_note, _write_note),
    "material_passages": (read_passages, _write_passages),
    "secret_regions": (read_regions, _write_regions),
    "team_findings": (read_team_findings, _write_team_findings),
    "consensus_entry": (read_consensus, _write_consensus),
}


def _entity(kind: str, key: Key) -> str:
    return f"{kind}:{'/'.join(key)}"


# --- the history -------------------------------------------------------------------------------

_ids = count(1)


class CaseHistory:
    """The undo and redo stacks of one open case (see the module's docstring)."""

    def __init__(self, case: CaseSession) -> None:
        self._case = weakref.ref(case)
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def case(self) -> CaseSession:
        case = self._case()
        assert case is not None
        return case

    # what is offered
    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> Msg | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> Msg | None:
        return self._undone[-1].label if self._undone else None

    @property
    def undo_step(self) -> int | None:
        return self._done[-1].step_id if self._done else None

    # recording
    def read(self, s: Session, kind: str, key: Key) -> State:
        return KINDS[kind][0](s, key)

    def record(self, s: Session, kind: str, key: Key, before: State, label: Msg,
               changes: CaseChanges) -> int | None:
        """Record an edit made in ``s`` (after it): None when the state did not change."""
        after = self.read(s, kind, key)
        if after == before:
            return None
        step = Step(next(_ids), kind, key, before, after, label, audit.head(s).seq, changes)
        self._done.append(step)
        self._undone.clear()
        return step.step_id

    def end(self) -> None:
        """An operation that left the machine (or replaced the file): nothing before it undoes."""
        self._done.clear()
        self._undone.clear()

    # undo and redo
    def undo(self, expect: int | None = None) -> Changed[Msg]:
        """Put back the state before the last edit; returns its label and what changed."""
        if not self._done or (expect is not None and self._done[-1].step_id != expect):
            raise NothingToUndo()
        step = self._done[-1]
        self._apply(step, step.after, step.before, "undo")
        self._undone.append(self._done.pop())
        return Changed(step.label, replace(step.changes, undone=True), step.step_id)

    def redo(self, expect: int | None = None) -> Changed[Msg]:
        if not self._undone or (expect is not None and self._undone[-1].step_id != expect):
            raise NothingToUndo(redo=True)
        step = self._undone[-1]
        self._apply(step, step.before, step.after, "redo")
        self._done.append(self._undone.pop())
        return Changed(step.label, replace(step.changes, undone=True), step.step_id)

    def _apply(self, step: Step, now: State, target: State, direction: str) -> None:
        case = self.case
        reader, writer = KINDS[step.kind]

        def work(s: Session) -> None:
            if reader(s, step.key) != now:
                raise StepChanged(step.label)
            applicant = step.key[0]
            if s.get(m.Recusal, applicant) is not None:
                name = s.get_one(m.Applicant, applicant).name
                raise RuleViolation(Msg(N_("You recused yourself from {applicant}: its "
                                           "scorebook is locked"), {"applicant": name}))
            writer(case, s, step.key, target)
            s.flush()
            audit.append(s, actor=case.reviewer_id, action=f"{step.kind}.{direction}",
                         entity=_entity(step.kind, step.key), old=now, new=target,
                         why=f"{direction} of audit row {step.audit_seq}")
        case.run(work)


_histories: weakref.WeakKeyDictionary[CaseSession, CaseHistory] = weakref.WeakKeyDictionary()


def history(case: CaseSession) -> CaseHistory:
    """The open case's history (one per ``CaseSession``)."""
    found = _histories.get(case)
    if found is None:
        found = _histories[case] = CaseHistory(case)
    return found


def end_history(case: CaseSession) -> None:
    found = _histories.get(case)
    if found is not None:
        found.end()


__all__ = ["KINDS", "CaseHistory", "NothingToUndo", "Step", "StepChanged", "end_history",
           "history"]

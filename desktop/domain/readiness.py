"""What is still unresolved before the office decides: the list a ranking shows, and the reason a
deciding step (counting a vote, publishing a notice) asks for the office's confirmation.

Kinds (``UnresolvedKind``):
- ``fork``: two contents at one revision of a reviewer's bundle and no person has chosen;
- ``eligibility``: an applicant's eligibility not evaluated yet, or awaiting evidence;
- ``flagged``: items the divergence rule flags at a stage and no consensus settles;
- ``missing_scores``: a weighted stage the applicant takes part in has no total yet;
- ``recusal_with_scores``: a reviewer recused from an applicant in the field yet has scores for
  it in a bundle; the office decides (pins the pair).

Pure values: the office service finds them (``services/office/readiness``), the edge lists them
(stage names given by the caller), and a deciding step refuses with ``UnresolvedMatters`` unless
the office confirms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg


class UnresolvedKind(StrEnum):
    FORK = "fork"
    ELIGIBILITY = "eligibility"
    FLAGGED = "flagged"
    MISSING_SCORES = "missing_scores"
    RECUSAL_WITH_SCORES = "recusal_with_scores"
    REVOKED_KEY = "revoked_key"  # a held bundle of a revoked key above the trusted revision
    CHAIN = "chain"  # a held bundle whose chain does not reach the chain in force
    EQUIVOCATION = "equivocation"  # a member bundle differs from what a consensus lists


NOT_EVALUATED = "not_evaluated"  # eligibility: no facts evaluated yet
NEEDS_EVIDENCE = "needs_evidence"  # eligibility: a condition awaits evidence


@dataclass(frozen=True)
class Named:
    """An applicant as people name it: the office reference and the name."""

    ref: str
    name: str

    def __str__(self) -> str:
        return f"{self.ref} {self.name}".strip()


@dataclass(frozen=True)
class UnresolvedItem:
    kind: UnresolvedKind
    applicants: tuple[Named, ...] = ()
    stage: str | None = None  # the stage id (fork, flagged, missing scores)
    items: tuple[str, ...] = ()  # framework item ids (flagged)
    reviewer: str | None = None  # the fork's signer; the reviewer who recused
    revision: int | None = None  # the fork's revision
    detail: str = ""  # eligibility: NOT_EVALUATED | NEEDS_EVIDENCE; fork: the bundle kind

    def message(self, stage_name: Callable[[str], str] = str,
                item_name: Callable[[str], str] = str) -> Msg:
        """What is unresolved, in words; ``stage_name`` and ``item_name`` name a stage and a
        criteria item by id in the reader's language (default: the id)."""
        who: Msg | str = listed([str(a) for a in self.applicants]) if self.applicants else ""
        stage = stage_name(self.stage) if self.stage else ""
        if self.kind is UnresolvedKind.FORK:
            params = {"reviewer": self.reviewer, "stage": stage, "revision": self.revision,
                      "applicants": who}
            if who:
                return Msg(N_("Fork: revision {revision} of reviewer {reviewer}'s bundle for "
                              "stage {stage} exists with different contents; it affects "
                              "{applicants}"), params)
            return Msg(N_("Fork: revision {revision} of reviewer {reviewer}'s bundle for stage "
                          "{stage} exists with different contents"), params)
        if self.kind is UnresolvedKind.ELIGIBILITY:
            if self.detail == NEEDS_EVIDENCE:
                return Msg(N_("Eligibility of {applicant} awaits evidence"), {"applicant": who})
            return Msg(N_("Eligibility of {applicant} is not reviewed yet"), {"applicant": who})
        if self.kind is UnresolvedKind.FLAGGED:
            return Msg(N_("{applicant}, stage {stage}: flagged items without a consensus: "
                          "{items}"), {"applicant": who, "stage": stage,
                                       "items": joined([Msg("{text}", {"text": item_name(i)})
                                                        for i in self.items])})
        if self.kind is UnresolvedKind.MISSING_SCORES:
            return Msg(N_("{applicant}: no score yet for stage {stage}"),
                       {"applicant": who, "stage": stage})
        if self.kind is UnresolvedKind.REVOKED_KEY:
            return Msg(N_("Bundle {file} (revision {revision} of reviewer {reviewer}, stage "
                          "{stage}) is signed by a revoked key above the last trusted "
                          "revision: the office decides whether it stands"),
                       {"file": self.detail, "revision": self.revision,
                        "reviewer": self.reviewer, "stage": stage})
        if self.kind is UnresolvedKind.CHAIN:
            return Msg(N_("Bundle {file} (revision {revision} of reviewer {reviewer}, stage "
                          "{stage}) does not chain to the bundles in force: the office chooses "
                          "which chain stands"),
                       {"file": self.detail, "revision": self.revision,
                        "reviewer": self.reviewer, "stage": stage})
        if self.kind is UnresolvedKind.EQUIVOCATION:
            return Msg(N_("Equivocation: reviewer {reviewer} sent team leader {leader} and the "
                          "office different bundles at revision {revision} for stage {stage}"),
                       {"leader": self.detail, "revision": self.revision,
                        "reviewer": self.reviewer, "stage": stage})
        return Msg(N_("Reviewer {reviewer} recused from {applicant} in the field yet has scores "
                      "for it in a bundle: the office decides (pin the pair)"),
                   {"reviewer": self.reviewer, "applicant": who})

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data; ``message`` says it in words (stage ids as they are)."""
        return {"kind": self.kind.value,
                "applicants": [{"ref": a.ref, "name": a.name} for a in self.applicants],
                "stage": self.stage, "items": list(self.items), "reviewer": self.reviewer,
                "revision": self.revision, "detail": self.detail, "message": self.message()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UnresolvedItem:
        return cls(UnresolvedKind(data["kind"]),
                   tuple(Named(a["ref"], a["name"]) for a in data.get("applicants", ())),
                   data.get("stage"), tuple(data.get("items", ())), data.get("reviewer"),
                   data.get("revision"), data.get("detail", ""))

    def history(self) -> dict[str, Any]:
        """What the history keeps of it: kinds, references and ids (no names, no scores)."""
        out: dict[str, Any] = {"kind": self.kind.value,
                               "applicants": [a.ref for a in self.applicants]}
        for key in ("stage", "reviewer", "revision"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.items:
            out["items"] = list(self.items)
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Unresolved:
    """Everything unresolved in one cycle, in a stable order (kind, then applicant)."""

    cycle: str
    items: tuple[UnresolvedItem, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of_kind(self, kind: UnresolvedKind) -> tuple[UnresolvedItem, ...]:
        return tuple(i for i in self.items if i.kind is kind)

    def as_list(self) -> list[dict[str, Any]]:
        return [i.as_dict() for i in self.items]

    def message(self, stage_name: Callable[[str], str] = str,
                item_name: Callable[[str], str] = str) -> Msg:
        """Every item in words, one after the other (a template of placeholders only)."""
        return joined([i.message(stage_name, item_name) for i in self.items])


def listed(texts: Sequence[str]) -> Msg:
    """Names in a list as the reader's language writes one: "A, B" — "A、B" — "A᠂ B" (the
    catalog's "{first}, {second}")."""
    out = Msg("{text}", {"text": texts[0] if texts else ""})
    for text in texts[1:]:
        out = Msg(N_("{first}, {second}"), {"first": out, "second": text})
    return out


def joined(messages: Sequence[Msg]) -> Msg:
    """Several messages as one, each rendered in the reader's language and joined as that
    language writes clauses: "A; B" — "A；B" — "A᠂ B" (the catalog's "{first}; {second}")."""
    if not messages:
        return Msg("{text}", {"text": ""})
    out = messages[0]
    for message in messages[1:]:
        out = Msg(N_("{first}; {second}"), {"first": out, "second": message})
    return out


class UnresolvedMatters(RuleViolation):
    """A deciding step met unresolved matters and the office has not confirmed going ahead."""

    def __init__(self, step: Msg, unresolved: Unresolved) -> None:
        super().__init__(Msg(N_("{step} needs the office's confirmation; unresolved: {items}"),
                             {"step": step, "items": unresolved.message()}))
        self.step = step
        self.unresolved = unresolved

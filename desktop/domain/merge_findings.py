"""The values of the team's findings and the on-site reviewers' issue notes, checked on arrival
(pure: part of ``desktop.domain.merge.rejection``, for the office's merge and the team leader's
import alike). A signature says who sent a value, not that it is right:

- findings travel only in a consensus bundle, from the leader of the applicant's team (the
  merge's placement rule, as for consensus scores); each passes ``finding_problem`` (the one
  rule set the leader's own service uses) with the site-visit issues given to that team for that
  applicant; a site-visit issue (核实 / 澄清) is raised only at a material-review stage, a
  resolution only at an on-site stage; an issue id is raised once, resolved once; the sources
  are reviewers of the applicant at that stage;
- issue notes travel only in a scores bundle at an on-site stage, for an issue the office gave
  that reviewer for that applicant (in the panel package), once each, with an outcome of the set
  and secret marks inside the text.

The first value that breaks a rule refuses the whole bundle; the reason names the field as the
manifest spells it (``snapshot.findings[3].kind``), the value and the rule (``bad``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.domain.bundle_content import BundleContent, FindingRow
from desktop.domain.criteria import Framework
from desktop.domain.findings import (
    ISSUE_KINDS,
    Finding,
    FindingKind,
    Outcome,
    finding_problem,
)
from desktop.domain.messages import N_, Msg

MATERIAL = "material"  # StageKind values (desktop.domain.programmes)
ONSITE = "onsite"

Placed = Callable[[str, str | None, str], Iterator[Msg]]  # (path, row stage, applicant)


def bad(field_path: str, value: Any, rule: Msg) -> Msg:
    """A value that breaks a rule: names the field (as in the manifest), the value, the rule."""
    shown = "null" if value is None else f"'{value}'" if isinstance(value, str) else value
    return Msg(N_("{field} is {value}: {rule}"),
               {"field": field_path, "value": shown, "rule": rule})


@dataclass(frozen=True)
class FindingRules:
    """What findings and issue notes are checked against: the criteria, each stage's kind
    (a ``StageKind`` value; a stage missing is not checked for kind) and the site-visit issues
    given, (reviewer, applicant) -> issue ids (None: not checked)."""

    framework: Framework
    stage_kinds: Mapping[str, str]
    given: Mapping[tuple[str, str], frozenset[str]] | None = None

    def issues(self, reviewer: str, applicant: str) -> frozenset[str] | None:
        return None if self.given is None else self.given.get((reviewer, applicant),
                                                              frozenset())


_OUTCOMES = frozenset(o.value for o in Outcome)
_KINDS = frozenset(k.value for k in FindingKind)


def _field_of(problem: Msg) -> str:
    """The finding's field a ``finding_problem`` message is about."""
    t = problem.template
    if "item" in problem.params or "key theme" in t:
        return "item_id"
    if "issue" in problem.params or "issue id" in t:
        return "issue_id"
    if "outcome" in t:
        return "outcome"
    if "secret mark" in t:
        return "secret_marks"
    return "text"


def _value(row: FindingRow, name: str) -> Any:
    if name == "secret_marks":
        return [list(m) for m in row.marks]
    value: Any = getattr(row, name)
    return value


def _marks_inside(marks: tuple[tuple[int, int], ...], text: str) -> bool:
    return all(0 <= start < end <= len(text) for start, end in marks)


def findings_problems(kind: str, stage: str, who: str, c: BundleContent,
                      rules: FindingRules | None, placed: Placed,
                      members: Callable[[str, str], bool]) -> Iterator[Msg]:
    """Every finding and issue note of one bundle checked, in the manifest's order.
    ``placed``: the merge's rule for a row's applicant (assigned; a consensus row from the
    team's leader); ``members(reviewer, applicant)``: whether a reviewer reviews the applicant
    at this stage (a finding's sources)."""
    at = {"stage": stage, "reviewer": who}
    stage_kind = None if rules is None else rules.stage_kinds.get(stage)
    raised: set[str] = set()
    resolved: set[tuple[str, str]] = set()
    for i, f in enumerate(c.findings):
        path = f"snapshot.findings[{i}]"
        yield from placed(path, None, f.applicant_id)
        if kind != "consensus":
            yield bad(f"{path}.kind", f.kind, Msg(N_("only a consensus bundle carries the "
                                                     "team's findings")))
        if f.kind not in _KINDS:
            yield bad(f"{path}.kind", f.kind, Msg(N_("a finding's kind is one of: {allowed}"),
                                                  {"allowed": ", ".join(sorted(_KINDS))}))
            continue
        if f.outcome is not None and f.outcome not in _OUTCOMES:
            yield bad(f"{path}.outcome", f.outcome,
                      Msg(N_("an outcome is one of: {allowed}"),
                          {"allowed": ", ".join(sorted(_OUTCOMES))}))
            continue
        fk = FindingKind(f.kind)
        if fk in ISSUE_KINDS and stage_kind not in (None, MATERIAL):
            yield bad(f"{path}.kind", f.kind,
                      Msg(N_("a site-visit issue (verify or clarify) is raised only at a "
                             "material review, not at stage {stage}"), at))
        if fk is FindingKind.RESOLUTION and stage_kind not in (None, ONSITE):
            yield bad(f"{path}.kind", f.kind,
                      Msg(N_("a site-visit issue is resolved only on site, not at stage "
                             "{stage}"), at))
        if rules is not None:
            finding = Finding(fk, f.text, f.item_id, f.issue_id,
                              None if f.outcome is None else Outcome(f.outcome), f.sources,
                              f.marks)
            problem = finding_problem(rules.framework, finding,
                                      rules.issues(who, f.applicant_id))
            if problem is not None:
                name = _field_of(problem)
                yield bad(f"{path}.{name}", _value(f, name), problem)
        if fk in ISSUE_KINDS:
            if f.issue_id in raised:
                yield bad(f"{path}.issue_id", f.issue_id,
                          Msg(N_("the bundle raises this site-visit issue twice")))
            raised.add(f.issue_id)
        if fk is FindingKind.RESOLUTION:
            if (f.applicant_id, f.issue_id) in resolved:
                yield bad(f"{path}.issue_id", f.issue_id,
                          Msg(N_("the bundle resolves this site-visit issue twice")))
            resolved.add((f.applicant_id, f.issue_id))
        for source in f.sources:
            if not members(source, f.applicant_id):
                yield bad(f"{path}.sources", source,
                          Msg(N_("a finding's source is a reviewer of the applicant at stage "
                                 "{stage}"), at))
    noted: set[tuple[str, str]] = set()
    for i, n in enumerate(c.issue_notes):
        path = f"snapshot.issue_notes[{i}]"
        yield from placed(path, None, n.applicant_id)
        if kind != "scores":
            yield bad(f"{path}.issue_id", n.issue_id,
                      Msg(N_("only a reviewer's bundle carries issue notes")))
        if stage_kind not in (None, ONSITE):
            yield bad(f"{path}.issue_id", n.issue_id,
                      Msg(N_("an issue note belongs to an on-site review, not to stage "
                             "{stage}"), at))
        if n.outcome not in _OUTCOMES:
            yield bad(f"{path}.outcome", n.outcome,
                      Msg(N_("an outcome is one of: {allowed}"),
                          {"allowed": ", ".join(sorted(_OUTCOMES))}))
        given = None if rules is None else rules.issues(who, n.applicant_id)
        if given is not None and n.issue_id not in given:
            yield bad(f"{path}.issue_id", n.issue_id,
                      Msg(N_("the office gave reviewer {reviewer} no such site-visit issue "
                             "for this applicant"), at))
        if (n.applicant_id, n.issue_id) in noted:
            yield bad(f"{path}.issue_id", n.issue_id,
                      Msg(N_("the bundle notes this site-visit issue twice")))
        noted.add((n.applicant_id, n.issue_id))
        if not _marks_inside(n.marks, n.text):
            yield bad(f"{path}.secret_marks", [list(m) for m in n.marks],
                      Msg(N_("a secret mark lies outside the note's text")))

"""The committee vote: members present, recusals within the committee, quorum and pass threshold
as the programme states them (office settings where it is silent, shown as such), limited
voting, ranking by votes, and the full tally."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.voting import Ballot, Mark, Source, VoteRule, count_votes
from desktop.i18n.data_names import THRESHOLD_OF
from desktop.models.office.decision import VoteSession
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import dumps, find_applicant, log, programme_of, resolve_cycle
from desktop.services.office.cycle import settings, threshold_of
from desktop.services.office.readiness import confirm_or_refuse
from desktop.services.office.reads import encode_msg
from desktop.services.office.results_decide import VoteRecusal, VoteResult, vote_from_stored
from desktop.services.office.reviewers import committee
from desktop.services.office.workspace import Workspace


def vote_rule(s: Session, cycle: Cycle) -> VoteRule:
    """The vote's rules: the programme's where its document gives them, else the office's
    decisions (``Undecided``, naming the silent document, until the office decides)."""
    p = programme_of(cycle.programme_id)
    values = settings(s, cycle)

    def office(key: str) -> Any:
        v = values.get(key)
        return None if v is None or v.source != "office" else v.decided_value()

    quorum_decided = values.get("quorum")
    rule = VoteRule.from_committee(
        p.committee, pass_threshold=threshold_of(office("pass_threshold")),
        quorum=threshold_of(office("quorum")), abstentions_count=office("abstentions_count"))
    recused = office("recused_members")
    sources = dict(rule.sources)
    if quorum_decided is not None and quorum_decided.source == "office" \
            and quorum_decided.value is None:
        sources["quorum"] = Source.OFFICE  # the office decided no quorum applies
    sources["recused_members"] = Source.OFFICE
    return replace(rule, recused_in_denominator=recused == "counted", sources=sources)


def hold_vote(ws: Workspace, award_id: str, present: Sequence[str],
              ballots: Mapping[str, Mapping[str, str]], *, held_on: date | None = None,
              recusals: Sequence[tuple[str, str]] = (), cycle_ref: str | None = None,
              confirm_unresolved: bool = False) -> Done[VoteResult]:
    """Count a vote. Members and candidates are named as the office knows them: members by
    name, candidates by applicant reference. ``ballots``: member -> {candidate: for|against|
    abstain}. While anything is unresolved (``readiness``) the vote is refused
    (``UnresolvedMatters``, the list named) unless ``confirm_unresolved``; the confirmation is
    kept in the history with the list."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        award = p.award(award_id)
        members = [m.name for m in committee(s, cycle)]
        if not members:
            raise InputRejected(Msg(N_("No committee members are recorded for this cycle")))
        rule = vote_rule(s, cycle)
        apps = {}
        for ref in sorted({c for marks in ballots.values() for c in marks}):
            apps[ref] = find_applicant(s, cycle, ref)
        for app in apps.values():
            if app.award_id != award.id:
                raise InputRejected(Msg(N_("Applicant {applicant} is not a candidate for "
                                           "{award}"), {"applicant": app.ref,
                                                        "award": award.id}))
        try:
            parsed = [Ballot(member, {ref: Mark(v) for ref, v in marks.items()})
                      for member, marks in ballots.items()]
        except ValueError:
            raise InputRejected(Msg(N_("A ballot mark is for, against or abstain"))) from None
        confirm_or_refuse(s, cycle, Msg(N_("Counting the vote on {award}"),
                                        {"award": award.name_zh}),  # its official name
                          confirm_unresolved, "vote.confirm_unresolved", award=award.id)
        result = count_votes(members, list(present), sorted(apps), parsed, rule,
                             quota=award.quota, recusals=recusals)
        view = {
            "award": award.id, "quota": award.quota, "members": result.members,
            "present": result.present, "quorum_met": result.quorum_met,
            "rule": _named_of(rule.describe()), "rule_sources": dict(rule.sources),
            "cite": str(rule.cite) if rule.cite else None,
            "abstentions_count": rule.abstentions_count,
            "recused_in_denominator": rule.recused_in_denominator,
            "limited_voting": rule.limited_voting,
            "tally": [{"applicant": t.candidate_id, "for": t.votes_for, "against": t.against,
                       "abstain": t.abstain, "invalid": t.invalid, "recused": t.recused,
                       "denominator": t.denominator,
                       "share": None if t.share is None else str(t.share),
                       "passed": t.passed, "rank": t.rank} for t in result.tallies],
            "invalid_ballots": [{"member": b.member_id, "reason": b.reason}
                                for b in result.invalid_ballots],
            "elected": list(result.elected), "tied_at_line": list(result.tied_at_line),
            "notes": [_named_of(n) if isinstance(n, Msg) else n for n in result.notes],
        }
        s.add(VoteSession(cycle_id=cycle.id, award_id=award.id,
                          held_on=held_on or date.today(), members_total=len(members),
                          present_json=dumps(list(present)),
                          recused_json=dumps([list(r) for r in recusals]),
                          ballots_json=dumps({m: dict(b) for m, b in ballots.items()}),
                          result_json=dumps(_plain(view))))
        log(s, cycle, "vote", award=award.id, elected=len(result.elected))
        names = {a.ref: a.name for a in apps.values()}
        kept = tuple(VoteRecusal(m, a) for m, a in recusals)
        return Done(vote_from_stored(view, names, p, recusals=kept,
                                     held_on=held_on or date.today(),
                                     present_names=tuple(present),
                                     ballots={m: dict(b) for m, b in ballots.items()}),
                    OfficeChanges(votes=True))


def _named_of(rule: Msg) -> Msg:
    """The rule with its ``of`` ("present" | "members") as a translatable message."""
    of = rule.params.get("of")
    if isinstance(of, str) and of in THRESHOLD_OF:
        return Msg(rule.template, {**rule.params, "of": Msg(THRESHOLD_OF[of])})
    return rule


def _plain(value: Any) -> Any:
    """JSON-ready; a message stays language-neutral: its template and parameters (see
    ``reads.revive``), rendered in the reader's language when shown."""
    if isinstance(value, Msg):
        return encode_msg(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value

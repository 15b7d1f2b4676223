"""The committee vote: quorum, pass threshold, limited voting, recusals, ranking by votes.

Counting rules (each shown in the result, ``VoteRule`` says where each came from):
- Quorum: members present against all members (``Threshold`` of "members"). The hi-tech zone:
  at least 2/3 of members, inclusive. Without quorum nothing passes.
- Each present member casts one ballot marking candidates for / against / abstain; a candidate
  left unmarked, or a present member without a ballot, counts as an abstention.
- Limited voting (限额投票): a ballot with more "for" marks than the quota is invalid. It is
  counted and reported (``invalid`` on every candidate), never dropped silently.
- Recusal within the committee: a member recused from a candidate has no say on that candidate;
  their mark is ignored (reported) and they leave that candidate's denominator, unless the
  office decided they stay in it (``recused_in_denominator``: no document says which).
- Pass threshold: "for" votes against the denominator: the members present (``of="present"``) or
  all members (``of="members"``), less the recused, less abstentions when
  ``abstentions_count`` is False. Invalid ballots stay in the denominator (the member was present
  and voted; the ballot cannot count for anyone). The hi-tech zone: at least 2/3 of those present,
  inclusive.
- Ranking by votes (表决排序): passed candidates by "for" votes, competition ranking; the quota
  line is drawn like any ranking and a tie across it is flagged, never broken.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Citation, Committee, Threshold
from desktop.domain.ranking import competition_ranks


class Mark(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Source(StrEnum):
    PROGRAMME = "programme"
    OFFICE = "office"  # an office setting for the cycle, where the document is silent
    DEFAULT = "default"  # Scorebook's default, shown as such


@dataclass(frozen=True)
class Ballot:
    member_id: str
    marks: Mapping[str, Mark]  # candidate id -> mark; unmarked = abstain


@dataclass(frozen=True)
class VoteRule:
    pass_threshold: Threshold
    quorum: Threshold | None = None
    limited_voting: bool = False
    abstentions_count: bool = True  # abstentions stay in the denominator
    rank_by_votes: bool = True
    sources: Mapping[str, Source] = field(default_factory=dict)
    cite: Citation | None = None
    # A member recused from a candidate stays in that candidate's denominator (True) or
    # leaves it (False); no document says which, the office decides.
    recused_in_denominator: bool = False

    @classmethod
    def from_committee(
        cls,
        committee: Committee | None,
        *,
        pass_threshold: Threshold | None = None,
        quorum: Threshold | None = None,
        limited_voting: bool | None = None,
        abstentions_count: bool | None = None,
        rank_by_votes: bool | None = None,
    ) -> VoteRule:
        """The programme's rules; keyword values are office settings used where it is silent.

        Refused: no pass threshold from either. ``abstentions_count`` falls back to True and
        ``limited_voting`` to False, ``rank_by_votes`` to True, each marked ``default``.
        """
        sources: dict[str, Source] = {}

        def pick(name: str, programme: object, office: object, default: object) -> object:
            if programme is not None:
                sources[name] = Source.PROGRAMME
                return programme
            if office is not None:
                sources[name] = Source.OFFICE
                return office
            sources[name] = Source.DEFAULT
            return default

        c = committee
        threshold = pick("pass_threshold", c and c.pass_threshold, pass_threshold, None)
        if not isinstance(threshold, Threshold):
            raise RuleViolation(Msg(N_("The programme states no pass threshold for the vote; "
                                       "set one for the cycle")))
        q = pick("quorum", c and c.quorum, quorum, None)
        return cls(
            pass_threshold=threshold,
            quorum=q if isinstance(q, Threshold) else None,
            limited_voting=bool(pick("limited_voting", c and c.limited_voting, limited_voting,
                                     False)),
            abstentions_count=bool(pick("abstentions_count", c and c.abstentions_count,
                                        abstentions_count, True)),
            rank_by_votes=bool(pick("rank_by_votes", c and c.rank_by_votes, rank_by_votes,
                                    True)),
            sources=sources,
            cite=c.cite if c else None,
        )

    def describe(self) -> Msg:
        t = self.pass_threshold
        params = {"op": "≥" if t.inclusive else ">", "fraction": str(t.fraction), "of": t.of}
        if self.abstentions_count:
            return Msg(N_("pass: {op} {fraction} of {of}; abstentions count in the "
                          "denominator"), params)
        return Msg(N_("pass: {op} {fraction} of {of}; abstentions do not count in the "
                      "denominator"), params)


@dataclass(frozen=True)
class Tally:
    candidate_id: str
    votes_for: int
    against: int
    abstain: int
    invalid: int
    recused: int
    denominator: int
    share: Fraction | None
    passed: bool
    rank: int | None  # by "for" votes among passed candidates (rank_by_votes)


@dataclass(frozen=True)
class InvalidBallot:
    member_id: str
    reason: Msg


@dataclass(frozen=True)
class VoteResult:
    rule: VoteRule
    members: int
    present: int
    quorum_met: bool
    tallies: tuple[Tally, ...]  # in candidate order as given
    invalid_ballots: tuple[InvalidBallot, ...]
    elected: tuple[str, ...]  # passed and within the quota
    tied_at_line: tuple[str, ...]
    notes: tuple[Msg, ...]

    def tally(self, candidate_id: str) -> Tally:
        return next(t for t in self.tallies if t.candidate_id == candidate_id)


def _refuse(template: str, **params: object) -> InputRejected:
    return InputRejected(Msg(template, dict(params)))


def count_votes(
    members: Sequence[str],
    present: Sequence[str],
    candidates: Sequence[str],
    ballots: Sequence[Ballot],
    rule: VoteRule,
    *,
    quota: int | None = None,
    recusals: Iterable[tuple[str, str]] = (),
) -> VoteResult:
    """Count a committee vote. ``recusals`` are (member_id, candidate_id) pairs.

    Refused (``InputRejected``): a present member who is not a member, a ballot from a member
    not present, two ballots from one member, a mark for an unknown candidate.
    """
    member_set, present_set, cand_set = set(members), set(present), set(candidates)
    if len(member_set) != len(members) or len(present_set) != len(present):
        raise _refuse(N_("A committee member is listed twice"))
    if not present_set <= member_set:
        raise _refuse(N_("{who} is marked present but is not a committee member"),
                      who=", ".join(sorted(present_set - member_set)))
    recused = set(recusals)
    notes: list[Msg] = []
    by_member: dict[str, Ballot] = {}
    for b in ballots:
        if b.member_id not in present_set:
            raise _refuse(N_("A ballot from {member}, who is not recorded as present"),
                          member=b.member_id)
        if b.member_id in by_member:
            raise _refuse(N_("Two ballots from {member}"), member=b.member_id)
        unknown = set(b.marks) - cand_set
        if unknown:
            raise _refuse(N_("The ballot of {member} marks unknown candidates: {who}"),
                          member=b.member_id, who=", ".join(sorted(unknown)))
        by_member[b.member_id] = b

    quorum_met = True
    if rule.quorum is None:
        notes.append(Msg(N_("The programme states no quorum")))
    else:
        quorum_met = rule.quorum.met(len(present_set), len(member_set))
        if not quorum_met:
            notes.append(Msg(N_("No quorum: {present} of {members} members present, "
                                "{op} {fraction} required; nothing passes"),
                             {"present": len(present_set), "members": len(member_set),
                              "op": "≥" if rule.quorum.inclusive else ">",
                              "fraction": str(rule.quorum.fraction)}))

    limit = quota if rule.limited_voting else None
    invalid: dict[str, Msg] = {}
    for m, b in by_member.items():
        fors = [c for c, mark in b.marks.items() if mark is Mark.FOR and (m, c) not in recused]
        if limit is not None and len(fors) > limit:
            invalid[m] = Msg(N_("{count} candidates marked for, the limit is {limit}"),
                             {"count": len(fors), "limit": limit})
        for c, mark in b.marks.items():
            if (m, c) in recused and mark is not Mark.ABSTAIN:
                notes.append(Msg(N_("The mark of {member} on {candidate} is ignored: "
                                    "recused"), {"member": m, "candidate": c}))

    tallies: list[Tally] = []
    for c in candidates:
        f = a = ab = inv = rec = 0
        for m in sorted(present_set):
            if (m, c) in recused:
                rec += 1
                continue
            if m in invalid:
                inv += 1
                continue
            ballot = by_member.get(m)
            mark = ballot.marks.get(c, Mark.ABSTAIN) if ballot else Mark.ABSTAIN
            if mark is Mark.FOR:
                f += 1
            elif mark is Mark.AGAINST:
                a += 1
            else:
                ab += 1
        if rule.pass_threshold.of == "members":
            denominator = len(member_set) - sum(1 for m in member_set if (m, c) in recused)
        else:
            denominator = len(present_set) - rec
        if rule.recused_in_denominator:
            denominator += (rec if rule.pass_threshold.of == "present"
                            else sum(1 for m in member_set if (m, c) in recused))
        if not rule.abstentions_count:
            denominator -= ab
        share = Fraction(f, denominator) if denominator > 0 else None
        passed = quorum_met and rule.pass_threshold.met(f, denominator)
        tallies.append(Tally(c, f, a, ab, inv, rec, denominator, share, passed, None))

    elected: list[str] = []
    tied: list[str] = []
    passed_scores = {t.candidate_id: Decimal(t.votes_for) for t in tallies if t.passed}
    ranks = {k: r for k, _, r in competition_ranks(passed_scores)}
    if rule.rank_by_votes:
        tallies = [Tally(t.candidate_id, t.votes_for, t.against, t.abstain, t.invalid,
                         t.recused, t.denominator, t.share, t.passed,
                         ranks.get(t.candidate_id)) for t in tallies]
    ordered = competition_ranks(passed_scores)
    i = 0
    while i < len(ordered):
        group = [row[0] for row in ordered if row[1] == ordered[i][1]]
        if quota is None or len(elected) + len(group) <= quota:
            elected.extend(group)
        elif len(elected) < quota:
            tied.extend(group)
            notes.append(Msg(N_("Tie at the quota line: {who} have {votes} votes each for "
                                "{places} place(s)"),
                             {"who": ", ".join(group), "votes": ordered[i][1],
                              "places": quota - len(elected)}))
            break
        else:
            break
        i += len(group)
    if invalid:
        notes.append(Msg(N_("{count} invalid ballot(s): more choices than the quota"),
                         {"count": len(invalid)}))
    notes.append(rule.describe())
    return VoteResult(
        rule=rule, members=len(member_set), present=len(present_set), quorum_met=quorum_met,
        tallies=tuple(tallies),
        invalid_ballots=tuple(InvalidBallot(m, r) for m, r in sorted(invalid.items())),
        elected=tuple(elected), tied_at_line=tuple(tied), notes=tuple(notes))

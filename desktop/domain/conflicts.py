"""Conflicts of interest (回避): a typed register, pinned decisions, suggestions, assignment checks.

The register is an immutable value: ``declare``, ``withdraw``, ``pin`` and ``unpin`` return a new
register, so the service layer can rebuild it from stored rows and persist what changed.

Rules (HotCRP's lessons, see reference/review-practice.md):
- a conflict is typed (``ConflictKind``) and has a source (office, reviewer on site, applicant,
  or the reviewer's signed bundle: a recusal declared in the field);
- the office may pin a decision for a (reviewer, applicant) pair: a pinned pair is conflicted or
  not, whatever is declared; a reviewer cannot declare or withdraw on a pinned pair (refused),
  except by recusing in the field (a bundle's recusal is always recorded: one may step aside);
- without a pin, a pair is conflicted while any declaration stands;
- a reviewer's own recusal in a score bundle always removes their scores (one may always step
  aside); that is enforced by ``merge`` and is independent of this register.

Suggestions match a reviewer's organisations (past and present) against applicants: same credit
code first, then the same normalised name, then one name containing the other. Each suggestion
carries its reason; a person decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.domain import credit_code
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Citation, Team


class ConflictKind(StrEnum):
    EMPLOYMENT = "employment"  # employed now or within N years (任职)
    CONSULTING = "consulting"  # consulting or services (咨询、服务)
    SHAREHOLDING = "shareholding"  # 持股
    KINSHIP = "kinship"  # 亲属关系
    COMPETITOR = "competitor"  # 竞争对手
    KEY_PARTNER = "key_partner"  # key customer or supplier (主要客户、供应商)
    OTHER = "other"


class ConflictSource(StrEnum):
    OFFICE = "office"
    REVIEWER = "reviewer"  # declared by the reviewer (e.g. on site)
    APPLICANT = "applicant"
    BUNDLE = "bundle"  # declared in the field: a recusal in the reviewer's signed bundle


class PinDecision(StrEnum):
    CONFLICTED = "conflicted"
    NOT_CONFLICTED = "not_conflicted"


@dataclass(frozen=True)
class Conflict:
    reviewer_id: str
    applicant_id: str
    kind: ConflictKind
    source: ConflictSource
    note: str = ""
    until_year: int | None = None  # for a past relationship (e.g. employment ended that year)


@dataclass(frozen=True)
class Pin:
    reviewer_id: str
    applicant_id: str
    decision: PinDecision
    note: str = ""


@dataclass(frozen=True)
class ConflictStatus:
    reviewer_id: str
    applicant_id: str
    conflicted: bool
    pinned: PinDecision | None
    declarations: tuple[Conflict, ...]


def _pinned_refusal(pin: Pin) -> RuleViolation:
    return RuleViolation(Msg(
        N_("The office has pinned reviewer {reviewer} and applicant {applicant} as {decision}; "
           "only the office can change it"),
        {"reviewer": pin.reviewer_id, "applicant": pin.applicant_id,
         "decision": pin.decision.value}))


@dataclass(frozen=True)
class ConflictRegister:
    conflicts: tuple[Conflict, ...] = ()
    pins: tuple[Pin, ...] = ()

    def pin_for(self, reviewer_id: str, applicant_id: str) -> Pin | None:
        return next((p for p in self.pins
                     if p.reviewer_id == reviewer_id and p.applicant_id == applicant_id), None)

    def declare(self, conflict: Conflict) -> ConflictRegister:
        """Add a declaration; a reviewer cannot declare on a pinned pair. Idempotent."""
        pin = self.pin_for(conflict.reviewer_id, conflict.applicant_id)
        if pin is not None and conflict.source is ConflictSource.REVIEWER:
            raise _pinned_refusal(pin)
        if conflict in self.conflicts:
            return self
        return replace(self, conflicts=(*self.conflicts, conflict))

    def withdraw(self, conflict: Conflict, by: ConflictSource) -> ConflictRegister:
        """Remove a declaration. The office may withdraw any; others only their own, unpinned."""
        if by is not ConflictSource.OFFICE:
            pin = self.pin_for(conflict.reviewer_id, conflict.applicant_id)
            if pin is not None:
                raise _pinned_refusal(pin)
            if conflict.source is not by:
                raise RuleViolation(Msg(
                    N_("A conflict declared by the {source} can only be withdrawn by the "
                       "{source} or the office"), {"source": conflict.source.value}))
        return replace(self, conflicts=tuple(c for c in self.conflicts if c != conflict))

    def pin(self, pin: Pin) -> ConflictRegister:
        """The office pins a decision (replacing an earlier pin for the pair)."""
        others = tuple(p for p in self.pins
                       if (p.reviewer_id, p.applicant_id) != (pin.reviewer_id, pin.applicant_id))
        return replace(self, pins=(*others, pin))

    def unpin(self, reviewer_id: str, applicant_id: str) -> ConflictRegister:
        return replace(self, pins=tuple(
            p for p in self.pins if (p.reviewer_id, p.applicant_id) != (reviewer_id, applicant_id)))

    def status(self, reviewer_id: str, applicant_id: str) -> ConflictStatus:
        pin = self.pin_for(reviewer_id, applicant_id)
        decl = tuple(c for c in self.conflicts
                     if c.reviewer_id == reviewer_id and c.applicant_id == applicant_id)
        conflicted = pin.decision is PinDecision.CONFLICTED if pin else bool(decl)
        return ConflictStatus(reviewer_id, applicant_id, conflicted,
                              pin.decision if pin else None, decl)

    def is_conflicted(self, reviewer_id: str, applicant_id: str) -> bool:
        return self.status(reviewer_id, applicant_id).conflicted

    def conflicted_pairs(self) -> frozenset[tuple[str, str]]:
        """Every (reviewer_id, applicant_id) pair that is conflicted now."""
        pairs = {(c.reviewer_id, c.applicant_id) for c in self.conflicts}
        pairs |= {(p.reviewer_id, p.applicant_id) for p in self.pins}
        return frozenset(p for p in pairs if self.is_conflicted(*p))


# --- organisation names -----------------------------------------------------------------------

# Inner Mongolia place prefixes (with their administrative suffix, so 包头钢铁 keeps 包头).
_PLACE_PREFIXES = (
    "内蒙古自治区", "内蒙古", "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市",
    "呼伦贝尔市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
    "包头稀土高新技术产业开发区", "包头稀土高新区", "稀土高新区", "锡林浩特市",
)
_LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "分公司", "总公司", "集团公司",
    "集团", "公司",
)
_BRACKETED = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")
_NOISE = frozenset(_PLACE_PREFIXES) | frozenset(_LEGAL_SUFFIXES) | {"", "中国"}


def _unbracket(match: re.Match[str]) -> str:
    # (内蒙古), (集团) go; a distinctive name in brackets, e.g. [北重], stays without brackets.
    inner = match.group(1)
    return "" if inner in _NOISE else inner


def normalise_org_name(name: str) -> str:
    """A matching key for a Chinese organisation name.

    Full-width to half-width, spaces removed, bracketed places and legal forms removed
    ((内蒙古), (集团)) and other brackets dropped keeping their text, Inner Mongolia place
    prefixes (内蒙古, 包头市, 呼和浩特市 …) and legal-form suffixes (有限公司, 有限责任公司,
    股份有限公司, 集团, 分公司 …) stripped, Latin letters case-folded. A prefix is kept when only
    a legal form would remain (包头市集团有限公司 gives 包头市).
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if not ch.isspace()).casefold()
    previous = None
    while previous != text:
        previous = text
        text = _BRACKETED.sub(_unbracket, text)
        for suffix in _LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        for prefix in _PLACE_PREFIXES:
            rest = text[len(prefix):]
            if text.startswith(prefix) and rest and rest not in _NOISE:
                text = rest
    return text


# --- suggestions ------------------------------------------------------------------------------


class MatchKind(StrEnum):
    CREDIT_CODE = "credit_code"
    NAME = "name"
    CONTAINMENT = "containment"


_MATCH_ORDER = {MatchKind.CREDIT_CODE: 0, MatchKind.NAME: 1, MatchKind.CONTAINMENT: 2}


@dataclass(frozen=True)
class Affiliation:
    """A reviewer's organisation, past or present, and the relationship to it."""

    name: str
    credit_code: str | None = None
    start_year: int | None = None
    end_year: int | None = None  # None: still there
    kind: ConflictKind = ConflictKind.EMPLOYMENT


@dataclass(frozen=True)
class Organisation:
    applicant_id: str
    name: str
    credit_code: str | None = None


@dataclass(frozen=True)
class Suggestion:
    reviewer_id: str
    applicant_id: str
    kind: ConflictKind
    match: MatchKind
    affiliation: Affiliation
    reason: Msg


def _code(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return credit_code.validate(code)
    except credit_code.CreditCodeError:
        return None  # an invalid code never matches; the name still can


def _match(aff: Affiliation, org: Organisation, min_len: int) -> tuple[MatchKind, Msg] | None:
    a_code, o_code = _code(aff.credit_code), _code(org.credit_code)
    if a_code and a_code == o_code:
        return MatchKind.CREDIT_CODE, Msg(
            N_("same unified social credit code {code} as {organisation}"),
            {"code": a_code, "organisation": aff.name})
    a_name, o_name = normalise_org_name(aff.name), normalise_org_name(org.name)
    if not a_name or not o_name:
        return None
    if a_name == o_name:
        return MatchKind.NAME, Msg(
            N_("same name as {organisation} once legal forms and places are removed ('{key}')"),
            {"organisation": aff.name, "key": a_name})
    short, long_ = sorted((a_name, o_name), key=len)
    if len(short) >= min_len and short in long_:
        return MatchKind.CONTAINMENT, Msg(
            N_("the name '{long}' contains '{short}' (from {organisation})"),
            {"long": long_, "short": short, "organisation": aff.name})
    return None


def suggest_conflicts(
    reviewer_id: str,
    affiliations: Iterable[Affiliation],
    applicants: Iterable[Organisation],
    current_year: int,
    window_years: int = 3,
    min_containment_len: int = 2,
) -> tuple[Suggestion, ...]:
    """Likely conflicts of one reviewer, strongest match first.

    An affiliation that ended more than ``window_years`` before ``current_year`` is ignored
    (the window is an office setting; the documents fix none). One suggestion per applicant and
    affiliation, with the strongest match (credit code, then name, then containment).
    """
    out: list[Suggestion] = []
    apps = list(applicants)
    for aff in affiliations:
        if aff.end_year is not None and aff.end_year < current_year - window_years:
            continue
        for org in apps:
            found = _match(aff, org, min_containment_len)
            if found is None:
                continue
            kind, reason = found
            if aff.end_year is not None:
                reason = Msg(N_("{reason}; relationship ended in {year}"),
                             {"reason": reason, "year": aff.end_year})
            out.append(Suggestion(reviewer_id, org.applicant_id, aff.kind, kind, aff, reason))
    out.sort(key=lambda s: (_MATCH_ORDER[s.match], s.applicant_id, s.affiliation.name))
    return tuple(out)


# --- assignment checks ------------------------------------------------------------------------


def _recusal_rule(cite: Citation | None) -> str:
    return str(cite) if cite else N_("the recusal rule (回避)")


def check_reviewer(register: ConflictRegister, reviewer_id: str, applicant_id: str,
                   recusal_cite: Citation | None = None) -> None:
    """Refuse assigning a conflicted reviewer to an applicant."""
    status = register.status(reviewer_id, applicant_id)
    if status.conflicted:
        kinds = ", ".join(sorted({c.kind.value for c in status.declarations})) or \
            PinDecision.CONFLICTED.value
        raise RuleViolation(Msg(
            N_("Reviewer {reviewer} has a conflict of interest with applicant {applicant} "
               "({kinds}) and cannot review it ({rule})"),
            {"reviewer": reviewer_id, "applicant": applicant_id, "kinds": kinds,
             "rule": _recusal_rule(recusal_cite)}))


@dataclass(frozen=True)
class TeamCheck:
    applicant_id: str
    scoring: tuple[str, ...]  # members who review this applicant
    recused: tuple[str, ...]  # members conflicted with it
    leader: str | None
    needs_leader: bool = False  # the programme has 组长负责制 and no leader is named yet


def check_team(
    register: ConflictRegister,
    applicant_id: str,
    members: Sequence[str],
    team_rule: Team | None,
    leader: str | None = None,
) -> TeamCheck:
    """The team that reviews ``applicant_id`` after recusals; refuse one the programme forbids.

    Refused (``RuleViolation`` naming the rule and its citation): fewer non-conflicted members
    than ``Team.min_size``; more members than ``Team.max_size``; a named leader who is not a
    non-conflicted member. ``needs_leader`` says the programme wants a leader not yet named.
    """
    if len(set(members)) != len(members):
        raise RuleViolation(Msg(N_("A reviewer appears twice in the team for {applicant}"),
                                {"applicant": applicant_id}))
    recused = tuple(m for m in members if register.is_conflicted(m, applicant_id))
    scoring = tuple(m for m in members if m not in recused)
    cite = str(team_rule.cite) if team_rule and team_rule.cite else N_("the programme's team rule")
    if team_rule is not None and team_rule.min_size is not None and \
            len(scoring) < team_rule.min_size:
        raise RuleViolation(Msg(
            N_("The team for applicant {applicant} has {count} reviewers without a conflict "
               "({recused} recused); {rule} requires at least {min}"),
            {"applicant": applicant_id, "count": len(scoring), "recused": len(recused),
             "min": team_rule.min_size, "rule": cite}))
    if team_rule is not None and team_rule.max_size is not None and \
            len(members) > team_rule.max_size:
        raise RuleViolation(Msg(
            N_("The team for applicant {applicant} has {count} reviewers; {rule} allows at "
               "most {max}"),
            {"applicant": applicant_id, "count": len(members), "max": team_rule.max_size,
             "rule": cite}))
    if leader is not None and leader not in scoring:
        raise RuleViolation(Msg(
            N_("The team leader {leader} for applicant {applicant} must be a team member "
               "without a conflict"), {"leader": leader, "applicant": applicant_id}))
    needs_leader = leader is None and team_rule is not None and bool(team_rule.leader)
    return TeamCheck(applicant_id, scoring, recused, leader, needs_leader)

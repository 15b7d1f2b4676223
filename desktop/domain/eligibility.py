"""The eligibility check (资格审查): every condition and exclusion of a programme against facts.

``evaluate(programme, facts, as_of)`` returns one ``Finding`` per rule that applies to the
applicant's kind: met, not met, or needs evidence, each with its citation and a plain-language
reason (an untranslated ``Msg``). "Met" always means the applicant passes the rule: for an
exclusion (不得申报) it means the excluding circumstance is absent. The date ``as_of`` is passed
in; the core reads no clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.domain.facts import ApplicantKind, Facts, Incident, PriorAward, Severity
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import (
    Applicability,
    AwardKind,
    Citation,
    Programme,
    RevocationKind,
    Rule,
    RuleKind,
)
from desktop.domain.regions import Within, compare


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_EVIDENCE = "needs_evidence"


class Overall(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_EVIDENCE = "needs_evidence"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    kind: str  # a RuleKind value, or "award_category"
    outcome: Outcome
    cite: Citation
    reason: Msg
    exclusion: bool = False
    text_zh: str = ""


@dataclass(frozen=True)
class EligibilityReport:
    programme_id: str
    applicant: str
    applicant_kind: ApplicantKind
    as_of: date
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...]  # rule ids for the other kind of applicant

    @property
    def overall(self) -> Overall:
        outcomes = {f.outcome for f in self.findings}
        if Outcome.NOT_MET in outcomes:
            return Overall.NOT_ELIGIBLE
        if Outcome.NEEDS_EVIDENCE in outcomes:
            return Overall.NEEDS_EVIDENCE
        return Overall.ELIGIBLE

    @property
    def eligible(self) -> bool:
        return self.overall is Overall.ELIGIBLE

    def with_outcome(self, outcome: Outcome) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome is outcome)

    def finding(self, rule_id: str) -> Finding:
        return next(f for f in self.findings if f.rule_id == rule_id)


Result = tuple[Outcome, Msg]

TYPE_NAMES = {"quality": N_("quality"), "safety": N_("safety"),
              "environment": N_("environmental"), "public_health": N_("public-health"),
              "service": N_("service-quality")}
SEVERITY_NAMES = {Severity.GENERAL: N_("general"), Severity.LARGER: N_("larger"),
                  Severity.MAJOR: N_("major"), Severity.ESPECIALLY_MAJOR: N_("especially major")}
CREDIT_NAMES = {"abnormal_operations": N_("the abnormal-operations list (经营异常名录)"),
                "serious_dishonesty": N_("the serious-dishonesty list (严重违法失信名单)"),
                "unrepaired_bad_credit": N_("an unrepaired bad credit record")}
VIOLATION_NAMES = {"law": N_("legal"), "discipline": N_("disciplinary"),
                   "quality_inspection": N_("quality-inspection"),
                   "service_quality": N_("service-quality")}


def _m(template: str, **params: Any) -> Msg:
    return Msg(template, params)


def _met(template: str, **params: Any) -> Result:
    return Outcome.MET, _m(template, **params)


def _not_met(template: str, **params: Any) -> Result:
    return Outcome.NOT_MET, _m(template, **params)


def _needs(template: str, **params: Any) -> Result:
    return Outcome.NEEDS_EVIDENCE, _m(template, **params)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


# --- entry point --------------------------------------------------------------------------------


def evaluate(programme: Programme, facts: Facts, as_of: date) -> EligibilityReport:
    findings = [_award_category(programme, facts)]
    skipped = []
    for rule in programme.conditions:
        if rule.applies_to not in (Applicability.ANY, Applicability(facts.kind.value)):
            skipped.append(rule.id)
            continue
        outcome, reason = _EVALUATORS[rule.kind](rule, programme, facts, as_of)
        findings.append(Finding(rule.id, rule.kind.value, outcome, rule.cite, reason,
                                rule.exclusion, rule.text_zh))
    return EligibilityReport(programme.id, facts.name, facts.kind, as_of, tuple(findings),
                             tuple(skipped))


def _award_category(p: Programme, facts: Facts) -> Finding:
    wanted = ({AwardKind.INDIVIDUAL} if facts.kind is ApplicantKind.INDIVIDUAL
              else {AwardKind.ORGANISATION, AwardKind.NOMINATION})
    matching = [a for a in p.awards if a.kind in wanted]
    cite = p.award_cite or p.awards[0].cite
    kind_name = Msg(N_("individual") if facts.kind is ApplicantKind.INDIVIDUAL
                    else N_("organisation"))
    if matching:
        outcome, reason = _met(N_("The programme has an award for an {kind}: {awards}"),
                               kind=kind_name, awards="、".join(a.name_zh for a in matching))
    else:
        outcome, reason = _not_met(N_("The programme has no award for an {kind}"),
                                   kind=kind_name)
    return Finding("award-category", "award_category", outcome, cite, reason)


# --- one evaluator per rule kind ------------------------------------------------------------------

Evaluator = Callable[[Rule, Programme, Facts, date], Result]


def _flag(value: bool | None, yes: str, no: str, unknown: str) -> Result:
    if value is None:
        return _needs(unknown)
    return _met(yes) if value else _not_met(no)


def _region(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if not facts.region:
        return _needs(N_("The facts do not state where the applicant is registered"))
    return _in_region(facts, str(rule.params.get("region", p.region_zh)),
                      tuple(rule.params.get("aliases", ())),
                      N_("Registered in {where}, within {region}"),
                      N_("Registered in {where}, which is outside {region}"))


def _in_region(facts: Facts, required: str, aliases: tuple[str, ...], inside: str,
               outside: str) -> Result:
    """Short forms (锡盟, 呼市 …) are the regions they stand for (``domain.regions``); a
    region this app does not know is reported for a person to check, never NOT MET."""
    where = " ".join(facts.region)
    c = compare(facts.region, required, aliases)
    if c.within is Within.INSIDE:
        return _met(inside, where=where, region=c.required)
    if c.within is Within.OUTSIDE:
        return _not_met(outside, where=where, region=c.required)
    if c.within is Within.COARSER:
        return _needs(N_("{where} contains {region}, but the facts do not say whether the "
                         "applicant is within {region}"), where=where, region=c.required)
    return _needs(N_("Unknown region '{where}': not a region this app knows (official names "
                     "and short forms of Inner Mongolia's regions); a person checks whether it "
                     "is within {region}"), where=where, region=c.required)


def _legal_person(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    return _flag(facts.legal_person, N_("The applicant is an independent legal person"),
                 N_("The applicant is not an independent legal person"),
                 N_("The facts do not say whether the applicant is an independent legal person"))


def _at_least(have: int | None, need: int, what: str) -> Result:
    if have is None:
        return _needs(N_("The facts do not state the years of {what}"), what=Msg(what))
    if have >= need:
        return _met(N_("{have} years of {what}; at least {need} required"), have=have,
                    what=Msg(what), need=need)
    return _not_met(N_("Only {have} years of {what}; at least {need} required"), have=have,
                    what=Msg(what), need=need)


def _years_operating(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    need = int(rule.params["years"])
    total = facts.years_in_operation(as_of)
    if not rule.params.get("in_region"):
        return _at_least(total, need, N_("operation"))
    if facts.years_operating_in_region is not None:
        return _at_least(facts.years_operating_in_region, need, N_("operation in the region"))
    if total is not None and total < need:
        return _at_least(total, need, N_("operation"))
    return _needs(N_("The facts do not state the years of operation within the region"))


def _management(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    need = int(rule.params["years"])
    if rule.params["measure"] == "excellence_model":
        return _at_least(facts.excellence_model_years, need,
                         N_("the performance excellence model (卓越绩效)"))
    return _at_least(facts.management_system_years, need, N_("the quality management system"))


def _self_assessment(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    return _at_least(facts.self_assessment_data_years, int(rule.params["years"]),
                     N_("data in the self-assessment report"))


def _incident_msg(incident: Incident, years: int) -> Msg:
    return _m(N_("A {severity} {type} incident on {date} lies within the last {years} years"),
              severity=Msg(SEVERITY_NAMES[incident.severity]),
              type=Msg(TYPE_NAMES[incident.type.value]), date=incident.on.isoformat(),
              years=years)


def _incidents(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    years = int(rule.params["within_years"])
    cutoff = years_before(as_of, years)
    minimum = Severity(rule.params["min_severity"])
    types = set(rule.params["types"])
    employer = rule.params.get("subject") == "employer"
    incidents = facts.employer_incidents if employer else facts.incidents
    if incidents is None:
        return _needs(N_("The facts do not list the incidents of the employer")) if employer \
            else _needs(N_("The facts do not list incidents (write incidents = [] for none)"))
    relevant = sorted((i for i in incidents if i.on >= cutoff and i.type.value in types
                       and i.severity.rank >= minimum.rank), key=lambda i: i.on, reverse=True)
    blaming = [i for i in relevant if i.responsibility is True
               or not rule.params.get("responsibility_only")]
    unclear = [i for i in relevant if i.responsibility is None
               and rule.params.get("responsibility_only")]
    if blaming or unclear:
        if rule.params.get("only_if_top_manager") and facts.top_manager is not True:
            if facts.top_manager is False:
                return _met(N_("The applicant is not the top manager of the employer, so the "
                               "employer's incidents do not count"))
            return _needs(N_("The employer had a qualifying incident; the facts do not say "
                             "whether the applicant is its top manager"))
        if blaming:
            return Outcome.NOT_MET, _incident_msg(blaming[0], years)
        return Outcome.NEEDS_EVIDENCE, _m(
            N_("{incident}; the facts do not say whether the organisation was responsible"),
            incident=_incident_msg(unclear[0], years))
    return _met(N_("No {severity}-or-worse incident of the listed kinds since {cutoff}"),
                severity=Msg(SEVERITY_NAMES[minimum]), cutoff=cutoff.isoformat())


def _credit(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    unknown = []
    for name in rule.params["lists"]:
        status = facts.credit.status(name)
        if status:
            return _not_met(N_("The applicant is on {list}"), list=Msg(CREDIT_NAMES[name]))
        if status is None:
            unknown.append(name)
    if unknown:
        return _needs(N_("The facts do not state whether the applicant is on {list}"),
                      list=Msg(CREDIT_NAMES[unknown[0]]))
    years = rule.params.get("within_years")
    if years is None:
        return _met(N_("Not on any of the credit lists checked"))
    # "近3年无失信记录": the whole window, by date, not only today's status.
    cutoff = years_before(as_of, int(years))
    if facts.credit_records is None:
        return _needs(N_("The facts give the current credit status only; the rule covers the "
                         "last {years} years (list dated credit_records, or [] for none)"),
                      years=years)
    hits = sorted((r for r in facts.credit_records if r.list_name in rule.params["lists"]
                   and r.overlaps(cutoff, as_of)), key=lambda r: r.listed_on, reverse=True)
    if hits:
        return _not_met(N_("On {list} from {listed}, within the last {years} years (since "
                           "{cutoff})"), list=Msg(CREDIT_NAMES[hits[0].list_name]),
                        listed=hits[0].listed_on.isoformat(), years=years,
                        cutoff=cutoff.isoformat())
    return _met(N_("No credit-list record since {cutoff}"), cutoff=cutoff.isoformat())


def _violations(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    years = int(rule.params["within_years"])
    cutoff = years_before(as_of, years)
    if facts.violations is None:
        return _needs(N_("The facts do not list violations (write violations = [] for none)"))
    hits = sorted((v for v in facts.violations if v.on >= cutoff
                   and v.category in rule.params["categories"]
                   and (v.serious or not rule.params.get("serious_only"))),
                  key=lambda v: v.on, reverse=True)
    if hits:
        return _not_met(N_("A {category} violation on {date} lies within the last {years} years"),
                        category=Msg(VIOLATION_NAMES[hits[0].category]),
                        date=hits[0].on.isoformat(), years=years)
    return _met(N_("No relevant violation since {cutoff}"), cutoff=cutoff.isoformat())


def _award_fraud(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    years = int(rule.params["within_years"])
    cutoff = years_before(as_of, years)
    if facts.award_fraud is None:
        return _needs(N_("The facts do not list award-fraud findings (write award_fraud = [] "
                         "for none)"))
    recent = [f for f in facts.award_fraud if f.on >= cutoff]
    if rule.params.get("this_programme_only"):
        if any(f.programme == p.id for f in recent):
            hit = next(f for f in recent if f.programme == p.id)
            return _not_met(N_("Fraud in this award's review on {date} lies within the last "
                               "{years} years"), date=hit.on.isoformat(), years=years)
        if any(f.programme is None for f in recent):
            return _needs(N_("A fraud finding since {cutoff} does not say which award it "
                             "concerned"), cutoff=cutoff.isoformat())
        return _met(N_("No fraud in this award's review since {cutoff}"),
                    cutoff=cutoff.isoformat())
    if recent:
        return _not_met(N_("Fraud in an award review on {date} lies within the last {years} "
                           "years"), date=max(f.on for f in recent).isoformat(), years=years)
    return _met(N_("No fraud in any award review since {cutoff}"), cutoff=cutoff.isoformat())


def _tax(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if facts.tax_issues is None:
        return _needs(N_("The facts do not list tax issues (write tax_issues = [] for none)"))
    issues = [t for t in facts.tax_issues if t.serious or not rule.params.get("serious_only")]
    years = rule.params.get("within_years")
    if years is None:
        if issues:
            return _needs(N_("A tax or social-insurance issue is recorded on {date}; the office "
                             "judges whether taxes are paid as the law requires"),
                          date=max(t.on for t in issues).isoformat())
        return _met(N_("No tax or social-insurance issue recorded"))
    cutoff = years_before(as_of, int(years))
    recent = [t for t in issues if t.on >= cutoff]
    if recent:
        return _not_met(N_("A serious tax or social-insurance violation on {date} lies within "
                           "the last {years} years"),
                        date=max(t.on for t in recent).isoformat(), years=years)
    return _met(N_("No serious tax or social-insurance violation since {cutoff}"),
                cutoff=cutoff.isoformat())


def _licences(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    return _flag(facts.licences_complete, N_("The applicant holds the licences the law requires"),
                 N_("The applicant lacks a licence the law requires"),
                 N_("The facts do not say whether the required licences are held"))


def _policy(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    return _flag(facts.policy_compliant,
                 N_("The applicant complies with industrial, environmental and quality policy"),
                 N_("The applicant does not comply with industrial, environmental or quality "
                    "policy"),
                 N_("The facts do not say whether the applicant complies with policy"))


def _operating_loss(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if rule.params.get("for_profit_only") and facts.nonprofit:
        return _met(N_("Does not apply: the applicant is non-profit"))
    years = [as_of.year - k for k in range(1, int(rule.params["years"]) + 1)]
    results = facts.operating_results
    if results is None:
        return _needs(N_("The facts do not give operating results by year"))
    losses = [y for y in years if results.get(y)]
    if losses:
        return _not_met(N_("An operating loss in {year}, within the last {n} years"),
                        year=max(losses), n=len(years))
    missing = [y for y in years if y not in results]
    if missing:
        return _needs(N_("The facts do not give the operating result of {year}"),
                      year=min(missing))
    return _met(N_("No operating loss in {first}–{last}"), first=min(years), last=max(years))


def _given_evidence(rule: Rule, facts: Facts) -> str | None:
    return facts.evidence.get(rule.id)


def _industry(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    top_n = rule.params.get("top_n")
    standing = facts.industry
    if top_n is not None and standing is not None and standing.rank is not None \
            and not facts.nonprofit:
        if standing.rank <= int(top_n):
            return _met(N_("Ranked {rank} in {scope}; the top {n} qualify"), rank=standing.rank,
                        scope=rule.params["scope_zh"], n=top_n)
        return _not_met(N_("Ranked {rank} in {scope}; only the top {n} qualify"),
                        rank=standing.rank, scope=rule.params["scope_zh"], n=top_n)
    evidence = _given_evidence(rule, facts) or (standing.evidence if standing else None)
    if evidence:
        return _met(N_("Evidence given: {evidence}"), evidence=evidence)
    return _needs(N_("A judgment: the panel needs evidence of the applicant's standing in "
                     "{scope}"), scope=rule.params["scope_zh"])


def _quality_work(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    result = _at_least(facts.years_in_quality_work, int(rule.params["years"]),
                       N_("quality work"))
    if result[0] is not Outcome.MET or not rule.params.get("in_region"):
        return result
    if not facts.region:
        return _needs(N_("The facts do not state where the applicant works"))
    inside = _in_region(facts, p.region_zh, (), N_("Works in {where}, within {region}"),
                        N_("Works in {where}, outside {region}"))
    return result if inside[0] is Outcome.MET else inside


def _earliest(p: Programme, award: PriorAward, facts: Facts) -> tuple[str, int] | None:
    """When an earlier winner may apply again: ("cycle", N) or ("year", Y); None if unknown."""
    r = p.reapplication
    assert r is not None  # the parser refuses the rule without [reapplication]
    extra = 1 if r.exclusive else 0
    if r.interval_cycles and award.cycle is not None and facts.applying_cycle is not None:
        return "cycle", award.cycle + r.interval_cycles + extra
    if r.interval_years:
        return "year", award.year + r.interval_years
    if r.interval_cycles and p.cycle.years:
        return "year", award.year + p.cycle.years * (r.interval_cycles + extra)
    return None


def _reapplication(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if facts.prior_awards is None:
        return _needs(N_("The facts do not list prior awards (write prior_awards = [] for "
                         "none)"))
    own = sorted((a for a in facts.prior_awards if a.programme == p.id and not a.revoked),
                 key=lambda a: a.year)
    if not own:
        return _met(N_("No earlier award of this programme"))
    award = own[-1]
    earliest = _earliest(p, award, facts)
    if earliest is None:
        return _needs(N_("Won in {year}; cycles are decided case by case, so give the cycle "
                         "number of that award and applying_cycle"), year=award.year)
    unit, first = earliest
    if unit == "cycle":
        current = facts.applying_cycle
        assert current is not None
        if current < first:
            return _not_met(N_("Won in cycle {cycle}; may apply again from cycle {first}, not "
                               "in cycle {current}"), cycle=award.cycle, first=first,
                            current=current)
        return _met(N_("Won in cycle {cycle}; may apply again from cycle {first}"),
                    cycle=award.cycle, first=first)
    if as_of.year < first:
        return _not_met(N_("Won in {year}; may apply again from {first}"), year=award.year,
                        first=first)
    return _met(N_("Won in {year}; the interval ended in {first}"), year=award.year,
                first=first)


def _revocation_ban(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    banning = [r for r in p.revocations if r.ban_years]
    if facts.prior_awards is None:
        return _needs(N_("The facts do not list prior awards (write prior_awards = [] for "
                         "none)"))
    revoked = [a for a in facts.prior_awards if a.programme == p.id and a.revoked]
    if not revoked:
        return _met(N_("No revoked award of this programme"))
    for award in sorted(revoked, key=lambda a: a.year, reverse=True):
        if award.revoked_on is None:
            return _needs(N_("The award of {year} was revoked; the facts do not give the date"),
                          year=award.year)
        ground: RevocationKind | None = award.revocation_ground
        rules = [r for r in banning if ground is None or r.kind is ground]
        if not rules:
            continue
        ban = max(int(r.ban_years or 0) for r in rules)
        until = years_after(award.revoked_on, ban)
        if as_of < until:
            if ground is None and len(rules) < len(p.revocations):
                return _needs(N_("The award of {year} was revoked on {date}; a ban of {ban} "
                                 "years applies only on the grounds of {cite}: give "
                                 "revocation_ground"), year=award.year,
                              date=award.revoked_on.isoformat(), ban=ban, cite=str(rules[0].cite))
            return _not_met(N_("The award of {year} was revoked on {date}: no application "
                               "before {until} ({ban}-year ban)"), year=award.year,
                            date=award.revoked_on.isoformat(), until=until.isoformat(), ban=ban)
    return _met(N_("No ban from a revoked award is in force"))


def _still_valid(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if facts.prior_awards is None:
        return _needs(N_("The facts do not list prior awards (write prior_awards = [] for "
                         "none)"))
    listed = set(rule.params["programmes"])
    for award in facts.prior_awards:
        if award.programme not in listed or award.revoked:
            continue
        until = award.valid_until
        if until is None and award.programme == p.id and p.validity_years:
            if award.awarded_on is not None:
                until = years_after(award.awarded_on, p.validity_years)
            elif as_of.year < award.year + p.validity_years:
                return _not_met(N_("The {programme} award of {year} is still within its "
                                   "{validity} years of validity"), programme=award.programme,
                                year=award.year, validity=p.validity_years)
            elif as_of.year == award.year + p.validity_years:
                return _needs(N_("The {programme} award of {year} may still be valid: give "
                                 "awarded_on or valid_until"), programme=award.programme,
                              year=award.year)
            else:
                continue
        if until is None:
            return _needs(N_("The validity of the {programme} award of {year} is not known: "
                             "give valid_until"), programme=award.programme, year=award.year)
        if as_of < until:
            return _not_met(N_("The {programme} award of {year} is still valid (until {until})"),
                            programme=award.programme, year=award.year,
                            until=until.isoformat())
    return _met(N_("No award listed in this rule is still valid"))


def _evidence(rule: Rule, p: Programme, facts: Facts, as_of: date) -> Result:
    if rule.params.get("only_if_top_manager") and facts.top_manager is False:
        return _met(N_("Does not apply: the applicant is not the top manager of the employer"))
    given = _given_evidence(rule, facts)
    if given:
        return _met(N_("Evidence given: {evidence}"), evidence=given)
    return _needs(N_("A judgment: the panel needs documents showing this"))


_EVALUATORS: dict[RuleKind, Evaluator] = {
    RuleKind.REGISTERED_IN_REGION: _region,
    RuleKind.LEGAL_PERSON: _legal_person,
    RuleKind.MIN_YEARS_OPERATING: _years_operating,
    RuleKind.MIN_YEARS_MANAGEMENT_SYSTEM: _management,
    RuleKind.SELF_ASSESSMENT_YEARS: _self_assessment,
    RuleKind.NO_INCIDENTS: _incidents,
    RuleKind.CREDIT_CLEAN: _credit,
    RuleKind.NO_VIOLATIONS: _violations,
    RuleKind.NO_AWARD_FRAUD: _award_fraud,
    RuleKind.TAX_COMPLIANT: _tax,
    RuleKind.LICENCES_HELD: _licences,
    RuleKind.POLICY_COMPLIANT: _policy,
    RuleKind.NO_OPERATING_LOSS: _operating_loss,
    RuleKind.INDUSTRY_STANDING: _industry,
    RuleKind.MIN_YEARS_QUALITY_WORK: _quality_work,
    RuleKind.REAPPLICATION_INTERVAL: _reapplication,
    RuleKind.REVOCATION_BAN: _revocation_ban,
    RuleKind.STILL_VALID_AWARD: _still_valid,
    RuleKind.EVIDENCE: _evidence,
}

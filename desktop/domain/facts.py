"""An applicant's facts for the eligibility check (资格审查), parsed strictly into typed values.

A facts file (TOML or JSON) describes one organisation or one individual. A field that is left
out means "not stated" (``None``): the check then asks for evidence rather than assuming the best.
An empty list means "none" (e.g. ``incidents = []``: no incidents). Every refusal is a
``FactsError(file, field, problem)``. The format is documented in
``resources/examples/facts/README.md`` and by the example files beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.domain.data_table import ID_PATTERN, FieldTable
from desktop.domain.errors import FactsError
from desktop.domain.messages import N_
from desktop.domain.programme_parser import INCIDENT_TYPES, VIOLATION_CATEGORIES
from desktop.domain.programmes import RevocationKind

SCHEMA = "scorebook.facts/1"


class ApplicantKind(StrEnum):
    ORGANISATION = "organisation"
    INDIVIDUAL = "individual"


class IncidentType(StrEnum):
    QUALITY = "quality"
    SAFETY = "safety"
    ENVIRONMENT = "environment"
    PUBLIC_HEALTH = "public_health"
    SERVICE = "service"


class Severity(StrEnum):
    """Chinese accident grading: 一般 < 较大 < 重大 < 特别重大."""

    GENERAL = "general"
    LARGER = "larger"
    MAJOR = "major"
    ESPECIALLY_MAJOR = "especially_major"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @property
    def zh(self) -> str:
        return {"general": "一般", "larger": "较大", "major": "重大",
                "especially_major": "特别重大"}[self.value]


assert tuple(t.value for t in IncidentType) == INCIDENT_TYPES


@dataclass(frozen=True)
class Incident:
    on: date
    type: IncidentType
    severity: Severity
    responsibility: bool | None  # the organisation bore responsibility (责任事故); None: not stated
    description: str = ""


@dataclass(frozen=True)
class CreditStatus:
    """Current credit-list status; ``None`` where the facts do not say."""

    abnormal_operations: bool | None = None  # 经营异常名录
    serious_dishonesty: bool | None = None  # 严重违法失信名单
    unrepaired_bad_credit: bool | None = None  # 不良信用记录未修复

    def status(self, list_name: str) -> bool | None:
        value: bool | None = getattr(self, list_name)
        return value


@dataclass(frozen=True)
class CreditRecord:
    """A dated entry on a credit list (失信记录): listed on a day, removed (修复) on a day or
    still listed (``removed_on`` None)."""

    list_name: str  # abnormal_operations / serious_dishonesty / unrepaired_bad_credit
    listed_on: date
    removed_on: date | None = None
    description: str = ""

    def overlaps(self, start: date, end: date) -> bool:
        return self.listed_on <= end and (self.removed_on is None or self.removed_on >= start)


@dataclass(frozen=True)
class Violation:
    on: date
    category: str  # law / discipline / quality_inspection / service_quality
    serious: bool
    description: str = ""


@dataclass(frozen=True)
class AwardFraud:
    on: date
    programme: str | None  # the award programme concerned, if one of ours
    description: str = ""


@dataclass(frozen=True)
class TaxIssue:
    on: date
    kind: str  # tax / social_insurance
    serious: bool
    description: str = ""


@dataclass(frozen=True)
class IndustryStanding:
    scope_zh: str | None = None
    rank: int | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class PriorAward:
    programme: str
    year: int
    cycle: int | None = None  # 第N届
    awarded_on: date | None = None
    valid_until: date | None = None
    revoked: bool = False
    revoked_on: date | None = None
    revocation_ground: RevocationKind | None = None


@dataclass(frozen=True)
class Facts:
    source: str
    name: str
    kind: ApplicantKind
    as_of: date | None = None
    region: tuple[str, ...] = ()  # registration (or, for a person, work) region, coarse to fine
    legal_person: bool | None = None
    founded: date | None = None
    years_operating: int | None = None
    years_operating_in_region: int | None = None
    management_system_years: int | None = None
    excellence_model_years: int | None = None  # 实施卓越绩效模式
    self_assessment_data_years: int | None = None
    nonprofit: bool | None = None
    policy_compliant: bool | None = None
    licences_complete: bool | None = None
    licences: tuple[str, ...] = ()
    incidents: tuple[Incident, ...] | None = None
    credit: CreditStatus = field(default_factory=CreditStatus)
    violations: tuple[Violation, ...] | None = None
    # Dated credit-list entries (None: the facts give the current status only).
    credit_records: tuple[CreditRecord, ...] | None = None
    award_fraud: tuple[AwardFraud, ...] | None = None
    tax_issues: tuple[TaxIssue, ...] | None = None
    operating_results: Mapping[int, bool] | None = None  # year → True when a loss (经营性亏损)
    industry: IndustryStanding | None = None
    prior_awards: tuple[PriorAward, ...] | None = None
    applying_cycle: int | None = None  # 第N届 applied for (cycles decided case by case)
    evidence: Mapping[str, str] = field(default_factory=dict)  # rule id → what shows it
    # individuals
    years_in_quality_work: int | None = None
    employer: str | None = None
    top_manager: bool | None = None
    employer_incidents: tuple[Incident, ...] | None = None

    def years_in_operation(self, as_of: date) -> int | None:
        if self.years_operating is not None:
            return self.years_operating
        if self.founded is not None:
            return full_years(self.founded, as_of)
        return None


def full_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (a birthday count)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


# --- parsing ----------------------------------------------------------------------------------

_COMMON = {"schema", "name", "kind", "as_of", "region", "credit", "violations", "award_fraud",
           "prior_awards", "applying_cycle", "evidence", "tax_issues", "notes", "credit_records"}
_ORGANISATION = _COMMON | {
    "legal_person", "founded", "years_operating", "years_operating_in_region",
    "management_system_years", "excellence_model_years", "self_assessment_data_years",
    "nonprofit", "policy_compliant", "licences_complete", "licences", "incidents",
    "operating_results", "industry"}
_INDIVIDUAL = _COMMON | {"years_in_quality_work", "employer", "top_manager", "employer_incidents"}


def parse_facts(data: Mapping[str, Any], source: str) -> Facts:
    """Build ``Facts`` from a parsed TOML/JSON mapping; ``FactsError`` on anything malformed."""
    if not isinstance(data, Mapping):
        raise FactsError(source, "(file)", N_("must be a table of fields"))
    probe = FieldTable(data, source, "", set(data), FactsError)
    schema = data.get("schema")
    if schema != SCHEMA:
        raise probe.fail("schema", N_("expected '{expected}', found '{found}'"),
                         expected=SCHEMA, found=schema if schema is not None else "")
    kind = ApplicantKind(probe.choice("kind", tuple(k.value for k in ApplicantKind)))
    allowed = _ORGANISATION if kind is ApplicantKind.ORGANISATION else _INDIVIDUAL
    t = FieldTable(data, source, "", allowed, FactsError)
    common: dict[str, Any] = dict(
        source=source, name=t.text("name"), kind=kind, as_of=t.opt_day("as_of"),
        region=_region(t), credit=_credit(t), credit_records=_credit_records(t),
        violations=_violations(t),
        award_fraud=_award_fraud(t), tax_issues=_tax_issues(t), prior_awards=_prior_awards(t),
        applying_cycle=t.opt_int("applying_cycle", 1), evidence=_evidence(t),
    )
    t.opt_text("notes")
    if kind is ApplicantKind.INDIVIDUAL:
        return Facts(
            **common, years_in_quality_work=t.opt_int("years_in_quality_work"),
            employer=t.opt_text("employer"), top_manager=t.opt_flag("top_manager"),
            employer_incidents=_incidents(t, "employer_incidents"),
        )
    founded = t.opt_day("founded")
    years = t.opt_int("years_operating")
    if founded is not None and years is not None:
        raise t.fail("years_operating", N_("give either founded or years_operating, not both"))
    in_region = t.opt_int("years_operating_in_region")
    if in_region is not None and years is not None and in_region > years:
        raise t.fail("years_operating_in_region", N_("exceeds years_operating ({years})"),
                     years=years)
    return Facts(
        **common, legal_person=t.opt_flag("legal_person"), founded=founded,
        years_operating=years, years_operating_in_region=in_region,
        management_system_years=t.opt_int("management_system_years"),
        excellence_model_years=t.opt_int("excellence_model_years"),
        self_assessment_data_years=t.opt_int("self_assessment_data_years"),
        nonprofit=t.opt_flag("nonprofit"), policy_compliant=t.opt_flag("policy_compliant"),
        licences_complete=t.opt_flag("licences_complete"), licences=t.texts("licences"),
        incidents=_incidents(t, "incidents"), operating_results=_operating_results(t),
        industry=_industry(t),
    )


def _region(t: FieldTable) -> tuple[str, ...]:
    raw = t.raw("region")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (t.text("region"),)
    return t.texts("region")


def _list(t: FieldTable, key: str) -> list[tuple[str, Any]] | None:
    if not t.has(key):
        return None
    if not isinstance(t.raw(key), list):
        raise t.fail(key, N_("must be a list of tables (write [] for none)"))
    return t.tables(key, required=False)


def _incidents(t: FieldTable, key: str) -> tuple[Incident, ...] | None:
    entries = _list(t, key)
    if entries is None:
        return None
    out = []
    for entry, raw in entries:
        i = t.child(raw, entry, {"date", "type", "severity", "responsibility", "description"})
        out.append(Incident(i.day("date"), IncidentType(i.choice("type", INCIDENT_TYPES)),
                            Severity(i.choice("severity", tuple(s.value for s in Severity))),
                            i.opt_flag("responsibility"), i.opt_text("description") or ""))
    return tuple(out)


def _credit(t: FieldTable) -> CreditStatus:
    c = t.sub("credit", {"abnormal_operations_list", "serious_dishonesty_list",
                         "unrepaired_bad_credit"})
    if c is None:
        return CreditStatus()
    return CreditStatus(c.opt_flag("abnormal_operations_list"),
                        c.opt_flag("serious_dishonesty_list"),
                        c.opt_flag("unrepaired_bad_credit"))


CREDIT_RECORD_LISTS = ("abnormal_operations", "serious_dishonesty", "unrepaired_bad_credit")


def _credit_records(t: FieldTable) -> tuple[CreditRecord, ...] | None:
    entries = _list(t, "credit_records")
    if entries is None:
        return None
    out = []
    for entry, raw in entries:
        c = t.child(raw, entry, {"list", "listed_on", "removed_on", "description"})
        listed, removed = c.day("listed_on"), c.opt_day("removed_on")
        if removed is not None and removed < listed:
            raise c.fail("removed_on", N_("comes before the date it was listed {date}"),
                         date=listed)
        out.append(CreditRecord(c.choice("list", CREDIT_RECORD_LISTS), listed, removed,
                                c.opt_text("description") or ""))
    return tuple(out)


def _violations(t: FieldTable) -> tuple[Violation, ...] | None:
    entries = _list(t, "violations")
    if entries is None:
        return None
    out = []
    for entry, raw in entries:
        v = t.child(raw, entry, {"date", "category", "serious", "description"})
        serious = v.opt_flag("serious")
        if serious is None:
            raise v.fail("serious", N_("missing required field"))
        out.append(Violation(v.day("date"), v.choice("category", VIOLATION_CATEGORIES),
                             serious, v.opt_text("description") or ""))
    return tuple(out)


def _award_fraud(t: FieldTable) -> tuple[AwardFraud, ...] | None:
    entries = _list(t, "award_fraud")
    if entries is None:
        return None
    out = []
    for entry, raw in entries:
        f = t.child(raw, entry, {"date", "programme", "description"})
        programme = f.ident("programme") if f.has("programme") else None
        out.append(AwardFraud(f.day("date"), programme, f.opt_text("description") or ""))
    return tuple(out)


def _tax_issues(t: FieldTable) -> tuple[TaxIssue, ...] | None:
    entries = _list(t, "tax_issues")
    if entries is None:
        return None
    out = []
    for entry, raw in entries:
        x = t.child(raw, entry, {"date", "kind", "serious", "description"})
        serious = x.opt_flag("serious")
        if serious is None:
            raise x.fail("serious", N_("missing required field"))
        out.append(TaxIssue(x.day("date"), x.choice("kind", ("tax", "social_insurance")),
                            serious, x.opt_text("description") or ""))
    return tuple(out)


def _operating_results(t: FieldTable) -> Mapping[int, bool] | None:
    if not t.has("operating_results"):
        return None
    raw = t.raw("operating_results")
    r = t.child(raw, "operating_results", set(raw) if isinstance(raw, Mapping) else set())
    out: dict[int, bool] = {}
    for key in r.data:
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
            raise r.fail(str(key), N_("'{name}' is not a year"), name=key)
        result = r.choice(key, ("profit", "loss"))
        out[int(key)] = result == "loss"
    return out


def _industry(t: FieldTable) -> IndustryStanding | None:
    i = t.sub("industry", {"scope_zh", "rank", "evidence"})
    if i is None:
        return None
    return IndustryStanding(i.opt_text("scope_zh"), i.opt_int("rank", 1), i.opt_text("evidence"))


def _prior_awards(t: FieldTable) -> tuple[PriorAward, ...] | None:
    entries = _list(t, "prior_awards")
    if entries is None:
        return None
    allowed = {"programme", "year", "cycle", "awarded_on", "valid_until", "revoked",
               "revoked_on", "revocation_ground"}
    out = []
    for entry, raw in entries:
        a = t.child(raw, entry, allowed)
        year = a.integer("year", 1900)
        awarded_on = a.opt_day("awarded_on")
        if awarded_on is not None and awarded_on.year != year:
            raise a.fail("awarded_on", N_("is not in the award year {year}"), year=year)
        revoked = a.flag("revoked", False)
        revoked_on = a.opt_day("revoked_on")
        if revoked_on is not None and not revoked:
            raise a.fail("revoked_on", N_("given, but revoked is not true"))
        if revoked_on is not None and revoked_on.year < year:
            raise a.fail("revoked_on", N_("comes before the award year {year}"), year=year)
        ground = a.choice("revocation_ground", tuple(k.value for k in RevocationKind)) \
            if a.has("revocation_ground") else None
        out.append(PriorAward(a.ident("programme"), year, a.opt_int("cycle", 1), awarded_on,
                              a.opt_day("valid_until"), revoked, revoked_on,
                              RevocationKind(ground) if ground else None))
    return tuple(out)


def _evidence(t: FieldTable) -> Mapping[str, str]:
    if not t.has("evidence"):
        return {}
    raw = t.raw("evidence")
    e = t.child(raw, "evidence", set(raw) if isinstance(raw, Mapping) else set())
    out: dict[str, str] = {}
    for key in e.data:
        if not ID_PATTERN.match(str(key)):
            raise e.fail(str(key), N_("'{name}' is not a rule id"), name=key)
        out[str(key)] = e.text(str(key))
    return out

"""Strict parsing of a programme rules file (TOML/JSON already parsed into a mapping).

Every refusal is a ``ProgrammeError(file, entry, problem)`` where ``entry`` is the dotted path of
the offending field (``committee.quorum.fraction``, ``stages.material.form``). Unknown keys are
rejected so that a typo never silently drops a rule. The schema is described field by field in
``resources/programmes/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain.data_table import FieldTable, parse_fraction
from desktop.domain.errors import ProgrammeError
from desktop.domain.messages import N_
from desktop.domain.programmes import (
    Applicability,
    AwardCategory,
    AwardKind,
    Backfill,
    Citation,
    Committee,
    Cycle,
    CycleKind,
    Document,
    Notice,
    NoticeCount,
    Programme,
    Reapplication,
    RepeatWinners,
    Revocation,
    RevocationKind,
    Rule,
    RuleKind,
    Stage,
    StageKind,
    Team,
    Threshold,
)
from desktop.domain.scoring import FormKind, StageForm

SCHEMA = "scorebook.programme/1"
INCIDENT_TYPES = ("quality", "safety", "environment", "public_health", "service")
SEVERITIES = ("general", "larger", "major", "especially_major")  # 一般/较大/重大/特别重大
CREDIT_LISTS = ("abnormal_operations", "serious_dishonesty", "unrepaired_bad_credit")
VIOLATION_CATEGORIES = ("law", "discipline", "quality_inspection", "service_quality")
MANAGEMENT_MEASURES = ("management_system", "excellence_model")
THRESHOLD_BASES = ("members", "present")


def _fail(source: str, entry: str, problem: str, **params: Any) -> ProgrammeError:
    return ProgrammeError(source, entry, problem, **params)


# --- the programme -----------------------------------------------------------------------------

_TOP = {"schema", "id", "name_zh", "name_en", "name_mn", "region_zh", "award_cite", "fees_zh",
        "notes_zh", "document", "cycle", "awards", "validity_years", "validity_cite",
        "reapplication", "stages", "notices", "committee", "team", "conditions", "revocations",
        "backfill", "repeat_winners", "recusal_cite", "secrets_cite", "supervision_feedback_cite",
        "disqualification_cite"}


def parse_programme(data: Mapping[str, Any], source: str) -> Programme:
    top = FieldTable(data, source, "", _TOP)
    schema = data.get("schema")
    if schema != SCHEMA:
        raise top.fail("schema", N_("expected '{expected}', found '{found}'"),
                       expected=SCHEMA, found=schema if schema is not None else "")
    document = _document(top)
    number = document.number

    def cite(table: FieldTable, key: str) -> Citation:
        if not table.has(key):
            raise table.fail(key, N_("missing required field"))
        return _citation(table, key, number)

    def opt_cite(table: FieldTable, key: str) -> Citation | None:
        return _citation(table, key, number) if table.has(key) else None

    stages = _stages(top, cite)
    stage_ids = {s.id for s in stages}
    notices = _notices(top, cite, stage_ids)
    revocations = _revocations(top, opt_cite)
    validity_years = top.opt_int("validity_years", 1)
    validity_cite = opt_cite(top, "validity_cite")
    if (validity_years is None) != (validity_cite is None):
        raise top.fail("validity_cite", N_("validity_years and validity_cite go together"))
    programme = Programme(
        id=top.ident("id"),
        name_zh=top.text("name_zh"),
        name_en=top.text("name_en"),
        name_mn=top.opt_mongolian("name_mn"),
        document=document,
        region_zh=top.text("region_zh"),
        cycle=_cycle(top, cite),
        awards=_awards(top, cite, opt_cite),
        stages=stages,
        notices=notices,
        committee=_committee(top, cite),
        team=_team(top, opt_cite),
        conditions=_conditions(top, cite),
        validity_years=validity_years,
        validity_cite=validity_cite,
        reapplication=_reapplication(top, opt_cite),
        revocation=next((r for r in revocations if r.ban_years), revocations[0])
        if revocations else None,
        revocations=revocations,
        backfill=_backfill(top, cite),
        repeat_winners=_repeat_winners(top, cite),
        recusal_cite=opt_cite(top, "recusal_cite"),
        secrets_cite=opt_cite(top, "secrets_cite"),
        supervision_feedback_cite=opt_cite(top, "supervision_feedback_cite"),
        fees_zh=top.opt_text("fees_zh"),
        notes_zh=top.texts("notes_zh"),
        award_cite=opt_cite(top, "award_cite"),
        disqualification_cite=opt_cite(top, "disqualification_cite"),
    )
    _check_rules_against(top, programme)
    return programme


def _citation(table: FieldTable, key: str, number: str) -> Citation:
    """A citation: "第十七条（三）" (this document) or {document = "…", article = "…"}."""
    raw = table.raw(key)
    if isinstance(raw, str):
        article = table.text(key)
        document = number
    else:
        sub = table.child(raw, table.path(key), {"document", "article"})
        article, document = sub.text("article"), sub.text("document")
    if not article.startswith("第"):
        raise table.fail(key, N_("'{value}' is not an article: write it as 第X条"), value=article)
    return Citation(document, article)


def _document(top: FieldTable) -> Document:
    doc = top.sub("document", {"title_zh", "number", "issuer_zh", "issued", "effective",
                               "expires", "supersedes", "amended", "term_years", "term_cite"})
    if doc is None:
        raise top.fail("document", N_("missing required field"))
    number = doc.text("number")
    issued = doc.day("issued")
    effective, expires = doc.opt_day("effective"), doc.opt_day("expires")
    if effective and effective < issued:
        raise doc.fail("effective", N_("comes before the issue date {date}"), date=issued)
    if expires and expires <= (effective or issued):
        raise doc.fail("expires", N_("must come after the date the document takes effect"))
    term_years = doc.opt_int("term_years", 1)
    if term_years is not None and not doc.has("term_cite"):
        raise doc.fail("term_cite", N_("missing required field"))
    return Document(
        title_zh=doc.text("title_zh"), number=number, issuer_zh=doc.text("issuer_zh"),
        issued=issued, effective=effective, expires=expires,
        supersedes=doc.opt_text("supersedes"), amended=doc.opt_day("amended"),
        term_years=term_years,
        term_cite=_citation(doc, "term_cite", number) if doc.has("term_cite") else None,
    )


def _cycle(top: FieldTable, cite: Any) -> Cycle:
    table = top.sub("cycle", {"kind", "years", "cite"})
    if table is None:
        raise top.fail("cycle", N_("missing required field"))
    kind = CycleKind(table.choice("kind", tuple(k.value for k in CycleKind)))
    years = table.opt_int("years", 1)
    expected = {CycleKind.ANNUAL: 1, CycleKind.BIENNIAL: 2, CycleKind.AS_DECIDED: None}[kind]
    if table.has("years") and years != expected:
        raise table.fail("years", N_("a {kind} cycle cannot last {years} years"),
                         kind=kind.value, years=years)
    return Cycle(kind, cite(table, "cite"), expected)


def _awards(top: FieldTable, cite: Any, opt_cite: Any) -> tuple[AwardCategory, ...]:
    allowed = {"id", "kind", "name_zh", "name_en", "name_mn", "quota", "quota_exact",
               "vacancy_allowed",
               "vacancy_cite", "prize", "prize_yuan", "prize_cite", "repeat_winner_prize",
               "repeat_winner_cite", "cite"}
    out: list[AwardCategory] = []
    for entry, raw in top.tables("awards"):
        t = top.child(raw, entry, allowed)
        award_id = t.ident("id")
        t = top.child(raw, f"awards.{award_id}", allowed)
        if any(a.id == award_id for a in out):
            raise t.fail("id", N_("duplicate id '{id}'"), id=award_id)
        quota = t.opt_int("quota", 1)
        exact = t.flag("quota_exact", False)
        if exact and quota is None:
            raise t.fail("quota_exact", N_("an exact quota needs a quota"))
        if t.has("prize_yuan") and not t.has("prize"):
            raise t.fail("prize", N_("give the prize as the document words it"))
        out.append(AwardCategory(
            id=award_id, kind=AwardKind(t.choice("kind", tuple(k.value for k in AwardKind))),
            name_zh=t.text("name_zh"), name_en=t.text("name_en"), cite=cite(t, "cite"),
            quota=quota, quota_exact=exact, vacancy_allowed=t.opt_flag("vacancy_allowed"),
            vacancy_cite=opt_cite(t, "vacancy_cite"), prize=t.opt_text("prize"),
            prize_yuan=t.opt_int("prize_yuan", 0), prize_cite=opt_cite(t, "prize_cite"),
            repeat_winner_prize=t.opt_flag("repeat_winner_prize"),
            repeat_winner_cite=opt_cite(t, "repeat_winner_cite"),
            name_mn=t.opt_mongolian("name_mn"),
        ))
    return tuple(out)


def _stages(top: FieldTable, cite: Any) -> tuple[Stage, ...]:
    allowed = {"id", "kind", "name_zh", "name_en", "name_mn", "form", "scored", "cite",
               "combines"}
    out: list[Stage] = []
    for entry, raw in top.tables("stages"):
        stage_id = top.child(raw, entry, allowed).ident("id")
        t = top.child(raw, f"stages.{stage_id}", allowed)
        if any(s.id == stage_id for s in out):
            raise t.fail("id", N_("duplicate id '{id}'"), id=stage_id)
        kind = StageKind(t.choice("kind", tuple(k.value for k in StageKind)))
        form, office = _form(t)
        scored = t.flag("scored", form.kind is not FormKind.NONE)
        if scored != (form.kind is not FormKind.NONE):
            raise t.fail("scored", N_("a scored stage needs a form and an unscored one none"))
        out.append(Stage(stage_id, kind, t.text("name_zh"), t.text("name_en"), form,
                         cite(t, "cite"), scored, office, t.opt_mongolian("name_mn"),
                         _combines(t, kind, out)))
    return tuple(out)


def _combines(t: FieldTable, kind: StageKind, before: list[Stage]) -> tuple[str, ...]:
    """A comprehensive stage names the scored stages (before it) its score comes from."""
    if kind is not StageKind.COMPREHENSIVE:
        if t.has("combines"):
            raise t.fail("combines", N_("only a comprehensive stage combines stages"))
        return ()
    combines = t.texts("combines")
    if not combines:
        raise t.fail("combines", N_("missing required field"))
    scored = [s.id for s in before if s.scored]
    bad = [c for c in combines if c not in scored]
    if bad or len(set(combines)) != len(combines):
        raise t.fail("combines", N_("must list scored stages before it (stages: {stages})"),
                     stages=", ".join(scored))
    return combines


def _form(stage: FieldTable) -> tuple[StageForm, bool]:
    t = stage.sub("form", {"kind", "framework", "max_points", "step", "office_setting"})
    if t is None:
        return StageForm(FormKind.NONE), False
    kind = FormKind(t.choice("kind", tuple(k.value for k in FormKind)))
    office = t.flag("office_setting", False)
    if kind is FormKind.ITEMS:
        for key in ("max_points", "step"):
            if t.has(key):
                raise t.fail(key, N_("an items form takes its points from the framework"))
        return StageForm(kind, framework_id=t.text("framework")), office
    if kind is FormKind.PANEL_SCORE:
        if t.has("framework"):
            raise t.fail("framework", N_("a panel score uses no framework"))
        max_points = _decimal(t, "max_points", required=True)
        step = _decimal(t, "step", required=False)
        assert max_points is not None
        return StageForm(kind, max_points=max_points, step=step), office
    for key in ("framework", "max_points", "step"):
        if t.has(key):
            raise t.fail(key, N_("a stage without a score takes no '{field}'"), field=key)
    return StageForm(kind), office


def _decimal(t: FieldTable, key: str, required: bool) -> Decimal | None:
    if not t.has(key):
        if required:
            raise t.fail(key, N_("missing required field"))
        return None
    raw = t.raw(key)
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise InvalidOperation
        value = Decimal(str(raw))
    except InvalidOperation:
        raise t.fail(key, N_("'{value}' is not a number (write decimals as text: \"0.5\")"),
                     value=raw) from None
    if not value.is_finite() or value <= 0:
        raise t.fail(key, N_("must be a positive number"))
    return value


def _notices(top: FieldTable, cite: Any, stage_ids: set[str]) -> tuple[Notice, ...]:
    allowed = {"id", "after", "working_days", "count", "by_zh", "cite"}
    out: list[Notice] = []
    for entry, raw in top.tables("notices", required=False):
        notice_id = top.child(raw, entry, allowed).ident("id")
        t = top.child(raw, f"notices.{notice_id}", allowed)
        if any(n.id == notice_id for n in out):
            raise t.fail("id", N_("duplicate id '{id}'"), id=notice_id)
        after = t.text("after")
        if after not in stage_ids:
            raise t.fail("after", N_("no stage '{stage}' (stages: {stages})"), stage=after,
                         stages=", ".join(sorted(stage_ids)))
        out.append(Notice(notice_id, after, t.integer("working_days", 1),
                          NoticeCount(t.choice("count", tuple(c.value for c in NoticeCount))),
                          t.text("by_zh"), cite(t, "cite")))
    return tuple(out)


def _threshold(parent: FieldTable, key: str) -> Threshold | None:
    t = parent.sub(key, {"fraction", "of", "inclusive"})
    if t is None:
        return None
    fraction = parse_fraction(t.text("fraction"))
    if fraction is None:
        raise t.fail("fraction", N_("'{value}' is not a fraction like \"2/3\" (0 < share ≤ 1)"),
                     value=t.raw("fraction"))
    return Threshold(fraction, t.choice("of", THRESHOLD_BASES), t.flag("inclusive", True))


def _committee(top: FieldTable, cite: Any) -> Committee | None:
    t = top.sub("committee", {"body_zh", "cite", "quorum", "pass_threshold", "limited_voting",
                              "rank_by_votes", "abstentions_count"})
    if t is None:
        return None
    return Committee(t.text("body_zh"), cite(t, "cite"), _threshold(t, "quorum"),
                     _threshold(t, "pass_threshold"), t.opt_flag("limited_voting"),
                     t.opt_flag("rank_by_votes"), t.opt_flag("abstentions_count"))


def _team(top: FieldTable, opt_cite: Any) -> Team | None:
    t = top.sub("team", {"min_size", "max_size", "leader", "by_industry", "cite"})
    if t is None:
        return None
    low, high = t.opt_int("min_size", 1), t.opt_int("max_size", 1)
    if low is not None and high is not None and high < low:
        raise t.fail("max_size", N_("is smaller than min_size {low}"), low=low)
    return Team(low, high, t.opt_flag("leader"), t.opt_flag("by_industry"), opt_cite(t, "cite"))


def _reapplication(top: FieldTable, opt_cite: Any) -> Reapplication | None:
    t = top.sub("reapplication", {"interval_cycles", "interval_years", "exclusive", "cite",
                                  "text_zh"})
    if t is None:
        return None
    cycles, years = t.opt_int("interval_cycles", 1), t.opt_int("interval_years", 1)
    if cycles is None and years is None:
        raise t.fail("interval_cycles", N_("give interval_cycles or interval_years"))
    if not t.has("cite"):
        raise t.fail("cite", N_("missing required field"))
    return Reapplication(cycles, years, opt_cite(t, "cite"), t.flag("exclusive", False),
                         t.opt_text("text_zh"))


def _revocations(top: FieldTable, opt_cite: Any) -> tuple[Revocation, ...]:
    allowed = {"id", "kind", "grounds_zh", "ban_years", "within_years_of_award", "cite"}
    out: list[Revocation] = []
    for entry, raw in top.tables("revocations", required=False):
        rev_id = top.child(raw, entry, allowed).ident("id")
        t = top.child(raw, f"revocations.{rev_id}", allowed)
        if any(r.id == rev_id for r in out):
            raise t.fail("id", N_("duplicate id '{id}'"), id=rev_id)
        grounds = t.texts("grounds_zh")
        if not grounds:
            raise t.fail("grounds_zh", N_("missing required field"))
        if not t.has("cite"):
            raise t.fail("cite", N_("missing required field"))
        out.append(Revocation(grounds, t.opt_int("ban_years", 1),
                              t.opt_int("within_years_of_award", 1), opt_cite(t, "cite"),
                              rev_id, RevocationKind(t.choice(
                                  "kind", tuple(k.value for k in RevocationKind)))))
    return tuple(out)


def _backfill(top: FieldTable, cite: Any) -> Backfill | None:
    t = top.sub("backfill", {"allowed", "cite"})
    if t is None:
        return None
    allowed = t.opt_flag("allowed")
    if allowed is None:
        raise t.fail("allowed", N_("missing required field"))
    return Backfill(allowed, cite(t, "cite"))


def _repeat_winners(top: FieldTable, cite: Any) -> RepeatWinners | None:
    t = top.sub("repeat_winners", {"outside_quota", "prize", "cite"})
    if t is None:
        return None
    outside, prize = t.opt_flag("outside_quota"), t.opt_flag("prize")
    if outside is None or prize is None:
        raise t.fail("outside_quota" if outside is None else "prize",
                     N_("missing required field"))
    return RepeatWinners(outside, prize, cite(t, "cite"))


# --- eligibility rules -------------------------------------------------------------------------

# Per rule kind: parameter → (type, required). "texts" is a list of texts, "choices:x" a list of
# values from a fixed set.
_P = tuple[str, bool]
_PARAMS: dict[RuleKind, dict[str, _P]] = {
    RuleKind.REGISTERED_IN_REGION: {"region": ("text", False), "aliases": ("texts", False)},
    RuleKind.LEGAL_PERSON: {},
    RuleKind.MIN_YEARS_OPERATING: {"years": ("int", True), "in_region": ("bool", False)},
    RuleKind.MIN_YEARS_MANAGEMENT_SYSTEM: {"years": ("int", True),
                                           "measure": ("measure", True)},
    RuleKind.SELF_ASSESSMENT_YEARS: {"years": ("int", True)},
    RuleKind.NO_INCIDENTS: {"within_years": ("int", True), "types": ("types", True),
                            "min_severity": ("severity", True),
                            "responsibility_only": ("bool", False),
                            "subject": ("subject", False),
                            "only_if_top_manager": ("bool", False)},
    RuleKind.CREDIT_CLEAN: {"lists": ("lists", True), "within_years": ("int", False)},
    RuleKind.NO_VIOLATIONS: {"within_years": ("int", True), "categories": ("categories", True),
                             "serious_only": ("bool", False)},
    RuleKind.NO_AWARD_FRAUD: {"within_years": ("int", True),
                              "this_programme_only": ("bool", False)},
    RuleKind.TAX_COMPLIANT: {"within_years": ("int", False), "serious_only": ("bool", False)},
    RuleKind.LICENCES_HELD: {},
    RuleKind.POLICY_COMPLIANT: {},
    RuleKind.NO_OPERATING_LOSS: {"years": ("int", True), "for_profit_only": ("bool", False)},
    RuleKind.INDUSTRY_STANDING: {"scope_zh": ("text", True), "top_n": ("int", False),
                                 "for_profit_only": ("bool", False)},
    RuleKind.MIN_YEARS_QUALITY_WORK: {"years": ("int", True), "in_region": ("bool", False)},
    RuleKind.REAPPLICATION_INTERVAL: {},
    RuleKind.REVOCATION_BAN: {},
    RuleKind.STILL_VALID_AWARD: {"programmes": ("texts", True)},
    RuleKind.EVIDENCE: {"only_if_top_manager": ("bool", False)},
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "types": INCIDENT_TYPES, "lists": CREDIT_LISTS, "categories": VIOLATION_CATEGORIES,
}


def _params(t: FieldTable, kind: RuleKind) -> dict[str, Any]:
    spec = _PARAMS[kind]
    p = t.sub("params", set(spec))
    if p is None:
        p = t.child({}, t.path("params"), set(spec))
    out: dict[str, Any] = {}
    for key, (typ, required) in spec.items():
        if not p.has(key):
            if required:
                raise p.fail(key, N_("missing required field"))
            continue
        if typ == "int":
            out[key] = p.integer(key, 1)
        elif typ == "bool":
            out[key] = p.opt_flag(key)
        elif typ == "text":
            out[key] = p.text(key)
        elif typ == "texts":
            out[key] = p.texts(key)
        elif typ == "measure":
            out[key] = p.choice(key, MANAGEMENT_MEASURES)
        elif typ == "severity":
            out[key] = p.choice(key, SEVERITIES)
        elif typ == "subject":
            out[key] = p.choice(key, ("applicant", "employer"))
        else:  # a list of values from a fixed set
            values = p.texts(key)
            bad = [v for v in values if v not in _CHOICES[typ]]
            if not values or bad:
                raise p.fail(key, N_("must list values from: {choices}"),
                             choices=", ".join(_CHOICES[typ]))
            out[key] = values
    return out


def _conditions(top: FieldTable, cite: Any) -> tuple[Rule, ...]:
    allowed = {"id", "kind", "text_zh", "cite", "applies_to", "exclusion", "params"}
    out: list[Rule] = []
    for entry, raw in top.tables("conditions", required=False):
        rule_id = top.child(raw, entry, allowed).ident("id")
        t = top.child(raw, f"conditions.{rule_id}", allowed)
        if any(r.id == rule_id for r in out):
            raise t.fail("id", N_("duplicate id '{id}'"), id=rule_id)
        kind = RuleKind(t.choice("kind", tuple(k.value for k in RuleKind)))
        applies = Applicability(t.choice("applies_to", tuple(a.value for a in Applicability))) \
            if t.has("applies_to") else Applicability.ORGANISATION
        out.append(Rule(rule_id, kind, t.text("text_zh"), cite(t, "cite"), applies,
                        t.flag("exclusion", False), _params(t, kind)))
    return tuple(out)


def _check_rules_against(top: FieldTable, p: Programme) -> None:
    """Cross-checks: rules that need a part of the programme the file does not define."""
    for rule in p.conditions:
        entry = f"conditions.{rule.id}"
        if rule.kind is RuleKind.REAPPLICATION_INTERVAL and p.reapplication is None:
            raise _fail(top.source, entry, N_("a reapplication_interval rule needs the "
                                              "[reapplication] table"))
        if rule.kind is RuleKind.REVOCATION_BAN and not any(r.ban_years for r in p.revocations):
            raise _fail(top.source, entry, N_("a revocation_ban rule needs a revocation with "
                                              "ban_years"))
    if p.repeat_winners and p.validity_years is None:
        raise top.fail("repeat_winners", N_("repeat winners need validity_years"))

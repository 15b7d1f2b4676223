"""Applicants: organisations and individuals, their materials and declared secrets, award history.

A credit code is checked (GB 32100-2015) before anything is stored. Award history (winners by
year, revocations) gives findings against the programme's validity period, re-application
interval and bans; they are shown with the applicant and fed to the eligibility evaluation:
``eligibility.facts_with_history`` adds the applicant's recorded awards (any programme,
matched by credit code, else by exact name) to the facts' ``prior_awards`` before evaluating,
and recording an award re-evaluates the applicants it matches. The same history names the
repeat winners a ranking places outside the quota (``repeat_winners``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import credit_code
from desktop.domain.conflicts import normalise_org_name
from desktop.domain.errors import FactsError, InputRejected, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import AwardKind, Programme, RuleKind
from desktop.models.office.people import (
    Applicant,
    AwardRecord,
    DeclaredSecret,
    Eligibility,
    Material,
)
from desktop.models.office.setup import Cycle
from desktop.services.files import read_data_file
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.eligibility import store_facts
from desktop.services.office.results import ApplicantView, AwardRecordView
from desktop.services.office.workspace import Workspace

KINDS = ("organisation", "individual")
SECRET_KINDS = ("trade", "technical")


@dataclass(frozen=True)
class SecretInput:
    kind: str
    passage: str


@dataclass(frozen=True)
class MaterialInput:
    title: str
    body: str
    secrets: tuple[SecretInput, ...] = ()


@dataclass(frozen=True)
class ApplicantInput:
    name: str
    award_id: str
    kind: str = "organisation"
    credit_code: str | None = None
    region: str = ""
    industry: str = ""
    size: str = ""
    employer: str | None = None
    materials: tuple[MaterialInput, ...] = ()
    facts: dict[str, Any] | None = None


def _check(p: Programme, item: ApplicantInput) -> str | None:
    if item.kind not in KINDS:
        raise InputRejected(Msg(N_("Applicant kind must be organisation or individual, not "
                                   "'{kind}'"), {"kind": item.kind}))
    award = p.award(item.award_id)
    individual = award.kind is AwardKind.INDIVIDUAL
    if individual != (item.kind == "individual"):
        raise RuleViolation(Msg(N_("Award category {award} of {programme} is for {expected} "
                                   "applicants ({cite})"),
                                {"award": award.id, "programme": p.id,
                                 "expected": "individual" if individual else "organisation",
                                 "cite": str(award.cite)}))
    if not item.name.strip():
        raise InputRejected(Msg(N_("The applicant's name is empty")))
    if item.kind == "organisation":
        if not item.credit_code:
            raise InputRejected(Msg(N_("An organisation needs its unified social credit code")))
        return credit_code.validate(item.credit_code)
    return credit_code.validate(item.credit_code) if item.credit_code else None


def _add(s: Session, cycle: Cycle, p: Programme, item: ApplicantInput) -> Applicant:
    code = _check(p, item)
    if code is not None and item.kind == "organisation":
        dup = s.execute(select(Applicant.ref).where(
            Applicant.cycle_id == cycle.id, Applicant.credit_code == code,
            Applicant.kind == "organisation")).scalar_one_or_none()
        if dup is not None:
            raise InputRejected(Msg(N_("An organisation with credit code {code} is already "
                                       "applicant {ref}"), {"code": code, "ref": dup}))
    count = s.execute(select(func.count()).select_from(Applicant)
                      .where(Applicant.cycle_id == cycle.id)).scalar_one()
    row = Applicant(cycle_id=cycle.id, ref=f"A{count + 1:03d}", kind=item.kind,
                    award_id=item.award_id, name=item.name.strip(),
                    name_key=normalise_org_name(item.name), credit_code=code,
                    employer=item.employer, region=item.region, industry=item.industry,
                    size=item.size)
    s.add(row)
    s.flush()
    for m in item.materials:
        _add_material(s, row, m)
    if item.facts is not None:
        store_facts(s, cycle, p, row, item.facts)
    return row


def _add_material(s: Session, applicant: Applicant, m: MaterialInput) -> Material:
    if not m.title.strip():
        raise InputRejected(Msg(N_("A material needs a title")))
    mat = Material(applicant_id=applicant.id, title=m.title.strip(), body=m.body)
    s.add(mat)
    s.flush()
    for sec in m.secrets:
        if sec.kind not in SECRET_KINDS:
            raise InputRejected(Msg(N_("A declared secret is 'trade' or 'technical', not "
                                       "'{kind}'"), {"kind": sec.kind}))
        if len(sec.passage.strip()) < 2 or sec.passage not in m.body:
            raise InputRejected(Msg(N_("The declared secret passage does not occur in the "
                                       "material '{title}'"), {"title": m.title}))
        s.add(DeclaredSecret(material_id=mat.id, kind=sec.kind, passage=sec.passage))
    return mat


def add_applicant(ws: Workspace, item: ApplicantInput,
                  cycle_ref: str | None = None) -> Done[ApplicantView]:
    """Store one applicant (with its materials and eligibility facts, if given)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = _add(s, cycle, programme_of(cycle.programme_id), item)
        log(s, cycle, "applicant.add", ref=row.ref)
        return Done(applicant_view(s, cycle, row), _added([item]))


def _added(items: Sequence[ApplicantInput]) -> OfficeChanges:
    """What storing ``items`` changed: the applicants, and their materials if any came."""
    return OfficeChanges(applicants=True, materials=any(i.materials for i in items))


def import_applicants(ws: Workspace, path: Path, cycle_ref: str | None = None
                      ) -> Done[list[ApplicantView]]:
    """Import every applicant of a TOML/JSON file; all or none (one unit of work)."""
    items = parse_import(read_data_file(path, FactsError), str(path))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        rows = [_add(s, cycle, p, item) for item in items]
        log(s, cycle, "applicant.import", file=path.name, count=len(rows))
        return Done([applicant_view(s, cycle, r) for r in rows], _added(items))


def parse_import(data: dict[str, Any], source: str) -> list[ApplicantInput]:
    entries = data.get("applicants")
    if not isinstance(entries, list) or not entries:
        raise FactsError(source, "applicants", N_("a non-empty list of applicants is required"))
    out = []
    for i, e in enumerate(entries):
        where = f"applicants[{i}]"
        if not isinstance(e, dict):
            raise FactsError(source, where, N_("not a table"))
        unknown = set(e) - {"name", "award", "kind", "credit_code", "region", "industry",
                            "size", "employer", "materials", "facts"}
        if unknown:
            raise FactsError(source, where, N_("unknown fields: {fields}"),
                             fields=", ".join(sorted(unknown)))
        try:
            mats = tuple(MaterialInput(str(m["title"]), str(m["body"]), tuple(
                SecretInput(str(x["kind"]), str(x["passage"])) for x in m.get("secrets", [])))
                for m in e.get("materials", []))
            out.append(ApplicantInput(
                name=str(e["name"]), award_id=str(e["award"]), kind=str(e.get("kind",
                                                                              "organisation")),
                credit_code=e.get("credit_code"), region=str(e.get("region", "")),
                industry=str(e.get("industry", "")), size=str(e.get("size", "")),
                employer=e.get("employer"), materials=mats, facts=e.get("facts")))
        except (KeyError, TypeError, AttributeError) as exc:
            raise FactsError(source, where, N_("missing or malformed field {field}"),
                             field=str(exc)) from None
    return out


def applicant_view(s: Session, cycle: Cycle, row: Applicant) -> ApplicantView:
    p = programme_of(cycle.programme_id)
    mats = list(s.execute(select(Material).where(Material.applicant_id == row.id)).scalars())
    secrets = 0
    for m in mats:
        secrets += len(list(s.execute(select(DeclaredSecret.id)
                                      .where(DeclaredSecret.material_id == m.id)).scalars()))
    history = history_findings(p, _records(s, p.id, row), cycle.number, cycle.opened_on)
    return ApplicantView(ref=row.ref, id=str(row.id), kind=row.kind, award_id=row.award_id,
                         name=row.name, credit_code=row.credit_code, region=row.region,
                         industry=row.industry, size=row.size, materials=len(mats),
                         declared_secrets=secrets, history=tuple(history),
                         cycle=cycle_code(cycle), programme=p)


def list_applicants(ws: Workspace, cycle_ref: str | None = None) -> list[ApplicantView]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(select(Applicant).where(Applicant.cycle_id == cycle.id)
                         .order_by(Applicant.ref)).scalars()
        return [applicant_view(s, cycle, r) for r in rows]


# --- award history ----------------------------------------------------------------------------


def add_award_record(ws: Workspace, *, programme_id: str, award_id: str, name: str,
                     credit_code_text: str | None, year: int, cycle_number: int | None = None,
                     revoked_on: date | None = None, reason: str | None = None,
                     fraud: bool = False) -> Done[AwardRecordView]:
    """Record an award of an earlier year; the applicants it matches are re-evaluated."""
    p = programme_of(programme_id)
    p.award(award_id)
    code = credit_code.validate(credit_code_text) if credit_code_text else None
    with ws.uow() as s:
        row = AwardRecord(programme_id=programme_id, award_id=award_id, name=name,
                          credit_code=code, year=year, cycle_number=cycle_number,
                          revoked_on=revoked_on, revocation_reason=reason, fraud=fraud)
        s.add(row)
        s.flush()
        again = reevaluate_for(s, row)
        log(s, None, "award_history.add", programme=programme_id, year=year,
            revoked=revoked_on is not None, reevaluated=len(again))
        return Done(AwardRecordView(id=str(row.id), programme_id=programme_id,
                                    award_id=award_id, name=name, credit_code=code, year=year,
                                    revoked_on=revoked_on, reevaluated=tuple(again), programme=p),
                    OfficeChanges(applicants=True))


def reevaluate_for(s: Session, record: AwardRecord) -> list[str]:
    """Re-evaluate the stored eligibility of every applicant the record matches (any cycle)."""
    q = select(Applicant).join(Eligibility, Eligibility.applicant_id == Applicant.id)
    q = q.where(Applicant.credit_code == record.credit_code) if record.credit_code else \
        q.where(Applicant.name == record.name)
    done = []
    for app in s.execute(q.order_by(Applicant.ref)).scalars().all():
        cycle = s.get_one(Cycle, app.cycle_id)
        facts = s.get_one(Eligibility, app.id).facts_json
        store_facts(s, cycle, programme_of(cycle.programme_id), app, json.loads(facts))
        done.append(app.ref)
    return done


def counted_programmes(p: Programme) -> set[str]:
    """Programmes whose awards make a repeat winner here: those the programme's still-valid rule
    lists (高新区 第四条: 自治区主席质量奖、包头市政府质量奖、高新质量奖), else its own."""
    out: set[str] = set()
    for rule in p.conditions:
        if rule.kind is RuleKind.STILL_VALID_AWARD:
            out.update(str(x) for x in rule.params.get("programmes", ()))
    return out or {p.id}


def repeat_winners(s: Session, cycle: Cycle, apps: Iterable[Applicant]) -> set[str]:
    """Applicant ids with an unrevoked award of a counted programme from an earlier year, where
    the programme places repeat winners outside the quota (empty otherwise)."""
    p = programme_of(cycle.programme_id)
    if p.repeat_winners is None:
        return set()
    codes, names = set(), set()
    for r in s.execute(select(AwardRecord).where(
            AwardRecord.programme_id.in_(sorted(counted_programmes(p))),
            AwardRecord.revoked_on.is_(None),
            AwardRecord.year < cycle.opened_on.year)).scalars():
        if r.credit_code:
            codes.add(r.credit_code)
        else:
            names.add(r.name)
    return {str(a.id) for a in apps if a.credit_code in codes or a.name in names}


def _records(s: Session, programme_id: str, row: Applicant) -> list[AwardRecord]:
    q = select(AwardRecord).where(AwardRecord.programme_id == programme_id)
    if row.credit_code:
        q = q.where(AwardRecord.credit_code == row.credit_code)
    else:
        q = q.where(AwardRecord.name == row.name)
    return list(s.execute(q).scalars())


def history_findings(p: Programme, records: Sequence[AwardRecord] | Iterable[AwardRecord],
                     cycle_number: int, today: date) -> list[Msg]:
    """What the award history says about applying now: validity, interval, bans."""
    out: list[Msg] = []
    years = p.cycle.years or 1
    for r in records:
        if r.revoked_on is not None:
            ban = p.revocation.ban_years if p.revocation else None
            if ban and today.year - r.revoked_on.year < ban:
                out.append(Msg(N_("award of {year} revoked on {date}: no application is accepted "
                                  "for {ban} years ({cite})"),
                               {"year": r.year, "date": r.revoked_on, "ban": ban,
                                "cite": str(p.revocation.cite) if p.revocation and
                                p.revocation.cite else "-"}))
            continue
        if p.validity_years and today.year - r.year < p.validity_years:
            out.append(Msg(N_("won in {year}; the award is valid for {valid} years ({cite})"),
                           {"year": r.year, "valid": p.validity_years,
                            "cite": str(p.validity_cite) if p.validity_cite else "-"}))
        re = p.reapplication
        if re is not None and re.interval_cycles:
            won_cycle = r.cycle_number or r.year
            gap = (cycle_number - won_cycle) // years if cycle_number > 1900 else \
                cycle_number - won_cycle
            if gap <= re.interval_cycles:
                out.append(Msg(N_("won in {year}: re-application only after {n} cycles ({cite})"),
                               {"year": r.year, "n": re.interval_cycles,
                                "cite": str(re.cite) if re.cite else "-"}))
    return out

"""Applicant facts: strict parsing into typed values; malformed facts name the file and field."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.errors import FactsError
from desktop.domain.facts import (
    ApplicantKind,
    IncidentType,
    Severity,
    full_years,
    parse_facts,
)
from desktop.domain.programmes import RevocationKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples" / "facts"
DATA = ROOT / "tests" / "data"


def read(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return result
    with path.open("rb") as fh:
        return tomllib.load(fh)


def base(**extra: Any) -> dict[str, Any]:
    return {"schema": "scorebook.facts/1", "name": "甲公司", "kind": "organisation", **extra}


def test_example_organisation_parses_into_typed_values() -> None:
    path = EXAMPLES / "eligible-organisation.toml"
    f = parse_facts(read(path), str(path))
    assert f.kind is ApplicantKind.ORGANISATION and f.as_of == date(2025, 10, 15)
    assert f.region == ("内蒙古自治区", "包头市", "包头稀土高新区")
    assert f.founded == date(2012, 4, 1) and f.years_in_operation(date(2025, 10, 15)) == 13
    assert f.incidents == () and f.prior_awards == ()
    assert f.credit.serious_dishonesty is False
    assert f.operating_results == {2022: False, 2023: False, 2024: False}
    assert f.industry and f.industry.rank == 2
    assert "management-quality" in f.evidence


def test_example_accident_and_individual() -> None:
    path = EXAMPLES / "major-safety-accident.toml"
    f = parse_facts(read(path), str(path))
    assert f.incidents is not None
    (incident,) = f.incidents
    assert incident.type is IncidentType.SAFETY and incident.severity is Severity.MAJOR
    assert incident.on == date(2023, 10, 10) and incident.responsibility is True
    path = EXAMPLES / "individual.toml"
    person = parse_facts(read(path), str(path))
    assert person.kind is ApplicantKind.INDIVIDUAL and person.years_in_quality_work == 12
    assert person.top_manager is False and person.employer_incidents == ()


def test_json_example_and_dates_as_text() -> None:
    path = EXAMPLES / "eligible-organisation.json"
    f = parse_facts(read(path), str(path))
    assert f.as_of == date(2025, 10, 15) and f.prior_awards and f.prior_awards[0].year == 2019


def test_left_out_means_not_stated() -> None:
    f = parse_facts(base(), "x.toml")
    assert f.incidents is None and f.violations is None and f.prior_awards is None
    assert f.legal_person is None and f.credit.abnormal_operations is None
    assert f.years_in_operation(date(2025, 1, 1)) is None


def test_prior_award_with_revocation() -> None:
    f = parse_facts(base(prior_awards=[{"programme": "nmg-chairman", "year": 2021,
                                        "revoked": True, "revoked_on": date(2022, 6, 1),
                                        "revocation_ground": "fraud"}]), "x.toml")
    assert f.prior_awards is not None
    award = f.prior_awards[0]
    assert award.revoked and award.revocation_ground is RevocationKind.FRAUD


def test_severity_order_follows_chinese_grading() -> None:
    ranks = [s.rank for s in (Severity.GENERAL, Severity.LARGER, Severity.MAJOR,
                              Severity.ESPECIALLY_MAJOR)]
    assert ranks == sorted(ranks) and len(set(ranks)) == 4
    assert Severity.LARGER.zh == "较大" and Severity.ESPECIALLY_MAJOR.zh == "特别重大"


def test_full_years() -> None:
    assert full_years(date(2020, 5, 10), date(2025, 5, 9)) == 4
    assert full_years(date(2020, 5, 10), date(2025, 5, 10)) == 5


@pytest.mark.parametrize(("name", "field", "problem"), [
    ("facts-bad-severity.toml", "incidents[0].severity", "'catastrophic' is not one of"),
    ("facts-unknown-field.toml", "years_operatin", "unknown field 'years_operatin'"),
    ("facts-bad-date.json", "incidents[0].date", "'2024-13-01' is not a date"),
    ("facts-missing-kind.toml", "kind", "missing required field"),
    ("facts-organisation-field-on-individual.toml", "legal_person", "unknown field"),
])
def test_malformed_facts_files(name: str, field: str, problem: str) -> None:
    path = DATA / name
    with pytest.raises(FactsError) as info:
        parse_facts(read(path), str(path))
    message = str(info.value)
    assert message.startswith(f"{path}: {field}: "), message
    assert problem in message


@pytest.mark.parametrize(("extra", "field", "problem"), [
    ({"schema": "other"}, "schema", "expected 'scorebook.facts/1'"),
    ({"kind": "company"}, "kind", "not one of"),
    ({"name": ""}, "name", "must not be empty"),
    ({"years_operating": -1}, "years_operating", "at least 0"),
    ({"years_operating": 5, "founded": date(2010, 1, 1)}, "years_operating", "not both"),
    ({"years_operating": 3, "years_operating_in_region": 5}, "years_operating_in_region",
     "exceeds"),
    ({"legal_person": "yes"}, "legal_person", "true or false"),
    ({"incidents": {"date": "2024-01-01"}}, "incidents", "list of tables"),
    ({"incidents": [{"date": date(2024, 1, 1), "type": "fire", "severity": "major"}]},
     "incidents[0].type", "not one of"),
    ({"violations": [{"date": date(2024, 1, 1), "category": "law"}]}, "violations[0].serious",
     "missing required field"),
    ({"operating_results": {"last year": "loss"}}, "operating_results.last year",
     "not a year"),
    ({"operating_results": {"2024": "break-even"}}, "operating_results.2024", "not one of"),
    ({"prior_awards": [{"programme": "nmg-chairman"}]}, "prior_awards[0].year",
     "missing required field"),
    ({"prior_awards": [{"programme": "nmg-chairman", "year": 2021,
                        "revoked_on": date(2022, 1, 1)}]}, "prior_awards[0].revoked_on",
     "revoked is not true"),
    ({"prior_awards": [{"programme": "nmg-chairman", "year": 2021,
                        "awarded_on": date(2020, 1, 1)}]}, "prior_awards[0].awarded_on",
     "not in the award year"),
    ({"credit": {"blacklist": True}}, "credit.blacklist", "unknown field"),
    ({"evidence": {"Industry Standing": "x"}}, "evidence.Industry Standing", "not a rule id"),
    ({"as_of": "yesterday"}, "as_of", "not a date"),
])
def test_malformed_facts_entries(extra: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(FactsError) as info:
        parse_facts(base(**extra), "facts.toml")
    message = str(info.value)
    assert message.startswith(f"facts.toml: {field}: "), message
    assert problem in message

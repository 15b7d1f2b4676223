"""Use case: check an applicant's facts file against a programme (资格审查)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.eligibility import EligibilityReport, evaluate
from desktop.domain.errors import FactsError
from desktop.domain.facts import Facts, parse_facts
from desktop.services.files import read_data_file
from desktop.services.programmes import programme


def load_facts(path: Path | str) -> Facts:
    """Parse a facts file (.toml or .json); ``FactsError`` names the file, field and reason."""
    p = Path(path)
    return parse_facts(read_data_file(p, FactsError), str(p))


def check(programme_id: str, facts_path: Path | str, as_of: date | None = None) -> \
        EligibilityReport:
    """Evaluate every rule; the date is ``as_of``, else the file's ``as_of``, else today."""
    prog = programme(programme_id)
    facts = load_facts(facts_path)
    when = as_of or facts.as_of or date.today()
    return evaluate(prog, facts, when)

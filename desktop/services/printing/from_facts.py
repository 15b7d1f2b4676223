"""The eligibility review form from an applicant's facts file (no workspace needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.eligibility import Outcome
from desktop.domain.redaction import Audience
from desktop.reports.inputs import EligibilityInput, EligibilityRow, Finding, Party
from desktop.reports.labels import Labels
from desktop.services.eligibility import check
from desktop.services.printing.common import Printed, PrintOptions, finish, programme_name
from desktop.services.programmes import programme

_FINDINGS = {Outcome.MET: Finding.MET, Outcome.NOT_MET: Finding.NOT_MET,
             Outcome.NEEDS_EVIDENCE: Finding.UNDETERMINED}


def eligibility(programme_id: str, facts_path: Path, opts: PrintOptions,
                as_of: date | None = None) -> Printed:
    """Evaluate the facts against the programme and print each condition, its citation and
    the finding (the reasons in the document's language)."""
    report = check(programme_id, facts_path, as_of)
    p = programme(programme_id)
    labels = Labels(opts.language)
    rows = tuple(EligibilityRow(f.text_zh or labels("Award category"), str(f.cite),
                                _FINDINGS[f.outcome], f.reason.render(labels))
                 for f in report.findings)
    stage = next((st for st in p.stages if st.kind.value == "eligibility"), None)
    inp = EligibilityInput(programme_name=programme_name(p, labels),
                           cycle=str(report.as_of.year),
                           stage=labels.pick(stage.name_zh, stage.name_en) if stage else "",
                           applicant=Party("", report.applicant), reviewer=None, rows=rows)
    return finish("eligibility", inp, opts, Audience.INTERNAL, "", applicant=report.applicant)

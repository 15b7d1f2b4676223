"""Printing use cases: one function per document, filling the reports' input from its real
source and writing the PDF atomically (``desktop.reports.documents.write``).

From a reviewer's open case file (``services.case.open_case``)::

    case_score_sheet(case, applicant, stage, opts, cycle=None)   # the filled score sheet
    case_blank_sheet(case, applicant, stage, opts, cycle=None)   # headed with both names
    case_feedback(case, applicant, stage, opts, cycle=None)      # bars: the reviewer's median
    case_consensus(case, applicant, stage, opts, cycle=None)     # team leader's case file

From an open office workspace (``services.office.workspace.open_workspace``)::

    office_score_sheet(ws, applicant, stage, reviewer, opts, cycle=None)  # merged scores
    office_blank_sheet(ws, applicant, stage, opts, cycle=None)   # applicant optional
    office_feedback(ws, applicant, stage, opts, cycle=None)      # with the real panel median
    office_consensus(ws, applicant, stage, opts, cycle=None)
    office_eligibility(ws, applicant, opts, cycle=None)          # the stored result
    office_ranking(ws, opts, cycle=None)
    office_ballots(ws, award, opts, copies=None, cycle=None)
    office_minutes(ws, award, opts, cycle=None)
    office_notice(ws, notice_id, opts, cycle=None)

From a facts file: ``facts_eligibility(programme_id, facts_path, opts, as_of=None)``.

Each takes ``PrintOptions(out, audience, recipient, language, generated)`` and returns
``Printed``; bad input raises a typed ``ScorebookError`` before any file is created. External
copies lose every declared passage of the applicant and every reviewer-marked span (and any
comment quoting a declared passage); internal copies carry the recipient's name — by default
the reviewer's (case file) or the office's.
"""

from __future__ import annotations

from desktop.services.printing.common import Printed, PrintOptions, PrintRefused
from desktop.services.printing.from_case import blank_sheet as case_blank_sheet
from desktop.services.printing.from_case import consensus as case_consensus
from desktop.services.printing.from_case import feedback as case_feedback
from desktop.services.printing.from_case import score_sheet as case_score_sheet
from desktop.services.printing.from_facts import eligibility as facts_eligibility
from desktop.services.printing.from_office import ballots as office_ballots
from desktop.services.printing.from_office import blank_sheet as office_blank_sheet
from desktop.services.printing.from_office import consensus as office_consensus
from desktop.services.printing.from_office import eligibility as office_eligibility
from desktop.services.printing.from_office import feedback as office_feedback
from desktop.services.printing.from_office import minutes as office_minutes
from desktop.services.printing.from_office import notice as office_notice
from desktop.services.printing.from_office import ranking as office_ranking
from desktop.services.printing.from_office import score_sheet as office_score_sheet

__all__ = ["PrintOptions", "PrintRefused", "Printed", "case_blank_sheet", "case_consensus",
           "case_feedback", "case_score_sheet", "facts_eligibility", "office_ballots",
           "office_blank_sheet", "office_consensus", "office_eligibility", "office_feedback",
           "office_minutes", "office_notice", "office_ranking", "office_score_sheet"]

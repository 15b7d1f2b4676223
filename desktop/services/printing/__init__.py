"""Printing use cases: each fills the reports' input from its real source, renders the PDF in
memory and writes it atomically (a refused input leaves no file, nor a temporary file).

From an open office workspace (``services.office.workspace.open_workspace``) there is one way
in, for the window's Print page and ``scorebook print … --office`` alike::

    office_document(ws, OfficeRequest(kind, applicant=, stage=, reviewer=, award=, notice=,
                                      copies=, cycle=), opts) -> Rendered   # in memory
    save(rendered, path) -> Printed                      # writes those very bytes
    print_office(ws, request, opts) -> Printed           # both, to opts.out
    preview_pages(rendered.pdf, dpi, before_page)        # PNG per page, drawn in memory
    paper_pages(rendered.pdf, dpi, before_page)          # RGB bitmaps for a printer (paper)
    office_choices(ws) -> OfficeChoices                  # what the workspace can fill now

for the kinds of ``OFFICE_KINDS``: ranking, ballots, minutes, notice, feedback, review-report
(材料评审报告 / 现场评审报告), summary-report (综合评审报告 / 汇总评审报告), consensus,
score-sheet, eligibility, blank-sheet (``default_audience(kind)`` says who each is for). The
feedback report is refused (``FeedbackBlocked``) for an applicant not going on site until its
material review report is final.

From a reviewer's open case file (``services.case.open_case``)::

    case_score_sheet(case, applicant, stage, opts, cycle=None)   # the filled score sheet
    case_blank_sheet(case, applicant, stage, opts, cycle=None)   # headed with both names
    case_feedback(case, applicant, stage, opts, cycle=None)      # bars: the reviewer's median
    case_consensus(case, applicant, stage, opts, cycle=None)     # team leader's case file
    case_consensus_document(case, applicant, stage, opts)        # the same, in memory

With no workspace: ``facts_eligibility(programme_id, facts_path, opts, as_of=None)``,
``programme_blank_sheet(programme_id, stage, opts, cycle=None, applicant="")`` and
``sample(kind, opts)`` (built-in data, ``SAMPLE_KINDS``).

Each takes ``PrintOptions(out, audience, recipient, language, generated)``; bad input raises a
typed ``ScorebookError`` before any file is created. External copies lose every declared
passage of the applicant and every reviewer-marked span (and any comment quoting a declared
passage); internal copies carry the recipient's name — by default the reviewer's (case file)
or the office's.
"""

from __future__ import annotations

from desktop.services.printing.common import (
    Printed,
    PrintOptions,
    PrintRefused,
    Rendered,
    preview_pages,
    save,
)
from desktop.services.printing.from_case import blank_sheet as case_blank_sheet
from desktop.services.printing.from_case import consensus as case_consensus
from desktop.services.printing.from_case import consensus_document as case_consensus_document
from desktop.services.printing.from_case import feedback as case_feedback
from desktop.services.printing.from_case import score_sheet as case_score_sheet
from desktop.services.printing.from_facts import eligibility as facts_eligibility
from desktop.services.printing.from_programme import SAMPLE_KINDS, sample
from desktop.services.printing.from_programme import blank_sheet as programme_blank_sheet
from desktop.services.printing.office import (
    OFFICE_KINDS,
    OfficeChoices,
    OfficeRequest,
    default_audience,
    office_choices,
    office_document,
    print_office,
)
from desktop.services.printing.paper import (
    PaperPage,
    PaperUnavailable,
    page_count,
    page_sizes,
    paper_pages,
)
from desktop.services.printing.review_reports import FeedbackBlocked

__all__ = ["OFFICE_KINDS", "SAMPLE_KINDS", "FeedbackBlocked", "OfficeChoices", "OfficeRequest",
           "PaperPage", "PaperUnavailable", "PrintOptions", "PrintRefused", "Printed", "Rendered",
           "case_blank_sheet", "case_consensus", "case_consensus_document", "case_feedback",
           "case_score_sheet", "default_audience", "facts_eligibility", "office_choices",
           "office_document", "page_count", "page_sizes", "paper_pages", "preview_pages",
           "print_office", "programme_blank_sheet", "sample", "save"]

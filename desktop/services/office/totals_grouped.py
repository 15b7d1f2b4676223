"""The kept sheet totals of a cycle read one row per applicant and stage (issue 26, SQLite).

``totals.reviewer_totals`` reads a row per sheet: 5,000 at office scale (500 applicants × 2
item stages × 5 reviewers), each a tuple of five values the driver makes and the loop unpacks.
Here SQLite joins each applicant's and stage's sheets in its covering index's order
(``group_concat``: reviewer, then its total in hundredths, or nothing where the sheet is not
complete), a fifth of the rows, and the pairs are split and made ``Decimal``s by C loops.

The answer is exactly the per-sheet read's (``tests/services/office/test_ranking_grouped.py``
compares them): the complete sheets' totals by (applicant id, stage) — an applicant and stage
with no complete sheet has no entry — and the incomplete sheets as (the database's text of the
applicant id, reviewer). A reviewer id holding the separator (or anything else that would not
split into one pair per sheet) gives None: the caller reads a row per sheet as before.
A server is left to the per-sheet read (PostgreSQL's ``string_agg`` cost it more than the rows
it saved: bench/README.md, the office re-rank's fifth pass)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import String, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from desktop.models.office.review import SheetTotal
from desktop.models.office.setup import Cycle
from desktop.services.office.id_text import as_text
from desktop.services.office.totals_rows import driver_rows

SEPARATOR = "\x1f"  # the unit separator: no reviewer id has it (one that does: the plain read)

Grouped = tuple[dict[tuple[str, str], dict[str, Decimal]], set[tuple[str, str]]]


class _Exact(dict[str, Decimal]):
    """The text of a total in hundredths -> the total (sheets share totals: one each)."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(int(text)).scaleb(-2)
        return value


def grouped_sheets(s: Session, cycle: Cycle, ids: Mapping[str, str], size: int
                   ) -> Grouped | None:
    """(applicant id, stage) -> reviewer -> total of each complete sheet (``size`` items
    scored), and the incomplete sheets (the database's text of the applicant id, reviewer);
    None where a row does not split into one pair per sheet (the caller reads per sheet)."""
    mark = case((and_(SheetTotal.scored == size, SheetTotal.hundredths.is_not(None)),
                 cast(SheetTotal.hundredths, String)), else_=literal(""))
    sep = literal(SEPARATOR)
    query = select(as_text(SheetTotal.applicant_id), SheetTotal.stage_id,
                   func.group_concat(SheetTotal.reviewer_id.op("||")(sep).op("||")(mark), sep),
                   func.count()).where(SheetTotal.cycle_id == cycle.id).group_by(
        SheetTotal.applicant_id, SheetTotal.stage_id)
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    partial: set[tuple[str, str]] = set()
    exact = _Exact()
    rows = list(driver_rows(s, query))  # a fifth of the sheets: held, all read before a return
    for raw, stage, joined, n in rows:
        parts = joined.split(SEPARATOR) if joined is not None else ()
        if len(parts) != 2 * n:
            return None
        reviewers, marks = parts[0::2], parts[1::2]
        try:
            if "" in marks:  # an incomplete sheet among them
                partial.update((raw, rid) for rid, m in zip(reviewers, marks, strict=True)
                               if not m)
                complete = {rid: exact[m] for rid, m in zip(reviewers, marks, strict=True) if m}
            else:
                complete = dict(zip(reviewers, map(exact.__getitem__, marks), strict=True))
        except ValueError:  # a total not stored as an integer: the per-sheet read decides
            return None
        aid = ids.get(raw)  # None: not an applicant of the cycle
        if complete and aid is not None:
            out[(aid, stage)] = complete
    return out, partial

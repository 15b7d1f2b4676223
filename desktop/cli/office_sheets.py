"""Spreadsheets on the command line (``desktop.services.office.sheets_*``, as in the window):

    scorebook office applicant import FILE.xlsx|FILE.csv [--sheet NAME] [--map HEADER=FIELD]
                                                          [--dry-run]
    scorebook office reviewer import FILE.xlsx|FILE.csv  [--sheet NAME] [--map …] [--dry-run]
    scorebook office export KIND --out FILE.xlsx          (ranking, scores, divergence, …)
    scorebook office template applicants --out FILE.xlsx  [--programme ID]

An import stores every row or none: any problem is printed with its sheet, row and column, and
the exit status is 3. ``--dry-run`` prints what would be imported and stores nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import emit, table, verb
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, current_language, ngettext, render
from desktop.i18n.formatting import join_clauses, label_value

if TYPE_CHECKING:
    from desktop.services.office.results_applicant import EligibilityResults
    from desktop.services.office.sheets_import import SheetImported, SheetPreview
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]
Common = Callable[..., None]

EXPORT_HELP = {"ranking": N_("the comprehensive ranking per award category, the quota line "
                             "drawn"),
               "scores": N_("every reviewer's item scores and comments (secrets removed)"),
               "divergence": N_("item statistics per applicant and stage"),
               "consensus": N_("the teams' consensus per item (secrets removed)"),
               "vote": N_("the latest vote per award category"),
               "notices": N_("the published notices and their dates"),
               "conflicts": N_("the conflicts register")}


def is_sheet(path: Path) -> bool:
    """Whether an import file is a spreadsheet (else TOML or JSON)."""
    from desktop.services.office.sheets_read import SUFFIXES

    return path.suffix.lower() in (*SUFFIXES, ".xls", ".et", ".ods")


def add_import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sheet", metavar="NAME",
                   help=_("a workbook's sheet by name (default: the first)"))
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help=_("read the column with this header (or letter, e.g. C) as FIELD; "
                          "repeatable"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("show what the sheet would import, store nothing"))


def preview_text(pv: SheetPreview) -> str:
    lines = [_("{file}, sheet {sheet}: header in row {row}").format(
        file=pv.file, sheet=pv.sheet, row=pv.header_row)]
    used = [(c.letter, c.header, _(next(f.label for f in pv.fields if f.key == c.field))
             if c.field else _("(not imported)")) for c in pv.columns]
    lines.append(table(used, [_("Column"), _("Header"), _("Field")]))
    lines.append(table([(r.row, *r.values) for r in pv.rows],
                       [_("Row"), *(_(f.label) for f in pv.fields)]))
    lines += [render(p.message()) for p in pv.problems]
    lines.append(ngettext("{count} row can be imported", "{count} rows can be imported",
                          len(pv.rows)).format(count=len(pv.rows)) if pv.ok else
                 _("Nothing would be imported until every problem is corrected."))
    return "\n".join(lines)


def imported_text(done: SheetImported, eligible: EligibilityResults) -> str:
    from desktop.cli import office_text as text
    from desktop.services.office.results import ApplicantView
    from desktop.services.office.results_people import ReviewerDetails

    if done.kind == "applicants":
        return text.applicants_imported([v for v in done.views if isinstance(v, ApplicantView)],
                                        eligible)
    rows = [(v.reviewer, v.name, v.organisation, v.industry, v.contact)
            for v in done.views if isinstance(v, ReviewerDetails)]
    return "\n".join([ngettext("The details of {count} reviewer were updated",
                               "The details of {count} reviewers were updated",
                               done.count).format(count=done.count),
                      table(rows, [_("Reviewer"), _("Name"), _("Unit"), _("Industry"),
                                   _("Contact")])])


def import_work(kind: str) -> Work:
    """``office applicant import`` (a spreadsheet) and ``office reviewer import``; a dry run
    with problems prints them all, then exits 3 as the import would."""

    def work(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
        from desktop.services.office import reads, results_sheets
        from desktop.services.office.results_applicant import EligibilityResults
        from desktop.services.office.sheets_import import parse_mapping, preview
        from desktop.services.office.sheets_read import SheetRejected

        options = {"sheet": args.sheet, "mapping": parse_mapping(args.map, kind),
                   "cycle_ref": args.cycle}
        if args.dry_run:
            pv = preview(ws, kind, args.file, **options)
            data = {"file": pv.file, "sheet": pv.sheet, "header_row": pv.header_row,
                    "columns": pv.columns, "rows": pv.rows,
                    "problems": [p.message() for p in pv.problems], "ok": pv.ok}
            if not pv.ok:
                emit(args, data, lambda: preview_text(pv))
                raise SheetRejected(Msg(N_("The sheet has problems: nothing would be "
                                           "imported")))
            return data, lambda: preview_text(pv)
        done = results_sheets.import_sheet(ws, kind, args.file, **options).result  # as the window
        eligible = reads.eligibility_results(ws, args.cycle) if kind == "applicants" else \
            EligibilityResults()
        data = {"file": done.file, "sheet": done.sheet, "cycle": done.cycle,
                "count": done.count, "imported": list(done.views)}
        return data, lambda: imported_text(done, eligible)
    return work


def _export(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office.sheets_export import export_sheet

    done = export_sheet(ws, args.kind, args.out, language=current_language(),
                        cycle_ref=args.cycle)
    data = {"kind": done.kind, "file": str(done.path), "cycle": done.cycle,
            "sheets": list(done.sheets), "rows": done.rows, "redacted": done.redacted}
    return data, lambda: _("{file} written: {rows} rows on {sheets} ({cycle})").format(
        file=done.path, rows=done.rows, sheets="、".join(done.sheets), cycle=done.cycle) + (
        "\n" + ngettext("{count} comment or rationale had a secret removed",
                        "{count} comments or rationales had a secret removed",
                        done.redacted).format(count=done.redacted) if done.redacted else "")


def _template(args: argparse.Namespace) -> int:
    from desktop.services.office import reads
    from desktop.services.office.sheets_export import write_template

    programme_id = args.programme
    if programme_id is None:  # the workspace's cycle: its passphrase is asked
        from desktop.cli.common import read_passphrase
        from desktop.cli.office_common import workspace_dir
        from desktop.services.office.workspace import open_workspace, resolve_database_url

        with open_workspace(workspace_dir(args), read_passphrase(args),
                            resolve_database_url(args.database_url)) as ws:
            programme_id = reads.cycle_programme(ws, args.cycle).id
    done = write_template(programme_id, args.out, language=current_language())
    emit(args, {"file": str(args.out), "programme": programme_id, "sheets": list(done.sheets)},
         _("{file} written: the applicants' summary table of {programme}, to be filled in by "
           "the 盟市 and 旗县区").format(file=args.out, programme=done.cycle))
    return 0


def register_verbs(office: Any, applicant_import: argparse.ArgumentParser, rev: Any,
                   common: Common, with_ws: Callable[[Work], Callable[[argparse.Namespace],
                                                                        int]]) -> None:
    """Add the spreadsheet verbs to ``office``, and the options to ``applicant import``."""
    add_import_options(applicant_import)
    p = verb(rev, "import", _("update enrolled reviewers' details (unit, industry, contact) "
                              "from an .xlsx or .csv sheet (all or nothing)"),
             with_ws(import_work("reviewers")))
    common(p)
    p.add_argument("file", type=Path)
    add_import_options(p)

    p = verb(office, "export", _("export ranking, scores, divergence, consensus, vote, notices "
                                 "or conflicts to an Excel workbook"), with_ws(_export))
    common(p)
    p.add_argument("kind", metavar="KIND", choices=tuple(EXPORT_HELP),
                   help=join_clauses(label_value(k, _(v)) for k, v in EXPORT_HELP.items()))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")

    tpl = verb(office, "template", _("write the blank applicants' summary table (.xlsx) to send "
                                     "to the 盟市 and 旗县区"), _template)
    common(tpl)
    tpl.add_argument("what", metavar="applicants", choices=("applicants",))
    tpl.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    tpl.add_argument("--programme", metavar="ID",
                     help=_("the programme (default: the workspace's cycle)"))

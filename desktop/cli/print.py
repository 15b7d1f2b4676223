"""``scorebook print KIND … --out FILE.pdf``: the PDF documents.

Sources of the input: ``sample`` (built-in data), the programme rules (``blank-sheet
--programme``; a blank sheet may also be headed from ``--case`` or ``--office``), a
reviewer's case file (``--case DIR``: score-sheet, feedback, consensus from a team leader's case),
the office workspace (``--office DIR``: score-sheet with ``--reviewer``, feedback, consensus,
review-report, summary-report, eligibility, ranking, ballots, minutes, notice:
``services.printing.print_office``, the service behind the office window's Print page) and a
facts file (``eligibility --programme ID FACTS``), each through ``desktop.services.printing``.
Every document is built in memory and renamed into place, so a refused input never leaves a
file. Passphrases come from a prompt,
$SCOREBOOK_PASSPHRASE or --passphrase-file.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    UsageError,
    add_passphrase_option,
    database_url,
    emit,
    group,
    read_passphrase,
    verb,
)
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Audience
from desktop.i18n import _, current_language
from desktop.i18n.data_names import AUDIENCE, label

if TYPE_CHECKING:
    from desktop.services import printing as service
    from desktop.services.office.workspace import Workspace

OFFICE_KINDS = ("score-sheet", "feedback", "review-report", "summary-report", "consensus",
                "eligibility", "ranking", "ballots", "minutes", "notice")
# printing.SAMPLE_KINDS, named here so the parser is built without the printing services
# (tests/cli/test_cli_imports.py checks the two agree)
SAMPLE_KINDS = ("blank-sheet", "score-sheet", "consensus", "ranking", "feedback", "eligibility",
                "ballots", "minutes", "notice")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help=_("where to write the PDF"))
    parser.add_argument("--audience", choices=[a.value for a in Audience], default=None,
                        help=_("internal (office, panel; watermarked) or external (applicant, "
                               "public; trade secrets removed)"))
    parser.add_argument("--recipient", default="", metavar="NAME",
                        help=_("the recipient named in an internal copy's watermark"))


def register(sub: Any) -> None:
    printing = group(sub, "print", _("print documents as PDF"))
    blank = verb(printing, "blank-sheet", _("print a blank score sheet for a programme's stage"),
                 _blank_sheet)
    source = blank.add_mutually_exclusive_group(required=True)
    source.add_argument("--programme", metavar="ID", help=_("programme id"))
    source.add_argument("--case", type=Path, metavar="DIR", help=_("a case file"))
    source.add_argument("--office", type=Path, metavar="DIR", help=_("an office workspace"))
    blank.add_argument("--database-url", metavar="URL", type=database_url,
                       help=_("the workspace's PostgreSQL database, if it has one"))
    blank.add_argument("--stage", metavar="STAGE",
                       help=_("stage id (needed with --programme; default: the case's current "
                              "stage, or the office's first stage scored by items)"))
    blank.add_argument("--cycle", metavar="CYCLE",
                       help=_("with --programme, the cycle printed on the form (default: this "
                              "year); with --case or --office, the cycle id (another cycle is "
                              "refused)"))
    blank.add_argument("--applicant", default="", metavar="NAME",
                       help=_("the applicant printed on the form: with --programme its name; in "
                              "a case file its name or id; in the office its reference (A001)"))
    add_passphrase_option(blank)
    _common(blank)
    sample = verb(printing, "sample", _("print a document from built-in sample data"), _sample)
    sample.add_argument("kind", choices=SAMPLE_KINDS, metavar="KIND",
                        help=_("one of: {kinds}").format(kinds=", ".join(SAMPLE_KINDS)))
    _common(sample)
    _register_sources(printing)


def _written(args: argparse.Namespace, printed: service.Printed) -> int:
    emit(args, {"kind": printed.kind, "file": printed.path, "audience": args.audience or ""},
         _("Wrote {file}").format(file=printed.path))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from desktop.services import printing as service

    return _written(args, service.sample(args.kind, _options(args)))


def _blank_sheet(args: argparse.Namespace) -> int:
    from desktop.services import printing as service
    from desktop.services.case import NoCase, case_exists, open_case

    if args.case is not None:
        if not args.applicant:
            raise UsageError(Msg(N_("--case needs --applicant")))
        if not case_exists(args.case):
            raise NoCase(args.case)  # before asking for a passphrase
        with open_case(args.case, read_passphrase(args, _("Case passphrase"))) as case:
            applicant_id = case.find_applicant(args.applicant)[0]
            return _done(args, service.case_blank_sheet(case, applicant_id, args.stage,
                                                        _options(args), args.cycle))
    if args.office is not None:
        return _office(args, service.OfficeRequest("blank-sheet", args.applicant or None,
                                                   args.stage, cycle=args.cycle))
    if not args.stage:
        raise UsageError(Msg(N_("--programme needs --stage")))
    return _written(args, service.programme_blank_sheet(args.programme, args.stage,
                                                        _options(args), args.cycle,
                                                        args.applicant))


# --- documents from a case file, an office workspace or a facts file ------------------------


def _source_parser(printing: Any, kind: str, help_text: str, case: bool, office: bool,
                   handler: Any) -> argparse.ArgumentParser:
    parser = verb(printing, kind, help_text, handler)
    source = parser.add_mutually_exclusive_group(required=True)
    if case:
        source.add_argument("--case", type=Path, metavar="DIR", help=_("a case file"))
    if office:
        source.add_argument("--office", type=Path, metavar="DIR",
                            help=_("an office workspace"))
        parser.add_argument("--database-url", metavar="URL", type=database_url,
                            help=_("the workspace's PostgreSQL database, if it has one"))
    if kind == "eligibility":
        source.add_argument("--programme", metavar="ID",
                            help=_("evaluate a facts file against this programme"))
        parser.add_argument("facts", type=Path, nargs="?", metavar="FACTS",
                            help=_("the applicant's facts (.toml or .json), with --programme"))
        parser.add_argument("--as-of", metavar="DATE",
                            help=_("the date of the check, YYYY-MM-DD (with --programme)"))
    parser.add_argument("--cycle", metavar="CYCLE",
                        help=_("the cycle, e.g. baotou-hitech.2025 (a case file of another "
                               "cycle is refused)"))
    add_passphrase_option(parser)
    _common(parser)
    return parser


def _register_sources(printing: Any) -> None:
    for kind, help_text, office_only in (
            ("score-sheet", _("print a reviewer's filled score sheet (from their case file, "
                              "or from the scores the office merged: --office … --reviewer)"),
             False),
            ("feedback", _("print the feedback report to an applicant"), False),
            ("consensus", _("print the team consensus sheet"), False),
            ("eligibility", _("print the eligibility review form"), True)):
        parser = _source_parser(printing, kind, help_text, case=not office_only,
                                office=True, handler=_applicant_document)
        parser.set_defaults(kind=kind)
        if kind == "score-sheet":
            parser.add_argument("--reviewer", metavar="ID",
                                help=_("the reviewer whose sheet to print (with --office; a "
                                       "case file holds only its own reviewer's)"))
        parser.add_argument("--applicant", required=kind != "eligibility", metavar="ID",
                            help=_("the applicant: in a case file its name or (the start of) its "
                                   "id; in the office its reference (A001)"))
        if kind != "eligibility":
            parser.add_argument("--stage", metavar="STAGE",
                                help=_("stage id (default: the case's current stage; in the "
                                       "office the first or, for a consensus, the last stage "
                                       "that has one)"))
    report = _source_parser(printing, "review-report",
                            _("print a review team's report of an applicant: the material or "
                              "on-site review report (internal, the team named)"), False, True,
                            _applicant_document)
    report.set_defaults(kind="review-report")
    report.add_argument("--applicant", required=True, metavar="ID",
                        help=_("the applicant's reference in the office (A001)"))
    report.add_argument("--stage", metavar="STAGE",
                        help=_("the material or on-site stage (default: the last one the team "
                               "reported on)"))
    summary = _source_parser(printing, "summary-report",
                             _("print the report across applicants for the committee (综合评审报告 "
                               "or 汇总评审报告, as the programme's document names it)"), False,
                             True, _office_document)
    summary.set_defaults(kind="summary-report")
    ranking = _source_parser(printing, "ranking", _("print the comprehensive ranking per award "
                                                    "category"), False, True, _office_document)
    ranking.set_defaults(kind="ranking")
    for kind, help_text in (("ballots", _("print committee ballots for an award category")),
                            ("minutes", _("print the committee's vote minutes"))):
        parser = _source_parser(printing, kind, help_text, False, True, _office_document)
        parser.set_defaults(kind=kind)
        parser.add_argument("--award", metavar="ID",
                            help=_("award category id (needed when there are several)"))
        if kind == "ballots":
            parser.add_argument("--copies", type=int, metavar="N",
                                help=_("number of ballots (default: one per committee "
                                       "member)"))
    notice_parser = _source_parser(printing, "notice", _("print the public notice"), False,
                                   True, _office_document)
    notice_parser.set_defaults(kind="notice")
    notice_parser.add_argument("--notice", metavar="ID",
                               help=_("the programme's notice id (default: the latest "
                                      "published)"))


def _options(args: argparse.Namespace) -> service.PrintOptions:
    from desktop.services import printing as service

    return service.PrintOptions(args.out, Audience(args.audience) if args.audience else None,
                                 args.recipient, current_language())


def _done(args: argparse.Namespace, printed: service.Printed) -> int:
    emit(args, printed, _("Wrote {file} ({audience} copy)").format(
        file=printed.path, audience=label(AUDIENCE, printed.audience.value)))
    return 0


def _date(text: str | None) -> date | None:
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        raise UsageError(Msg(N_("--as-of: '{value}' is not a date (YYYY-MM-DD)"),
                             {"value": text})) from None


def _open_office(args: argparse.Namespace) -> Workspace:
    from desktop.services.office.workspace import open_workspace, resolve_database_url

    return open_workspace(args.office, read_passphrase(args),
                          resolve_database_url(args.database_url))


def _applicant_document(args: argparse.Namespace) -> int:
    from desktop.services import printing as service
    from desktop.services.case import NoCase, case_exists, open_case

    opts = _options(args)
    kind = args.kind
    if kind == "eligibility" and args.programme:
        if args.facts is None:
            raise UsageError(Msg(N_("--programme needs the applicant's facts file")))
        return _done(args, service.facts_eligibility(args.programme, args.facts, opts,
                                                     _date(args.as_of)))
    if kind == "eligibility" and not args.applicant:
        raise UsageError(Msg(N_("--office needs --applicant")))
    if kind == "score-sheet":
        if args.case is not None and args.reviewer:
            raise UsageError(Msg(N_("--reviewer goes with --office: a case file holds only "
                                    "its own reviewer's scores")))
        if args.office is not None and not args.reviewer:
            raise UsageError(Msg(N_("--office needs --reviewer")))
    if getattr(args, "case", None) is not None:
        build = {"score-sheet": service.case_score_sheet, "feedback": service.case_feedback,
                 "consensus": service.case_consensus}[kind]
        if not case_exists(args.case):
            raise NoCase(args.case)  # before asking for a passphrase
        with open_case(args.case, read_passphrase(args, _("Case passphrase"))) as case:
            applicant_id = case.find_applicant(args.applicant)[0] if args.applicant else ""
            return _done(args, build(case, applicant_id, args.stage, opts, args.cycle))
    return _office(args, service.OfficeRequest(kind, applicant=args.applicant or None,
                                               stage=getattr(args, "stage", None),
                                               reviewer=getattr(args, "reviewer", None),
                                               cycle=args.cycle))


def _office_document(args: argparse.Namespace) -> int:
    from desktop.services import printing as service

    return _office(args, service.OfficeRequest(
        args.kind, award=getattr(args, "award", None), notice=getattr(args, "notice", None),
        copies=getattr(args, "copies", None), cycle=args.cycle))


def _office(args: argparse.Namespace, request: service.OfficeRequest) -> int:
    """Any office document, by the same service as the window's Print page."""
    from desktop.services import printing as service

    opts = _options(args)
    with _open_office(args) as ws:
        printed = service.print_office(ws, request, opts)
    return _done(args, printed)

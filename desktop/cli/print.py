"""``scorebook print KIND … --out FILE.pdf``: the PDF documents.

Sources of the input: ``sample`` (built-in data), the programme rules (``blank-sheet``), and — once
the case-file and office services exist — ``--case DIR`` / ``--office DIR``. Every document is built
in memory and renamed into place, so a refused input never leaves a file.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.common import UsageError, emit, group, verb
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.redaction import Audience
from desktop.i18n import _, current_language
from desktop.reports import documents, samples
from desktop.reports.inputs import Party, ScoreSheetInput
from desktop.reports.labels import Labels

CASE_KINDS = ("score-sheet", "feedback", "eligibility", "consensus")
OFFICE_KINDS = ("ranking", "ballots", "minutes", "notice")


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
    blank.add_argument("--programme", required=True, metavar="ID", help=_("programme id"))
    blank.add_argument("--stage", required=True, metavar="STAGE", help=_("stage id"))
    blank.add_argument("--cycle", default=str(date.today().year), metavar="CYCLE",
                       help=_("the cycle printed on the form (default: this year)"))
    blank.add_argument("--applicant", default="", metavar="NAME",
                       help=_("the applicant's name printed on the form"))
    _common(blank)
    sample = verb(printing, "sample", _("print a document from built-in sample data"), _sample)
    sample.add_argument("kind", choices=samples.KINDS, metavar="KIND",
                        help=_("one of: {kinds}").format(kinds=", ".join(samples.KINDS)))
    _common(sample)
    for kind in (*CASE_KINDS, *OFFICE_KINDS):
        parser = verb(printing, kind, _("print the {kind} document").format(kind=kind),
                      _from_source)
        parser.set_defaults(kind=kind)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--case", type=Path, metavar="DIR", help=_("a case file"))
        source.add_argument("--office", type=Path, metavar="DIR", help=_("an office workspace"))
        parser.add_argument("--applicant", metavar="ID", help=_("applicant id"))
        parser.add_argument("--stage", metavar="STAGE", help=_("stage id"))
        _common(parser)


def _audience(args: argparse.Namespace, default: Audience) -> Audience:
    return Audience(args.audience) if args.audience else default


def _written(args: argparse.Namespace, path: Path, kind: str) -> int:
    emit(args, {"kind": kind, "file": path, "audience": args.audience or ""},
         _("Wrote {file}").format(file=path))
    return 0


def _sample(args: argparse.Namespace) -> int:
    build = samples.SAMPLES[args.kind]
    inp = build(current_language()) if args.audience is None else \
        build(current_language(), Audience(args.audience))
    if args.recipient:
        from dataclasses import replace

        inp = replace(inp, recipient=args.recipient)
    return _written(args, documents.write(inp, args.out), args.kind)


def _programme(programme_id: str) -> Programme:
    import importlib

    try:  # the programme service is written by another helper; until then read the file here
        service: Any = importlib.import_module("desktop.services.programmes")
    except ImportError:
        service = None
    if service is not None:
        return service.programme(programme_id)  # type: ignore[no-any-return]
    from desktop.domain.errors import NotFound, ProgrammeError
    from desktop.paths import resource
    from desktop.services.files import read_data_file

    path = resource("programmes", f"{programme_id}.toml")
    if not path.exists():
        raise NotFound(Msg(N_("Unknown programme '{id}'"), {"id": programme_id}))
    return Programme.from_mapping(read_data_file(path, ProgrammeError), str(path))


def _blank_sheet(args: argparse.Namespace) -> int:
    from desktop.domain.scoring import FormKind
    from desktop.services.catalogue import DEFAULT_FRAMEWORK, framework

    programme = _programme(args.programme)
    stage = programme.stage(args.stage)
    if stage.form.kind is not FormKind.ITEMS:
        raise UsageError(Msg(N_("Stage '{stage}' of {programme} is not scored by items"),
                             {"stage": args.stage, "programme": programme.id}))
    labels = Labels(current_language())
    inp = ScoreSheetInput(
        programme_name=labels.pick(programme.name_zh, programme.name_en, programme.name_mn),
        cycle=args.cycle,
        stage=labels.pick(stage.name_zh, stage.name_en),
        audience=_audience(args, Audience.INTERNAL), recipient=args.recipient,
        language=current_language(),
        applicant=Party("", args.applicant), reviewer=None,
        framework=framework(stage.form.framework_id or DEFAULT_FRAMEWORK), blank=True)
    return _written(args, documents.write(inp, args.out), "blank-sheet")


def _from_source(args: argparse.Namespace) -> int:
    where = _("a case file") if args.case else _("an office workspace")
    raise UsageError(Msg(N_("Printing '{kind}' from {source} is not yet available: the case-file "
                            "and office services that fill the document are not written yet"),
                         {"kind": args.kind, "source": where}))

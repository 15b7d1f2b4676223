"""``scorebook case …``: the reviewer's encrypted case file (open, score, recuse, export, …)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    PASSPHRASE_ENV,
    UsageError,
    add_passphrase_option,
    add_text_option,
    applicant_help,
    emit,
    group,
    read_passphrase,
    table,
    text_options,
    verb,
)
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.services import case as cases
    from desktop.services.case_types import CaseStatus

IDENTITY_ENV = "SCOREBOOK_IDENTITY_PASSPHRASE"
NEW_ENV = "SCOREBOOK_NEW_PASSPHRASE"


# case_types.RecusalReason and Assessment, named here so the parser is built without the
# domain's conflicts and programmes (a test checks they are the services')
RECUSAL_REASONS = ("employment", "consulting", "shareholding", "kinship", "competitor",
                   "key_partner", "other")
ASSESSMENTS = ("compliant", "concerns", "violation")


def register(sub: Any) -> None:
    g = group(sub, "case", _("your encrypted case file for one review cycle"))

    def case_verb(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser = verb(g, name, help_text, handler)
        parser.add_argument("--case", type=Path, required=True, metavar="DIR",
                            help=_("the case folder"))
        add_passphrase_option(parser)
        return parser

    p = case_verb("open", _("make a case file from a panel package"), _open)
    p.add_argument("package", type=Path, metavar="PACKAGE", help=_("the panel package file"))
    _identity_options(p)
    p.add_argument("--office-fingerprint", metavar="FP",
                   help=_("the office root fingerprint read out by the office: needed when none "
                          "is pinned; when one is, it must be the same (refused otherwise)"))

    case_verb("status", _("applicants, scores, exports, audit chain"), _status)

    p = case_verb("score", _("score one item (percent and comments)"), _score)
    p.add_argument("--applicant", required=True, metavar="APPLICANT", help=applicant_help())
    p.add_argument("--stage", required=True)
    p.add_argument("--item", required=True)
    pct = p.add_mutually_exclusive_group()
    pct.add_argument("--percent", help=_("a whole number 0–100 on the framework's step"))
    pct.add_argument("--clear", action="store_true",
                     help=_("remove the item's percentage (its comments stay)"))
    add_text_option(p, "strengths", _("strengths (优势)"))
    add_text_option(p, "improvements", _("opportunities for improvement (改进机会)"))
    add_text_option(p, "why", _("why the score changed (kept in the audit log)"), default="")

    p = case_verb("import-scores", _("import scores from a CSV file (all or nothing)"), _import)
    p.add_argument("file", type=Path, metavar="FILE",
                   help=_("CSV: applicant, stage, item, percent, strengths, improvements"))

    p = case_verb("recuse", _("declare a conflict of interest: the applicant's scorebook "
                              "locks"), _recuse)
    p.add_argument("--applicant", required=True, metavar="APPLICANT", help=applicant_help())
    p.add_argument("--reason", required=True, choices=RECUSAL_REASONS)
    add_text_option(p, "text", _("what the conflict is"), required=True)

    p = case_verb("feedback", _("record your assessment of the applicant's conduct "
                                "(双向监督反馈)"), _feedback)
    p.add_argument("--applicant", required=True, metavar="APPLICANT", help=applicant_help())
    p.add_argument("--assessment", required=True, choices=ASSESSMENTS)
    add_text_option(p, "text", _("your assessment in words"), default="")

    p = case_verb("export", _("export a signed, sealed score bundle to a folder or USB stick"),
                  _export)
    p.add_argument("--to", type=Path, required=True, metavar="DIR")
    p.add_argument("--final", action="store_true", help=_("the final bundle (else interim)"))
    p.add_argument("--stage", help=_("the stage (default: the package's current stage)"))
    p.add_argument("--identity-dir", type=Path, metavar="DIR",
                   help=_("where your identity is kept (it remembers the last revision "
                          "exported)"))

    p = case_verb("remove-documents", _("remove the applicants' documents for good (after the "
                                        "final export of the last stage, or the package's "
                                        "keep-until day)"), _remove_documents)
    p.add_argument("--confirm", action="store_true",
                   help=_("confirm: the documents cannot be brought back"))
    p.add_argument("--to", type=Path, metavar="DIR",
                   help=_("then export the final bundle of the last stage again to DIR: it "
                          "tells the office the documents are gone"))

    p = case_verb("passphrase", _("change the case passphrase (the case gets a new data key)"),
                  _passphrase)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                   help=_("the new passphrase (else ${env} or a prompt)")
                   .replace("${env}", NEW_ENV))

    case_verb("rekey", _("give the case a new data key under the same passphrase: copies of "
                         "the old key file open nothing later"), _rekey)

    p = case_verb("backup", _("make an encrypted backup (keeps the newest N)"), _backup)
    p.add_argument("--keep", type=int, default=10, metavar="N")

    p = case_verb("restore", _("restore a backup (the current state is backed up first)"),
                  _restore)
    p.add_argument("backup", type=Path, metavar="BACKUP")

    rg = group(g, "roster", _("the office's roster of reviewers' keys"))
    p = verb(rg, "import", _("import a roster update (.sbr) from the office: never an older "
                             "one; revoked keys are no longer sealed to or accepted"),
             _roster_import)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--case", type=Path, required=True, metavar="DIR", help=_("the case folder"))
    add_passphrase_option(p)
    _identity_options(p)


def _identity_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--identity-dir", type=Path, metavar="DIR",
                   help=_("where your identity is kept"))
    p.add_argument("--identity-passphrase-file", type=Path, metavar="FILE",
                   help=_("your identity's passphrase (else ${env}, a prompt, or the case "
                          "passphrase)").replace("${env}", IDENTITY_ENV))


def _open_case(args: argparse.Namespace) -> cases.CaseSession:
    from desktop.services import case as cases

    return cases.open_case(args.case, read_passphrase(args, _("Case passphrase")))


def _roster_import(args: argparse.Namespace) -> int:
    from desktop.services import case as cases
    from desktop.services import identity

    passphrase = read_passphrase(args, _("Case passphrase"))
    id_pass = _identity_passphrase(args, passphrase)
    stored = identity.load_identity(id_pass, args.identity_dir)
    with cases.open_case(args.case, passphrase) as case:
        roster = case.import_roster(args.file, stored.rosters)
    identity.remember_roster(id_pass, roster.cycle_id, roster.version, args.identity_dir)
    revoked = sorted(e.reviewer_id for e in roster.reviewers if not e.active)
    view = {"cycle": roster.cycle_id, "version": roster.version, "revoked": revoked}
    emit(args, view, lambda: _("Roster version {version} of cycle {cycle} is now the case's; "
                               "revoked: {revoked}").format(
        version=roster.version, cycle=roster.cycle_id, revoked=", ".join(revoked) or "–"))
    return 0


def _identity_passphrase(args: argparse.Namespace, case_passphrase: str) -> str:
    if args.identity_passphrase_file is not None or os.environ.get(IDENTITY_ENV) \
            or sys.stdin.isatty():
        return read_passphrase(args, _("Identity passphrase"), env=IDENTITY_ENV,
                               file_attr="identity_passphrase_file")
    return case_passphrase


def _open(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services import case as cases
    from desktop.services import identity
    from desktop.services.keys import NoOfficeFingerprint, trusted_office_fingerprint
    from desktop.services.programmes import programme_of_cycle

    passphrase = read_passphrase(args, _("New case passphrase"), confirm=True)
    id_pass = _identity_passphrase(args, passphrase)
    stored = identity.load_identity(id_pass, args.identity_dir)
    try:  # a typed fingerprint must equal the pinned one: a pin is never overridden
        pinned = trusted_office_fingerprint(args.office_fingerprint, stored.office_fingerprint)
    except NoOfficeFingerprint:
        raise UsageError(Msg(N_("No office fingerprint: pin one at enrolment or give "
                                "--office-fingerprint"))) from None
    with cases.create_case(args.package, args.case, passphrase, stored.identity, pinned,
                           seen_rosters=stored.rosters) as case:
        status = case.status()
        roster = case.roster()
    identity.remember_roster(id_pass, roster.cycle_id, roster.version, args.identity_dir)
    programme = programme_of_cycle(status.cycle_id)
    emit(args, status, lambda: _(
        "Case created in {folder}: {n} applicants, stage {stage}.").format(
            folder=args.case, n=len(status.applicants),
            stage=text.stage_name(programme, status.current_stage_id)))
    return 0


def _status_text(st: CaseStatus) -> str:
    from desktop.cli import programme_names as text  # not the office's texts: light

    programme = text.programme_of_cycle(st.cycle_id)
    lines = [_("Case {id}  reviewer {rev}  programme {prog}  cycle {cycle}").format(
        id=st.case_id, rev=st.reviewer_id, prog=text.programme_title(programme, st.programme_id),
        cycle=st.cycle_id),
        _("Stage {stage}; {items} items per applicant").format(
            stage=text.stage_name(programme, st.current_stage_id),
            items=st.items_per_applicant)]
    rows = [(a.applicant_id, a.name, _("recused") if a.recused else
             _("{n}/{of} scored, total {total}").format(
                 n=a.scored_items, of=st.items_per_applicant, total=a.total))
            for a in st.applicants]
    if rows:
        lines.append(table(rows, indent="  "))
    for e in st.exports:
        lines.append(_("  exported revision {rev} of {stage} ({kind}) {file}").format(
            rev=e.revision, stage=text.stage_name(programme, e.stage_id), file=e.file_name,
            kind=_("final") if e.final else _("interim")))
    lines += _documents_text(st)
    lines.append((_("Audit log: {n} entries, chain intact") if st.audit_ok else
                  _("Audit log: {n} entries, CHAIN BROKEN")).format(n=st.audit_rows))
    return "\n".join(lines)


def _documents_text(st: CaseStatus) -> list[str]:
    docs = st.documents
    pdfs = [m for m in docs.materials if m.kind == "pdf"] if docs else []
    if docs is None or not pdfs:
        return []
    lines = [f"  {m.applicant_id} {m.material_id} {m.title}: " + (
        _("removed") if m.removed else ngettext("{n} page", "{n} pages", m.pages or 0).format(
            n=m.pages) + f", SHA-256 {m.sha256[:16]}") for m in pdfs]
    if docs.removed_at is not None:
        lines.append(_("  Documents removed on {date}").format(date=docs.removed_at.date()))
    elif docs.keep_until is not None:
        lines.append(_("  Documents may be kept until {date}").format(date=docs.keep_until))
    return lines


def _remove_documents(args: argparse.Namespace) -> int:
    with _open_case(args) as case:
        count = case.remove_documents(confirm=args.confirm)
        sent = None if args.to is None else case.export_bundle(
            args.to, final=True, stage_id=case.stages()[-1].stage_id)
    emit(args, {"removed": count, "bundle": sent}, lambda: "\n".join([ngettext(
        "{n} document removed for good", "{n} documents removed for good", count).format(
            n=count)] + ([] if sent is None else [_("Exported {file}: it tells the office the "
                                                    "documents are gone").format(
                                                        file=sent.path)])))
    return 0


def _status(args: argparse.Namespace) -> int:
    from desktop.services import case_light  # read-only: no SQLAlchemy unless there is work

    st = case_light.status(args.case, read_passphrase(args, _("Case passphrase")))
    emit(args, st, lambda: _status_text(st))
    return 0


def _score(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.programmes import programme_of_cycle

    strengths, improvements, why = text_options(args, "strengths", "improvements", "why")
    if args.clear and (strengths is not None or improvements is not None):
        raise UsageError(Msg(N_("--clear removes the percentage only: give the comments in "
                                "another call")))
    if args.percent is None and not args.clear and strengths is None and improvements is None:
        raise UsageError(Msg(N_("Give --percent, --strengths or --improvements")))
    with _open_case(args) as case:
        applicant_id, name = case.find_applicant(args.applicant)
        if args.clear:
            view = case.clear_score(applicant_id, args.stage, args.item, why=why or "")
        else:
            view = case.score_item(applicant_id, args.stage, args.item, args.percent,
                                   strengths, improvements, why=why or "")
        programme = programme_of_cycle(case.roster().cycle_id)
    if args.clear:
        emit(args, view, lambda: _("Cleared the percentage of {applicant} {stage} {item}").format(
            applicant=name, stage=text.stage_name(programme, view.stage_id),
            item=text.item_title(view.item_id)))
        return 0
    emit(args, view, lambda: _("Saved {applicant} {stage} {item}: {pct}% = {score}").format(
        applicant=name, stage=text.stage_name(programme, view.stage_id),
        item=text.item_title(view.item_id),
        pct=view.pct if view.pct is not None else "–",
        score=view.item_score if view.item_score is not None else "–"))
    return 0


def _import(args: argparse.Namespace) -> int:
    with _open_case(args) as case:
        report = case.import_scores_csv(args.file)
    emit(args, report, lambda: _("Imported {rows} rows ({changed} changed).").format(
        rows=report.rows, changed=report.changed))
    return 0


def _recuse(args: argparse.Namespace) -> int:
    [text] = text_options(args, "text")
    with _open_case(args) as case:
        applicant_id, name = case.find_applicant(args.applicant)
        case.recuse(applicant_id, args.reason, text or "")
    emit(args, {"applicant_id": applicant_id, "recused": True}, lambda: _(
        "Recusal recorded: {applicant} is locked; the declaration goes in your next "
        "bundle.").format(applicant=name))
    return 0


def _feedback(args: argparse.Namespace) -> int:
    [text] = text_options(args, "text")
    with _open_case(args) as case:
        applicant_id, _name = case.find_applicant(args.applicant)
        case.add_feedback(applicant_id, args.assessment, text or "")
    emit(args, {"applicant_id": applicant_id, "assessment": args.assessment},
         _("Feedback recorded."))
    return 0


def _export(args: argparse.Namespace) -> int:
    with _open_case(args) as case:
        result = case.export_bundle(args.to, final=args.final, stage_id=args.stage,
                                    identity_folder=args.identity_dir)

    def human() -> str:
        lines = [_("Wrote {path} (revision {rev}, {kind}); it verified when read back.").format(
            path=result.path, rev=result.revision,
            kind=_("final") if result.final else _("interim"))]
        if result.excluded_recused:
            lines.append(_("Left out (recused): {ids}; your declarations are included.").format(
                ids=", ".join(result.excluded_recused)))
        lines.append(_("Safe to remove."))
        return "\n".join(lines)

    emit(args, result, human)
    return 0


def _passphrase(args: argparse.Namespace) -> int:
    from desktop.services import case as cases

    old = read_passphrase(args, _("Current passphrase"))
    new = read_passphrase(args, _("New passphrase"), env=NEW_ENV,
                          file_attr="new_passphrase_file", confirm=True)
    with cases.open_case(args.case, old) as case:
        backups = case.change_passphrase(old, new)
    emit(args, {"changed": True, "rekeyed": True, "backups": backups}, lambda: ngettext(
        "Passphrase changed. The case has a new data key; {n} backup was re-encrypted.",
        "Passphrase changed. The case has a new data key; {n} backups were re-encrypted.",
        backups).format(n=backups))
    return 0


def _rekey(args: argparse.Namespace) -> int:
    from desktop.services import case as cases

    passphrase = read_passphrase(args, _("Case passphrase"))
    with cases.open_case(args.case, passphrase) as case:
        backups = case.rekey(passphrase)
    emit(args, {"rekeyed": True, "backups": backups}, lambda: ngettext(
        "The case has a new data key; {n} backup was re-encrypted. Copies of the old key file "
        "no longer open it.",
        "The case has a new data key; {n} backups were re-encrypted. Copies of the old key file "
        "no longer open it.", backups).format(n=backups))
    return 0


def _backup(args: argparse.Namespace) -> int:
    with _open_case(args) as case:
        path = case.backup(args.keep)
    emit(args, {"backup": path}, _("Backup written: {path}").format(path=path))
    return 0


def _restore(args: argparse.Namespace) -> int:
    with _open_case(args) as case:
        case.restore(args.backup)
    emit(args, {"restored": args.backup}, _("Restored from {path}; the state before it was "
                                             "backed up.").format(path=args.backup))
    return 0


__all__ = ["PASSPHRASE_ENV", "register"]

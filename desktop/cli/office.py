"""``scorebook office …``: the review office's verbs. Every verb takes --json.

The workspace is a folder (``--workspace``, else ``$SCOREBOOK_OFFICE``, else the user data
folder's ``office``); its database is the encrypted embedded one, or PostgreSQL given
``--database-url`` / ``$SCOREBOOK_DATABASE_URL`` (its password is never printed). The passphrase
comes from a prompt, ``$SCOREBOOK_PASSPHRASE`` or ``--passphrase-file``. Confidential text
(declared secret passages, conflict notes, objection summaries, fork reasons, consensus
rationales) comes from a file or standard input (``--secrets-file``, ``--note-file``, …); the
files are read before the workspace is opened.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import (
    office_decisions,
    office_keys,
    office_materials,
    office_quarantine,
    office_reports,
    office_revoke,
    office_sheets,
    office_verify,
)
from desktop.cli import office_recusals as recusal_text
from desktop.cli import office_unresolved as unresolved
from desktop.cli.common import (
    BATCH_EXIT_HELP,
    UsageError,
    add_item_options,
    add_text_option,
    batch_verdict,
    emit,
    group,
    read_passphrase,
    verb,
)
from desktop.cli.office_common import (
    APPLICANT_KINDS,
    MAX_BALLOTS_BYTES,
    MAX_FACTS_BYTES,
    MAX_MATERIAL_BYTES,
    SECRET_KINDS,
    SETTING_KEYS,
    applicant_names,
    applicant_row,
    common_options,
    member_row,
    open_ws,
    parse_date,
    read_text,
    with_workspace,
    workspace_dir,
)
from desktop.cli.office_cycle import (
    cycle_schedule,
    cycle_set,
    cycle_show,
    feedback,
    history,
    history_add,
    notice_publish,
    objection,
)
from desktop.domain.consensus import Choice
from desktop.domain.messages import N_, Msg
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.office.results_conflicts import ConflictPinned, ConflictRecorded
    from desktop.services.office.results_decide import DivergenceView
    from desktop.services.office.workspace import Workspace

# --- verbs ------------------------------------------------------------------------------------


def _init(args: argparse.Namespace) -> int:
    from desktop.services.office import cycle
    from desktop.services.office.workspace import init_workspace, resolve_database_url

    folder = workspace_dir(args)
    url = resolve_database_url(args.database_url)
    ws = None
    try:
        if (folder / "workspace.json").exists():
            ws = open_ws(args)
        else:
            ws = init_workspace(folder, read_passphrase(args, confirm=True), args.office_name,
                                database_url=url)
        data: dict[str, Any] = {"workspace": ws.info()}
        if args.programme:
            data["cycle"] = cycle.open_cycle(ws, args.programme, args.number).result
    finally:
        if ws is not None:
            ws.close()
    info = data["workspace"]
    emit(args, data, lambda: _("Office workspace {location}; office key fingerprint {fp} "
                               "(compare it in person at enrolment)")
         .format(location=info.location, fp=info.fingerprint) +
         ("\n" + _("Cycle {cycle} opened").format(cycle=data["cycle"].cycle)
          if "cycle" in data else ""))
    return 0


def _applicant_add(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import applicants, reads

    mats: tuple[applicants.MaterialInput, ...] = ()
    if args.material:
        body = read_text(args.material, MAX_MATERIAL_BYTES)
        secrets = tuple(applicants.SecretInput(args.secret_kind, s)
                        for s in getattr(args, "secrets", ()))
        mats = (applicants.MaterialInput(args.material.stem, body, secrets),)
    item = applicants.ApplicantInput(
        name=args.name, award_id=args.award, kind=args.kind, credit_code=args.credit_code,
        region=args.region, industry=args.industry, size=args.size, employer=args.employer,
        materials=mats, facts=_facts_file(args.facts) if args.facts else None)
    view = applicants.add_applicant(ws, item, args.cycle).result
    eligible = reads.eligibility_results(ws, args.cycle)
    return view, lambda: text.applicant_added(view, eligible)


def _facts_file(path: Path) -> dict[str, Any]:
    """Eligibility facts from a TOML (``.toml``) or JSON file: one table of facts."""
    body = read_text(path, MAX_FACTS_BYTES)
    try:
        facts = tomllib.loads(body) if path.suffix.lower() == ".toml" else json.loads(body)
    except ValueError:
        raise UsageError(Msg(N_("Cannot read the facts file {file}: it is not valid TOML or "
                                "JSON"), {"file": str(path)})) from None
    if not isinstance(facts, dict):
        raise UsageError(Msg(N_("The facts file {file} must hold one table of facts"),
                             {"file": str(path)}))
    return facts


def _recusal_pairs(specs: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for spec in specs:
        member, sep, applicant = spec.partition("=")
        if not sep or not member.strip() or not applicant.strip():
            raise UsageError(Msg(N_("A recusal is MEMBER=APPLICANT, not '{spec}'"),
                                 {"spec": spec}))
        pairs.append((member.strip(), applicant.strip()))
    return pairs


def _applicant_import(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import applicants, reads

    if office_sheets.is_sheet(args.file):  # .xlsx or .csv
        return office_sheets.import_work("applicants")(args, ws)
    views = applicants.import_applicants(ws, args.file, args.cycle).result
    eligible = reads.eligibility_results(ws, args.cycle)
    return views, lambda: text.applicants_imported(views, eligible)


def _team(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import packages, reviewers

    if args.members:
        view = reviewers.create_team(ws, args.name, args.members, args.leader,
                                     industry=args.industry, cycle_ref=args.cycle).result
        for ref in args.assign:
            packages.assign(ws, ref, args.name, args.cycle)
        assigned, names = _team_extras(ws, args.cycle)
        return view, lambda: text.teams([view], assigned, names)
    for ref in args.assign:
        packages.assign(ws, ref, args.name, args.cycle)
    teams = reviewers.list_teams(ws, args.cycle)
    assigned, names = _team_extras(ws, args.cycle)
    return teams, lambda: text.teams(teams, assigned, names)


def _team_extras(ws: Workspace, cycle_ref: str | None
                 ) -> tuple[dict[str, list[str]], dict[str, str]]:
    from desktop.services.office import team_reads

    return team_reads.assigned_applicants(ws, cycle_ref), applicant_names(ws, cycle_ref)


def _conflict_add(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import conflict_decisions

    view: ConflictRecorded | ConflictPinned
    if args.pin is not None:
        view = conflict_decisions.decide(ws, args.reviewer, args.applicant,
                                         args.pin == "conflicted", note=args.note,
                                         cycle_ref=args.cycle).result
    else:
        view = conflict_decisions.declare(ws, args.reviewer, args.applicant, args.kind,
                                          args.source, detail=args.note,
                                          until_year=args.until_year,
                                          cycle_ref=args.cycle).result
    names = applicant_names(ws, args.cycle)
    return view, lambda: text.conflict_added(view, names)


def _conflict_suggest(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import conflicts

    out = conflicts.suggest(ws, args.cycle)
    names = applicant_names(ws, args.cycle)
    return out, lambda: text.conflict_suggestions(out, names)


def _conflict_list(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import conflicts

    out = conflicts.list_conflicts(ws, args.cycle)
    names = applicant_names(ws, args.cycle)
    return out, lambda: recusal_text.conflicts(out, names)


def _package(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import packages

    out = packages.issue_packages(ws, args.to, reviewers=args.reviewer or None,
                                  stage_id=args.stage, cycle_ref=args.cycle,
                                  keep_documents_until=args.keep_documents_until).result
    return out, lambda: text.packages(out)


def _merge(args: argparse.Namespace) -> int:
    """The full report first; then exit 3 if any bundle was rejected or made a fork."""
    from desktop.cli import office_text as text
    from desktop.services.office import results_bundles

    with open_ws(args) as ws:
        result = results_bundles.import_bundles(ws, args.bundles, args.cycle).result
    emit(args, result, lambda: text.merge_report(result))
    batch_verdict([f.outcome for f in result.files])
    return 0


def _fork_list(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import merge, reads

    forks = merge.list_forks(ws, args.cycle)
    prog = reads.cycle_programme(ws, args.cycle)
    return forks, lambda: text.forks(forks, prog)


def _fork_resolve(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import reads, results_bundles

    view = results_bundles.resolve_fork(ws, args.bundle, args.reason, args.cycle).result
    prog = reads.cycle_programme(ws, args.cycle)
    return view, lambda: text.forks([view], prog)


def _divergence(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text as text
    from desktop.services.office import consensus, ranking
    from desktop.services.office.results_decide import NormalisationView

    view: NormalisationView | DivergenceView
    if args.normalised:
        view = ranking.normalisation_view(ws, args.stage, args.cycle)
    else:
        view = consensus.divergence_view(ws, args.applicant, args.stage, args.cycle)
    if isinstance(view, NormalisationView):
        return view, lambda: text.normalisation(view)
    return view, lambda: recusal_text.divergence(view)


def _consensus(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import consensus

    choices: dict[str, Choice] = {}
    for spec in args.item:
        item, _sep, rest = spec.partition("=")
        pct, _sep2, why = rest.partition(":")
        choices[item] = Choice(pct or None, why)
    view = consensus.record_consensus(ws, args.applicant, args.stage, choices,
                                      cycle_ref=args.cycle).result
    return view, lambda: recusal_text.consensus(view)


def _rank(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import packages, ranking

    if args.admit:
        packages.admit(ws, args.admit, args.applicants, args.cycle)
    view = ranking.rank(ws, args.cycle)
    return view, lambda: unresolved.ranking(view)


def _vote(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import reads, reviewers, vote

    try:
        ballots = json.loads(read_text(args.ballots, MAX_BALLOTS_BYTES))
    except ValueError:
        raise UsageError(Msg(N_("Cannot read the ballots file {file}"),
                             {"file": str(args.ballots)})) from None
    members = reviewers.list_committee(ws, args.cycle)
    recusals = [(member_row(members, m).name, applicant_row(ws, args.cycle, a).ref)
                for m, a in _recusal_pairs(args.recuse)]
    view = unresolved.decide(lambda confirm: vote.hold_vote(
        ws, args.award, args.present, ballots, held_on=args.held_on, recusals=recusals,
        cycle_ref=args.cycle, confirm_unresolved=confirm).result, args.confirm_unresolved,
        reads.cycle_programme(ws, args.cycle))
    return view, lambda: outcome_text.vote(view) + \
        ("\n" + outcome_text.recusals(view) if view.recusals else "")


def _committee_add(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import reviewers

    view = reviewers.add_committee_member(ws, args.name, role=args.role,
                                          organisation=args.organisation,
                                          cycle_ref=args.cycle).result
    return view, lambda: outcome_text.committee_added(view)


def _committee_list(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.cli import office_text_outcome as outcome_text
    from desktop.services.office import reviewers

    rows = reviewers.list_committee(ws, args.cycle)
    return rows, lambda: outcome_text.committee(rows)


def register(sub: Any) -> None:
    office = group(sub, "office", _("the review office: cycles, applicants, reviewers, merge, "
                                    "ranking, vote, notices"))
    p = verb(office, "init", _("create the office workspace and/or open a cycle"), _init)
    common_options(p, cycle_opt=False)
    p.add_argument("--office-name", default=_("Review office"), help=_("the office's name"))
    p.add_argument("--programme", metavar="ID")
    p.add_argument("--number", type=int, default=date.today().year,
                   help=_("the year or cycle number"))

    applicant = group(office, "applicant", _("applicants"))
    p = verb(applicant, "add", _("add an applicant"), with_workspace(_applicant_add))
    common_options(p)
    p.add_argument("name")
    p.add_argument("--award", required=True)
    p.add_argument("--kind", default="organisation", choices=APPLICANT_KINDS)
    p.add_argument("--credit-code")
    p.add_argument("--region", default="")
    p.add_argument("--industry", default="")
    p.add_argument("--size", default="")
    p.add_argument("--employer")
    p.add_argument("--material", type=Path, metavar="FILE", help=_("material text file"))
    p.add_argument("--secrets-file", type=Path, metavar="FILE",
                   help=_("the passages of the material declared secret: a UTF-8 text file "
                          "('-': standard input), one passage a line, blank lines skipped; "
                          "each must occur in the material (a passage over several lines: "
                          "use 'office applicant import')"))
    p.add_argument("--secret-kind", default="trade", choices=SECRET_KINDS,
                   help=_("the kind of every passage of --secrets-file"))
    p.add_argument("--facts", type=Path, metavar="FILE",
                   help=_("the applicant's eligibility facts: a TOML (.toml) or JSON file, "
                          "evaluated against the programme's conditions on adding"))
    p = verb(applicant, "import", _("import applicants from a TOML or JSON file, or an .xlsx "
                                    "or .csv sheet"),
             with_workspace(_applicant_import))
    common_options(p)
    p.add_argument("file", type=Path)
    applicant_import = p

    rev = group(office, "reviewer", _("reviewers"))
    office_sheets.register_verbs(office, applicant_import, rev, common_options,
                                 with_workspace)  # .xlsx
    office_keys.register_verbs(office, rev)  # reviewer enrol, backup, restore
    office_revoke.register_verbs(office, rev)  # reviewer revoke/replace, roster-update
    office_decisions.register_reviewer_verbs(rev)  # reviewer disqualify / earlier-scores
    office_decisions.register_office_verbs(office)  # nominate
    office_reports.register_verbs(office, with_workspace, common_options)  # report status

    p = verb(office, "team", _("create a team (or list teams) and assign applicants"),
             with_workspace(_team))
    common_options(p)
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--members", nargs="*", default=[])
    p.add_argument("--leader")
    p.add_argument("--industry", default="")
    p.add_argument("--assign", nargs="*", default=[], metavar="APPLICANT")

    con = group(office, "conflict", _("conflicts of interest"))
    p = verb(con, "add", _("record a conflict, or pin the office's decision"),
             with_workspace(_conflict_add))
    common_options(p)
    p.add_argument("reviewer")
    p.add_argument("applicant")
    p.add_argument("--kind", default="other")
    p.add_argument("--source", default="office")
    add_text_option(p, "note", _("what the conflict is, or why the office decided so"),
                    default="")
    p.add_argument("--until-year", type=int)
    p.add_argument("--pin", choices=("conflicted", "not_conflicted"))
    p = verb(con, "suggest", _("suggest likely conflicts"), with_workspace(_conflict_suggest))
    common_options(p)
    p = verb(con, "list", _("list the conflicts register"), with_workspace(_conflict_list))
    common_options(p)

    p = verb(office, "package", _("issue reviewers' signed, sealed panel packages"),
             with_workspace(_package))
    common_options(p)
    p.add_argument("--to", type=Path, required=True, metavar="DIR")
    p.add_argument("--reviewer", action="append", default=[])
    p.add_argument("--stage")
    p.add_argument("--keep-documents-until", type=parse_date, metavar="YYYY-MM-DD",
                   help=_("the last day the cases may keep the applicants' documents (default: "
                          "180 days after issuing)"))

    p = verb(office, "merge", _("import score and consensus bundles"), _merge)
    p.epilog = _(BATCH_EXIT_HELP)
    common_options(p)
    p.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")

    office_quarantine.add_verbs(office, common_options, with_workspace)
    office_materials.add_verbs(office, common_options, with_workspace)  # material add/list/remove
    office_verify.add_verbs(office, common_options, with_workspace)  # office verify

    fork = group(office, "fork", _("bundles that disagree at one revision: list, resolve"))
    p = verb(fork, "list", _("list forks, resolved or not"), with_workspace(_fork_list))
    common_options(p)
    p = verb(fork, "resolve", _("choose the bundle that stands for its fork (with a reason)"),
             with_workspace(_fork_resolve))
    common_options(p)
    p.add_argument("bundle", metavar="BUNDLE",
                   help=_("the held bundle's file name, or the start of its hash"))
    add_text_option(p, "reason", _("why this bundle stands (kept in the history)"),
                    required=True)

    p = verb(office, "divergence", _("item statistics and flags (or the normalisation view)"),
             with_workspace(_divergence))
    common_options(p)
    p.add_argument("applicant", nargs="?", default="")
    p.add_argument("--stage", required=True)
    p.add_argument("--normalised", action="store_true")

    p = verb(office, "consensus", _("record the team's consensus for an applicant and stage"),
             with_workspace(_consensus))
    common_options(p)
    p.add_argument("applicant")
    p.add_argument("--stage", required=True)
    add_item_options(p, _("an item's consensus percent and rationale"))

    p = verb(office, "rank", _("comprehensive scores, shortlist and ranking per category"),
             with_workspace(_rank))
    common_options(p)
    p.add_argument("--admit", metavar="STAGE", help=_("admit --applicants to STAGE"))
    p.add_argument("--applicants", nargs="+", default=[], metavar="APPLICANT")

    p = verb(office, "vote", _("count a committee vote"), with_workspace(_vote))
    common_options(p)
    p.add_argument("award")
    p.add_argument("--present", nargs="+", required=True)
    p.add_argument("--ballots", type=Path, required=True,
                   help=_("JSON: member -> {applicant: for|against|abstain}"))
    p.add_argument("--held-on", type=parse_date)
    p.add_argument("--recuse", action="append", default=[], metavar="MEMBER=APPLICANT",
                   help=_("a committee member who takes no part in the vote on an applicant "
                          "(member by name or id, applicant by reference, name or id); "
                          "repeatable"))
    unresolved.add_option(p)

    com = group(office, "committee", _("the award committee: members, chair"))
    p = verb(com, "add", _("add a committee member to the cycle"), with_workspace(_committee_add))
    common_options(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", default="member", choices=("chair", "vice_chair", "member"))
    p.add_argument("--organisation", default="", metavar="ORG")
    p = verb(com, "list", _("list the cycle's committee members"), with_workspace(_committee_list))
    common_options(p)

    cyc = group(office, "cycle", _("the cycle's settings and stage schedule"))
    p = verb(cyc, "show", _("show the stage schedule, the office settings and the programme's "
                            "rules"), with_workspace(cycle_show))
    common_options(p)
    p = verb(cyc, "set", _("change an office setting (weights, shortlist, divergence, …)"),
             with_workspace(cycle_set))
    common_options(p)
    p.add_argument("key", metavar="KEY", choices=SETTING_KEYS,
                   help=_("one of: {keys}").format(keys=", ".join(SETTING_KEYS)))
    p.add_argument("value", metavar="VALUE",
                   help=_("JSON, NAME=VALUE pairs separated by commas (e.g. "
                          "material=0.375,onsite=0.625; for shortlist and divergence the pairs "
                          "given replace those parts only), a number, true/false or none"))
    office_decisions.add_by(p)
    p.add_argument("--normalise", action="store_true",
                   help=_("weights: divide the given weights by their sum (e.g. 3,5 -> 37.5%%, "
                          "62.5%%)"))
    office_decisions.register_decide(cyc, with_workspace, common_options)
    p = verb(cyc, "schedule", _("set a stage's dates"), with_workspace(cycle_schedule))
    common_options(p)
    p.add_argument("stage", metavar="STAGE", help=_("the stage: its id or its name"))
    p.add_argument("--from", dest="starts", type=parse_date, metavar="DATE",
                   help=_("first day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="ends", type=parse_date, metavar="DATE",
                   help=_("last day (YYYY-MM-DD)"))

    p = verb(office, "notice", _("publish a notice: its end in Chinese working days"),
             with_workspace(notice_publish))
    common_options(p)
    p.add_argument("notice")
    p.add_argument("--published", type=parse_date, required=True)
    p.add_argument("--applicants", nargs="+", default=[], metavar="APPLICANT")
    unresolved.add_option(p)

    p = verb(office, "objection", _("log an objection, or decide one"), with_workspace(objection))
    common_options(p)
    p.add_argument("applicant", nargs="?", default="")
    add_text_option(p, "summary", _("what the objection says, or the decision's note"),
                    default="")
    p.add_argument("--on", type=parse_date)
    p.add_argument("--decide", metavar="ID")
    p.add_argument("--outcome", choices=("upheld", "dismissed"), default="dismissed")

    p = verb(office, "history", _("what happened in the workspace"), with_workspace(history))
    common_options(p)
    p.add_argument("--feedback", action="store_true",
                   help=_("supervision feedback, both directions, per visit"))
    # `office history` alone lists what happened; `office history add` records an award.
    p.epilog = _("Without a verb: what happened in the workspace. 'office history add' records "
                 "an award an applicant won (or had revoked) in an earlier year.")
    hist = p.add_subparsers(dest="history_verb", metavar="VERB", required=False)
    p = verb(hist, "add", _("record an award an applicant won (or had revoked) in an earlier "
                            "year"), with_workspace(history_add))
    common_options(p)
    p.add_argument("applicant", metavar="APPLICANT",
                   help=_("an applicant of the cycle (reference, name, credit code or id), or "
                          "the name of another organisation"))
    p.add_argument("--award", required=True, metavar="AWARD", help=_("the award category"))
    p.add_argument("--year", required=True, type=int, metavar="YEAR")
    p.add_argument("--programme", metavar="ID",
                   help=_("the programme that gave the award (default: the cycle's)"))
    p.add_argument("--credit-code", metavar="CODE",
                   help=_("the organisation's credit code (default: the applicant's)"))
    p.add_argument("--cycle-number", type=int, metavar="N")
    p.add_argument("--revoked", type=parse_date, metavar="DATE",
                   help=_("the day the award was revoked (YYYY-MM-DD)"))
    add_text_option(p, "reason", _("why the award was revoked"))
    p.add_argument("--fraud", action="store_true",
                   help=_("the award was revoked for fraud"))

    p = verb(office, "feedback", _("record an applicant's feedback on a reviewer's conduct "
                                   "(two-way supervision)"), with_workspace(feedback))
    common_options(p)
    p.add_argument("applicant", metavar="APPLICANT",
                   help=_("the applicant: reference, name, credit code or id"))
    p.add_argument("reviewer", metavar="REVIEWER", help=_("the reviewer: id or name"))
    p.add_argument("--assessment", required=True,
                   choices=("compliant", "concerns", "violation"))
    p.add_argument("--text-file", type=Path, required=True, metavar="FILE",
                   help=_("the feedback's text, read from FILE ('-': standard input); never "
                          "on the command line"))
    p.add_argument("--stage", metavar="STAGE", help=_("the visit (stage): its id or name"))

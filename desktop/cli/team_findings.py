"""``scorebook case team finding …``: the team leader's consolidation (the team's findings) in
the leader's case file (``desktop.services.leader_findings``).

Registered after ``desktop/cli/team.py`` (groups register in name order), under its ``team``
group::

    scorebook case team finding list --case DIR --applicant A --stage S
    scorebook case team finding comments --case DIR --applicant A --stage S --item I
    scorebook case team finding add --case DIR --applicant A --stage S --kind K [--item I]
                                    (--text-file F | --text T)
    scorebook case team finding pick --case DIR --applicant A --stage S --item I
                                     --kind strength|improvement --from R1:2 [--from R2:1 …]
    scorebook case team finding edit ID --case DIR (--text-file F | --text T) [--outcome O]
    scorebook case team finding remove ID --case DIR
    scorebook case team finding move ID --case DIR (--up | --down)
    scorebook case team finding issue-board --case DIR --applicant A
    scorebook case team finding resolve ISSUE_ID --case DIR --outcome O
                                        (--text-file F | --text T) [--stage S]
    scorebook case team finding status --case DIR --applicant A --stage S  (exit 3: not complete)

The passphrase as for every team verb (``--passphrase-file``, the environment, or a prompt).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
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
from desktop.i18n import _, render

if TYPE_CHECKING:
    from desktop.domain.findings import FindingKind, Outcome
    from desktop.services import leader_findings as lf
    from desktop.services.case import CaseSession

# the domain's FindingKind values a person writes (all but "resolution") and its Outcome values,
# named here so the parser is built without the domain's findings (a test checks them)
WRITTEN_KINDS = ("strength", "improvement", "theme_strength", "theme_improvement", "suggestion",
                 "verify", "clarify")
OUTCOMES = ("confirmed", "not_confirmed", "clarified", "unresolved")
NOT_COMPLETE = 3  # ``finding status``: the report is not complete yet


def _team_group(sub: Any) -> Any:
    """The subparsers of ``scorebook case team`` (or of a top-level ``team``)."""
    def inner(parser: argparse.ArgumentParser) -> Any:
        for action in parser._actions:  # argparse keeps a group's subparsers among its actions
            if isinstance(action, argparse._SubParsersAction):
                return action
        return None

    case = getattr(sub, "choices", {}).get("case")
    found = inner(case) if case is not None else None
    team = (found.choices if found is not None else getattr(sub, "choices", {})).get("team")
    return None if team is None else inner(team)


def register(sub: Any) -> None:
    parent = _team_group(sub)
    if parent is None:
        return
    g = group(parent, "finding", _("the team's findings: agreed strengths and improvements, key "
                                   "themes, suggestions, site-visit issues"))

    def finding_verb(name: str, summary: str, handler: Any, *, applicant: bool = True,
                     stage: bool = True) -> argparse.ArgumentParser:
        p = verb(g, name, summary, handler)
        p.add_argument("--case", type=Path, required=True, metavar="DIR",
                       help=_("the team leader's case folder"))
        add_passphrase_option(p)
        if applicant:
            p.add_argument("--applicant", required=True, metavar="APPLICANT",
                           help=applicant_help())
        if stage:
            p.add_argument("--stage", required=True, help=_("the stage"))
        return p

    finding_verb("list", _("the team's findings for an applicant at a stage"), _list)
    p = finding_verb("comments", _("the members' comments on an item, numbered as --from "
                                   "takes them"), _comments)
    p.add_argument("--item", required=True, metavar="ITEM", help=_("the criteria item"))
    p = finding_verb("add", _("write a finding: an item's strength or improvement, a key theme, "
                              "a suggestion, a site-visit issue"), _add)
    p.add_argument("--kind", required=True, choices=WRITTEN_KINDS)
    p.add_argument("--item", metavar="ITEM",
                   help=_("the criteria item (not for key themes and suggestions)"))
    add_text_option(p, "text", _("the finding's text"), required=True)
    p = finding_verb("pick", _("an agreed finding from one member comment, or several merged"),
                     _pick)
    p.add_argument("--item", required=True, metavar="ITEM", help=_("the criteria item"))
    p.add_argument("--kind", required=True, choices=["strength", "improvement"])
    p.add_argument("--from", dest="refs", action="append", required=True, metavar="R:N",
                   help=_("a member's comment, as 'comments' numbers it (R1:2); repeat to "
                          "merge several"))
    p = finding_verb("edit", _("change a finding's text (its secret marks follow the text)"),
                     _edit, applicant=False, stage=False)
    p.add_argument("id", type=int, metavar="ID", help=_("the finding's number (see list)"))
    add_text_option(p, "text", _("the finding's new text"), required=True)
    p.add_argument("--outcome", choices=OUTCOMES,
                   help=_("a resolution's outcome"))
    p = finding_verb("remove", _("remove a finding"), _remove, applicant=False, stage=False)
    p.add_argument("id", type=int, metavar="ID", help=_("the finding's number (see list)"))
    p = finding_verb("move", _("move a finding up or down among those of its kind"), _move,
                     applicant=False, stage=False)
    p.add_argument("id", type=int, metavar="ID", help=_("the finding's number (see list)"))
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--up", action="store_true", help=_("one place up"))
    way.add_argument("--down", action="store_true", help=_("one place down"))
    finding_verb("issue-board", _("on site: each site-visit issue received, the members' notes "
                                  "and the team's resolution"), _board, stage=False)
    p = finding_verb("resolve", _("on site: the team's resolution of a site-visit issue"),
                     _resolve, applicant=False, stage=False)
    p.add_argument("issue", metavar="ISSUE_ID", help=_("the site-visit issue (see issue-board)"))
    p.add_argument("--outcome", required=True, choices=OUTCOMES)
    add_text_option(p, "text", _("what the team found"), required=True)
    p.add_argument("--stage", help=_("the on-site stage (default: the case's on-site stage)"))
    p = finding_verb("status", _("whether the team's report for the stage is complete, and what "
                                 "is missing"), _status)
    p.epilog = _("Exit status 3: the report is not complete yet.")


def _open(args: argparse.Namespace) -> CaseSession:
    from desktop.services.case import open_case

    return open_case(args.case, read_passphrase(args, _("Case passphrase")))


def _text(args: argparse.Namespace) -> str:
    [value] = text_options(args, "text")
    return value or ""


def kind_name(kind: FindingKind) -> str:
    from desktop.services import leader_findings as lf

    return _(lf.KIND_NAMES[kind])


def outcome_name(outcome: Outcome | None) -> str:
    from desktop.services import leader_findings as lf

    return "" if outcome is None else _(lf.OUTCOME_NAMES[outcome])


def findings_text(rows: Sequence[lf.FindingView]) -> str:
    if not rows:
        return _("No findings yet")
    body = [(f.id, kind_name(f.kind), f.item_id or "–",
             ", ".join(s.name for s in f.sources), f.issue_id, outcome_name(f.outcome),
             f.text.replace("\n", " / ")) for f in rows]
    return table(body, [_("No."), _("Kind"), _("Item"), _("From"), _("Issue"), _("Outcome"),
                        _("Text")], right=[True, False, False, False, False, False, False])


def _list(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        team = TeamLeader(case)
        rows = lf.findings(team, case.find_applicant(args.applicant)[0], args.stage)
    emit(args, rows, lambda: findings_text(rows))
    return 0


def _comments(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        team = TeamLeader(case)
        rows = lf.member_comments(team, case.find_applicant(args.applicant)[0], args.stage,
                                  args.item)
    kinds = {"strength": _("Strength"), "improvement": _("Opportunity for improvement")}

    def human() -> str:
        if not rows:
            return _("No member's comments on item {item}").format(item=text.item_title(
                args.item))
        body = [(c.ref, c.reviewer.name, kinds[c.kind.value],
                 ", ".join(str(p) for p in c.pages), c.text) for c in rows]
        return table(body, [_("Comment"), _("Reviewer"), _("Kind"), _("Pages"), _("Text")])

    emit(args, rows, human)
    return 0


def _add(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    words = _text(args)
    with _open(args) as case:
        team = TeamLeader(case)
        view = lf.add_finding(team, case.find_applicant(args.applicant)[0], args.stage,
                              args.kind, words, item_id=args.item or "")
    emit(args, view, lambda: findings_text([view]))
    return 0


def _pick(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        team = TeamLeader(case)
        view = lf.pick(team, case.find_applicant(args.applicant)[0], args.stage, args.item,
                       args.kind, args.refs)
    emit(args, view, lambda: findings_text([view]))
    return 0


def _edit(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    words = _text(args)
    with _open(args) as case:
        view = lf.edit_finding(TeamLeader(case), args.id, words, args.outcome)
    emit(args, view, lambda: findings_text([view]))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        view = lf.remove_finding(TeamLeader(case), args.id)
    emit(args, view, lambda: _("Removed finding {id}").format(id=view.id))
    return 0


def _move(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        view = lf.move_finding(TeamLeader(case), args.id, up=bool(args.up))
    emit(args, view, lambda: findings_text([view]))
    return 0


def _board(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        team = TeamLeader(case)
        rows = lf.issue_board(team, case.find_applicant(args.applicant)[0])

    def human() -> str:
        if not rows:
            return _("No site-visit issues were given to this team")
        lines = []
        for b in rows:
            lines.append(f"{b.issue.issue_id}  {kind_name(b.issue.kind)}  "
                         f"{text.item_title(b.issue.item_id)}")
            lines.append("  " + b.issue.text)
            lines.extend("  " + _("{reviewer}: {outcome} — {text}").format(
                reviewer=n.reviewer.name, outcome=outcome_name(n.outcome), text=n.text)
                for n in b.notes)
            lines.append("  " + (_("Resolution: {outcome} — {text}").format(
                outcome=outcome_name(b.resolution.outcome), text=b.resolution.text)
                if b.resolution is not None else _("Not resolved yet")))
        return "\n".join(lines)

    emit(args, rows, human)
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    words = _text(args)
    with _open(args) as case:
        view = lf.resolve(TeamLeader(case), args.issue, args.outcome, words, args.stage)
    emit(args, view, lambda: findings_text([view]))
    return 0


def _status(args: argparse.Namespace) -> int:
    from desktop.services import leader_findings as lf
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        team = TeamLeader(case)
        status = lf.report_status(team, case.find_applicant(args.applicant)[0], args.stage)
    data = {"complete": status.complete, "final": status.final,
            "items_without_findings": status.items_without_findings,
            "key_themes": status.key_themes, "open_issues": status.open_issues,
            "missing": list(status.missing())}

    def human() -> str:
        if status.complete:
            return _("Report complete")
        return _("Report not complete: {missing}").format(
            missing="; ".join(render(m) for m in status.missing()))

    emit(args, data, human)
    return 0 if status.complete else NOT_COMPLETE


__all__ = ["register"]

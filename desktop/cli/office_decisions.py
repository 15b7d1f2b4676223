"""``scorebook office cycle decide``: the office decides what a rule document leaves open
(stage weights, the shortlist, the divergence rule, the conflict window, the vote's rules where
the document is silent, how nominations are chosen), each recorded with who and when."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from desktop.cli.common import UsageError, verb
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, render

if TYPE_CHECKING:
    from desktop.services.office.results_cycle import SettingView
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME",
                        help=_("who decides (recorded with the date; default: the office's "
                               "name)"))


def register_decide(cyc: Any, with_ws: Callable[[Work], Any],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = verb(cyc, "decide", _("decide open points with their suggested values (the document "
                              "is silent on them): each recorded with who and when"),
             with_ws(_decide))
    common(p)
    p.add_argument("keys", nargs="*", metavar="KEY",
                   help=_("the open points to decide (see 'scorebook office cycle show')"))
    p.add_argument("--all-suggested", action="store_true",
                   help=_("take the suggested value of every point still undecided"))
    add_by(p)


def _decide(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import cycle

    if bool(args.keys) == bool(args.all_suggested):
        raise UsageError(Msg(N_("Name the open points to decide, or give --all-suggested")))
    decided = cycle.decide_suggested(ws, args.keys or None, args.cycle, by=args.by).result
    rows = [cycle.vars_of(s) for s in decided]

    def human() -> str:
        if not rows:
            return _("Nothing was left to decide.")
        label = _("office decision")
        return "\n".join(f'{s.key}: {cycle_value(s.value)} — '
                         f'{decision_source(s, label)}' for s in rows)

    return rows, human


def cycle_value(value: Any) -> str:
    from desktop.domain.open_points import describe_value

    return describe_value(value)


def decision_source(row: SettingView, label: str) -> str:
    """The source column of a setting: the programme's article, the office's decision with who
    and when, or that the office has not decided it yet (with the suggestion)."""
    if row.source != "office":
        return label
    if not row.decided:
        undecided = row.undecided
        why = render(undecided) if isinstance(undecided, Msg) else ""
        return _("NOT DECIDED — {why}").format(why=why) if why else _("NOT DECIDED")
    if not row.decided_by:
        return label
    when: Any = row.decided_at
    day = when.date().isoformat() if isinstance(when, datetime) else str(when or "")
    return _("decided by {who} on {date}").format(who=row.decided_by or "", date=day)


# --- a reviewer's qualification taken away ----------------------------------------------------


def register_reviewer_verbs(rev: Any) -> None:
    """``office reviewer disqualify``, ``disqualified`` and ``earlier-scores``."""
    from desktop.cli.common import add_text_option
    from desktop.cli.office_common import common_options, with_workspace

    p = verb(rev, "disqualify", _("record that a reviewer lost their qualification (e.g. 主席 "
                                  "第二十五条): their later bundles are refused"),
             with_workspace(_disqualify))
    common_options(p)
    p.add_argument("reviewer", metavar="REVIEWER")
    add_text_option(p, "reason", _("why the qualification is taken away"), required=True)
    p.add_argument("--article", metavar="ARTICLE",
                   help=_("the article it rests on (default: the programme's, e.g. 第二十五条)"))
    p.add_argument("--on", dest="effective_on", type=_day, metavar="DATE",
                   help=_("the date of the decision (YYYY-MM-DD; default: today)"))
    add_by(p)
    p = verb(rev, "earlier-scores", _("decide whether a disqualified reviewer's earlier scores "
                                      "stand"), with_workspace(_earlier))
    common_options(p)
    p.add_argument("reviewer", metavar="REVIEWER")
    p.add_argument("decision", choices=("stand", "void"),
                   help=_("stand: they count; void: they are set aside"))
    add_by(p)
    p = verb(rev, "disqualified", _("list the reviewers who lost their qualification"),
             with_workspace(_disqualified))
    common_options(p)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {text}")
                                         .format(text=text)) from None


def _disqualify(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import disqualification

    v = disqualification.disqualify(ws, args.reviewer, args.reason or "", article=args.article,
                                    effective_on=args.effective_on, by=args.by,
                                    cycle_ref=args.cycle).result
    return v, lambda: render(disqualification.note(v))


def _earlier(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import disqualification

    v = disqualification.decide_earlier(ws, args.reviewer, args.decision, by=args.by,
                                        cycle_ref=args.cycle).result
    return v, lambda: render(disqualification.note(v))


def _disqualified(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import disqualification

    rows = disqualification.list_disqualified(ws, args.cycle)
    return rows, lambda: "\n".join(
        render(disqualification.note(v)) for v in rows) or _("No reviewer has lost their "
                                                            "qualification")


# --- nominations ----------------------------------------------------------------------------


def register_office_verbs(office: Any) -> None:
    """``office nominate``: the office assigns the nominations (提名奖)."""
    from desktop.cli.office_common import common_options, with_workspace

    p = verb(office, "nominate", _("assign the nominations (提名奖) explicitly, as the office "
                                   "decided they are chosen; without applicants: show who "
                                   "stands next below the award line"),
             with_workspace(_nominate))
    common_options(p)
    p.add_argument("applicants", nargs="*", metavar="APPLICANT")
    add_by(p)


def _nominate(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import nominations, ranking

    if args.applicants:
        rows = nominations.assign(ws, args.applicants, by=args.by, cycle_ref=args.cycle).result
    else:
        rows = nominations.list_nominations(ws, args.cycle)
    standing = {c.award_id: list(c.next_below) for c in ranking.rank(ws, args.cycle).categories
                if c.next_below}
    data = {"nominations": [vars(r) for r in rows], "next_below": standing}

    def human() -> str:
        out = [_("Next below the award line ({award}): {applicants}").format(
            award=award, applicants=", ".join(refs)) for award, refs in standing.items()]
        out += [_("Nominated: {applicant} {name} ({award}), recorded by {who} on {date}").format(
            applicant=r.applicant, name=r.name, award=r.award, who=r.recorded_by,
            date=r.recorded_at.date().isoformat()) for r in rows]
        return "\n".join(out) or _("No nominations are assigned")
    return data, human


def decision_value(key: str, value: Any) -> str | None:
    """A vote rule or a choice the office decided, in words (None: not one of those)."""
    from desktop.i18n.data_names import SETTING_WORD, THRESHOLD_OF, label

    if key in ("pass_threshold", "quorum") and isinstance(value, Mapping):
        op = "≥" if value.get("inclusive", True) else ">"
        return f"{op} {value.get('fraction')} {label(THRESHOLD_OF, value.get('of'))}"
    if key in ("recused_members", "nominations") and isinstance(value, str):
        return label(SETTING_WORD, value)
    return None

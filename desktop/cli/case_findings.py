"""``scorebook case comments`` and ``scorebook case issue …``: a reviewer's comments read back
(factors, cited pages, the scoring guidance's warnings) and the on-site notes on the site-visit
issues the material-review team raised (核实 verify / 澄清 clarify).

The verbs join the ``case`` group made by ``desktop.cli.case`` (registered before this module:
the modules register in name order)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    UsageError,
    add_passphrase_option,
    add_text_option,
    applicant_help,
    case_group,
    emit,
    group,
    read_passphrase,
    text_options,
    verb,
)
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, current_language, render

if TYPE_CHECKING:
    from desktop.domain.findings import Comment
    from desktop.services.case import CaseSession
    from desktop.services.case_findings_types import ItemComments, SiteIssueView

# keyed by the values of the domain's FindingKind and Outcome (StrEnums: their members find
# them), named here so the parser is built without the domain's findings (a test checks them)
KIND_TEXT = {"verify": N_("verify (核实)"), "clarify": N_("clarify (澄清)")}
OUTCOME_TEXT = {"confirmed": N_("confirmed"), "not_confirmed": N_("not confirmed"),
                "clarified": N_("clarified"), "unresolved": N_("unresolved")}
OUTCOMES = tuple(OUTCOME_TEXT)


def register(sub: Any) -> None:
    g = case_group(sub)
    if g is None:
        return

    def case_verb(into: Any, name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser = verb(into, name, help_text, handler)
        parser.add_argument("--case", type=Path, required=True, metavar="DIR",
                            help=_("the case folder"))
        add_passphrase_option(parser)
        return parser

    p = case_verb(g, "comments", _("your comments read back: each line one comment, with its "
                                   "factors, the pages it cites and the scoring guidance's "
                                   "warnings"), _comments)
    p.add_argument("--applicant", required=True, metavar="APPLICANT", help=applicant_help())
    p.add_argument("--stage", help=_("the stage (default: the package's current stage)"))
    p.add_argument("--item", help=_("one item (default: every item with a score or comment)"))

    ig = group(g, "issue", _("the site-visit issues (核实 / 澄清) and your notes on them"))
    p = case_verb(ig, "list", _("list the site-visit issues with your notes"), _issue_list)
    p.add_argument("--applicant", metavar="APPLICANT", help=applicant_help())
    p = case_verb(ig, "note", _("record what you found on site about one issue"), _issue_note)
    p.add_argument("issue", metavar="ISSUE_ID", help=_("the issue's id (SI-…)"))
    p.add_argument("--outcome", required=True, choices=OUTCOMES)
    add_text_option(p, "text", _("what you verified or clarified"), required=True)
    add_text_option(p, "why", _("why the note changed (kept in the audit log)"), default="")
    p = case_verb(ig, "clear", _("remove your note on one issue"), _issue_clear)
    p.add_argument("issue", metavar="ISSUE_ID", help=_("the issue's id (SI-…)"))


def _open(args: argparse.Namespace) -> CaseSession:
    from desktop.services.case import open_case

    return open_case(args.case, read_passphrase(args, _("Case passphrase")))


def _lang() -> str:
    tag = current_language()
    return "zh" if tag.startswith("zh") else "mn" if tag.startswith("mn") else "en"


# --- comments --------------------------------------------------------------------------------


def _comments(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services import case_findings as cf
    from desktop.services.programmes import programme_of_cycle

    with _open(args) as case:
        applicant_id, name = case.find_applicant(args.applicant)
        stage = args.stage or case.cycle_and_stage()[1]
        found = ((cf.item_comments(case, applicant_id, stage, args.item),) if args.item
                 else cf.applicant_comments(case, applicant_id, stage))
        framework = case.framework
        programme = programme_of_cycle(case.cycle_and_stage()[0])
    lang = _lang()

    def comment_json(c: Comment) -> dict[str, Any]:
        return {"kind": c.kind.value, "text": c.line, "body": c.body,
                "factors": [f.value for f in c.factors], "unknown": list(c.unknown),
                "pages": list(c.pages)}

    data = {"applicant_id": applicant_id, "applicant": name, "stage_id": stage,
            "items": [{"item_id": i.item_id, "kind": i.item_kind.value, "pct": i.pct,
                       "comments": [comment_json(c) for c in (*i.strengths, *i.improvements)],
                       "warning": None if i.warning is None else render(i.warning)}
                      for i in found]}

    def human() -> str:
        from desktop.domain.findings import factor_names

        lines = [_("{applicant}, {stage}").format(
            applicant=name, stage=text.stage_name(programme, stage))]
        if not found:
            lines.append(_("  No comments yet."))
        for i in found:
            lines.append(_item_head(i))
            names = factor_names(framework, i.item_kind, lang)
            for c in (*i.strengths, *i.improvements):
                details = ["·".join(names.get(f, f.value) for f in c.factors)] \
                    if c.factors else []
                if c.pages:
                    details.append(_(" p. {pages}").format(
                        pages=",".join(str(p) for p in c.pages)).strip())
                kind = _("strength") if c.kind.value == "strength" else _("improvement")
                head = f"{kind} [{'; '.join(details)}]" if details else kind
                lines.append(_("    {kind}: {text}").format(kind=head, text=c.body))
            if i.warning is not None:
                lines.append(_("    Warning: {text}").format(text=render(i.warning)))
        return "\n".join(lines)

    emit(args, data, human)
    return 0


def _item_head(i: ItemComments) -> str:
    from desktop.cli import office_text as text

    pct = "–" if i.pct is None else f"{i.pct}%"
    return f"  {text.item_title(i.item_id)}  {pct}"


# --- issues ----------------------------------------------------------------------------------


def _issue_json(v: SiteIssueView) -> dict[str, Any]:
    return {"issue_id": v.issue_id, "applicant_id": v.applicant_id,
            "applicant": v.applicant_name, "item_id": v.item_id, "kind": v.kind.value,
            "text": v.text, "outcome": None if v.outcome is None else v.outcome.value,
            "note": v.note, "marks": [list(k) for k in v.marks], "recused": v.recused}


def _issue_text(v: SiteIssueView) -> str:
    from desktop.cli import office_text as text

    outcome = _("no note yet") if v.outcome is None else _(OUTCOME_TEXT[v.outcome])
    lines = [f"{v.issue_id}  {v.applicant_name}  {text.item_title(v.item_id)}  "
             f"{_(KIND_TEXT[v.kind])}",
             f"    {v.text}",
             _("    Your note ({outcome}): {note}").format(outcome=outcome, note=v.note or "–")]
    if v.recused:
        lines.append(_("    (recused: locked)"))
    return "\n".join(lines)


def _issue_list(args: argparse.Namespace) -> int:
    from desktop.services import case_findings as cf

    with _open(args) as case:
        applicant_id = None if args.applicant is None else case.find_applicant(args.applicant)[0]
        issues = cf.site_issues(case, applicant_id)
    emit(args, [_issue_json(v) for v in issues],
         lambda: "\n".join(_issue_text(v) for v in issues) if issues
         else _("No site-visit issues in this case."))
    return 0


def _issue_note(args: argparse.Namespace) -> int:
    from desktop.services import case_findings as cf

    note, why = text_options(args, "text", "why")
    if note is None:
        raise UsageError(Msg(N_("Give --text-file or --text")))
    with _open(args) as case:
        view = cf.note_issue(case, args.issue, args.outcome, note, why=why or "")
    emit(args, _issue_json(view), lambda: (_("Note saved.") if view.changed
                                           else _("Nothing changed.")) + "\n"
         + _issue_text(view))
    return 0


def _issue_clear(args: argparse.Namespace) -> int:
    from desktop.services import case_findings as cf

    with _open(args) as case:
        view = cf.clear_issue_note(case, args.issue)
    emit(args, _issue_json(view), lambda: _("Note removed.") if view.changed
         else _("There was no note."))
    return 0


__all__ = ["register"]

"""``scorebook case team …``: the team leader's merge and consensus in the leader's case file.

Registered under the ``case`` group built by ``desktop/cli/case.py`` (groups register in name
order, so ``case`` exists by the time this module runs); should it be missing, the verbs fall
back to a top-level ``scorebook team …`` group.

    scorebook case team import BUNDLE... --case DIR        (exit 3 if any is rejected or forks)
    scorebook case team divergence --case DIR --stage S [--applicant A]
    scorebook case team consensus --case DIR --applicant A --stage S
                                  [--items-file FILE] [--item ITEM=PCT:RATIONALE ...] [--finalise]
    scorebook case team export --case DIR --to DIR [--stage S]
    scorebook case team fork list --case DIR
    scorebook case team fork resolve BUNDLE (--reason-file FILE | --reason TEXT) --case DIR
    scorebook case team chain list --case DIR
    scorebook case team chain resolve BUNDLE (--reason-file FILE | --reason TEXT) --case DIR
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    BATCH_EXIT_HELP,
    UsageError,
    add_item_options,
    add_passphrase_option,
    add_text_option,
    applicant_help,
    batch_verdict,
    case_group,
    emit,
    group,
    item_specs,
    read_passphrase,
    table,
    text_options,
    verb,
)
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, ngettext, render

if TYPE_CHECKING:
    from desktop.domain.programmes import Programme
    from desktop.services.case import CaseSession
    from desktop.services.leader import ChainBreakView, DivergenceView


def register(sub: Any) -> None:

    parent = case_group(sub)
    help_text = _("the team leader: merge the team's bundles, divergence, signed consensus")
    g = group(parent if parent is not None else sub, "team", help_text)

    def team_verb(name: str, text: str, handler: Any) -> argparse.ArgumentParser:
        parser = verb(g, name, text, handler)
        parser.add_argument("--case", type=Path, required=True, metavar="DIR",
                            help=_("the team leader's case folder"))
        add_passphrase_option(parser)
        return parser

    p = team_verb("import", _("verify and merge team members' score bundles"), _import)
    p.epilog = _(BATCH_EXIT_HELP)
    p.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")

    p = team_verb("divergence", _("item statistics and flags for an applicant (or all "
                                  "applicants)"), _divergence)
    p.add_argument("--stage", help=_("the stage (default: the case's current stage)"))
    p.add_argument("--applicant", metavar="APPLICANT",
                   help=_("one applicant (default: an overview of all)"))

    p = team_verb("consensus", _("record the consensus for items, and finalise it"), _consensus)
    p.add_argument("--applicant", required=True, metavar="APPLICANT", help=applicant_help())
    p.add_argument("--stage", required=True)
    add_item_options(p, _("an item's consensus: an empty PCT keeps the default (the mean "
                          "rounded to the step)"))
    p.add_argument("--finalise", action="store_true",
                   help=_("make it final (a flagged item needs a rationale)"))

    p = team_verb("export", _("sign and export the final consensus as a bundle"), _export)
    p.add_argument("--to", type=Path, required=True, metavar="DIR")
    p.add_argument("--stage", help=_("the stage (default: the case's current stage)"))
    p.add_argument("--identity-dir", type=Path, metavar="DIR",
                   help=_("where your identity is kept (it remembers the last revision "
                          "exported)"))

    fork = group(g, "fork", _("bundles that disagree at one revision: list, resolve"))
    for name, summary, handler in (
            ("list", _("list forks, resolved or not"), _fork_list),
            ("resolve", _("choose the bundle that stands for its fork (with a reason)"),
             _fork_resolve)):
        p = verb(fork, name, summary, handler)
        p.add_argument("--case", type=Path, required=True, metavar="DIR",
                       help=_("the team leader's case folder"))
        add_passphrase_option(p)
        if name == "resolve":
            p.add_argument("bundle", metavar="BUNDLE",
                           help=_("the held bundle's file name, or the start of its hash"))
            add_text_option(p, "reason", _("why this bundle stands (kept in the case's audit "
                                           "log)"), required=True)

    chain = group(g, "chain", _("a member's bundles whose chain does not reach the bundle "
                                "held: list, choose"))
    for name, summary, handler in (
            ("list", _("list the broken chains waiting for your choice"), _chain_list),
            ("resolve", _("let a bundle's chain stand: the one held, or the new one (with a "
                          "reason)"), _chain_resolve)):
        p = verb(chain, name, summary, handler)
        p.add_argument("--case", type=Path, required=True, metavar="DIR",
                       help=_("the team leader's case folder"))
        add_passphrase_option(p)
        if name == "resolve":
            p.add_argument("bundle", metavar="BUNDLE",
                           help=_("the held bundle's file name, or the start of its hash: the "
                                  "bundle held keeps it, a waiting one takes its chain"))
            add_text_option(p, "reason", _("why this chain stands (kept in the case's audit "
                                           "log)"), required=True)


def _open(args: argparse.Namespace) -> CaseSession:
    from desktop.services.case import open_case

    return open_case(args.case, read_passphrase(args, _("Case passphrase")))


def _programme(case: CaseSession) -> Programme | None:
    """The case's programme, to name its stages (None: the ids are shown)."""
    from desktop.services.programmes import programme_of_cycle

    return programme_of_cycle(case.roster().cycle_id)


def _import(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        result = TeamLeader(case).import_bundles(args.bundles)
        programme = _programme(case)

    def human() -> str:
        rows = [(f.file, text.outcome_label(f.outcome), f.reviewer or "",
                 text.stage_name(programme, f.stage) if f.stage else "", f.revision,
                 render(f.reason) if f.reason is not None else "") for f in result.files]
        lines = [table(rows, [_("File"), _("Outcome"), _("Reviewer"), _("Stage"),
                              _("Revision"), _("Reason")])]
        for f in result.files:
            lines.extend(f"  {f.file}: " + render(r) for r in f.refused)
        lines.extend(text.reported(result.files))
        lines.append(_("Totals: {totals}").format(totals=", ".join(
            f"{text.outcome_label(k)} {v}" for k, v in result.counts.items())))
        if result.forks:
            lines.append(ngettext("{n} fork waits for a decision: the earlier revision stands",
                                  "{n} forks wait for a decision: the earlier revisions stand",
                                  result.forks).format(n=result.forks))
        return "\n".join(lines)

    data = {"files": result.files, "counts": result.counts, "forks": result.forks,
            "held_bundles": result.held_bundles, "refused_sheets": result.refused_sheets}
    emit(args, data, human)
    batch_verdict([f.outcome for f in result.files])
    return 0


def _view_data(v: DivergenceView) -> dict[str, Any]:
    return {
        "applicant": v.applicant_id, "name": v.name, "stage": v.stage_id, "rule": v.rule,
        "rule_source": v.rule_source,
        "reviewers": v.reviewers, "recused": v.recused, "flagged": v.flagged,
        "missing_rationale": v.missing_rationale, "final": v.final, "outdated": v.outdated,
        "total": v.total, "forked": v.forked,
        "items": [{"item": r.stats.item_id, "count": r.stats.count, "mean": r.stats.mean_pct,
                   "median": r.stats.median_pct, "min": r.stats.min_pct,
                   "max": r.stats.max_pct, "spread": r.stats.spread_pct,
                   "bands": r.stats.bands, "flagged": r.flagged, "default": r.default_pct,
                   "pct": r.pct, "consensus": r.consensus_pct, "rationale": r.rationale}
                  for r in v.items],
    }


def _view_text(v: DivergenceView, programme: Programme | None) -> str:
    from desktop.cli import office_text as text

    lines = [_("{applicant} {name}, stage {stage}: reviewers {reviewers}").format(
        applicant=v.applicant_id, name=v.name, stage=text.stage_name(programme, v.stage_id),
        reviewers=", ".join(v.reviewers) or "–")]
    if v.recused:
        lines.append(_("Recused (left out): {ids}").format(ids=", ".join(v.recused)))
    lines.append(_("Flag rule: {rule}").format(rule=v.rule.render(_)))
    rows = [(r.stats.item_id, text.item_name(r.stats.item_id), r.stats.count, r.stats.mean_pct,
             r.stats.min_pct, r.stats.max_pct, r.consensus_pct,
             "▲ " + _("flagged") if r.flagged else "", r.rationale or "") for r in v.items]
    lines.append(table(rows, [_("Item"), _("Item name"), _("Count"), _("Mean %"), _("Min %"),
                              _("Max %"), _("Consensus %"), _("Flag"), _("Rationale")],
                       right=[False, False, True, True, True, True, True, False, False]))
    if v.missing_rationale:
        lines.append(_("Flagged items still without a rationale: {items}").format(
            items="; ".join(text.item_title(i) for i in v.missing_rationale)))
    if v.final:
        lines.append((_("Final, total {total}; the scores changed since: finalise again")
                      if v.outdated else _("Final, total {total}")).format(total=v.total))
    if v.forked:
        lines.append(_("Waiting on a fork: {ids}").format(ids=", ".join(v.forked)))
    return "\n".join(lines)


def _divergence(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        leader = TeamLeader(case)
        if args.applicant:
            stage = args.stage or case.status().current_stage_id
            view = leader.divergence(case.find_applicant(args.applicant)[0], stage)
            programme = _programme(case)
            emit(args, _view_data(view), lambda: _view_text(view, programme))
            return 0
        rows = leader.overview(args.stage)
        programme = _programme(case)

    def human() -> str:
        if not rows:
            return _("No applicants")
        stages = sorted({r.stage_id for r in rows})
        head = [_("Stage {stage}").format(stage=text.stage_name(programme, st))
                for st in stages]
        return "\n".join(head + [_("{applicant} {name}: {n} reviewers, {flagged} flagged, "
                                   "{missing} without rationale, {state}").format(
            applicant=r.applicant_id, name=r.name, n=r.reviewers, flagged=r.flagged,
            missing=r.missing_rationale,
            state=(_("outdated") if r.outdated else _("final {total}").format(total=r.total))
            if r.final else _("open")) for r in rows])

    emit(args, rows, human)
    return 0


def _parse_item(spec: str) -> tuple[str, str | None, str | None]:
    item, sep, rest = spec.partition("=")
    if not sep or not item:
        raise UsageError(Msg(N_("--item takes ITEM=PCT:RATIONALE, not '{spec}'"),
                             {"spec": spec}))
    pct, sep2, why = rest.partition(":")
    return item, pct.strip() or None, why if sep2 else None


def _consensus(args: argparse.Namespace) -> int:
    from desktop.services.leader import TeamLeader

    specs = [_parse_item(s) for s in item_specs(args)]
    if not specs and not args.finalise:
        raise UsageError(Msg(N_("Give --items-file FILE, --item ITEM=PCT:RATIONALE and/or "
                                "--finalise")))
    with _open(args) as case:
        leader = TeamLeader(case)
        applicant_id = case.find_applicant(args.applicant)[0]
        for item, pct, why in specs:
            leader.set_consensus(applicant_id, args.stage, item, pct, why,
                                 use_default=pct is None)
        if args.finalise:
            leader.finalise(applicant_id, args.stage)
        view = leader.divergence(applicant_id, args.stage)
        programme = _programme(case)
    emit(args, _view_data(view), lambda: _view_text(view, programme))
    return 0


def _fork_list(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        forks = TeamLeader(case).list_forks()
        programme = _programme(case)
    emit(args, forks, lambda: text.forks(forks, programme))
    return 0


def _fork_resolve(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.leader import TeamLeader

    [reason] = text_options(args, "reason")
    with _open(args) as case:
        view = TeamLeader(case).resolve_fork(args.bundle, reason or "")
        programme = _programme(case)
    emit(args, view, lambda: text.forks([view], programme))
    return 0


def chains_text(rows: list[ChainBreakView], programme: Programme | None) -> str:
    """The broken chains, one block each: the bundle held, the ones waiting, why."""
    from desktop.cli import office_text as text

    if not rows:
        return _("No broken chains")
    lines = []
    for b in rows:
        state = (_("resolved: {hash} stands — {reason}").format(hash=b.chosen[:16],
                                                                 reason=b.why)
                 if b.chosen else render(replace(b.reason, params={
                     k: text.stage_name(programme, v) if k == "stage" else v
                     for k, v in b.reason.params.items()})))
        lines.append(_("{reviewer} ({name}) {stage}: {state}").format(
            reviewer=b.reviewer, name=b.name, stage=text.stage_name(programme, b.stage),
            state=state))
        if b.held is not None:
            lines.append("  " + _("held: revision {rev}  {file}  {hash}").format(
                rev=b.held.revision, file=b.held.file, hash=b.held.content_hash[:16]))
        lines.extend("  " + _("waiting: revision {rev}  {file}  {hash}").format(
            rev=w.revision, file=w.file, hash=w.content_hash[:16]) for w in b.waiting)
    return "\n".join(lines)


def _chain_list(args: argparse.Namespace) -> int:
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        rows = TeamLeader(case).list_breaks()
        programme = _programme(case)
    emit(args, rows, lambda: chains_text(rows, programme))
    return 0


def _chain_resolve(args: argparse.Namespace) -> int:
    from desktop.services.leader import TeamLeader

    [reason] = text_options(args, "reason")
    with _open(args) as case:
        view = TeamLeader(case).resolve_chain(args.bundle, reason or "")
        programme = _programme(case)
    emit(args, view, lambda: chains_text([view], programme))
    return 0


def _export(args: argparse.Namespace) -> int:
    from desktop.cli import office_text as text
    from desktop.services.leader import TeamLeader

    with _open(args) as case:
        leader = TeamLeader(case)
        result = leader.export_consensus(args.to, args.stage,
                                         identity_folder=args.identity_dir)
        programme = _programme(case)
        names = ({r.applicant_id: r.name for r in leader.overview(result.stage_id)}
                 if result.not_final else {})

    def human() -> str:
        lines = [_("Wrote {path} (consensus, stage {stage}, revision {rev}, {n} applicants); it "
                   "verified when read back.").format(path=result.path,
                                                      stage=text.stage_name(programme,
                                                                            result.stage_id),
                                                      rev=result.revision,
                                                      n=len(result.applicants))]
        if result.not_final:
            lines.append(_("Not final yet, left out: {ids}").format(
                ids=text.applicant_list(result.not_final, names)))
        lines.append(_("Safe to remove."))
        return "\n".join(lines)

    emit(args, result, human)
    return 0


__all__ = ["register"]

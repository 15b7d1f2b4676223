"""``scorebook programmes list|show|validate``: the award programmes and their rules."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import emit, group, verb
from desktop.domain.open_points import describe_value, open_points
from desktop.domain.programmes import Citation, NoticeCount, Programme, Threshold
from desktop.domain.scoring import FormKind
from desktop.i18n import _, current_language


def register(sub: Any) -> None:
    progs = group(sub, "programmes", _("the award programmes and their rules"))
    verb(progs, "list", _("list the award programmes with their documents"), _list)
    show = verb(progs, "show", _("show every rule of a programme with its citation"), _show)
    show.add_argument("programme", metavar="ID", help=_("programme id (see 'programmes list')"))
    validate = verb(progs, "validate", _("check a programme file (e.g. a copy of the template)"),
                    _validate)
    validate.add_argument("file", type=Path, metavar="FILE", help=_("a .toml or .json file"))


def _name(p: Programme) -> str:
    return p.name_zh if current_language() != "en" else f"{p.name_zh} ({p.name_en})"


def _list(args: argparse.Namespace) -> int:
    from desktop.services import programmes as service

    items = service.list_programmes()
    data = [{"id": p.id, "name_zh": p.name_zh, "name_en": p.name_en,
             "document": p.document.number, "issued": p.document.issued,
             "cycle": p.cycle.kind} for p in items]

    def human() -> str:
        width = max(len(p.id) for p in items)
        return "\n".join(f"{p.id:<{width}}  {p.name_zh}  {p.document.number}  "
                         f"({p.document.issued.isoformat()})  {p.name_en}" for p in items)

    emit(args, data, human)
    return 0


def _show(args: argparse.Namespace) -> int:
    from desktop.services import programmes as service

    p = service.programme(args.programme)
    emit(args, service.describe(p), lambda: summary(p))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from desktop.services import programmes as service

    p = service.validate_file(args.file)
    data = {"file": str(args.file), "valid": True, "id": p.id, "name_zh": p.name_zh,
            "document": p.document.number, "stages": len(p.stages), "notices": len(p.notices),
            "conditions": len(p.conditions)}
    emit(args, data, _("{file}: valid programme '{id}' ({name}, {document}): {stages} stages, "
                       "{notices} notices, {conditions} eligibility rules").format(
        file=args.file, id=p.id, name=p.name_zh, document=p.document.number,
        stages=len(p.stages), notices=len(p.notices), conditions=len(p.conditions)))
    return 0


# --- the readable summary ---------------------------------------------------------------------

def _cite(cite: Citation | None, number: str) -> str:
    if cite is None:
        return ""
    return f"  [{cite.article}]" if cite.document == number else f"  [{cite}]"


def _yes(value: bool | None) -> str:
    if value is None:
        return _("not stated")
    return _("yes") if value else _("no")


def _share(t: Threshold | None) -> str:
    if t is None:
        return _("not stated")
    base = _("of all members") if t.of == "members" else _("of members present")
    incl = _("inclusive") if t.inclusive else _("exclusive")
    return f"≥ {t.fraction.numerator}/{t.fraction.denominator} {base} ({incl})"


def summary(p: Programme) -> str:
    from desktop.i18n.formatting import label_value

    d = p.document

    def _c(cite: Citation | None) -> str:
        return _cite(cite, d.number)

    out = [label_value(p.id, _name(p)),
           f"{d.title_zh}  {d.number}  {d.issuer_zh}",
           _("Issued {issued}; in force from {effective}").format(
               issued=d.issued.isoformat(), effective=(d.effective or d.issued).isoformat())]
    if d.amended:
        out.append(_("Amended {date}").format(date=d.amended.isoformat()))
    if d.term_years:
        out.append(_("Valid for {years} years, until {date}").format(
            years=d.term_years, date=d.expires.isoformat() if d.expires else "?")
            + _c(d.term_cite))
    if d.supersedes:
        out.append(_("Supersedes {number}").format(number=d.supersedes))
    out.append(_("Applicants registered in: {region}").format(region=p.region_zh)
               + _c(p.award_cite))
    cycles = {"annual": _("annual"), "biennial": _("every two years"),
              "as_decided": _("as decided by the government")}
    out.append(_("Cycle: {cycle}").format(cycle=cycles[p.cycle.kind.value]) + _c(p.cycle.cite))

    out.append("\n" + _("Awards"))
    for a in p.awards:
        if a.quota is None:
            quota = _("no quota stated")
        elif a.quota_exact:
            quota = _("exactly {n} per cycle").format(n=a.quota)
        else:
            quota = _("at most {n} per cycle").format(n=a.quota)
        out.append(f"  {a.name_zh} ({a.kind.value}): {quota}{_c(a.cite)}")
        if a.vacancy_allowed is not None:
            out.append("    " + _("may stay vacant: {v}").format(v=_yes(a.vacancy_allowed))
                       + _c(a.vacancy_cite))
        if a.prize:
            out.append("    " + _("prize: {prize}").format(prize=a.prize) + _c(a.prize_cite))
        if a.repeat_winner_prize is not None:
            out.append("    " + _("prize money again for a repeat winner: {v}").format(
                v=_yes(a.repeat_winner_prize)) + _c(a.repeat_winner_cite))
    if p.validity_years:
        out.append("  " + _("An award is valid for {n} years").format(n=p.validity_years)
                   + _c(p.validity_cite))
    if p.reapplication:
        r = p.reapplication
        out.append("  " + _("Re-application: {text}").format(text=r.text_zh or "") + _c(r.cite))
    if p.repeat_winners:
        w = p.repeat_winners
        out.append("  " + _("Repeat winners after validity: outside the quota {q}, prize {m}")
                   .format(q=_yes(w.outside_quota), m=_yes(w.prize)) + _c(w.cite))
    if p.backfill:
        out.append("  " + _("A vacancy after objections may be filled by rank: {v}").format(
            v=_yes(p.backfill.allowed)) + _c(p.backfill.cite))

    out.append("\n" + _("Stages"))
    comp = p.comprehensive_stage
    for i, s in enumerate(p.stages, 1):
        form = ""
        if s.form.kind is FormKind.ITEMS:
            form = _("scored on {framework}").format(framework=s.form.framework_id)
        elif s.form.kind is FormKind.PANEL_SCORE:
            form = _("panel score out of {max}").format(max=s.form.max_points)
            if s.form_office_setting:
                form += " " + _("(the office's setting; the document fixes no scale)")
        if s is comp and comp.combines:
            form = _("computed from: {stages}").format(stages=" + ".join(
                p.stage(x).name_zh for x in comp.combines))
        out.append(f"  {i}. {s.name_zh} / {s.name_en}{': ' + form if form else ''}{_c(s.cite)}")
        for n in p.notices_after(s.id):
            count = (_("at least {n} working days") if n.count is NoticeCount.AT_LEAST
                     else _("{n} working days")).format(n=n.working_days)
            out.append("     " + _("public notice: {days}, by {by}").format(days=count, by=n.by_zh)
                       + _c(n.cite))

    if p.committee:
        c = p.committee
        out.append("\n" + _("Committee: {body}").format(body=c.body_zh) + _c(c.cite))
        if c.quorum or c.pass_threshold:
            out.append("  " + _("quorum: {share}").format(share=_share(c.quorum)))
            out.append("  " + _("to pass: {share}").format(share=_share(c.pass_threshold)))
        if c.limited_voting is not None:
            out.append("  " + _("limited voting: {v}").format(v=_yes(c.limited_voting)))
        if c.rank_by_votes is not None:
            out.append("  " + _("ranking by votes: {v}").format(v=_yes(c.rank_by_votes)))
    if p.team:
        t = p.team
        size = (_("{low}–{high} reviewers").format(low=t.min_size, high=t.max_size)
                if t.min_size and t.max_size else _("size not stated"))
        out.append(_("Review team: {size}; leader responsible: {leader}").format(
            size=size, leader=_yes(t.leader)) + _c(t.cite))

    out.append("\n" + _("Eligibility"))
    for rule in p.conditions:
        tag = _("exclusion") if rule.exclusion else _("condition")
        who = "" if rule.applies_to.value == "organisation" else f" ({rule.applies_to.value})"
        out.append(f"  - [{tag}{who}] {rule.text_zh}{_c(rule.cite)}")
    if p.revocations:
        out.append("\n" + _("Revocation"))
        for rev in p.revocations:
            ban = (" " + _("then no application for {n} years").format(n=rev.ban_years)
                   if rev.ban_years else "")
            out.append(f"  - {'；'.join(rev.grounds_zh)}{ban}{_c(rev.cite)}")
    extra = [(_("Recusal"), p.recusal_cite), (_("Trade secrets"), p.secrets_cite),
             (_("Two-way supervision feedback"), p.supervision_feedback_cite),
             (_("A reviewer's qualification taken away"), p.disqualification_cite)]
    lines = [f"  {label}{_c(cite)}" for label, cite in extra if cite]
    if lines:
        out.append("\n" + _("Conduct of the review"))
        out.extend(lines)
    if p.fees_zh:
        out.append(_("Fees: {fees}").format(fees=p.fees_zh))
    if p.notes_zh:
        out.append("\n" + _("Notes"))
        out.extend(f"  - {note}" for note in p.notes_zh)
    out.extend(silent_points(p))
    out.append("\n" + _("Articles cited are of {number}.").format(number=d.number))
    return "\n".join(out)


def silent_points(p: Programme) -> list[str]:
    """Where the document is silent: each point the office decides in set-up, marked."""
    points = open_points(p)[0]
    out = ["\n" + _("Where the document is silent (the office decides in set-up, recorded "
                     "with who and when)")]
    out.extend("  ? " + _("{what}: {silent}; suggested: {value}").format(
        what=_(pt.meaning), silent=_(pt.silent), value=describe_value(pt.suggested))
        for pt in points)
    if p.disqualification_cite is None:
        out.append("  ? " + _("no article takes away a reviewer's qualification: the office "
                              "records its own basis"))
    return out

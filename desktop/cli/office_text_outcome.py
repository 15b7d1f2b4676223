"""Plain-text renderings of the office's later steps: ranking, vote, notice, objections,
history, the committee, and the cycle's settings and schedule (``scorebook office …``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.cli.common import display_width, table
from desktop.cli.json_out import to_jsonable
from desktop.cli.office_decisions import decision_source, decision_value
from desktop.cli.office_text import (
    ASSESSMENT,
    CONVENTION,
    DIRECTION,
    OBJECTION_OUTCOME,
    PLACE,
    RULE_SOURCE,
    _facts,
    _heading,
    _t,
    _text,
    _yes,
    applicant_list,
    applicant_title,
    award_title,
    programme_title,
    stage_name,
    stage_weights,
)
from desktop.domain.calendar import notice_after
from desktop.domain.messages import N_
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.i18n.formatting import join_clauses, join_list
from desktop.services.office.results import AwardRecordView
from desktop.services.office.results_cycle import CycleView, SettingView, StageRow
from desktop.services.office.results_decide import (
    CategoryRanking,
    RankedApplicant,
    Ranking,
    VoteResult,
)
from desktop.services.office.results_notices import (
    FeedbackAdded,
    FeedbackRow,
    HistoryRow,
    NoticePublished,
    ObjectionDecided,
    ObjectionLogged,
)
from desktop.services.office.results_people import CommitteeMemberAdded, CommitteeMemberView

# --- ranking ----------------------------------------------------------------------------------


def _rank_cell(rank: Any, shared: Counter[Any]) -> str:
    if rank is None:
        return "–"
    return f"={rank}" if shared[rank] > 1 else str(rank)


def _quota_rule(width: int, quota: Any, cite: str) -> str:
    label = (_("quota {quota} ({cite})").format(quota=quota, cite=cite) if quota is not None
             else _("no quota ({cite})").format(cite=cite))
    text = f"---- {label} "
    return text + "-" * max(4, width - display_width(text))


def category(cat: CategoryRanking, stages: Sequence[str],
             applicants: Mapping[str, RankedApplicant],
             programme: Programme | None = None) -> str:
    """One award category's ranking table; ``stages`` (ids) add a column each, headed by the
    stage's name."""
    shared: Counter[Any] = Counter(r.rank for r in cat.rows)
    above = {"within_quota", "tie_at_quota_line"}
    rows: list[tuple[Any, ...]] = []
    last_above = -1
    for r in cat.rows:
        ranked = applicants.get(r.ref)
        totals = [None if ranked is None or st not in ranked.stages else ranked.stages[st].total
                  for st in stages]
        place = _t(PLACE, r.place)
        if r.backfilled:
            place += "; " + _("fills a vacated place")
        if r.repeat_winner and r.place != "outside_quota":
            place += "; " + _("repeat winner")
        rows.append((_rank_cell(r.rank, shared), r.name, r.ref, r.score, *totals, place))
        if r.place in above:
            last_above = len(rows) - 1
    for _i in range(cat.vacancies or 0):
        last_above += 1
        rows.insert(last_above, ("–", "", "", None, *([None] * len(stages)),
                                 _t(PLACE, "vacancy")))
    headers = [_("Rank"), _("Applicant"), _("Ref."), _("Comprehensive score"),
               *(stage_name(programme, st) for st in stages), _("Quota place")]
    right = [True, False, False, True, *([True] * len(stages)), False]
    lines = table(rows, headers, right=right).split("\n")
    width = max(display_width(line) for line in lines)
    rule = _quota_rule(width, cat.quota, cat.quota_cite)
    lines.insert(2 + last_above + 1, rule)
    title = award_title(programme, cat.award_id, cat.name_zh)
    out = [_heading(title), "\n".join(lines)]
    names = {r.ref: r.name for r in cat.rows}
    ties = sorted((rank, sorted(r.ref for r in cat.rows if r.rank == rank))
                  for rank, n in shared.items() if rank is not None and n > 1)
    for rank, refs in ties:
        score = next(r.score for r in cat.rows if r.rank == rank)
        out.append(_("= rank {rank} is shared by {applicants}: equal comprehensive score "
                      "{score}; the tie is shown, not broken")
                   .format(rank=rank, applicants=applicant_list(refs, names),
                           score=_text(score)))
    out.extend(_text(n) for n in cat.notes)
    return "\n".join(out)


def ranking(view: Ranking) -> str:
    programme = view.programme
    stages = list(view.weights)
    applicants = {a.ref: a for a in view.applicants}
    names = view.names
    out = [_("Cycle {cycle}; stage weights {weights} (office setting)").format(
        cycle=view.cycle, weights=stage_weights(programme, view.weights))]
    short = view.shortlist
    if short:
        out.append(_("Site-visit shortlist from stage {stage}: {selected}").format(
            stage=stage_name(programme, short.stage),
            selected=applicant_list(short.selected, names)))
        if short.tied_at_line:
            out.append(_("Tied at the shortlist line: {applicants}; a person decides").format(
                applicants=applicant_list(short.tied_at_line, names)))
    for a in view.applicants:
        if a.missing:
            out.append(_("{applicant}: no comprehensive score yet (missing {stages})").format(
                applicant=applicant_title(a.ref, names),
                stages=join_list(stage_name(programme, st) for st in a.missing)))
    for cat in view.categories:
        out.append("")
        out.append(category(cat, stages, applicants, programme))
    return "\n".join(out)


# --- vote, notice, objections, history --------------------------------------------------------


def _source(source: Any, cite: Any) -> str:
    label = _t(RULE_SOURCE, source)
    return f"{label}, {cite}" if source == "programme" and cite else label


def _threshold(t: Any) -> str:
    if t is None:
        return _("not stated by the programme")
    of = _("of all members") if t.of == "members" else _("of members present")
    return f"{'≥' if t.inclusive else '>'} {t.fraction} {of}"


def vote(view: VoteResult) -> str:
    src = view.rule_sources
    cite = view.cite
    committee = view.programme.committee if view.programme is not None else None
    quorum = committee.quorum if committee else None
    names = {t.ref: t.name for t in view.tally}
    out = [_heading(_("Committee vote: {award}").format(award=view.award_id))]
    out.append(_facts([
        (_("Quorum"), _("{present} of {members} members present — {met}").format(
            present=view.present, members=view.members,
            met=_("met") if view.quorum_met else _("NOT met"))),
        (_("Quorum rule"), f"{_threshold(quorum)} ({_source(src.get('quorum'), cite)})"),
        (_("Passing rule"), f"{_text(view.rule)} "
                            f"({_source(src.get('pass_threshold'), cite)})"),
        (_("Abstentions count"), f"{_yes(view.abstentions_count)} "
                                 f"({_source(src.get('abstentions_count'), cite)})"),
        (_("Limited voting"), f"{_yes(view.limited_voting)} "
                              f"({_source(src.get('limited_voting'), cite)})"),
        (_("Quota"), view.quota),
    ]))
    out.append("")
    ranks: Counter[Any] = Counter(t.rank for t in view.tally)
    rows = [(t.ref, t.name, t.votes_for, t.against, t.abstain, t.invalid, t.recused, t.share,
             _("passed") if t.passed else _("not passed"), _rank_cell(t.rank, ranks))
            for t in view.tally]
    out.append(table(rows, [_("Applicant"), _("Name"), _("For"), _("Against"), _("Abstain"),
                            _("Invalid"), _("Recused"), _("Share"), _("Result"), _("Rank")]))
    if any(n > 1 for rank, n in ranks.items() if rank is not None):
        out.append(_("= candidates with equal votes in favour share a rank"))
    elected = [f"{ref} {names.get(ref, '')}".strip() for ref in view.elected]
    out.append(_("Elected: {elected}").format(elected=join_clauses(elected) or "–"))
    if view.tied_at_line:
        out.append(_("Tied at the quota line: {applicants}; the committee decides").format(
            applicants=applicant_list(view.tied_at_line, names)))
    for b in view.invalid_ballots:
        out.append(_("Invalid ballot of {member}: {reason}").format(
            member=b.member, reason=_text(b.reason)))
    rule = _text(view.rule)
    out.extend(_text(n) for n in view.notes if _text(n) != rule)
    return "\n".join(out)


def notice_title(programme: Programme | None, notice_id: str) -> str:
    """"Notice after <stage>" in the active language; the id when the programme lacks it."""
    stage = notice_after(programme, notice_id) if programme is not None else None
    if stage is None:
        return notice_id
    return _("Notice after {stage}").format(stage=stage_name(programme, stage.id))


def notice(view: NoticePublished, names: Mapping[str, str] | None = None,
           programme: Programme | None = None) -> str:
    programme = programme or view.programme
    names = names or dict(zip(view.applicants, view.applicant_names, strict=False))
    return "\n".join([
        _heading(notice_title(programme, view.notice)),
        _facts([(_("Publication date"), view.published),
                (_("First day"), view.first_day), (_("Last day"), view.last_day),
                (_("Working days"), f"{view.working_days} ({view.cite})"),
                (_("Counting"), f"{_t(CONVENTION, view.convention)} "
                                f"({_t(RULE_SOURCE, view.convention_source)})"),
                (_("Applicants on the notice"), applicant_list(view.applicants, names))]),
        _text(view.explain)])


def objection(view: ObjectionLogged, names: Mapping[str, str] | None = None,
              programme: Programme | None = None) -> str:
    names = names or {view.applicant: view.applicant_name}
    if not isinstance(view, ObjectionDecided):
        return _("Objection {id} logged against applicant {applicant}; outcome: {outcome}") \
            .format(id=view.objection, applicant=applicant_title(view.applicant, names),
                    outcome=_t(OBJECTION_OUTCOME, view.outcome))
    rule = view.backfill_rule
    if rule is None:
        backfill = _("the programme does not provide for backfilling")
    else:
        backfill = (_("allowed ({cite})") if rule.allowed else _("not allowed ({cite})")) \
            .format(cite=rule.cite or "–")
    out = [_("Objection {id} against applicant {applicant} decided: {outcome}").format(
        id=view.objection, applicant=applicant_title(view.applicant, names),
        outcome=_t(OBJECTION_OUTCOME, view.outcome)),
        _facts([(_("Backfilling"), backfill),
                (_("Place filled by"), applicant_list(view.backfilled, names))])]
    for cat in view.categories:
        out.append("")
        out.append(category(cat, [], {}, programme))
    return "\n".join(out)


def _detail(detail: Any) -> str:
    if isinstance(detail, Mapping):
        return ", ".join(f"{k}={_text(v)}" for k, v in detail.items())
    return _text(detail)


def history(rows: Sequence[HistoryRow]) -> str:
    if not rows:
        return _("Nothing has happened yet")
    body = [(str(to_jsonable(h.at))[:19].replace("T", " "), h.action, _detail(h.detail))
            for h in rows]
    return table(body, [_("When (UTC)"), _("Action"), _("Details")])


def feedback(rows: Sequence[FeedbackRow], names: Mapping[str, str] | None = None,
             programme: Programme | None = None) -> str:
    if not rows:
        return _("No supervision feedback recorded")
    names = names or {}
    body = [(stage_name(programme, f.stage), f.applicant, names.get(f.applicant or "", ""),
             f.reviewer, _t(DIRECTION, f.direction), _t(ASSESSMENT, f.assessment), f.text)
            for f in rows]
    return table(body, [_("Stage"), _("Ref."), _("Applicant"), _("Reviewer"), _("Direction"),
                        _("Assessment"), _("Text")])


# --- committee, cycle settings and schedule, award history, applicants' feedback ---------------

COMMITTEE_ROLE = {"chair": N_("Committee chair"), "vice_chair": N_("Committee vice-chair"),
                  "member": N_("Member")}


def committee_added(view: CommitteeMemberAdded) -> str:
    return _("{name} added to the committee of cycle {cycle} as {role}").format(
        name=view.name, cycle=view.cycle, role=_t(COMMITTEE_ROLE, view.role))


def committee(rows: Sequence[CommitteeMemberView]) -> str:
    if not rows:
        return _("No committee members are recorded for this cycle: add them with 'office "
                 "committee add NAME'")
    body = [(m.name, _t(COMMITTEE_ROLE, m.role), m.organisation or None, m.member[:8])
            for m in rows]
    return table(body, [_("Name"), _("Role"), _("Organisation"), _("Id")]) + "\n" + \
        _("{n} members").format(n=len(rows))


def recusals(view: VoteResult) -> str:
    """The committee members who took no part in the vote on an applicant."""
    names = {t.ref: t.name for t in view.tally}
    return "\n".join(_("Recused: {member} takes no part in the vote on {applicant}").format(
        member=r.member, applicant=applicant_title(r.applicant, names))
        for r in view.recusals)


def _on_off(value: Any) -> str:
    return _("yes") if value else _("no")


def setting_value(key: str, value: Any, programme: Programme | None) -> str:
    """An office setting's value in words: weights as percentages per stage name, rules as
    their parts."""
    if value is None:
        return _("none")
    if (decided := decision_value(key, value)) is not None:
        return decided
    if key == "weights" and isinstance(value, Mapping):
        return stage_weights(programme, value) or _("none")
    if key == "shortlist" and isinstance(value, Mapping):
        top, low = value.get("top_n"), value.get("min_score")
        return _("top {n}; lowest score {score}").format(
            n="–" if top is None else top, score=_("none") if low is None else low)
    if key == "divergence" and isinstance(value, Mapping):
        spread = value.get("min_spread_pct")
        return _("different bands: {bands}; spread of at least {spread} points; flag when "
                 "{mode} hold").format(
            bands=_on_off(value.get("different_bands")),
            spread="–" if spread is None else spread,
            mode=_("all") if value.get("mode", "all") == "all" else _("any"))
    if isinstance(value, bool):
        return _on_off(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return _text(value)


def schedule(stages: Sequence[StageRow], programme: Programme | None) -> str:
    body = [(stage_name(programme, st.stage), _on_off(st.scored), st.starts, st.ends)
            for st in stages]
    return table(body, [_("Stage"), _("Scored"), _("From"), _("To")])


def _settings_table(rows: Sequence[SettingView], programme: Programme | None) -> str:
    body = [(s.key, setting_value(s.key, s.value, programme),
             decision_source(s, _source(s.source, s.citation)), _text(s.meaning))
            for s in rows]
    return table(body, [_("Setting"), _("Value"), _("Source"), _("Meaning")])


def cycle(view: CycleView, programme: Programme | None = None) -> str:
    programme = programme or view.programme
    out = [_heading(f"{view.label} ({view.cycle})"),
           _facts([(_("Programme"), programme_title(programme, view.programme_id)),
                   (_("Criteria"), view.framework)]),
           "", _heading(_("Stage schedule")), schedule(view.stages, programme),
           "", _heading(_("Office settings")), _settings_table(view.settings, programme),
           "", _heading(_("Programme rules (fixed)")),
           _settings_table(view.programme_rules, programme)]
    return "\n".join(out)


def setting_changed(data: SettingView, programme: Programme | None) -> str:
    return "\n".join([
        _("Setting {key} is now: {value}").format(
            key=data.key, value=setting_value(data.key, data.value, programme)),
        _("Meaning: {meaning}").format(meaning=_text(data.meaning))])


def award_record(view: AwardRecordView, names: Mapping[str, str]) -> str:
    prog = view.programme
    out = [_("Award history recorded: {name}").format(name=view.name), _facts([
        (_("Credit code"), view.credit_code),
        (_("Programme"), programme_title(prog, view.programme_id)),
        (_("Award category"), award_title(prog, view.award_id, view.award_id)),
        (_("Year"), view.year), (_("Revoked on"), view.revoked_on)])]
    if view.reevaluated:
        out.append(_("Eligibility evaluated again for: {applicants}").format(
            applicants=applicant_list(view.reevaluated, names)))
    return "\n".join(out)


def feedback_added(view: FeedbackAdded, applicant_name: str, reviewer_name: str,
                   programme: Programme | None) -> str:
    return "\n".join([
        _("Feedback of applicant {applicant} on reviewer {reviewer} recorded").format(
            applicant=f"{view.applicant} {applicant_name}".strip(),
            reviewer=f"{reviewer_name} ({view.reviewer})"),
        _facts([(_("Assessment"), _t(ASSESSMENT, view.assessment)),
                (_("Stage"), stage_name(programme, view.stage))])])

"""Human renderings of the ``scorebook office`` verbs: aligned, translated tables.

Each function takes the data the verb prints with ``--json`` (unchanged) plus, where a table
needs it, a few names looked up by the verb, and returns text in the active language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.cli.common import display_width, table
from desktop.cli.json_out import to_jsonable
from desktop.cli.programme_names import programme_title as programme_title
from desktop.cli.programme_names import stage_name as stage_name
from desktop.domain.calendar import PUBLICATION_DAY_LABEL
from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _, ngettext, render
from desktop.i18n.formatting import format_percent, join_clauses, join_list
from desktop.reports.labels import Labels
from desktop.services.catalogue import framework
from desktop.services.office.results import ApplicantView
from desktop.services.office.results_applicant import EligibilityResults
from desktop.services.office.results_conflicts import (
    ConflictPinned,
    ConflictRecorded,
    ConflictSuggestion,
)
from desktop.services.office.results_decide import (
    ConsensusRecorded,
    DivergenceView,
    NormalisationView,
)
from desktop.services.office.results_packages import PackageIssued
from desktop.services.office.results_people import ReviewerEnrolled, TeamView
from desktop.services.programmes import programme_of_cycle

SHORT_NAME = 28  # display columns of an item's name in a table before it is cut with "…"

OUTCOME = {"new": N_("new"), "updated": N_("updated"), "duplicate": N_("duplicate"),
           "stale": N_("stale"), "fork": N_("fork"), "rejected": N_("rejected")}
PLACE = {"within_quota": N_("within the quota"),
         "tie_at_quota_line": N_("tied at the quota line"),
         "below_quota": N_("below the quota line"),
         "outside_quota": N_("outside the quota (repeat winner)"),
         "below_threshold": N_("below the minimum award score"),
         "removed": N_("removed (objection upheld)"),
         "vacancy": N_("vacant place")}
CONFLICT_KIND = {"employment": N_("Employment (now or in recent years)"),
                 "consulting": N_("Consulting or services"),
                 "shareholding": N_("Shareholding"), "kinship": N_("Kinship"),
                 "competitor": N_("Competitor"), "key_partner": N_("Key customer or supplier"),
                 "other": N_("Other")}
CONFLICT_SOURCE = {"office": N_("the office"), "reviewer": N_("Reviewer"),
                   "applicant": N_("Applicant"), "credit_code": N_("Credit code"),
                   "name": N_("Name"), "containment": N_("name contains the other")}
RULE_SOURCE = {"programme": N_("programme rule"), "office": N_("office setting"),
               "default": N_("default")}
ASSESSMENT = {"compliant": N_("Compliant: no concerns"), "concerns": N_("Concerns"),
              "violation": N_("Violation of the review rules")}
DIRECTION = {"reviewer_to_applicant": N_("reviewer → applicant"),
             "applicant_to_reviewer": N_("applicant → reviewer")}
OBJECTION_OUTCOME = {"pending": N_("pending"), "upheld": N_("upheld"),
                     "dismissed": N_("dismissed")}
BUNDLE_KIND = {"scores": N_("scores"), "consensus": N_("consensus")}
CONVENTION = PUBLICATION_DAY_LABEL


def _t(mapping: Mapping[str, str], key: Any) -> str:
    """The translated label of a stored value; an unknown value is shown as it is."""
    if key is None:
        return "–"
    text = mapping.get(str(key))
    return _(text) if text else str(key)


def _text(value: Any) -> str:
    if isinstance(value, Msg):
        return render(value)
    return "–" if value is None else str(to_jsonable(value))


def outcome_label(outcome: Any) -> str:
    """A merge outcome (new, duplicate, …) in the active language."""
    return _t(OUTCOME, outcome)


def _yes(value: Any) -> str:
    if value is None:
        return "–"
    return _("yes") if value else _("no")


def item_name(item_id: Any, width: int | None = SHORT_NAME) -> str:
    """A criteria item's name in the active language, cut to ``width`` display columns (at a
    word where it can be); "" for an id the framework does not have."""
    fw = framework()
    if not fw.has_item(str(item_id)):
        return ""
    item = fw.item(str(item_id))
    name = Labels().pick(item.name_zh, item.name_en, item.name_mn)
    if width is None or display_width(name) <= width:
        return name
    cut = ""
    for ch in name:
        if display_width(cut + ch) > width - 1:
            break
        cut += ch
    word = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return (word if display_width(word) >= width // 2 else cut).rstrip(" ,\u202f") + "…"


def item_title(item_id: Any) -> str:
    """"4.1.2 Role of senior leaders": an item's id (what --item takes) and its name."""
    name = item_name(item_id, None)
    return f"{item_id} {name}" if name else str(item_id)


def applicant_title(ref: Any, names: Mapping[str, str]) -> str:
    """"A001 内蒙古…有限公司": an applicant's reference (what the verbs take) and name."""
    name = names.get(str(ref), "")
    return f"{ref} {name}" if name else str(ref)


def applicant_list(refs: Sequence[Any], names: Mapping[str, str]) -> str:
    return join_list(applicant_title(r, names) for r in refs) or "–"


def award_title(programme: Programme | None, award_id: str, name_zh: str) -> str:
    """An award category's name in the active language with its id (what --award takes)."""
    name = name_zh
    if programme is not None:
        try:
            award = programme.award(award_id)
        except NotFound:
            pass
        else:
            name = Labels().pick(award.name_zh, award.name_en, award.name_mn)
    return f"{name} ({award_id})"


def weight_text(value: Any) -> str:
    """A stage weight as a percentage in the active language: "0.375000" -> "37.5%"."""
    try:
        return format_percent(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def stage_weights(programme: Programme | None, weights: Mapping[str, Any]) -> str:
    """"Material review 37.5%, On-site review 62.5%" in the active language."""
    return join_list(f"{stage_name(programme, st)} {weight_text(w)}"
                     for st, w in weights.items())


def _heading(text: str) -> str:
    return f"{text}\n{'=' * display_width(text)}"


def _facts(pairs: Sequence[tuple[str, Any]]) -> str:
    """``label: value`` lines with the values aligned."""
    width = max((display_width(label) for label, _v in pairs), default=0)
    return "\n".join(f"{label}{' ' * (width - display_width(label))}  {_text(value)}"
                     for label, value in pairs)


# --- applicants, reviewers, teams, conflicts, packages ---------------------------------------


def _eligibility(ref: str, eligible: EligibilityResults) -> str:
    value = eligible.of(ref)
    return _("not evaluated") if value is None else _("eligible") if value else \
        _("not eligible")


def applicant_added(view: ApplicantView, eligible: EligibilityResults) -> str:
    lines = [_("Applicant {ref} added").format(ref=view.ref), _facts([
        (_("Name"), view.name), (_("Award category"), view.award_id),
        (_("Kind"), view.kind), (_("Credit code"), view.credit_code),
        (_("Region"), view.region or None), (_("Industry"), view.industry or None),
        (_("Size"), view.size or None), (_("Materials"), view.materials),
        (_("Declared secrets"), view.declared_secrets),
        (_("Eligibility"), _eligibility(view.ref, eligible)),
    ])]
    lines.extend(_("Award history: {finding}").format(finding=_text(f))
                 for f in view.history)
    return "\n".join(lines)


def applicants_imported(views: Sequence[ApplicantView],
                        eligible: EligibilityResults) -> str:
    rows = [(v.ref, v.name, v.award_id, v.kind, v.credit_code, v.materials,
             v.declared_secrets, _eligibility(v.ref, eligible)) for v in views]
    lines = [_("{n} applicants imported").format(n=len(views))]
    if rows:
        lines.append(table(rows, [_("Ref."), _("Name"), _("Award category"), _("Kind"),
                                  _("Credit code"), _("Materials"), _("Declared secrets"),
                                  _("Eligibility")]))
        counts = Counter(_eligibility(v.ref, eligible) for v in views)
        lines.append(_("Eligibility: {summary}").format(
            summary=join_list(f"{k} {n}" for k, n in sorted(counts.items()))))
    for v in views:
        lines.extend(f"{v.ref}: " + _("Award history: {finding}").format(finding=_text(f))
                     for f in v.history)
    return "\n".join(lines)


def reviewer_enrolled(view: ReviewerEnrolled) -> str:
    return "\n".join([
        _("Reviewer {reviewer} enrolled; fingerprint {fp} (compare it in person)")
        .format(reviewer=view.reviewer, fp=view.fingerprint),
        _facts([(_("Reviewer id"), view.reviewer), (_("Name"), view.name),
                (_("Key fingerprint"), view.fingerprint),
                (_("Organisation"), view.organisation or None),
                (_("Industry"), view.industry or None),
                (_("Affiliations"), view.affiliations)])])


def teams(rows: Sequence[TeamView], assigned: Mapping[str, Sequence[str]],
          names: Mapping[str, str]) -> str:
    if not rows:
        return _("No teams")
    out = []
    for t in rows:
        leader = _("Leader")
        members = [f"{m} ({leader})" if m == t.leader else m for m in t.members]
        apps = assigned.get(t.name, [])
        out.append(_heading(t.name))
        out.append(_facts([(_("Industry"), t.industry or None),
                           (_("Team leader"), t.leader),
                           (_("Members"), join_list(members) or None)]))
        out.append(_("Assigned applicants") + ":")
        out.append(table([(ref, names.get(ref, "")) for ref in apps], indent="  ")
                   if apps else "  " + _("(none yet)"))
        out.append("")
    return "\n".join(out).rstrip()


def _decision(conflicted: Any, pinned: Any) -> str:
    if pinned is not None:
        text = _("conflicted") if pinned == "conflicted" else _("not conflicted")
        return text + " " + _("(office decision)")
    return _("conflicted") if conflicted else _("not conflicted")


CONFLICT_HEADERS = (N_("Reviewer"), N_("Applicant"), N_("Kind"), N_("Source"), N_("Decision"),
                    N_("Reason"))


def conflict_added(view: ConflictRecorded | ConflictPinned,
                   names: Mapping[str, str] | None = None) -> str:
    applicant = applicant_title(view.applicant, names or {view.applicant: view.applicant_name})
    if isinstance(view, ConflictPinned):
        row = (view.reviewer, applicant, "–", _t(CONFLICT_SOURCE, "office"),
               _decision(view.conflicted, "conflicted" if view.conflicted else "no"), "–")
        head = _("Office decision recorded")
    else:
        row = (view.reviewer, applicant, _t(CONFLICT_KIND, view.kind),
               _t(CONFLICT_SOURCE, view.source), _("conflicted"), "–")
        head = _("Conflict recorded")
    lines = [head, table([row], [_(h) for h in CONFLICT_HEADERS])]
    if view.warning is not None:
        lines.append(_("Warning: {warning}").format(warning=_text(view.warning)))
    return "\n".join(lines)


def conflict_suggestions(rows: Sequence[ConflictSuggestion],
                         names: Mapping[str, str] | None = None) -> str:
    if not rows:
        return _("No likely conflicts found")
    body = [(s.reviewer, applicant_title(s.applicant, names or {s.applicant: s.applicant_name}),
             _t(CONFLICT_KIND, s.kind), _t(CONFLICT_SOURCE, s.match),
             _("in the register") if s.recorded else _("to be decided"), _text(s.reason))
            for s in rows]
    return "\n".join([table(body, [_(h) for h in CONFLICT_HEADERS]),
                      _("Suggestions only: nothing is recorded until the office decides.")])


def packages(rows: Sequence[PackageIssued]) -> str:
    if not rows:
        return _("No packages issued")
    body = [(p.reviewer, p.file, p.applicants, p.roster_version, _("verified")) for p in rows]
    return "\n".join([table(body, [_("Reviewer"), _("Package file"), _("Applicants"),
                                   _("Roster version"), _("Check")]),
                      _("{n} packages written and read back. Safe to remove the stick.")
                      .format(n=len(rows))])


def forks(rows: Sequence[Any], programme: Programme | None = None) -> str:
    """Forks (the office's and the team leader's: the same attributes), stages by name."""
    if not rows:
        return _("No forks")
    lines = []
    for f in rows:
        state = (_("resolved: {hash} stands — {reason}").format(hash=f.chosen[:16],
                                                                 reason=f.reason)
                 if f.chosen else _("unresolved; revision {rev} stands meanwhile").format(
                     rev=f.in_force if f.in_force is not None else "–"))
        lines.append(_("{reviewer} {stage} {kind} revision {rev}: {state}").format(
            reviewer=f.reviewer, stage=stage_name(programme, f.stage),
            kind=_t(BUNDLE_KIND, f.kind), rev=f.revision, state=state))
        lines.extend(f"  {side.file}  {side.content_hash[:16]}" for side in f.sides)
    return "\n".join(lines)


# --- merge ------------------------------------------------------------------------------------


def merge_report(result: Any) -> str:
    rows = []
    notes: list[str] = []
    programme = programme_of_cycle(getattr(result, "cycle", None))
    for f in result.files:
        rows.append((f.file, _t(OUTCOME, f.outcome), f.reviewer,
                     stage_name(programme, f.stage) if f.stage else "", f.revision,
                     _text(f.reason) if f.reason is not None else ""))
        notes.extend(f"  {f.file}: " + r.render(_) for r in f.refused)
    lines = [_heading(_("Merge report")),
             table(rows, [_("File"), _("Outcome"), _("Reviewer"), _("Stage"), _("Revision"),
                          _("Reason")])]
    if notes:
        lines.append(_("Sheets refused (recusal):"))
        lines.extend(notes)
    lines.append(_("Totals: {totals}").format(totals=join_list(
        f"{_t(OUTCOME, k)} {v}" for k, v in result.counts.items())))
    lines.append(_("Item scores {items}, panel scores {panel}, sheets refused {refused}, "
                   "forks {forks}").format(items=result.item_scores, panel=result.panel_scores,
                                           refused=result.refused_sheets, forks=result.forks))
    lines.extend(reported(result.files))
    quarantined = [(f.file, f.quarantined) for f in result.files if f.quarantined]
    if quarantined:
        lines.append(_("Quarantined files") + ":")
        lines.append(table(quarantined, [_("File"), _("Kept in quarantine as")], indent="  "))
    lines.extend(f"  {f.file}: " + render(f.not_kept) for f in result.files
                 if getattr(f, "not_kept", None) is not None)
    if getattr(result, "cancelled", False):
        n = len(result.not_read)
        lines.append(ngettext("Cancelled: {n} file not read", "Cancelled: {n} files not read",
                              n).format(n=n))
    return "\n".join(lines)


def reported(files: Sequence[Any]) -> list[str]:
    """What was reported but not refused (a time later than the clock), one line each."""
    notes = [f"  {f.file}: " + render(w) for f in files for w in getattr(f, "warnings", ())]
    return [_("Reported, not refused:"), *notes] if notes else []


# --- divergence, normalisation, consensus -----------------------------------------------------


def divergence(view: DivergenceView) -> str:
    rows = [(i.item, item_name(i.item), i.count, i.mean, i.median, i.lowest, i.highest,
             i.spread, " ".join(str(b) for b in i.bands),
             "▲ " + _("flagged") if i.flagged else "") for i in view.stats]
    return "\n".join([
        _facts([(_("Applicant"), applicant_title(view.ref, {view.ref: view.name})),
                (_("Stage"), stage_name(view.programme, view.stage)),
                (_("Flag rule"), _text(view.rule))]), "",
        table(rows, [_("Item"), _("Item name"), _("Count"), _("Mean %"), _("Median %"),
                     _("Min %"), _("Max %"), _("Spread"), _("Bands"), _("Flag")],
              right=[False, False, *([True] * 6), False, False]),
        _("Flagged items: {items}").format(items=join_clauses(item_title(i)
                                                               for i in view.flagged))
        if view.flagged else _("No item is flagged")])


def normalisation(view: NormalisationView) -> str:
    apps = [(a.ref, a.name, a.raw_mean, a.normalised_mean, a.official)
            for a in view.applicants]
    scores = [(x.ref, x.name, x.reviewer, x.raw, x.z, x.normalised) for x in view.scores]
    official = (_("The official score uses the normalised values (cycle setting)")
                if view.official_uses_normalised else
                _("The official score stays the raw mean; normalised values are for "
                  "comparison"))
    return "\n".join([
        _heading(_("Normalisation view, stage {stage}").format(
            stage=stage_name(view.programme, view.stage))),
        _text(view.warning) if view.warning else "", official, "",
        table(apps, [_("Ref."), _("Applicant"), _("Raw mean"), _("Normalised mean"),
                     _("Official")]), "",
        table(scores, [_("Ref."), _("Applicant"), _("Reviewer"), _("Raw"), _("z-score"),
                       _("Normalised")])]).replace("\n\n\n", "\n\n")


def consensus(view: ConsensusRecorded) -> str:
    rows = [(i.item, item_name(i.item), i.pct, i.default, i.score, "▲" if i.flagged else "",
             i.rationale or "") for i in view.entries]
    return "\n".join([
        _("Consensus recorded"),
        _facts([(_("Applicant"), applicant_title(view.ref, {view.ref: view.name})),
                (_("Stage"), stage_name(view.programme, view.stage)),
                (_("Team leader"), view.leader), (_("Total"), view.total)]), "",
        table(rows, [_("Item"), _("Item name"), _("Consensus %"), _("Default %"), _("Score"),
                     _("Flag"), _("Rationale")])])

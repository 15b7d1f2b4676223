"""The review team's report of one applicant at one stage: the 材料评审报告 (material review) or the
现场评审报告 (on-site review). The team (leader and members: an internal report names them), the
dates of the team's consensus, the key themes, per category and item the agreed strengths and
opportunities for improvement with the score band of the agreed percentage (never a reviewer's own
score), the quality improvement suggestions (质量改进建议), the site-visit issues — raised (核实 /
澄清) after the material review, resolved on site —, and the team's signatures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from reportlab.lib.units import mm

from desktop.domain.findings import ISSUE_KINDS as ISSUE_FINDINGS
from desktop.domain.findings import FindingKind, SiteIssue
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Mark, Secrets
from desktop.domain.scoring import ItemEntry, summarise
from desktop.reports.documents.common import (
    check_all,
    check_items,
    common_fields,
    labels_for,
    open_document,
    pct,
    redactor,
)
from desktop.reports.documents.findings_text import (
    INDENT,
    ISSUE_KINDS,
    OUTCOMES,
    FindingsText,
    band_label,
    item_findings,
    item_name,
    key_themes,
    suggestions,
)
from desktop.reports.errors import ReportInputError
from desktop.reports.inputs_review import ReviewReportInput, ReviewReportKind
from desktop.reports.labels import Labels
from desktop.reports.page import SUBTOTAL, Column, Document, Row


def _check(inp: ReviewReportInput) -> None:
    fw = inp.framework
    check_items(fw, inp.pcts)
    check_items(fw, (f.item_id for f in inp.findings
                     if f.kind in (FindingKind.STRENGTH, FindingKind.IMPROVEMENT)))
    check_items(fw, (i.item_id for i in inp.issues))
    for value in inp.pcts.values():
        if value is not None:
            fw.band_of(value)  # a typed error for a percentage in no band
    known = {i.issue_id for i in inp.issues}
    stray = sorted({n.issue_id for n in inp.notes} - known)
    if stray:
        raise ReportInputError(Msg(N_("A note names site-visit issue {issue}, which the team "
                                      "was not given"), {"issue": stray[0]}))
    check_all([*common_fields(inp), ("applicant", inp.applicant.name),
               ("leader", inp.leader.name if inp.leader else "")]
              + [("member", p.name) for p in inp.members]
              + [("issue", i.text) for i in inp.issues]
              + [("note", n.text) for n in inp.notes])


def _title(labels: Labels, kind: ReviewReportKind) -> str:
    _ = labels
    return _("Material review report") if kind is ReviewReportKind.MATERIAL else \
        _("On-site review report")


def _scores_table(doc: Document, inp: ReviewReportInput, labels: Labels) -> None:
    """Per category and item: points, the agreed percentage and its band."""
    _ = labels
    fw = inp.framework
    columns = [Column(_("Item"), 9), Column(_("Name"), 47), Column(_("Points"), 10, "right"),
               Column(_("Agreed"), 12, "right"), Column(_("Band"), 22, "center")]
    rows: list[Row] = []
    for cat in fw.categories:
        rows.append(Row([cat.id, _.pick(cat.name_zh, cat.name_en, cat.name_mn),
                         str(cat.points), "", ""], bold=True, shade=SUBTOTAL))
        for item in fw.items_of(cat.id):
            value = inp.pcts.get(item.id)
            rows.append(Row([item.id, item_name(_, item), str(item.points), pct(value),
                             band_label(_, fw, value)]))
    doc.table(columns, rows)


def _item(inp: ReviewReportInput, labels: Labels, item_id: str) -> str:
    fw = inp.framework
    return item_name(labels, fw.item(item_id)) if fw.has_item(item_id) else ""


def _raised_issues(doc: Document, inp: ReviewReportInput, text: FindingsText,
                   labels: Labels) -> None:
    """The material team's site-visit issues, per item: what to verify, what to clarify."""
    _ = labels
    doc.heading(_("Site-visit issues"))
    raised = [f for f in text.findings if f.kind in ISSUE_FINDINGS]
    if not raised:
        doc.paragraph(_("The team raised no site-visit issue."))
        return
    order = {it.id: n for n, it in enumerate(inp.framework.items)}
    raised.sort(key=lambda f: (order.get(f.item_id, len(order)), f.kind is FindingKind.CLARIFY))
    for n, f in enumerate(raised, start=1):
        doc.ensure(12 * mm)
        kind = _(ISSUE_KINDS[f.kind])
        doc.paragraph(_issue_head(labels, n, kind, f.item_id, _item(inp, labels, f.item_id)),
                      bold=True)
        doc.paragraph(text.text(f), indent=INDENT)


def _issue_head(labels: Labels, number: int, kind: str, item_id: str, name: str) -> str:
    """"1. [Verify] 4.3.3 Customer relationships", with the brackets the language writes."""
    _ = labels
    return _("{number}. [{kind}] {item} {name}").format(number=number, kind=kind, item=item_id,
                                                       name=name)


def _resolved_issues(doc: Document, inp: ReviewReportInput, text: FindingsText,
                     labels: Labels) -> None:
    """Each issue the on-site team was given, its members' notes in brief (no names) and the
    team's resolution: outcome and text."""
    notes = [Mark(note_key(n), a, b) for n, note in enumerate(inp.notes) for a, b in note.marks]
    clean = redactor(inp, Secrets(text.secrets.declared, (*text.secrets.marks, *notes)), labels)
    _ = labels
    doc.heading(_("Site-visit issues and their resolution"))
    if not inp.issues:
        doc.paragraph(_("The team was given no site-visit issue."))
        return
    for n, issue in enumerate(inp.issues, start=1):
        doc.ensure(24 * mm)
        kind = _(ISSUE_KINDS.get(issue.kind, ISSUE_KINDS[FindingKind.VERIFY]))
        doc.paragraph(_issue_head(labels, n, kind, issue.item_id,
                                  _item(inp, labels, issue.item_id)), bold=True)
        doc.paragraph(clean(issue.text, f"issue/{issue.issue_id}"), indent=INDENT)
        _notes(doc, inp, issue, labels, clean)
        resolution = text.resolution(issue.issue_id)
        if resolution is None:
            doc.paragraph(_("The team's resolution: none recorded"), bold=True, indent=INDENT)
            continue
        outcome = _(OUTCOMES[resolution.outcome]) if resolution.outcome else "—"
        doc.paragraph(_("The team's resolution: {outcome}").format(outcome=outcome), bold=True,
                      indent=INDENT)
        doc.paragraph(text.text(resolution), indent=2 * INDENT)


def note_key(n: int) -> str:
    """The field a member's note's secret marks are keyed by."""
    return f"note/{n}"


def _notes(doc: Document, inp: ReviewReportInput, issue: SiteIssue, labels: Labels,
           clean: Callable[[str, str], str]) -> None:
    _ = labels
    notes = [(n, inp.notes.index(n)) for n in inp.notes if n.issue_id == issue.issue_id]
    if not notes:
        return
    counts = Counter(_(OUTCOMES[n.outcome]) if n.outcome else _("no outcome") for n, _i in notes)
    brief = _.join(f"{name} {count}" for name, count in counts.items())
    doc.paragraph(_("Members' notes ({count}): {outcomes}").format(count=len(notes),
                                                                   outcomes=brief),
                  indent=INDENT, size=8.5)
    for note, index in notes:
        if note.text.strip():
            doc.paragraph(f"· {clean(note.text, note_key(index))}", indent=2 * INDENT, size=8.5)


def render(inp: ReviewReportInput) -> bytes:
    _ = labels_for(inp)
    fw = inp.framework
    _check(inp)
    text = FindingsText(inp, fw, inp.findings, inp.secrets, _)
    text.check()
    summary = summarise(fw, [ItemEntry(it.id, inp.pcts.get(it.id)) for it in fw.items])

    title = _title(_, inp.kind)
    doc = open_document(inp, _, title)
    facts = [(_("Applicant"), inp.applicant.name),
             (_("Programme"), f"{inp.programme_name} {inp.cycle}".strip()),
             (_("Stage"), inp.stage),
             (_("Team leader"), inp.leader.name if inp.leader else "—"),
             (_("Team members"), _.join(p.name for p in inp.members) or "—")]
    if inp.signed is not None:
        facts.append((_("Consensus signed"), _.datetime(inp.signed)))
    if inp.received is not None:
        facts.append((_("Received by the office"), _.datetime(inp.received)))
    if not summary.missing:
        facts.append((_("Total (agreed)"), f"{summary.total} / {summary.max_total}"))
    doc.title_block(title, facts)
    if not inp.final:
        doc.paragraph(_("Draft: the team's consensus is not final."), bold=True)
    key_themes(doc, text, _)
    doc.heading(_("Scores by item (agreed, as a band)"))
    _scores_table(doc, inp, _)
    doc.heading(_("Strengths and opportunities for improvement"))
    for cat in fw.categories:
        doc.ensure(24 * mm)
        doc.paragraph(f"{cat.id}  {_.pick(cat.name_zh, cat.name_en, cat.name_mn)}", bold=True,
                      size=10.5)
        for item in fw.items_of(cat.id):
            item_findings(doc, text, _, item, band_label(_, fw, inp.pcts.get(item.id)))
    suggestions(doc, text, _)
    if inp.kind is ReviewReportKind.MATERIAL:
        _raised_issues(doc, inp, text, _)
    else:
        _resolved_issues(doc, inp, text, _)
    doc.heading(_("Signatures of the review team"))
    # the names alone on the signature lines (a role and a name together would run into the
    # signature field in Mongolian); who leads is said above them
    colon = "᠄ " if _.mongolian else ("：" if _.chinese else ": ")
    if inp.leader is not None:
        doc.paragraph(_("Team leader") + colon + inp.leader.name)
    if inp.members:
        doc.paragraph(_("Team members") + colon + _.join(p.name for p in inp.members))
    names = ([inp.leader.name] if inp.leader else []) + [p.name for p in inp.members]
    doc.signature_block(names or [_("Team leader")])
    return doc.render()


__all__ = ["render"]

"""The team's findings as the review reports and the feedback report print them: each finding's
text redacted for the copy's audience (its own secret marks, and any quote of a declared passage),
its factor tag named in the document's language, grouped by item and kind. Reviewer ids
(``Finding.sources``) are never printed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from reportlab.lib.units import mm

from desktop.domain.criteria import Framework, Item
from desktop.domain.findings import (
    CommentKind,
    Finding,
    FindingKind,
    Outcome,
    comments_of,
    with_factors,
)
from desktop.domain.messages import N_
from desktop.domain.redaction import Mark, Secrets
from desktop.reports.documents.common import check_all, redactor
from desktop.reports.inputs import DocumentInput
from desktop.reports.labels import Labels
from desktop.reports.page import Document

# the outcome of a site-visit issue, as printed (translated by the document's labels)
OUTCOMES = {Outcome.CONFIRMED: N_("Confirmed"), Outcome.NOT_CONFIRMED: N_("Not confirmed"),
            Outcome.CLARIFIED: N_("Clarified"), Outcome.UNRESOLVED: N_("Unresolved")}
ISSUE_KINDS = {FindingKind.VERIFY: N_("Verify"), FindingKind.CLARIFY: N_("Clarify")}
INDENT = 4 * mm


def finding_key(n: int) -> str:
    """The field a finding's secret marks are keyed by in the report's ``Secrets``."""
    return f"finding/{n}"


def _language(labels: Labels) -> str:
    return "mn" if labels.mongolian else ("zh" if labels.chinese else "en")


class FindingsText:
    """The findings of one applicant as one copy may print them."""

    def __init__(self, inp: DocumentInput, framework: Framework | None, findings: Sequence[Finding],
                 secrets: Secrets, labels: Labels) -> None:
        self.framework = framework
        self.labels = labels
        self.findings = tuple(findings)
        marks = [Mark(finding_key(n), a, b) for n, f in enumerate(self.findings)
                 for a, b in f.marks]
        self.secrets = Secrets(secrets.declared, (*secrets.marks, *marks))
        self._clean: Callable[[str, str], str] = redactor(inp, self.secrets, labels)
        self._index = {id(f): n for n, f in enumerate(self.findings)}

    def check(self, what: str = "finding") -> None:
        check_all((what, f.text) for f in self.findings)

    def text(self, finding: Finding) -> str:
        """The finding's text for this copy: redacted, its factor tag in the document's
        language (the tag of a Chinese-speaking team reads in Mongolian in an mn copy)."""
        n = self._index.get(id(finding))
        key = finding_key(n) if n is not None else "finding/-"
        clean = self._clean(finding.text, key)
        fw = self.framework
        if fw is None or not finding.item_id or not fw.has_item(finding.item_id):
            return clean
        item = fw.item(finding.item_id)
        parsed = comments_of(fw, clean, CommentKind.STRENGTH)
        if parsed and parsed[0].start == 0 and parsed[0].factors and not parsed[0].unknown:
            return with_factors(fw, clean, parsed[0].factors, item.kind,
                                _language(self.labels))
        return clean

    def of(self, kind: FindingKind, item_id: str = "") -> list[Finding]:
        return [f for f in self.findings if f.kind is kind and f.item_id == item_id]

    def by_item(self, kinds: set[FindingKind]) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if f.kind in kinds:
                out[f.item_id].append(f)
        return out

    def resolution(self, issue_id: str) -> Finding | None:
        return next((f for f in self.findings if f.kind is FindingKind.RESOLUTION
                     and f.issue_id == issue_id), None)

    def numbered(self, doc: Document, findings: Sequence[Finding], indent: float = INDENT,
                 size: float = 9.0) -> None:
        """Each finding on its own numbered paragraph ("—" when there is none)."""
        if not findings:
            doc.paragraph("—", indent=indent, size=size)
            return
        for n, f in enumerate(findings, start=1):
            doc.paragraph(f"{n}. {self.text(f)}", indent=indent, size=size)


def item_name(labels: Labels, item: Item) -> str:
    return labels.pick(item.name_zh, item.name_en, item.name_mn)


def key_themes(doc: Document, text: FindingsText, labels: Labels) -> None:
    """The key themes: the applicant's main strengths and main opportunities for improvement."""
    _ = labels
    doc.heading(_("Key themes"))
    doc.paragraph(_("Main strengths"), bold=True)
    text.numbered(doc, text.of(FindingKind.THEME_STRENGTH))
    doc.paragraph(_("Main opportunities for improvement"), bold=True)
    text.numbered(doc, text.of(FindingKind.THEME_IMPROVEMENT))


def item_findings(doc: Document, text: FindingsText, labels: Labels, item: Item,
                  band: str = "") -> None:
    """One item: its heading (with the band when given), its agreed strengths and
    opportunities for improvement."""
    _ = labels
    doc.ensure(20 * mm)
    head = f"{item.id}  {item_name(labels, item)}"
    doc.paragraph(f"{head}  ({band})" if band else head, bold=True, size=9.5)
    doc.paragraph(_("Strengths"), bold=True, indent=INDENT)
    text.numbered(doc, text.of(FindingKind.STRENGTH, item.id), indent=2 * INDENT)
    doc.paragraph(_("Opportunities for improvement"), bold=True, indent=INDENT)
    text.numbered(doc, text.of(FindingKind.IMPROVEMENT, item.id), indent=2 * INDENT)


def suggestions(doc: Document, text: FindingsText, labels: Labels) -> None:
    _ = labels
    doc.heading(_("Quality improvement suggestions"))
    text.numbered(doc, text.of(FindingKind.SUGGESTION))


def band_label(labels: Labels, framework: Framework, pct: int | None) -> str:
    """"Band 4 (50%–65%)" from the agreed percentage; "" without one."""
    if pct is None:
        return ""
    _ = labels
    band = framework.band_of(pct)
    return _("Band {band} ({low}–{high}%)").format(band=band.number, low=band.min_pct,
                                                          high=band.max_pct)


__all__ = ["ISSUE_KINDS", "OUTCOMES", "FindingsText", "band_label", "finding_key",
           "item_findings", "item_name", "key_themes", "suggestions"]

"""Human text for recusals at the office: the conflicts register with the recusals declared in the
field (the bundle that carried each, and the pairs the office must decide), and the reviewers
recused from an applicant beside the divergence, consensus and ranking views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop.cli.common import table
from desktop.domain.messages import Msg
from desktop.i18n import _, render
from desktop.i18n.data_names import CONFLICT_KIND, CONFLICT_SOURCE
from desktop.i18n.formatting import format_date, join_list

if TYPE_CHECKING:
    from desktop.services.office.results_conflicts import ConflictEntry, Declaration
    from desktop.services.office.results_decide import (
        ConsensusRecorded,
        DivergenceView,
        Ranking,
        Recusal,
    )


def _label(mapping: Mapping[str, str], key: Any) -> str:
    found = mapping.get(str(key)) if key is not None else None
    return _(found) if found else ("–" if key is None else str(key))


def _decision(row: ConflictEntry) -> str:
    """Conflicted or not, whether the office pinned it, and whether it still decides."""
    word = _("conflicted") if row.conflicted else _("not conflicted")
    if row.pinned is not None:
        word += " " + _("(office decision)")
    return word + "; " + _("the office decides") if row.to_decide else word


def _reason(d: Declaration | None) -> str:
    from desktop.services.office.results_conflicts import FieldDeclaration

    note = d.note if d is not None else ""
    note = (render(note) if isinstance(note, Msg) else str(note)) if note else "–"
    if isinstance(d, FieldDeclaration):
        if d.bundle:
            when = d.declared_at
            note += " (" + _("declared in {bundle}").format(bundle=d.bundle) + \
                (", " + format_date(when.date()) if when is not None else "") + ")"
        if d.scored:
            note += "; " + _("the reviewer has scores for this applicant")
    return note


def conflicts(rows: Sequence[ConflictEntry], names: Mapping[str, str] | None = None
              ) -> str:
    """The register: one line per declaration (a pinned pair without one: the office's)."""
    from desktop.cli import office_text as text

    if not rows:
        return _("No conflicts recorded")
    out = []
    for c in rows:
        decl: Sequence[Declaration | None] = c.declarations or (None,)  # the office's pin
        for d in decl:
            out.append((c.reviewer, text.applicant_title(c.applicant, names or {}),
                        _label(CONFLICT_KIND, d.kind if d is not None else None),
                        _label(CONFLICT_SOURCE, d.source if d is not None else "office"),
                        _decision(c), _reason(d)))
    return table(out, [_(h) for h in text.CONFLICT_HEADERS])


def recused_line(recused: Sequence[Recusal]) -> str:
    """"Recused: R3 (Kinship, reviewer's bundle)" — or that no reviewer is recused."""
    if not recused:
        return _("Recused: none")
    why = [join_list([_label(CONFLICT_KIND, r.kind), _label(CONFLICT_SOURCE, r.source)])
           for r in recused]
    return _("Recused: {reviewers}").format(reviewers=join_list(
        f"{r.reviewer} ({reason})" for r, reason in zip(recused, why, strict=True)))


def divergence(view: DivergenceView) -> str:
    from desktop.cli import office_text as text

    return text.divergence(view) + "\n" + recused_line(view.recused)


def consensus(view: ConsensusRecorded) -> str:
    from desktop.cli import office_text as text

    return text.consensus(view) + "\n" + recused_line(view.recused)


def ranking_recused(view: Ranking) -> list[str]:
    """One line per applicant with reviewers recused from it (at any stage)."""
    from desktop.cli import office_text as text

    out = []
    for a in view.applicants:
        who = sorted({rid for st in a.stages.values() for rid in st.recused})
        if who:
            out.append("  " + _("{applicant}: {reviewers} recused").format(
                applicant=text.applicant_title(a.ref, {a.ref: a.name}),
                reviewers=", ".join(who)))
    return [_("Reviewers recused (left out of every stage total):"), *out] if out else []

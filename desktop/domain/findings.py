"""Review comments and the team's findings (pure: no I/O).

**A reviewer's comments.** Each line of an item's strengths (or improvements) box is one comment.
A comment may open with a tag naming the scoring factors it rests on — for GB/T 19580 process
items 方法、展开、学习、整合, for results items 水平、趋势、对比、整合 — written ``【方法·展开】``
(the names of any of the three languages are read; the window inserts them) and may cite pages of
the application as the document viewer writes them: ``（第12页）``, ``(p. 12)``, ``(ᠬᠠᠭᠤᠳᠠᠰᠤ 12)``.
Keeping the tag and the citation in the text keeps one source: the secret marks, the bundle and the
redaction all work on the same characters the reviewer sees. ``comments_of`` reads them back as
``Comment`` values; ``balance_warning`` is the scoring guidance's warning (never a refusal) when a
score's band and the balance of strengths and improvements disagree.

**The team's findings** (the team leader's consolidation, Baldrige/EFQM style): per item the
agreed strengths and improvements (each keeps whose comments it came from), per applicant the key
themes and the quality-improvement suggestions (质量改进建议), per item the site-visit issues the
material-review team raises for the on-site team — to verify (核实) or to clarify (澄清) — and, on
site, the team's resolution of each. ``finding_problem`` is the one rule set for a finding's
values, used by the leader's service and by the office when a consensus bundle arrives.
``report_status`` says whether a stage's review report can be made from what the team recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.criteria import Framework, Item, ItemKind
from desktop.domain.messages import N_, Msg

MAX_FINDING = 4000  # characters of one finding's text


class Factor(StrEnum):
    APPROACH = "approach"  # 方法
    DEPLOYMENT = "deployment"  # 展开
    LEARNING = "learning"  # 学习
    INTEGRATION = "integration"  # 整合
    LEVEL = "level"  # 水平
    TREND = "trend"  # 趋势
    COMPARISON = "comparison"  # 对比


#: the factors of each kind of item, in the order the framework's ``dimensions`` name them
FACTORS: dict[ItemKind, tuple[Factor, ...]] = {
    ItemKind.PROCESS: (Factor.APPROACH, Factor.DEPLOYMENT, Factor.LEARNING, Factor.INTEGRATION),
    ItemKind.RESULTS: (Factor.LEVEL, Factor.TREND, Factor.COMPARISON, Factor.INTEGRATION),
}


class CommentKind(StrEnum):
    STRENGTH = "strength"
    IMPROVEMENT = "improvement"


_SPLIT = re.compile(r"\s*[-–—]\s*")


def factor_names(framework: Framework, kind: ItemKind, language: str = "zh") -> dict[Factor, str]:
    """The framework's own name of each factor of ``kind`` in ``language`` (zh, en, mn)."""
    zh, en = framework.dimensions[kind]
    text = {"zh": zh, "en": en}.get(language) or framework.dimensions_mn.get(kind) or en
    names = [n.strip() for n in _SPLIT.split(text) if n.strip()]
    return {f: (names[i] if i < len(names) else f.value) for i, f in enumerate(FACTORS[kind])}


def _lookup(framework: Framework) -> dict[str, Factor]:
    out: dict[str, Factor] = {}
    for kind in ItemKind:
        for language in ("zh", "en", "mn"):
            for f, name in factor_names(framework, kind, language).items():
                out[_fold(name)] = f
        for f in FACTORS[kind]:
            out[f.value] = f
    return out


def _fold(name: str) -> str:
    return "".join(name.split()).casefold()


_TAG = re.compile(r"^\s*[【\[]([^】\]\n]{1,80})[】\]]\s*")
_TAG_SEP = re.compile(r"[·・、,，/;；\s]+")
_PAGES = re.compile(r"[（(]\s*(?:第\s*([0-9][0-9、，,\-–~～至 ]*)\s*页|"
                    r"p{1,2}\.\s*([0-9][0-9, \-–]*)|"
                    r"ᠬᠠᠭᠤᠳᠠᠰᠤ\s*([0-9][0-9, \-–]*))\s*[）)]")


def _pages_in(text: str) -> tuple[int, ...]:
    pages: set[int] = set()
    for match in _PAGES.finditer(text):
        spec = next(g for g in match.groups() if g)
        for part in re.split(r"[、，, ]+", spec.strip()):
            ends = [int(x) for x in re.split(r"[-–~～至]", part) if x.strip().isdigit()]
            if len(ends) == 1:
                pages.add(ends[0])
            elif len(ends) == 2 and 0 < ends[1] - ends[0] < 200:
                pages.update(range(ends[0], ends[1] + 1))
    return tuple(sorted(p for p in pages if p > 0))


@dataclass(frozen=True)
class Comment:
    """One comment: its line's text (tag included), the text after the tag, the factors the tag
    names, tag words that name no factor, the pages it cites, and where the line starts in the
    box's text (marks are offsets in that text)."""

    kind: CommentKind
    line: str
    body: str
    factors: tuple[Factor, ...]
    unknown: tuple[str, ...]
    pages: tuple[int, ...]
    start: int


def comments_of(framework: Framework, text: str, kind: CommentKind) -> tuple[Comment, ...]:
    """The comments of one box: one per non-blank line."""
    known = _lookup(framework)
    out = []
    offset = 0
    for raw in text.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        if not raw.strip():
            continue
        factors: list[Factor] = []
        unknown: list[str] = []
        body = raw.strip()
        tag = _TAG.match(raw)
        if tag is not None:
            body = raw[tag.end():].strip()
            for word in _TAG_SEP.split(tag.group(1)):
                if not word:
                    continue
                f = known.get(_fold(word))
                if f is None:
                    unknown.append(word)
                elif f not in factors:
                    factors.append(f)
        out.append(Comment(kind, raw, body, tuple(factors), tuple(unknown), _pages_in(raw),
                           start))
    return tuple(out)


def with_factors(framework: Framework, line: str, factors: Sequence[Factor], kind: ItemKind,
                 language: str = "zh") -> str:
    """``line`` with its tag replaced by one naming ``factors`` (in the item kind's order, in
    ``language``); no tag when ``factors`` is empty."""
    tag = _TAG.match(line)
    body = line[tag.end():] if tag is not None else line.lstrip()
    names = factor_names(framework, kind, language)
    chosen = [names[f] for f in FACTORS[kind] if f in factors]
    return (f"【{'·'.join(chosen)}】" if chosen else "") + body


def balance_warning(framework: Framework, item: Item, pct: int | None, strengths: str,
                    improvements: str) -> Msg | None:
    """The scoring guidance's warning for one item, or None: a high band (5–6) with more
    improvements than strengths, a low band (1–2) with more strengths than improvements, or a
    tag naming a factor the item's kind does not have (趋势 on a process item)."""
    pros = comments_of(framework, strengths, CommentKind.STRENGTH)
    cons = comments_of(framework, improvements, CommentKind.IMPROVEMENT)
    other = {f: n for kind in ItemKind for f, n in factor_names(framework, kind).items()}
    for c in (*pros, *cons):
        wrong = [other[f] for f in c.factors if f not in FACTORS[item.kind]]
        if wrong or c.unknown:
            return Msg(N_("Item {item}: the tag names {factor}, not a factor of this item "
                          "(its factors are {factors})"),
                       {"item": item.id, "factor": ", ".join([*wrong, *c.unknown]),
                        "factors": ", ".join(factor_names(framework, item.kind).values())})
    if pct is None or not (pros or cons):
        return None
    band = framework.band_of(pct).number
    top = max(b.number for b in framework.bands)
    if band >= top - 1 and len(cons) > len(pros):
        return Msg(N_("Item {item}: {pct}% is band {band}, yet the comments note more "
                      "improvements ({cons}) than strengths ({pros})"),
                   {"item": item.id, "pct": pct, "band": band, "cons": len(cons),
                    "pros": len(pros)})
    if band <= 2 and len(pros) > len(cons):
        return Msg(N_("Item {item}: {pct}% is band {band}, yet the comments note more "
                      "strengths ({pros}) than improvements ({cons})"),
                   {"item": item.id, "pct": pct, "band": band, "cons": len(cons),
                    "pros": len(pros)})
    return None


# --- the team's findings ----------------------------------------------------------------------


class FindingKind(StrEnum):
    STRENGTH = "strength"  # an agreed strength of an item
    IMPROVEMENT = "improvement"  # an agreed opportunity for improvement of an item
    THEME_STRENGTH = "theme_strength"  # a key theme: one of the applicant's main strengths
    THEME_IMPROVEMENT = "theme_improvement"  # a key theme: a main opportunity for improvement
    SUGGESTION = "suggestion"  # a quality-improvement suggestion (质量改进建议)
    VERIFY = "verify"  # a site-visit issue to verify (核实), raised after the material review
    CLARIFY = "clarify"  # a site-visit issue to clarify (澄清)
    RESOLUTION = "resolution"  # the on-site team's resolution of one site-visit issue


ITEM_KINDS = frozenset({FindingKind.STRENGTH, FindingKind.IMPROVEMENT, FindingKind.VERIFY,
                        FindingKind.CLARIFY})
APPLICANT_KINDS = frozenset({FindingKind.THEME_STRENGTH, FindingKind.THEME_IMPROVEMENT,
                             FindingKind.SUGGESTION})
ISSUE_KINDS = frozenset({FindingKind.VERIFY, FindingKind.CLARIFY})


class Outcome(StrEnum):
    """What the on-site team found about a site-visit issue."""

    CONFIRMED = "confirmed"  # verified: as the application says (属实)
    NOT_CONFIRMED = "not_confirmed"  # verified: not as the application says (不属实)
    CLARIFIED = "clarified"  # the question was answered (已澄清)
    UNRESOLVED = "unresolved"  # not settled on site (未能核实/澄清)


@dataclass(frozen=True)
class Finding:
    """One of the team's findings for one applicant and stage. ``item_id`` is "" for applicant
    findings (key themes, suggestions); ``issue_id`` names a site-visit issue (its own, or for a
    resolution the one it resolves); ``sources`` the reviewers whose comments it came from;
    ``marks`` the spans of ``text`` marked secret."""

    kind: FindingKind
    text: str
    item_id: str = ""
    issue_id: str = ""
    outcome: Outcome | None = None
    sources: tuple[str, ...] = ()
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SiteIssue:
    """A site-visit issue as it travels to the on-site team (in the panel package)."""

    issue_id: str
    applicant_id: str
    item_id: str
    kind: FindingKind  # VERIFY or CLARIFY
    text: str


def finding_problem(framework: Framework, f: Finding,
                    issues: Iterable[str] | None = None) -> Msg | None:
    """Why ``f`` cannot stand (one rule set for the leader and the office), or None.
    ``issues``: the site-visit issue ids a resolution may name (None: not checked)."""
    if not f.text.strip():
        return Msg(N_("A finding has no text"))
    if len(f.text) > MAX_FINDING:
        return Msg(N_("A finding is longer than {limit} characters"), {"limit": MAX_FINDING})
    if f.kind in ITEM_KINDS:
        if not framework.has_item(f.item_id):
            return Msg(N_("A finding names item {item}, which the criteria do not have"),
                       {"item": f.item_id or "—"})
    elif f.item_id and f.kind is not FindingKind.RESOLUTION:
        return Msg(N_("A key theme or suggestion belongs to the applicant, not to item {item}"),
                   {"item": f.item_id})
    if (f.kind in ISSUE_KINDS or f.kind is FindingKind.RESOLUTION) != bool(f.issue_id):
        return Msg(N_("Only a site-visit issue or its resolution carries an issue id"))
    if (f.kind is FindingKind.RESOLUTION) != (f.outcome is not None):
        return Msg(N_("Only the resolution of a site-visit issue has an outcome"))
    if f.kind is FindingKind.RESOLUTION and issues is not None and f.issue_id not in set(issues):
        return Msg(N_("The resolution names site-visit issue {issue}, which this team was not "
                      "given"), {"issue": f.issue_id})
    for start, end in f.marks:
        if not 0 <= start < end <= len(f.text):
            return Msg(N_("A secret mark lies outside the finding's text"))
    return None


@dataclass(frozen=True)
class ReportStatus:
    """Whether a stage's review report can be made for one applicant, and what is missing."""

    final: bool  # the team's consensus for the stage is final
    items_without_findings: tuple[str, ...]
    key_themes: bool  # at least one key strength and one key improvement
    open_issues: tuple[str, ...]  # site-visit issues given to this team without a resolution

    @property
    def complete(self) -> bool:
        return (self.final and not self.items_without_findings and self.key_themes
                and not self.open_issues)

    def missing(self) -> tuple[Msg, ...]:
        out = []
        if not self.final:
            out.append(Msg(N_("the team's consensus is not final")))
        if self.items_without_findings:
            out.append(Msg(N_("no agreed finding for items {items}"),
                           {"items": ", ".join(self.items_without_findings)}))
        if not self.key_themes:
            out.append(Msg(N_("no key themes (a main strength and a main improvement)")))
        if self.open_issues:
            out.append(Msg(N_("site-visit issues without a resolution: {issues}"),
                           {"issues": ", ".join(self.open_issues)}))
        return tuple(out)


def report_status(framework: Framework, findings: Iterable[Finding], *, final: bool,
                  items_scored: bool = True, issues: Iterable[str] = ()) -> ReportStatus:
    """``items_scored``: the stage scores items (a panel-score stage, a defense, needs no
    per-item findings); ``issues``: the site-visit issues the team was given."""
    found = list(findings)
    covered = {f.item_id for f in found if f.kind in (FindingKind.STRENGTH,
                                                     FindingKind.IMPROVEMENT)}
    missing = tuple(it.id for it in framework.items if it.id not in covered) \
        if items_scored else ()
    kinds = {f.kind for f in found}
    themes = {FindingKind.THEME_STRENGTH, FindingKind.THEME_IMPROVEMENT} <= kinds
    resolved = {f.issue_id for f in found if f.kind is FindingKind.RESOLUTION}
    return ReportStatus(final, missing, themes,
                        tuple(sorted(i for i in set(issues) if i not in resolved)))

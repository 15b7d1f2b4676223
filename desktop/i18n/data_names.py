"""Traditional Mongolian names of the shipped data (criteria, programmes, awards, stages).

Names travel through the app as (Chinese, English) pairs: a case file or a bundle stores a stage's
``name_zh``/``name_en`` only. ``mongolian_name(zh, en)`` finds the Mongolian the data files give for
the same name (``name_mn``, descriptor ``mn``, ``dimensions_mn``), so any place holding the pair can
show Mongolian without carrying a third field. Qt-free; the files are read once per process.
All Mongolian in the data files is awaiting native review.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from desktop.domain.calendar import PUBLICATION_DAY_LABEL
from desktop.domain.criteria import Framework
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_
from desktop.domain.programme_parser import parse_programme
from desktop.domain.programmes import Programme
from desktop.paths import resource


def _shipped(folder: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The shipped data files of ``folder`` (the services validate them; one that does not parse
    here only leaves its names untranslated)."""
    for path in sorted(resource(folder).glob("*.toml")):
        if path.name == "TEMPLATE.toml":
            continue
        try:
            yield tomllib.loads(path.read_text(encoding="utf-8-sig")), str(path)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue


def _frameworks() -> list[Framework]:
    out = []
    for data, source in _shipped("criteria"):
        try:
            out.append(Framework.from_mapping(data, source))
        except ScorebookError:
            continue
    return out


def _programmes() -> list[Programme]:
    out = []
    for data, source in _shipped("programmes"):
        try:
            out.append(parse_programme(data, source))
        except ScorebookError:
            continue
    return out


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(by Chinese name, by English name); an English name with two renderings is left out."""
    pairs: list[tuple[str, str, str | None]] = []
    for fw in _frameworks():
        pairs.append((fw.name_zh, fw.name_en, fw.name_mn))
        pairs += [(c.name_zh, c.name_en, c.name_mn) for c in fw.categories]
        pairs += [(i.name_zh, i.name_en, i.name_mn) for i in fw.items]
        for kind, found in fw.descriptors.items():
            pairs += [(d.zh, d.en, d.mn) for d in found]
            zh, en = fw.dimensions[kind]
            pairs.append((zh, en, fw.dimensions_mn.get(kind)))
    for p in _programmes():
        pairs.append((p.name_zh, p.name_en, p.name_mn))
        pairs += [(a.name_zh, a.name_en, a.name_mn) for a in p.awards]
        pairs += [(s.name_zh, s.name_en, s.name_mn) for s in p.stages]
    by_zh: dict[str, str] = {}
    by_en: dict[str, str] = {}
    ambiguous: set[str] = set()
    for zh, en, mn in pairs:
        if not mn:
            continue
        by_zh.setdefault(zh, mn)
        if by_en.setdefault(en, mn) != mn:
            ambiguous.add(en)
    for en in ambiguous:
        del by_en[en]
    return by_zh, by_en


def mongolian_name(zh: str, en: str | None = None) -> str | None:
    """The Mongolian of a data name given in Chinese (and English); None when the data has none."""
    try:
        by_zh, by_en = _names()
    except Exception:  # a broken data file is reported where it is loaded, not here
        return None
    return by_zh.get(zh) or (by_en.get(en) if en else None)


# --- stored values shown by name (Qt-free, shared by the window and the CLI) -------------------


APPLICANT_KIND = {"organisation": N_("organisation"), "individual": N_("individual")}
CONFLICT_KIND = {"employment": N_("Employment (now or in recent years)"),
                 "consulting": N_("Consulting or services"),
                 "shareholding": N_("Shareholding"), "kinship": N_("Kinship"),
                 "competitor": N_("Competitor"), "key_partner": N_("Key customer or supplier"),
                 "other": N_("Other")}
CONFLICT_SOURCE = {"office": N_("the office"), "reviewer": N_("Reviewer"),
                   "applicant": N_("Applicant"), "bundle": N_("the reviewer's bundle")}
MATCH_KIND = {"credit_code": N_("Credit code"), "name": N_("Name"),
              "containment": N_("name contains the other")}
PIN_DECISION = {"conflicted": N_("conflicted"), "not_conflicted": N_("not conflicted")}
BUNDLE_KIND = {"scores": N_("scores"), "consensus": N_("consensus")}
AUDIENCE = {"internal": N_("internal"), "external": N_("external")}
THRESHOLD_OF = {"present": N_("the members present"), "members": N_("all members")}
SETTING_NAME = {
    "weights": N_("Stage weights"), "shortlist": N_("Site-visit shortlist"),
    "divergence": N_("Divergence flag"),
    "normalisation_official": N_("Normalised scores are official"),
    "min_award_score": N_("Lowest award score"),
    "conflict_window_years": N_("Conflict window (years)"),
    "publication_day_counts": N_("Publication day counts"),
    "abstentions_count": N_("Abstentions counted"),
    "pass_threshold": N_("Pass threshold"), "quorum": N_("Quorum"),
    "recused_members": N_("Recused committee members"), "nominations": N_("Nominations"),
    "team_size": N_("Team size"), "committee.quorum": N_("Quorum"),
    "committee.pass_threshold": N_("Pass threshold"),
    "committee.limited_voting": N_("Limited voting"),
    "quota": N_("Quota: {name}"), "notice": N_("Notice: {name}"),
    "admitted": N_("Admitted to {name}"),
}
SETTING_FIELD = {  # the fields of a setting's value
    "top_n": N_("top"), "min_score": N_("lowest score"),
    "different_bands": N_("different bands"), "min_spread_pct": N_("least spread %"),
    "mode": N_("mode"), "min": N_("fewest"), "max": N_("most"), "leader": N_("leader"),
    "by_industry": N_("by industry"), "working_days": N_("working days"),
    "count": N_("counting"), "after": N_("after"), "fraction": N_("fraction"),
    "of": N_("of"), "inclusive": N_("inclusive"),
}
SETTING_WORD = {  # words a setting's value may hold
    "all": N_("all"), "any": N_("any"), "at_least": N_("at least"), "exactly": N_("exactly"),
    "excluded": N_("left out of the denominator"), "counted": N_("kept in the denominator"),
    "next_below_line": N_("those next below the award line"),
    "office_choice": N_("the office's choice below the award line"),
    **THRESHOLD_OF, **PUBLICATION_DAY_LABEL,
}


def label(mapping: Mapping[str, str], key: Any, translate: Any = None) -> str:
    """The translated label of a stored value (``translate`` defaults to the UI language's
    catalog); an unknown value as it is, None as a dash."""
    if key is None:
        return "—"
    text = mapping.get(str(key))
    if not text:
        return str(key)
    if translate is None:
        from desktop.i18n import _ as translate
    return str(translate(text))

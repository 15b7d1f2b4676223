"""Traditional Mongolian names of the shipped data (criteria, programmes, awards, stages).

Names travel through the app as (Chinese, English) pairs: a case file or a bundle stores a stage's
``name_zh``/``name_en`` only. ``mongolian_name(zh, en)`` finds the Mongolian the data files give for
the same name (``name_mn``, descriptor ``mn``, ``dimensions_mn``), so any place holding the pair can
show Mongolian without carrying a third field. Qt-free; the files are read once per process.
All Mongolian in the data files is awaiting native review.
"""

from __future__ import annotations

from functools import cache


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(by Chinese name, by English name); an English name with two renderings is left out."""
    from desktop.services.catalogue import framework
    from desktop.services.programmes import list_programmes

    pairs: list[tuple[str, str, str | None]] = []
    fw = framework()
    pairs.append((fw.name_zh, fw.name_en, fw.name_mn))
    pairs += [(c.name_zh, c.name_en, c.name_mn) for c in fw.categories]
    pairs += [(i.name_zh, i.name_en, i.name_mn) for i in fw.items]
    for kind, found in fw.descriptors.items():
        pairs += [(d.zh, d.en, d.mn) for d in found]
        zh, en = fw.dimensions[kind]
        pairs.append((zh, en, fw.dimensions_mn.get(kind)))
    for p in list_programmes():
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

"""Propose corrections of the Traditional Mongolian catalog as a JSON for tools/catalog_fill.py.

    python tools/mn_corrections.py OUT.json [OVERRIDES.json]

Reads resources/i18n/mn_Mong_CN/LC_MESSAGES/scorebook.po (never writes it) and applies, per entry:
hand-written rewrites from OVERRIDES.json ({msgid: Mongolian}), a noun between a {placeholder} and
its case suffix where the placeholder's name says what it holds ({file}\u202fᠢ becomes
{file} ᠹᠠᠶᠢᠯ\u202fᠢ), then
desktop.i18n.mn_check.fix_text (spellings, suffix forms, NNBSP, punctuation), then one spelling per
word across the catalog and the glossary. Writes {"mn_Mong_CN": {msgid: corrected}} with only the
entries that change, and lists the findings the rules cannot fix. Apply the JSON with
``python tools/catalog_fill.py OUT.json`` (it locks the catalogs while others edit them).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n.build import po_path
from desktop.i18n.mn_check import (
    CASE_OF,
    CLOSERS,
    NNBSP,
    PLACEHOLDER,
    TOKEN,
    check_strings,
    fix_text,
    variants,
    word_counts,
)
from desktop.i18n.mn_width import glossary_terms

MVS = "\u180e"
#: what a placeholder holds, by its name: the noun that carries the case suffix instead
NOUNS = {
    "applicant": "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ", "candidate": "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ", "organisation": "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ",
    "org": "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ", "applicants": "ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢᠳ", "reviewer": "ᠦᠨᠡᠯᠡᠭᠴᠢ",
    "reviewers": "ᠦᠨᠡᠯᠡᠭᠴᠢᠳ", "member": "ᠭᠡᠰᠢᠭᠦᠨ", "members": "ᠭᠡᠰᠢᠭᠦᠳ",
    "leader": f"ᠳᠠᠷᠤᠭ{MVS}ᠠ", "file": "ᠹᠠᠶᠢᠯ", "path": "ᠹᠠᠶᠢᠯ", "folder": "ᠬᠠᠪᠲᠠᠰᠤ",
    "where": "ᠬᠠᠪᠲᠠᠰᠤ", "dir": "ᠬᠠᠪᠲᠠᠰᠤ", "date": "ᠡᠳᠦᠷ", "cutoff": "ᠡᠳᠦᠷ", "issued": "ᠡᠳᠦᠷ",
    "effective": "ᠡᠳᠦᠷ", "until": "ᠡᠳᠦᠷ", "day": "ᠡᠳᠦᠷ", "published": "ᠡᠳᠦᠷ", "at": "ᠴᠠᠭ",
    "time": "ᠴᠠᠭ", "year": "ᠣᠨ", "last": "ᠣᠨ", "years": "ᠵᠢᠯ", "days": "ᠡᠳᠦᠷ",
    "stage": f"ᠦᠶ{MVS}ᠡ", "cycle": "ᠡᠷᠭᠢᠯᠲᠡ",
    "team": "ᠪᠦᠯᠬᠦᠮ", "award": "ᠱᠠᠩᠨᠠᠯ", "programme": "ᠲᠥᠰᠦᠯ", "item": "ᠵᠦᠢᠯ", "items": "ᠵᠦᠢᠯ",
    "field": "ᠲᠠᠯᠪᠤᠷ", "key": "ᠲᠦᠯᠬᠢᠭᠦᠷ", "kind": "ᠲᠦᠷᠦᠯ", "action": f"ᠠᠵᠢᠯᠯᠠᠭᠤᠯᠭ{MVS}ᠠ",
    "env": "ᠬᠤᠪᠢᠰᠤᠭᠴᠢ", "scope": f"ᠬᠦᠷᠢᠶ{MVS}ᠡ", "region": f"ᠬᠦᠷᠢᠶ{MVS}ᠡ", "rank": "ᠵᠡᠷᠭᠡ",
    "code": "ᠬᠣᠳ", "cite": "ᠡᠰᠢᠯᠡᠯ", "step": "ᠠᠯᠬᠤᠮ", "office": "ᠠᠯᠪᠠᠨ ᠲᠠᠰᠤᠭ",
    "notice": "ᠵᠠᠷᠯᠠᠯ", "band": "ᠱᠠᠲᠤ", "card": "ᠬᠠᠷᠲᠤ", "bundle": f"ᠪᠠᠭᠯᠠᠭ{MVS}ᠠ",
    "document": "ᠪᠢᠴᠢᠭ ᠪᠠᠷᠢᠮᠲᠠ", "title": "ᠭᠠᠷᠴᠠᠭ", "category": "ᠲᠦᠷᠦᠯ", "type": "ᠲᠦᠷᠦᠯ",
    "page": "ᠬᠠᠭᠤᠳᠠᠰᠤ", "when": "ᠴᠠᠭ", "sheet": "ᠬᠦᠰᠨᠦᠭᠲᠦ", "row": "ᠮᠥᠷ",
    "column": f"ᠪᠠᠭᠠᠨ{MVS}ᠠ", "option": "ᠰᠣᠩᠭᠣᠯᠲᠠ", "learnt": "ᠴᠠᠭ",
}
SEP = re.compile(f"(?P<ph>{PLACEHOLDER.pattern})(?P<close>[{re.escape(CLOSERS)}]*)"
                 "[ \u202f](?P<suf>[\u1820-\u18af\u180b]+)")


def rephrase_placeholders(text: str) -> str:
    """Put the noun a placeholder stands for between it and its case suffix."""
    def put_noun(m: re.Match[str]) -> str:
        suffix = m.group("suf")
        case = CASE_OF.get(suffix)
        found = re.search(r"[A-Za-z_][A-Za-z0-9_]*", m.group("ph").lstrip("%$"))
        name = found.group() if found else ""
        noun = NOUNS.get(name)
        if case is None or case == "ordinal" or noun is None:
            return m.group()
        return f"{m.group('ph')}{m.group('close')} {noun}{NNBSP}{suffix}"

    out = SEP.sub(put_noun, text)
    for name, noun in NOUNS.items():  # "ᠹᠠᠶᠢᠯ {file} ᠹᠠᠶᠢᠯ‿ᠢ" → "{file} ᠹᠠᠶᠢᠯ‿ᠢ"
        pattern = f"{re.escape(noun)} (['\"]?{{{name}}}['\"]?) {re.escape(noun)}{NNBSP}"
        out = re.sub(pattern, rf"\1 {noun}{NNBSP}", out)
    return out


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__ or "")
        return 2
    overrides: dict[str, str] = {}
    if len(argv) > 1:
        overrides = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    with po_path("mn_Mong_CN").open("rb") as fh:
        catalog = read_po(fh, locale="mn_Mong_CN")
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    plural: set[str] = set()
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        if not isinstance(m.id, str):
            plural.add(msgid)
        text = m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")
        if not text:
            continue
        before[msgid] = text
        new = overrides.get(msgid, text)
        after[msgid] = fix_text(rephrase_placeholders(new))
    glossary = {k: fix_text(v.get("mn", "")) for k, v in glossary_terms().items()}
    counts = word_counts(list(after.values()))
    glossary_words = word_counts(glossary.values())
    for word, n in glossary_words.items():
        counts[word] = counts.get(word, 0) + n
    swap = {other: forms[0] for forms in variants(counts, glossary_words).values()
            for other in forms[1:]}
    def respell(token: re.Match[str]) -> str:
        return swap.get(token.group(), token.group())

    for msgid, text in after.items():
        after[msgid] = TOKEN.sub(respell, text)
    changed: dict[str, str | list[str]] = {
        k: ([v] if k in plural else v) for k, v in after.items() if v != before[k]}
    Path(argv[0]).write_text(json.dumps({"mn_Mong_CN": changed}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    left = check_strings(after.items(), glossary)
    for finding in left:
        print(finding)
    print(f"{len(changed)} entries changed, {len(left)} findings left", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Fill catalog entries safely while several people edit the source: one locked update-fill-compile.

    python tools/catalog_fill.py --missing          # list msgids still empty in each locale
    python tools/catalog_fill.py FILE.json          # fill, then list what is still empty

FILE.json: {"zh_CN": {"msgid": "msgstr", "plural msgid": ["singular", "plural"]},
            "mn_Mong_CN": {…}}.
The whole step (extract, merge, fill, write, compile) runs under an exclusive lock, so two fills
at the same time never overwrite each other's entries.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from desktop.i18n import SUPPORTED
from desktop.i18n.build import _extra_headers, compile_all, po_path, update

LOCK = Path("/tmp/scorebook-catalog.lock")


def _fill(locale: str, entries: dict[str, str | list[str]]) -> list[str]:
    path = po_path(locale)
    extra = _extra_headers(path)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    unknown = []
    for msgid, text in entries.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = tuple(text) if isinstance(text, list) else text
        message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, ignore_obsolete=True)
    if extra:
        text = path.read_text(encoding="utf-8")
        anchor = '"Generated-By:'
        if extra[0] not in text:
            path.write_text(text.replace(anchor, "".join(extra) + anchor, 1), encoding="utf-8")
    return unknown


def _missing(locale: str) -> list[str]:
    with po_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings) or "fuzzy" in m.flags:
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__ or "")
        return 2
    data: dict[str, dict[str, str | list[str]]] = {}
    if argv[0] != "--missing":
        data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        update(SUPPORTED[1:])
        for locale, entries in data.items():
            for msgid in _fill(locale, entries):
                print(f"{locale}: not in the source (skipped): {msgid!r}")
        compile_all()
        for locale in SUPPORTED[1:]:
            for msgid in _missing(locale):
                print(f"{locale}: empty: {json.dumps(msgid, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

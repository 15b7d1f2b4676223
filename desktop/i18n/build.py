"""Catalog maintenance: ``python -m desktop.i18n.build extract|update|compile``.

extract: scan desktop/ for _(), N_(), ngettext() into resources/i18n/scorebook.pot
update [LOCALE…]: merge the template into each locale's .po (new entries empty, obsolete dropped)
compile: write .mo beside each .po (run by `make run` and `make test`)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop.i18n import DOMAIN, SUPPORTED, catalog_dir

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "nmsg": (1, 2), "tr": None}
METHOD_MAP = [("desktop/**.py", "python")]


def extract() -> Catalog:
    catalog = Catalog(project="Scorebook", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if filename.startswith("desktop/i18n/build"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    with (catalog_dir() / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    return catalog


def po_path(locale: str) -> Path:
    return catalog_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(locales: tuple[str, ...] = SUPPORTED[1:]) -> None:
    template = extract()
    for locale in locales:
        path = po_path(locale)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale, project="Scorebook", charset="utf-8")
        extra = _extra_headers(path)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True, ignore_obsolete=True)
        if extra:  # Babel drops header fields it does not know (e.g. X-Review-Status)
            text = path.read_text(encoding="utf-8")
            anchor = '"Generated-By:'
            text = text.replace(anchor, "".join(extra) + anchor, 1)
            path.write_text(text, encoding="utf-8")


def _extra_headers(path: Path) -> list[str]:
    if not path.exists():
        return []
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return [line + "\n" for line in head.splitlines() if line.startswith('"X-')]


def compile_all() -> None:
    for locale in SUPPORTED[1:]:
        path = po_path(locale)
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "extract":
        extract()
    elif command == "update":
        update(tuple(argv[1:]) or SUPPORTED[1:])
    elif command == "compile":
        compile_all()
    else:
        sys.stderr.write("usage: python -m desktop.i18n.build extract|update [LOCALE…]|compile\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

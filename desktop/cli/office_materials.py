"""``scorebook office material add|list|remove``: an applicant's documents (PDF) and texts.

``add APPLICANT FILE [--title TITLE] [--secrets-file FILE] [--secret-kind KIND]`` attaches a PDF
(checked: a PDF, not encrypted, at most 200 MiB; stored encrypted) or a UTF-8 text file. The
declared secret passages come only from ``--secrets-file`` (one passage a line): in a PDF they
are looked for in its text layer and those not found are listed (a scanned page has none).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import group, passages, table, verb
from desktop.cli.office_common import SECRET_KINDS
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.services.office import materials
    from desktop.services.office.materials import MaterialSummary
    from desktop.services.office.workspace import Workspace

Work = Callable[[argparse.Namespace, "Workspace"], tuple[Any, Any]]


def _kind(m: MaterialSummary) -> str:
    return _("PDF document") if m.kind == "pdf" else _("text")


def added_text(m: MaterialSummary) -> str:
    lines = [_("Attached '{title}' ({kind}), id {id}").format(title=m.title, kind=_kind(m),
                                                               id=m.material_id)]
    if m.kind == "pdf":
        lines.append(ngettext("{pages} page, {size} bytes, SHA-256 {sha}",
                              "{pages} pages, {size} bytes, SHA-256 {sha}",
                              m.pages or 0).format(pages=m.pages, size=m.size, sha=m.sha256))
        if not m.text_layer:
            lines.append(_("The document has no text layer (a scan): secret passages cannot be "
                           "found in it; reviewers can mark secret regions by hand"))
    if m.secrets:
        lines.append(ngettext("{n} declared secret passage", "{n} declared secret passages",
                              m.secrets).format(n=m.secrets))
    if m.secrets_unfound:
        lines.append(ngettext("{n} passage was not found in the document's text:",
                              "{n} passages were not found in the document's text:",
                              len(m.secrets_unfound)).format(n=len(m.secrets_unfound)))
        lines += [f"  {p}" for p in m.secrets_unfound]
    return "\n".join(lines)


def list_text(rows: list[MaterialSummary]) -> str:
    if not rows:
        return _("No material")
    return table([(m.material_id[:8], m.title, _kind(m), m.pages, m.size, m.sha256[:12],
                   m.secrets, len(m.secrets_unfound)) for m in rows],
                 [_("Id"), _("Title"), _("Kind"), _("Pages"), _("Bytes"), _("SHA-256"),
                  _("Secret passages"), _("Not found")])


def _add(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import materials
    from desktop.services.office.applicants import SecretInput

    secrets = tuple(SecretInput(args.secret_kind, p) for p in args.passages)
    got = materials.attach_document(ws, args.applicant, args.file, title=args.title,
                                    secrets=secrets, cycle_ref=args.cycle).result
    return got, lambda: added_text(got)


def _list(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import materials

    rows = materials.list_materials(ws, args.applicant, args.cycle)
    return rows, lambda: list_text(rows)


def _remove(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import materials

    gone = materials.remove_material(ws, args.applicant, args.material, args.cycle).result
    return gone, lambda: _("Removed '{title}' ({kind})").format(title=gone.title,
                                                                 kind=_kind(gone))


def _removals(args: argparse.Namespace, ws: Workspace) -> tuple[Any, Any]:
    from desktop.services.office import materials

    rows = materials.document_removals(ws, args.cycle)
    return rows, lambda: removals_text(rows)


def removals_text(rows: list[materials.DocumentRemoval]) -> str:
    if not rows:
        return _("No case has confirmed removing the documents yet")
    return table([(r.reviewer_id, r.removed_at.strftime("%Y-%m-%d %H:%M"), r.documents,
                   r.bundle_file) for r in rows],
                 [_("Reviewer"), _("Removed"), _("Documents"), _("Bundle")])


def add_verbs(office: Any, common: Callable[[argparse.ArgumentParser], None],
              with_ws: Callable[[Work], Callable[[argparse.Namespace], int]]) -> None:
    """Add ``office material add|list|remove`` to the ``office`` group."""
    g = group(office, "material", _("an applicant's documents (PDF) and texts: add, list, "
                                    "remove"))

    def read_first(handler: Callable[[argparse.Namespace], int]
                   ) -> Callable[[argparse.Namespace], int]:
        def run(args: argparse.Namespace) -> int:  # the secrets before any passphrase
            args.passages = passages(args.passages_file) if args.passages_file else []
            return handler(args)
        return run

    p = verb(g, "add", _("attach a PDF document or a text file to an applicant"),
             read_first(with_ws(_add)))
    common(p)
    p.add_argument("applicant", metavar="APPLICANT")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--title", help=_("the material's title (default: the file's name)"))
    p.add_argument("--secrets-file", dest="passages_file", type=Path, metavar="FILE",
                   help=_("the passages the applicant declared secret: a UTF-8 text file ('-': "
                          "standard input), one passage a line; in a PDF they are looked for "
                          "in its text layer"))
    p.add_argument("--secret-kind", default="trade", choices=SECRET_KINDS,
                   help=_("the kind of every passage of --secrets-file"))
    p = verb(g, "list", _("list an applicant's materials"), with_ws(_list))
    common(p)
    p.add_argument("applicant", metavar="APPLICANT")
    p = verb(g, "remove", _("remove one of an applicant's materials"), with_ws(_remove))
    common(p)
    p.add_argument("applicant", metavar="APPLICANT")
    p.add_argument("material", metavar="MATERIAL",
                   help=_("the material's id (or its start), or its title"))
    p = verb(g, "removals", _("the reviewers' cases that confirmed removing the documents "
                              "(from their bundles)"), with_ws(_removals))
    common(p)

"""``scorebook criteria show``: the scoring framework the app ships."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import emit, group, verb
from desktop.i18n import _, current_language
from desktop.i18n.formatting import label_value


def register(sub: Any) -> None:
    from desktop.services import catalogue

    criteria = group(sub, "criteria", _("the scoring framework (GB/T 19580-2012)"))
    show = verb(criteria, "show", _("show categories, items, points and bands"), _show)
    show.add_argument("--framework", default=catalogue.DEFAULT_FRAMEWORK, metavar="ID",
                      help=_("framework id (default: %(default)s)"))


def _show(args: argparse.Namespace) -> int:
    from desktop.services import catalogue

    fw = catalogue.framework(args.framework)
    zh = current_language() != "en"

    def name(obj: Any) -> str:
        return str(obj.name_zh if zh else obj.name_en)

    data = {
        "id": fw.id, "version": fw.version, "standard": fw.standard, "guide": fw.guide,
        "total_points": fw.total_points, "step_pct": fw.step_pct,
        "bands": [{"band": b.number, "min_pct": b.min_pct, "max_pct": b.max_pct}
                  for b in fw.bands],
        "categories": [
            {"id": c.id, "name_zh": c.name_zh, "name_en": c.name_en, "points": c.points,
             "items": [{"id": i.id, "name_zh": i.name_zh, "name_en": i.name_en,
                        "points": i.points, "kind": i.kind.value} for i in fw.items_of(c.id)]}
            for c in fw.categories
        ],
    }

    def human() -> str:
        kinds = {"process": _("process"), "results": _("results")}
        lines = [f"{fw.standard}  {name(fw)}  ({fw.ref})",
                 _("Total {total} points; percentages in steps of {step}%").format(
                     total=fw.total_points, step=fw.step_pct)]
        for c in fw.categories:
            lines.append(f"\n{c.id} {name(c)}  {c.points}")
            for i in fw.items_of(c.id):
                lines.append(f"  {i.id:<6} {name(i)}  {i.points}  [{kinds[i.kind.value]}]")
        lines.append("")
        lines.append(_("Bands: ") + "  ".join(
            label_value(str(b.number), f"{b.min_pct}–{b.max_pct}%") for b in fw.bands))
        return "\n".join(lines)

    emit(args, data, human)
    return 0

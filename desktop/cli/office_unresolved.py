"""What is unresolved, at the command line: listed after every ranking (``office rank``); the
verbs that decide (``office vote``, ``office notice``) refuse with the list (exit 3) unless the
office confirms with ``--confirm-unresolved`` (the confirmation is kept in the history)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.cli.office_recusals import ranking_recused
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.readiness import UnresolvedItem, UnresolvedMatters
from desktop.i18n import _, ngettext, render

if TYPE_CHECKING:
    from desktop.services.office.results_decide import Ranking

OPTION = "--confirm-unresolved"
T = TypeVar("T")


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(OPTION, dest="confirm_unresolved", action="store_true",
                        help=_("go ahead although matters are unresolved (forks, eligibility "
                               "not reviewed, flagged items without a consensus, missing stage "
                               "scores); the confirmation is kept in the history"))


def lines(items: Sequence[Mapping[str, Any] | UnresolvedItem],
          programme: Programme | None) -> list[str]:
    """The list: a heading with the count, one line per matter (stages by name)."""
    from desktop.cli import office_text as text

    if not items:
        return [_("Nothing is unresolved.")]
    found = [i if isinstance(i, UnresolvedItem) else UnresolvedItem.from_dict(i) for i in items]
    head = ngettext("{count} matter is unresolved:", "{count} matters are unresolved:",
                    len(found)).format(count=len(found))
    return [head, *("  - " + render(i.message(lambda st: text.stage_name(programme, st),
                                              _item)) for i in found)]


def _item(item_id: str) -> str:
    """A criteria item by id and (short) name, as the office's tables show it."""
    from desktop.cli import office_text as text

    name = text.item_name(item_id)
    return f"{item_id} {name}" if name else item_id


def ranking(view: Ranking) -> str:
    """The ranking's tables, the reviewers recused, then what is unresolved."""
    from desktop.cli import office_text_outcome as outcome_text

    out = [outcome_text.ranking(view)]
    recused = ranking_recused(view)
    if recused:
        out += ["", *recused]
    matters = view.matters.items if view.matters is not None else view.unresolved
    return "\n".join([*out, "", *lines(matters, view.programme)])


class UnresolvedRefused(RuleViolation):
    """A deciding verb met unresolved matters without ``--confirm-unresolved`` (exit 3)."""

    def __init__(self, refused: UnresolvedMatters, programme: Programme | None) -> None:
        super().__init__(Msg(N_("{step} is refused while matters are unresolved.\n{list}\n"
                                "Resolve them, or go ahead with {option} (the confirmation is "
                                "kept in the history)."),
                             {"step": refused.step, "option": OPTION,
                              "list": "\n".join(lines(refused.unresolved.items, programme))}))
        self.unresolved = refused.unresolved


def decide(step: Callable[[bool], T], confirmed: bool, programme: Programme | None) -> T:
    """Run a deciding service call (``step(confirm_unresolved)``); its refusal becomes the
    command line's, with the list and the option that confirms."""
    try:
        return step(confirmed)
    except UnresolvedMatters as refused:
        raise UnresolvedRefused(refused, programme) from None

"""What is unresolved, in the office window: the list the ranking page shows with every ranking,
and the question a deciding step (counting a vote, recording a notice) asks before it goes ahead
— the same list the command line prints (``services.office.readiness``).

A page that decides holds ``confirm`` (a callable, a yes/no question by default) so tests answer
for the person; only a yes passes the confirmation on to the service, which keeps it in the
history with the list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QVBoxLayout, QWidget

from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.readiness import UnresolvedItem, UnresolvedMatters
from desktop.i18n import _, ngettext
from desktop.services.catalogue import framework
from desktop.ui.names import item_name
from desktop.ui.office.common import OfficePage, message_text, stage_label

T = TypeVar("T")
Confirm = Callable[[QWidget, str, Sequence[str]], bool]  # (parent, step, the list) -> go ahead
SHOWN = 12  # lines in the question itself; the whole list is under "Show Details…"


def _item(item_id: str) -> str:
    fw = framework()
    return f"{item_id} {item_name(fw.item(item_id))}" if fw.has_item(item_id) else item_id


def lines(items: Sequence[Mapping[str, Any] | UnresolvedItem],
          programme: Programme | None) -> list[str]:
    """One line per unresolved matter, stages and items named in the interface language."""
    found = [i if isinstance(i, UnresolvedItem) else UnresolvedItem.from_dict(i) for i in items]
    return [message_text(i.message(lambda st: stage_label(programme, st), _item))
            for i in found]


def heading(count: int) -> str:
    if not count:
        return _("Nothing is unresolved.")
    return ngettext("{count} matter is unresolved:", "{count} matters are unresolved:",
                    count).format(count=count)


def ask(parent: QWidget, step: str, found: Sequence[str]) -> bool:
    """Ask whether to go ahead although matters are unresolved (No is the default)."""
    shown = [f"• {line}" for line in found[:SHOWN]]
    if len(found) > SHOWN:
        shown.append("…")
    box = QMessageBox(QMessageBox.Icon.Question, _("Unresolved matters"),
                      _("{step}: {heading} Go ahead anyway? The confirmation is kept in the "
                        "history.").format(step=step, heading=heading(len(found))),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setInformativeText("\n".join(shown))
    box.setDetailedText("\n".join(found))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def decide(page: OfficePage, step: Callable[[bool], T], programme: Programme | None
           ) -> T | None:
    """Run a deciding service call (``step(confirm_unresolved)``). When it meets unresolved
    matters the page asks (its ``confirm``, else ``ask``); a yes runs it again confirmed, a no
    leaves everything as it was and says so (None)."""
    try:
        return step(False)
    except UnresolvedMatters as refused:
        confirm: Confirm = getattr(page, "confirm", ask)
        if not confirm(page, message_text(refused.step),
                       lines(refused.unresolved.items, programme)):
            page.message.show_error(Msg(N_("Not done: {step} waits while matters are "
                                           "unresolved (see the ranking page)"),
                                        {"step": refused.step}))
            return None
    return step(True)


class UnresolvedPanel(QWidget):
    """The heading (how many) and the list, one matter a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(120)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.list)
        self._items: list[UnresolvedItem | Mapping[str, Any]] = []
        self._programme: Programme | None = None

    def show_items(self, items: Sequence[UnresolvedItem | Mapping[str, Any]],
                   programme: Programme | None) -> None:
        self._items, self._programme = list(items), programme
        self.retranslate()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def retranslate(self) -> None:
        self.title.setText(heading(len(self._items)))
        self.list.clear()
        self.list.addItems(lines(self._items, self._programme))
        self.list.setVisible(bool(self._items))
        self.list.setAccessibleName(_("Unresolved matters"))

"""What the document leaves open, decided by the office in set-up (issue 21).

A panel on the cycle set-up page lists each open point not decided yet (what is decided, that
the document is silent, the value suggested); the office records its decision — the suggested
values at once, or any value by double-clicking it in the table below — with who decides. Every
row of the table says who decided and when, or that it is not decided yet.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import Msg
from desktop.i18n import _
from desktop.services.office import cycle
from desktop.services.office.changes import Done
from desktop.services.office.results_cycle import SettingView
from desktop.ui.office.common import message_text


def decision_text(row: SettingView) -> str:
    """The source column: a programme rule with its article, an office decision with who and
    when, an office setting, or NOT DECIDED."""
    if row.source == "programme":
        return _("programme rule ({cite})").format(cite=row.citation or "—")
    if not row.decided:
        return _("not decided yet — the document is silent")
    when = row.decided_at
    if row.decided_by and isinstance(when, datetime):
        return _("decided by {who} on {date}").format(who=row.decided_by,
                                                      date=when.date().isoformat())
    return _("office setting")


def _silent(row: SettingView) -> str:
    """What the document does not say (the point's own words, else its whole message)."""
    why = row.undecided
    silent = why.params.get("silent") if isinstance(why, Msg) else None
    return message_text(silent if isinstance(silent, Msg) else why)


class DecisionsPanel(QGroupBox):
    """The open points still to decide, and the office's way to decide them."""

    def __init__(self, parent: QWidget, workspace: Callable[[], Any],
                 done: Callable[[Msg | str, Done[Any]], None],
                 failed: Callable[[ScorebookError], None],
                 value_text: Callable[[str, Any], str]) -> None:
        super().__init__(parent)
        self._workspace, self._done, self._failed = workspace, done, failed
        self._value_text = value_text
        self._rows: list[SettingView] = []
        self.points = QLabel(self)
        self.points.setWordWrap(True)
        self.scroller = QScrollArea(self)  # eight points at most: a few lines each, scrolled
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.points)
        self.scroller.setMaximumHeight(150)
        self.by = QLineEdit(self)
        self.by_label = QLabel(self)
        self.by_label.setBuddy(self.by)
        self.take = QPushButton(self)
        self.take.clicked.connect(self.decide_suggested)
        line = QHBoxLayout()
        line.addWidget(self.by_label)
        line.addWidget(self.by, 1)
        line.addWidget(self.take)
        box = QVBoxLayout(self)
        box.addWidget(self.scroller)
        box.addLayout(line)
        self.retranslate()

    def set_rows(self, rows: Sequence[SettingView]) -> None:
        self._rows = [r for r in rows if r.source == "office" and not r.decided]
        self.setVisible(bool(self._rows))
        self._fill()

    def _fill(self) -> None:
        items = "".join(
            "<li><b>{what}</b>：{why}。{suggested}</li>".format(
                what=html.escape(message_text(r.meaning)),
                why=html.escape(_silent(r)),
                suggested=html.escape(_("Suggested: {value}").format(
                    value=self._value_text(r.key, r.suggested))))
            for r in self._rows)
        self.points.setText(f"<ul>{items}</ul>" if items else "")

    def decide_suggested(self) -> None:
        keys = [r.key for r in self._rows]
        try:
            decided = cycle.decide_suggested(self._workspace(), keys,
                                             by=self.by.text().strip() or None)
        except ScorebookError as error:
            self._failed(error)
            return
        self._done(_("Decided with the suggested values: {count}").format(count=len(keys)),
                   decided)

    def retranslate(self) -> None:
        self.setTitle(_("Not decided yet: the document is silent, the office decides"))
        self.by_label.setText(_("Decided &by:"))
        self.by.setPlaceholderText(_("the office's name"))
        self.take.setText(_("&Take the suggested values"))
        self.take.setToolTip(_("Or double-click a value in the table below to decide another"))
        self.setAccessibleName(_("Open points to decide"))
        self._fill()

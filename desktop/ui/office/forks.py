"""Forks: two bundles of one reviewer at one revision of a stage, with different contents.

Neither is applied until a person picks the one that stands, with a reason kept in the history
(``merge.resolve_fork``, the CLI's ``office fork resolve``). ``ForkPanel`` lists the forks on the
import page with its "Resolve fork…" action; ``ForkResolveDialog`` is the choice itself and
takes the ``ForkView`` rows of the office or of the team leader (the same type). A resolution is
not undoable: resolving again with another bundle changes the decision, and both stay in the
history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.i18n import _
from desktop.i18n.data_names import BUNDLE_KIND, label
from desktop.services.office import merge, reads, results_bundles
from desktop.services.office.changes import Done
from desktop.services.office.merge_types import ForkView
from desktop.ui.office.common import (
    OfficeContext,
    date_text,
    fit_columns,
    make_table,
    stage_label,
)
from desktop.ui.office.session import OfficeSession
from desktop.ui.office.table import Column, RowsModel
from desktop.ui.tasks import TaskControl
from desktop.ui.widgets.reasoned_choice import ReasonedChoiceDialog

UNRESOLVED_BG = QColor("#ffe0b2")
HASH_SHOWN = 16


def _escape(text: str) -> str:
    """A file name as a button's text: an ``&`` in it is no mnemonic."""
    return text.replace("&", "&&")


def _when(value: Any) -> str:
    """When a side was received: two sides often arrive the same day, so with the time."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return date_text(value)


def fork_state(f: ForkView) -> str:
    if f.chosen is None:
        return _("waiting for a decision (revision {revision} stands meanwhile)").format(
            revision=f.in_force) if f.in_force is not None else _("waiting for a decision")
    chosen = next((s.file for s in f.sides if s.content_hash == f.chosen), f.chosen[:HASH_SHOWN])
    return _("resolved: {file} stands").format(file=chosen)


class ForksModel(RowsModel):
    """The forks, one row per ``ForkView`` as the service returns it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            Column("reviewer", N_("Reviewer")),
            Column("stage", N_("Stage"), lambda r: stage_label(self.programme, r.stage)),
            Column("kind", N_("Kind"), lambda r: label(BUNDLE_KIND, r.kind)),
            Column("revision", N_("Revision"), align_right=True),
            Column("sides", N_("Bundles"), lambda r: ", ".join(s.file for s in r.sides)),
            Column("state", N_("State"), fork_state,
                   background=lambda r: UNRESOLVED_BG if r.chosen is None else None),
            Column("reason", N_("Reason"), lambda r: r.reason or "—",
                   tooltip=lambda r: r.reason or None),
        ], parent)
        self.programme: Any = None  # names the stages


class ForkResolveDialog(ReasonedChoiceDialog):
    """Pick the bundle that stands for one fork, and say why."""

    def __init__(self, fork: ForkView, parent: QWidget | None = None, *,
                 stage_name: Callable[[str], str] = str) -> None:
        super().__init__(len(fork.sides), parent)
        self.setObjectName("ForkResolveDialog")
        self.fork = fork
        self.intro.setText(_("{reviewer} sent two different bundles as revision {revision} of "
                             "stage {stage}. Choose the one that stands; the other is set aside "
                             "(both stay in the workspace).")
                           .format(reviewer=fork.reviewer, revision=fork.revision,
                                   stage=stage_name(fork.stage)))
        self.sides = self.option_buttons
        for button, side in zip(self.sides, fork.sides, strict=True):
            button.setText(_escape(_("{file} — content {hash}…, received {when}").format(
                file=side.file, hash=side.content_hash[:HASH_SHOWN],
                when=_when(side.received_at))))
            button.setChecked(side.content_hash == fork.chosen)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def select(self, file_name: str) -> None:
        for button, side in zip(self.sides, self.fork.sides, strict=True):
            if side.file == file_name:
                button.setChecked(True)

    def choice(self) -> tuple[str, str] | None:
        """(the chosen bundle's file hash, the reason), or None while incomplete."""
        index, reason = self.chosen_index(), self.reason_text()
        if index is None or not reason:
            return None
        return self.fork.sides[index].sha256, reason

    def retranslate(self) -> None:
        self.setWindowTitle(_("Resolve fork"))
        self.intro.setAccessibleName(_("The fork"))
        for button, side in zip(self.sides, self.fork.sides, strict=True):
            button.setAccessibleName(_("Let {file} stand").format(file=side.file))
        self.reason_label.setText(_("&Reason:"))
        self.reason.setAccessibleName(_("Reason for the choice"))
        self.reason.setPlaceholderText(_("Why this bundle stands (kept in the history)"))
        self.note.setText(_("This cannot be undone; resolving again with the other bundle "
                            "changes the decision, and both are kept in the history."))
        self.note.setAccessibleName(_("Explanation"))
        self.ok_button.setText(_("Re&solve"))
        self.ok_button.setAccessibleName(_("Resolve the fork"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.setAccessibleName(_("Resolve or cancel"))
        self._changed()


class ForkPanel(QWidget):
    """The forks of the cycle and the action that resolves the selected one."""

    resolved = Signal(object)  # the ForkView after the decision

    def __init__(self, ctx: OfficeContext, show_ok: Callable[[Msg], None],
                 show_error: Callable[[Msg | ScorebookError], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ForkPanel")
        self.session: OfficeSession = ctx.session
        self._show_ok = show_ok
        self._show_error = show_error
        self.label = QLabel(self)
        self.model = ForksModel(self)
        self.view = make_table(self, self.model, ctx.fonts)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _i: self.resolve_selected())
        self.resolve_button = QPushButton(self)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.dialog: ForkResolveDialog | None = None
        head = QHBoxLayout()
        head.addWidget(self.label, 1)
        head.addWidget(self.resolve_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.view, 1)
        self._enable()

    def reload(self) -> None:
        ws = self.session.workspace
        try:
            self.model.programme = reads.cycle_programme(ws)
        except ScorebookError:
            self.model.programme = None
        forks = merge.list_forks(ws)
        self.model.set_rows(forks)
        fit_columns(self.view)
        self.setVisible(bool(forks))
        self._enable()

    def forks(self) -> list[ForkView]:
        return self.model.rows()

    def select(self, reviewer: str, stage: str, revision: int) -> bool:
        for i, r in enumerate(self.model.rows()):
            if (r.reviewer, r.stage, r.revision) == (reviewer, stage, revision):
                self.view.setCurrentIndex(self.model.index(i, 0))
                return True
        return False

    def follow_report(self, view: QAbstractItemView, report: RowsModel) -> None:
        """Double-clicking a merge report's fork row opens the decision of that fork."""
        def open_fork(index: QModelIndex) -> None:
            row = report.row(index.row())  # a merge_types.FileResult
            if row.outcome == "fork" and self.select(row.reviewer, row.stage, row.revision):
                self.resolve_selected()

        view.doubleClicked.connect(open_fork)

    def _selected(self) -> ForkView | None:
        index = self.view.currentIndex()
        if not index.isValid():
            rows = [r for r in self.model.rows() if r.chosen is None]
            return rows[0] if len(rows) == 1 else None  # the only one waiting
        fork = self.model.row(index.row())
        assert isinstance(fork, ForkView)
        return fork

    def _enable(self) -> None:
        self.resolve_button.setEnabled(self._selected() is not None and not self.session.busy)

    def resolve_selected(self) -> ForkResolveDialog | None:
        """Open the dialog for the selected fork (window-modal); its decision is applied off
        the UI thread when it is accepted."""
        fork = self._selected()
        if fork is None:
            self._show_error(Msg(N_("Select a fork first")))
            return None
        programme = self.model.programme
        dialog = ForkResolveDialog(fork, self, stage_name=lambda s: stage_label(programme, s))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog.fork, dialog.choice()))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, fork: ForkView, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        self.resolve(fork, *choice)

    def resolve(self, fork: ForkView, bundle_sha256: str, reason: str) -> bool:
        """Let the bundle stand for its fork (the service re-derives the scores)."""
        ws = self.session.workspace

        def work(control: TaskControl) -> Done[ForkView]:
            control.check_cancelled()
            return results_bundles.resolve_fork(ws, bundle_sha256, reason)

        def done(view: ForkView) -> None:
            file = next((s.file for s in view.sides if s.sha256 == bundle_sha256), "")
            self._show_ok(Msg(N_("Fork resolved: {file} stands for revision {revision} of "
                                 "{reviewer}"), {"file": file, "revision": view.revision,
                                                 "reviewer": view.reviewer}))
            self.resolved.emit(view)

        handle = self.session.run(_("Resolve fork"), work, on_success=done,
                                  on_error=self._show_error)
        if handle is None:
            self._show_error(Msg(N_("Another task is still running")))
            return False
        return True

    def retranslate(self) -> None:
        self.label.setText(_("Forks: two different bundles at one revision wait for a "
                             "person's decision"))
        self.label.setAccessibleName(_("Forks"))
        self.view.setAccessibleName(_("Forks"))
        self.resolve_button.setText(_("&Resolve fork…"))
        self.resolve_button.setAccessibleName(_("Resolve the selected fork"))
        self.model.retranslate()


__all__: Sequence[str] = ("ForkPanel", "ForkResolveDialog", "ForksModel")

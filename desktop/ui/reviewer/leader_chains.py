"""Broken chains on the team leader's import tab, a view of ``TeamLeader.list_breaks``: a
member's bundle whose ``prev_hash`` does not reach the bundle held (an export that never reached
the leader, a laptop restored from a backup, a case made again, or someone else's key) waits and
does not win by its number. ``ChainPanel`` lists them with *Choose chain…*; ``ChainChoiceDialog``
is the choice itself — keep the bundle held, or take the new one — with a reason kept in the
case's audit log (``TeamLeader.resolve_chain``, the command line's ``case team chain resolve``).
Deciding again changes the decision; both stay in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.i18n import N_, _, ngettext, render
from desktop.i18n.formatting import join_list
from desktop.services.leader import ChainBreakView, ChainSide, TeamLeader
from desktop.ui.office.table import Column, RowsModel
from desktop.ui.reviewer.leader_consensus import ERROR_STYLE, OK_STYLE, leader_table
from desktop.ui.reviewer.leader_models import WAIT_BG, named_stages
from desktop.ui.widgets.reasoned_choice import ReasonedChoiceDialog

Say = Callable[[str, Callable[[], str]], None]  # (style, the text made in the language shown)


def _side_text(side: ChainSide) -> str:
    return _("revision {revision} ({file})").format(revision=side.revision,
                                                   file=side.file.replace("&", "&&"))


def _who(person: Callable[[str], str], reviewer: str) -> str:
    name = person(reviewer)
    return reviewer if name == reviewer else f"{name} ({reviewer})"


class ChainsModel(RowsModel):
    def __init__(self, person: Callable[[str], str], stage: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__([
            Column("reviewer", N_("Reviewer"), lambda r: _who(person, r["chain"].reviewer)),
            Column("stage", N_("Stage"), lambda r: stage(r["chain"].stage)),
            Column("held", N_("In force"), lambda r: str(r["chain"].held.revision)
                   if r["chain"].held is not None else "—", align_right=True),
            Column("waiting", N_("Waiting"), lambda r: join_list(
                str(w.revision) for w in r["chain"].waiting), background=lambda _r: WAIT_BG),
            Column("why", N_("Why it waits"),
                   lambda r: render(named_stages(r["chain"].reason, stage)),
                   tooltip=lambda r: render(named_stages(r["chain"].reason, stage))),
        ], parent)

    def show(self, chains: list[ChainBreakView]) -> None:
        self.set_rows([{"chain": c} for c in chains])

    def chains(self) -> list[ChainBreakView]:
        return [r["chain"] for r in self.rows()]


class ChainChoiceDialog(ReasonedChoiceDialog):
    """Keep the bundle held, or take a waiting one (its chain), and say why."""

    def __init__(self, chain: ChainBreakView, parent: QWidget | None = None, *,
                 stage_name: Callable[[str], str] = str) -> None:
        sides = ([(chain.held, True)] if chain.held is not None else []) + \
            [(w, False) for w in reversed(chain.waiting)]
        why = QLabel(render(named_stages(chain.reason, stage_name)))
        why.setWordWrap(True)
        super().__init__(len(sides), parent, explain=(why,))
        self.setObjectName("ChainChoiceDialog")
        self.chain = chain
        self.why = why
        self.stage_name = stage_name
        # (button, side, held)
        self.options: list[tuple[QRadioButton, ChainSide, bool]] = [
            (button, side, held) for button, (side, held) in zip(self.option_buttons, sides,
                                                                  strict=True)]
        self.retranslate()
        self.resize(640, self.sizeHint().height())

    def select(self, held: bool) -> None:
        """Check the bundle held (``held``) or the newest waiting one."""
        for button, _side, is_held in self.options:
            if is_held == held:
                button.setChecked(True)
                return

    def choice(self) -> tuple[str, str] | None:
        """(the chosen bundle's file hash, the reason), or None while incomplete."""
        index, reason = self.chosen_index(), self.reason_text()
        if index is None or not reason:
            return None
        return self.options[index][1].sha256, reason

    def retranslate(self) -> None:
        c = self.chain
        self.setWindowTitle(_("Choose a chain"))
        self.intro.setText(_("{reviewer}'s bundles for stage {stage} do not follow one chain. "
                             "Choose the one that stands; the other chain's bundles are set "
                             "aside (kept in the case file).").format(
            reviewer=c.name, stage=self.stage_name(c.stage)))
        self.intro.setAccessibleName(_("The broken chain"))
        self.why.setAccessibleName(_("Why it waits"))
        for button, side, held in self.options:
            button.setText(_("Keep the bundle held: {bundle}").format(bundle=_side_text(side))
                           if held else
                           _("Take the new one: {bundle}").format(bundle=_side_text(side)))
            button.setAccessibleName(_("Keep the bundle held") if held else
                                     _("Take revision {revision}").format(
                                         revision=side.revision))
        self.reason_label.setText(_("&Reason:"))
        self.reason.setAccessibleName(_("Reason for the choice"))
        self.reason.setPlaceholderText(_("Why this chain stands (kept in the audit log)"))
        self.note.setText(_("Choosing again later changes the decision; both are kept in the "
                            "audit log."))
        self.note.setAccessibleName(_("Explanation"))
        self.ok_button.setText(_("C&hoose"))
        self.ok_button.setAccessibleName(_("Choose this chain"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.setAccessibleName(_("Choose or cancel"))
        self._changed()


class ChainPanel(QWidget):
    """The broken chains waiting for the leader, and *Choose chain…*; hidden when none wait."""

    changed = Signal()  # a decision was recorded

    def __init__(self, team: TeamLeader, person: Callable[[str], str],
                 stage_name: Callable[[str], str], say: Say,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChainPanel")
        self.team = team
        self.stage_name = stage_name
        self.say = say
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.model = ChainsModel(person, stage_name, self)
        self.table = leader_table(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.choose_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(lambda: self.choose_selected())
        self.dialog: ChainChoiceDialog | None = None
        self._busy = False
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.choose_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.addLayout(head)
        box.addWidget(self.table, 1)
        self.retranslate()

    def reload(self) -> list[ChainBreakView]:
        try:
            chains = self.team.list_breaks()
        except ScorebookError as error:
            failure = error
            self.say(ERROR_STYLE, lambda: render(failure.message))
            chains = []
        self.model.show(chains)
        self.setVisible(bool(chains))
        self._title()
        self._fit()
        self._enable()
        return chains

    def _fit(self) -> None:
        """Room in the splitter for the header (vertical in Mongolian) and one row, taken from
        the largest other part (which scrolls): what waits is never hidden below the fold, and
        the window grows no taller."""
        split = self.parentWidget()
        if not isinstance(split, QSplitter) or not self.model.rowCount():
            return
        need = (self.title.sizeHint().height() + self.table.horizontalHeader().sizeHint().height()
                + self.table.verticalHeader().defaultSectionSize()
                + 2 * self.table.frameWidth() + 12)
        sizes = split.sizes()
        mine = split.indexOf(self)
        if mine < 0 or sizes[mine] >= need or not any(sizes):
            return
        other = max((i for i in range(len(sizes)) if i != mine), key=lambda i: sizes[i])
        give = min(need - sizes[mine], max(sizes[other] - 80, 0))
        sizes[mine] += give
        sizes[other] -= give
        split.setSizes(sizes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _title(self) -> None:
        count = len(self.model.rows())
        self.title.setText(ngettext(
            "{count} member's bundles do not chain to the bundle held: it stays in force "
            "until you choose",
            "{count} members' bundles do not chain to the bundles held: they stay in force "
            "until you choose", count).format(count=count))

    def selected(self) -> ChainBreakView | None:
        index = self.table.currentIndex()
        chains = self.model.chains()
        if index.isValid():
            return chains[index.row()]
        return chains[0] if len(chains) == 1 else None  # the only one waiting

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._enable()

    def _enable(self) -> None:
        self.choose_button.setEnabled(not self._busy and self.selected() is not None)

    def choose_selected(self) -> ChainChoiceDialog | None:
        """Open the choice for the selected chain; applied when accepted."""
        chain = self.selected()
        if chain is None or self._busy:
            return None
        dialog = ChainChoiceDialog(chain, self, stage_name=self.stage_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog.choice()))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, choice: tuple[str, str] | None) -> None:
        if choice is not None:
            self.resolve(*choice)

    def resolve(self, bundle_sha256: str, reason: str) -> bool:
        """Let the bundle's chain stand, with the reason (kept in the case's audit log)."""
        try:
            view = self.team.resolve_chain(bundle_sha256, reason)
        except ScorebookError as error:
            failure = error
            self.say(ERROR_STYLE, lambda: render(failure.message))
            return False
        held = view.held is not None and view.held.sha256 == bundle_sha256
        side = next((s for s in (view.held, *view.waiting)
                     if s is not None and s.sha256 == bundle_sha256), None)
        revision = side.revision if side is not None else "—"
        self.say(OK_STYLE, lambda: (_(
            "Chain chosen: the bundle held (revision {revision}) stays in force for {reviewer}")
            if held else _("Chain chosen: revision {revision} is in force for {reviewer}"))
            .format(revision=revision, reviewer=view.name))
        self.changed.emit()
        return True

    def retranslate(self) -> None:
        self._title()
        self.title.setAccessibleName(_("Broken chains"))
        self.table.setAccessibleName(_("Broken chains"))
        self.choose_button.setText(_("C&hoose chain…"))
        self.choose_button.setAccessibleName(_("Choose the chain that stands"))
        self.model.retranslate()


__all__ = ["ChainChoiceDialog", "ChainPanel", "ChainsModel"]

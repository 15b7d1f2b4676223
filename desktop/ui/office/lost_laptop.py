"""The rest of the lost-laptop procedure in the office window, after *Revoke key…* on the people
page (``revoke_dialog``):

- *Write roster update…* (the people page, and File ▸ Write a roster update…): the signed
  roster in a small ``.sbr`` file on a USB stick or in a folder (``DestinationPicker``), for
  each case in the field to import (File ▸ Import roster update… in the reviewer's window). The
  same service as ``scorebook office roster-update``.
- The held bundles of a revoked key above the last revision the office trusts, listed on the
  import page beside the forks (``RevokedPanel``): *Decide…* records whether one stands or is
  set aside, with a reason (``RevokedDecisionDialog``; the same service as ``scorebook office
  reviewer decide-revoked``). Deciding again changes the decision; both are in the history.

``install_roster_update(controller)`` adds the File-menu action.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _, ngettext, render
from desktop.i18n.data_names import BUNDLE_KIND, label
from desktop.services.office import revocation
from desktop.services.office.changes import Done
from desktop.services.office.results_trust import (
    RevokedBundle,
    RevokedDecided,
    RosterUpdateWritten,
)
from desktop.ui.office.common import OfficeContext, fit_columns, make_table, stage_label
from desktop.ui.office.host import OfficeHost
from desktop.ui.office.setup_dialogs import _ServiceDialog
from desktop.ui.office.table import Column, RowsModel
from desktop.ui.widgets.destination import DestinationPicker, Drives, removable_drives

WAITING_BG = QColor("#ffe0b2")


# --- the roster update ------------------------------------------------------------------------


class RosterUpdateDialog(_ServiceDialog):
    """Where to write the signed roster (a USB stick or a folder), then write it."""

    refusal_title = N_("The roster update was not written")

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None, *,
                 drives: Drives = removable_drives) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("RosterUpdateDialog")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.destination = DestinationPicker(self, fonts=ctx.fonts, drives=drives)
        self.destination.changed.connect(self._changed)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.grid.addWidget(self.intro, 0, 0, 1, 2)
        self.grid.addWidget(self.destination, 1, 0, 1, 2)
        self.grid.addWidget(self.note, 2, 0, 1, 2)
        self.grid.addWidget(self.buttons, 3, 0, 1, 2)
        self.destination.refresh_drives()
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def _changed(self) -> None:
        self.ok.setEnabled(self.destination.path() is not None)

    def perform(self) -> Done[RosterUpdateWritten]:
        folder = self.destination.path()
        if folder is None:
            raise InputRejected(Msg(N_("Choose a USB stick or a folder")))
        return revocation.write_roster_update(self.ctx.session.workspace, folder)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Write a roster update"))
        self.intro.setText(_("The signed roster of the cycle (who may sign, who is revoked) in "
                             "a small file for the cases in the field. Each reviewer imports "
                             "it in their case: File ▸ Import roster update…"))
        self.note.setText(_("From then on their exports are no longer sealed to a revoked key, "
                            "and a team leader's import refuses its bundles."))
        self.destination.retranslate()
        self.ok.setText(_("&Write roster update"))
        self.ok.setAccessibleName(_("Write the roster update"))
        self.buttons.setAccessibleName(_("Write or cancel"))
        self._changed()


def written_text(view: RosterUpdateWritten) -> Msg:
    return Msg(N_("Roster version {version} written to {file}: import it in each case (File "
                  "▸ Import roster update…)"),
               {"version": view.version, "file": str(view.file)})


class RosterUpdateAction(QObject):
    """File ▸ Write a roster update…, while a workspace is open and no task runs."""

    def __init__(self, controller: OfficeHost) -> None:
        super().__init__(controller)
        self.setObjectName("RosterUpdateAction")
        self.controller = controller
        self.window = controller.window
        self.dialog: RosterUpdateDialog | None = None
        self.act = QAction(self)
        self.act.setEnabled(False)
        self.act.triggered.connect(lambda: self.open())
        menu = self.window.menu_file
        actions = menu.actions()
        at = actions.index(self.window.act_export)
        before = actions[at - 1] if at and actions[at - 1].isSeparator() else actions[at]
        menu.insertAction(before, self.act)
        session = controller.session
        for signal in (session.opened, session.closed, session.busy_changed):
            signal.connect(self._enable)
        self.window.language.register(self)
        self.retranslate()

    def _enable(self, *_args: object) -> None:
        session = self.controller.session
        self.act.setEnabled(session.is_open() and not session.busy)

    def open(self, drives: Drives = removable_drives) -> RosterUpdateDialog | None:
        session = self.controller.session
        if not session.is_open() or session.busy:
            return None
        dialog = RosterUpdateDialog(self.controller.ctx, self.window, drives=drives)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.window.statusBar().showMessage(
            render(written_text(dialog.result_view)), 15_000))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.act.setText(_("Write a roster &update…"))
        self.act.setToolTip(_("The signed roster on a USB stick, for the cases in the field "
                              "(after a key is revoked or replaced)"))


def install_roster_update(controller: OfficeHost) -> RosterUpdateAction:
    return RosterUpdateAction(controller)


# --- the held bundles of a revoked key --------------------------------------------------------


def decision_text(r: RevokedBundle) -> str:
    if r.stands is None:
        return _("waits for your decision")
    return _("stands") if r.stands else _("set aside")


class RevokedModel(RowsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            Column("reviewer", N_("Reviewer"), lambda r: f"{r['b'].name} ({r['b'].reviewer})"),
            Column("stage", N_("Stage"), lambda r: stage_label(self.programme, r["b"].stage)),
            Column("kind", N_("Kind"), lambda r: label(BUNDLE_KIND, r["b"].kind)),
            Column("revision", N_("Revision"), lambda r: str(r["b"].revision),
                   align_right=True),
            Column("trusted", N_("Trusted up to"), lambda r: str(r["b"].trusted_revision),
                   align_right=True),
            Column("file", N_("Bundle"), lambda r: r["b"].file),
            Column("state", N_("Decision"), lambda r: decision_text(r["b"]),
                   background=lambda r: WAITING_BG if r["b"].stands is None else None),
            Column("reason", N_("Reason"), lambda r: r["b"].reason or "—",
                   tooltip=lambda r: r["b"].reason or None),
        ], parent)
        self.programme: Programme | None = None

    def bundles(self) -> list[RevokedBundle]:
        return [r["b"] for r in self.rows()]


class RevokedDecisionDialog(_ServiceDialog):
    """Whether one held bundle of a revoked key stands, and why."""

    refusal_title = N_("The decision was not recorded")

    def __init__(self, ctx: OfficeContext, bundle: RevokedBundle,
                 parent: QWidget | None = None, *,
                 stage_name: Callable[[str], str] = str) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("RevokedDecisionDialog")
        self.bundle = bundle
        self.stage_name = stage_name
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stands = QRadioButton(self)
        self.aside = QRadioButton(self)
        self.group = QButtonGroup(self)
        self.group.addButton(self.stands, 1)
        self.group.addButton(self.aside, 0)
        if bundle.stands is not None:
            (self.stands if bundle.stands else self.aside).setChecked(True)
        choice = QVBoxLayout()
        choice.addWidget(self.stands)
        choice.addWidget(self.aside)
        self.reason = QLineEdit(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.grid.addWidget(self.intro, 0, 0, 1, 2)
        self.grid.addLayout(choice, 1, 1)
        self.labels = [self._label(self.reason, 2)]
        self.grid.addWidget(self.note, 3, 0, 1, 2)
        self.grid.addWidget(self.buttons, 4, 0, 1, 2)
        for signal in (self.stands.toggled, self.aside.toggled, self.reason.textChanged):
            signal.connect(self._changed)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def choice(self) -> tuple[bool, str] | None:
        """(stands, the reason), or None while incomplete."""
        checked = self.group.checkedId()
        reason = self.reason.text().strip()
        return None if checked < 0 or not reason else (checked == 1, reason)

    def _changed(self) -> None:
        self.ok.setEnabled(self.choice() is not None)

    def perform(self) -> Done[RevokedDecided]:
        choice = self.choice()
        if choice is None:
            raise InputRejected(Msg(N_("Deciding on a revoked key's bundle needs a reason")))
        return revocation.decide_revoked(self.ctx.session.workspace, self.bundle.sha256,
                                         choice[0], choice[1])

    def retranslate(self) -> None:
        b = self.bundle
        self.setWindowTitle(_("Decide on a revoked key's bundle"))
        self.intro.setText(_(
            "Revision {revision} of {name} ({reviewer}), stage {stage}, was received on "
            "{when}, before the key was revoked ({why}). The office trusts that key up to "
            "revision {trusted}: does this bundle stand?").format(
            revision=b.revision, name=b.name, reviewer=b.reviewer,
            stage=self.stage_name(b.stage), when=b.received_at.astimezone().strftime(
                "%Y-%m-%d %H:%M"), why=b.revoked_reason, trusted=b.trusted_revision))
        self.intro.setAccessibleName(_("The bundle"))
        self.stands.setText(_("It &stands: its scores count"))
        self.aside.setText(_("Set it &aside: its scores do not count"))
        self.labels[0].setText(_("&Reason:"))
        self.reason.setAccessibleName(_("Reason for the decision"))
        self.reason.setPlaceholderText(_("Why (kept in the history)"))
        self.note.setText(_("Deciding again later changes the decision; both are kept in the "
                            "history."))
        self.ok.setText(_("Recor&d decision"))
        self.ok.setAccessibleName(_("Record the decision"))
        self.buttons.setAccessibleName(_("Record or cancel"))
        self._changed()


class RevokedPanel(QWidget):
    """The held bundles of revoked keys the office decides on, and *Decide…*; hidden when no
    key is revoked or none of its held bundles is above the trusted revision."""

    def __init__(self, ctx: OfficeContext, show_ok: Callable[[Msg], None],
                 show_error: Callable[[Msg | ScorebookError], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RevokedPanel")
        self.ctx = ctx
        self._show_ok = show_ok
        self._show_error = show_error
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.model = RevokedModel(self)
        self.view = make_table(self, self.model, ctx.fonts)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _i: self.decide_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.decide_button = QPushButton(self)
        self.decide_button.clicked.connect(lambda: self.decide_selected())
        self.dialog: RevokedDecisionDialog | None = None
        head = QHBoxLayout()
        head.addWidget(self.label, 1)
        head.addWidget(self.decide_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.view, 1)
        self.ctx.session.busy_changed.connect(lambda _b: self._enable())
        self.setVisible(False)

    def reload(self) -> None:
        ws = self.ctx.session.workspace
        try:
            found = revocation.held_of_revoked(ws)
        except ScorebookError:
            found = []
        self.model.programme = found[0].programme if found else None
        self.model.set_rows([{"b": b} for b in found])
        fit_columns(self.view)
        self.setVisible(bool(found))
        self._title()
        self._enable()

    def _title(self) -> None:
        waiting = sum(1 for b in self.model.bundles() if b.stands is None)
        self.label.setText(ngettext(
            "{count} held bundle of a revoked key above the trusted revision waits for your "
            "decision: it does not count meanwhile",
            "{count} held bundles of revoked keys above the trusted revision wait for your "
            "decision: they do not count meanwhile", waiting).format(count=waiting)
            if waiting else _("Bundles of revoked keys (all decided)"))

    def selected(self) -> RevokedBundle | None:
        index = self.view.currentIndex()
        bundles = self.model.bundles()
        if index.isValid():
            return bundles[index.row()]
        waiting = [b for b in bundles if b.stands is None]
        return waiting[0] if waiting else None  # the first one waiting

    def _enable(self) -> None:
        self.decide_button.setEnabled(self.selected() is not None
                                      and not self.ctx.session.busy)

    def decide_selected(self) -> RevokedDecisionDialog | None:
        bundle = self.selected()
        if bundle is None or self.ctx.session.busy:
            return None
        programme = self.model.programme
        dialog = RevokedDecisionDialog(self.ctx, bundle, self,
                                       stage_name=lambda s: stage_label(programme, s))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._decided(dialog.result_view))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _decided(self, view: RevokedDecided) -> None:
        self._show_ok(Msg(N_("Revision {revision} of {reviewer} stands") if view.stands
                          else N_("Revision {revision} of {reviewer} is set aside"),
                          {"revision": view.revision,
                           "reviewer": f"{view.name} ({view.reviewer})"
                           if view.name and view.name != view.reviewer else view.reviewer}))
        # the import page reads again by itself: the session told it the bundles changed

    def retranslate(self) -> None:
        self._title()
        self.label.setAccessibleName(_("Bundles of revoked keys"))
        self.view.setAccessibleName(_("Bundles of revoked keys"))
        self.decide_button.setText(_("D&ecide…"))
        self.decide_button.setAccessibleName(_("Decide whether the selected bundle stands"))
        self.model.retranslate()


__all__ = ["RevokedDecisionDialog", "RevokedPanel", "RosterUpdateAction", "RosterUpdateDialog",
           "install_roster_update", "written_text"]

"""The reviewer's side of the start: the File menu's case-file entries and the first-run
set-up wizard over the window. Apart from ``desktop.ui.app`` so that what opens a file given at
start (``desktop.ui.open_file``) can install them without importing the app module back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def first_run(window: MainWindow, *, asked: bool = False) -> None:
    """No identity on this computer yet: the set-up wizard over the window (not modal: the
    Language menu stays usable). Cancelled once, it is not shown again at start; File › Set up
    Scorebook… (``asked``) always shows it."""
    from desktop.services.identity import CARD_FILE, identity_dir
    from desktop.ui.first_run import FirstRunWizard
    from desktop.ui.reviewer.controller import ReviewerController

    controller = getattr(window, "reviewer", None)
    if not isinstance(controller, ReviewerController):
        return
    if not asked and ((identity_dir() / CARD_FILE).exists()
                      or window.settings.first_run_dismissed):
        return
    existing = window.findChild(FirstRunWizard, "FirstRunWizard")
    if isinstance(existing, FirstRunWizard):
        existing.show()
        existing.raise_()
        return
    wizard = FirstRunWizard(controller.runner, parent=window, language=window.language,
                            settings=window.settings)
    window.language.register(wizard)

    def done() -> None:
        window.settings.first_run_dismissed = True  # set up: never shown again by itself
        if wizard.case is not None:
            controller.set_case(wizard.case)

    def cancelled() -> None:
        window.settings.first_run_dismissed = True
        window.statusBar().showMessage(
            _("Set-up closed. File › Set up Scorebook… opens it again."), 15_000)

    wizard.accepted.connect(done)
    wizard.rejected.connect(cancelled)
    wizard.finished.connect(wizard.deleteLater)
    wizard.setModal(False)
    wizard.show()
    wizard.activateWindow()  # the keyboard goes to it, the window stays usable behind



def install_reviewer(window: MainWindow) -> None:
    """The File menu's case-file entries (after the first paint: nothing of them shows on the
    first screen). The reviewer's pages plug in when a case file is opened (File menu or first
    run); with nothing open, unlocking needs no passphrase."""
    from desktop.ui.reviewer.controller import ReviewerController

    if not isinstance(getattr(window, "reviewer", None), ReviewerController):
        controller = ReviewerController(window)
        window.reviewer = controller  # type: ignore[attr-defined]
        start = window.welcome
        start.open_case_requested.connect(
            lambda folder: controller.show_case_dialog(create=False, folder=folder))
        start.new_case_requested.connect(lambda: controller.show_case_dialog(create=True))
        window.setup_requested.connect(lambda: first_run(window, asked=True))

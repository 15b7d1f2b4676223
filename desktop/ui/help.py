"""Help › Scorebook help (F1): a short offline help for the role the window is in — the first
steps and the keys. Every sentence is a catalog string, so it reads in the interface language.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.i18n.mongolian import has_mongolian
from desktop.ui.widgets.vertical_message import VerticalPane

FIRST_STEPS: dict[str, tuple[str, ...]] = {
    "reviewer": (
        N_("Open your case file (File › Open case file…), or make one from the panel package "
           "the office gave you (File › New case file…)."),
        N_("On the Applicants page choose an applicant and press Enter to open its scorebook."),
        N_("Type a percentage and press Enter: the cursor moves to the next item. A value that "
           "is not allowed stays on its item with the reason beside it."),
        N_("Write strengths and improvements for the item on the right; they are saved as you "
           "type. Mark passages the applicant declared secret with Mark selection as secret."),
        N_("Have a conflict of interest? Declare it on the Applicants page at once: that "
           "applicant's scorebook locks."),
        N_("When you are done, export the score bundle to the USB stick (File › Export score "
           "bundle…). Remove the stick only when Scorebook says it is safe."),
    ),
    "office": (
        N_("Open the office workspace (File › Open office workspace…) or create one."),
        N_("Set up the cycle: applicants, reviewers (from their enrolment cards), teams and "
           "conflicts, then issue the panel packages."),
        N_("Import the bundles the reviewers and team leaders bring back; every file is verified "
           "and reported."),
        N_("Look at the divergence, record the consensus, then rank, vote and compute the "
           "public notice."),
        N_("Print score sheets and reports from the Print page."),
    ),
    "main": (
        N_("A field reviewer or team leader opens a case file; the review office opens its "
           "office workspace. Recent ones are listed on the Start page."),
        N_("First time on this computer? File › Set up Scorebook… chooses the language, makes "
           "your identity and opens your first case file."),
        N_("The window locks after a while without use (Edit › Preferences…); your passphrase "
           "unlocks it."),
    ),
}

KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "reviewer": (
        ("0–9, Enter", N_("Score the item and move to the next one")),
        ("+ / −", N_("Raise or lower the score by one step")),
        ("Delete", N_("Clear the item's score")),
        ("↑ ↓", N_("Move between items")),
        ("Tab", N_("Move to the comments and back")),
        ("Ctrl+Z / Ctrl+Shift+Z", N_("Undo or redo the last change")),
        ("Ctrl+E", N_("Export the score bundle")),
        ("Ctrl+P", N_("Print the score sheet")),
    ),
    "office": (
        ("Ctrl+Shift+O", N_("Open an office workspace")),
        ("Ctrl+P", N_("Print the document of this page")),
        ("Ctrl+Z / Ctrl+Shift+Z", N_("Undo or redo the last change")),
    ),
    "main": (),
}
COMMON_KEYS: tuple[tuple[str, str], ...] = (
    ("F1", N_("This help")),
    ("Ctrl+L", N_("Lock the window now")),
    ("Ctrl+Q", N_("Quit")),
)
KEY_WORDS = {"Enter": N_("Enter"), "Delete": N_("Delete"), "Tab": N_("Tab")}  # named keys
ROLE_TITLES = {"reviewer": N_("Reviewer"), "office": N_("Review office"),
               "main": N_("Getting started")}


def key_text(keys: str) -> str:
    """A key combination with the named keys in the interface language."""
    for word, source in KEY_WORDS.items():
        keys = keys.replace(word, _(source))
    return keys


def help_html(role: str) -> str:
    """The help text for ``role`` in the current language (HTML)."""
    role = role if role in FIRST_STEPS else "main"
    steps = "".join(f"<li>{html.escape(_(text))}</li>" for text in FIRST_STEPS[role])
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{html.escape(key_text(key))}</b></td>"
        f"<td>{html.escape(_(text))}</td></tr>" for key, text in (*KEYS[role], *COMMON_KEYS))
    first, keys = html.escape(_("First steps")), html.escape(_("Keyboard shortcuts"))
    return (f"<h3>{first}</h3><ol>{steps}</ol>"
            f"<h3>{keys}</h3><table>{rows}</table>")


def help_text(role: str) -> str:
    """The help for ``role`` as plain text: the vertical pane's text in Mongolian."""
    role = role if role in FIRST_STEPS else "main"
    steps = [f"{n}. {_(text)}" for n, text in enumerate(FIRST_STEPS[role], 1)]
    keys = [f"{key_text(key)} — {_(text)}" for key, text in (*KEYS[role], *COMMON_KEYS)]
    return "\n".join([_("First steps"), *steps, _("Keyboard shortcuts"), *keys])


class HelpDialog(QDialog):
    """One tab per role, the window's role first; not modal (it can stay open beside)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.role = "main"
        self.tabs = QTabWidget(self)
        self.pages: dict[str, QTextBrowser] = {}
        self.vertical: dict[str, VerticalPane] = {}  # the same help, set vertically (Mongolian)
        self.stacks: dict[str, QStackedWidget] = {}
        for role in ("main", "reviewer", "office"):
            browser = QTextBrowser(self)
            browser.setOpenLinks(False)
            self.pages[role] = browser
            self.vertical[role] = VerticalPane("", self)
            stack = self.stacks[role] = QStackedWidget(self)
            stack.addWidget(browser)
            stack.addWidget(self.vertical[role])
            self.tabs.addTab(stack, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(720, 520)
        self.retranslate()

    def set_role(self, role: str) -> None:
        self.role = role if role in self.pages else "main"
        self.tabs.setCurrentWidget(self.stacks[self.role])

    def shown_page(self) -> QTextBrowser | VerticalPane:
        """What the current tab shows: the vertical pane in Mongolian, else the browser."""
        stack = self.stacks[self.role]
        widget = stack.currentWidget()
        assert isinstance(widget, (QTextBrowser, VerticalPane))
        return widget

    def retranslate(self) -> None:
        self.setWindowTitle(_("Scorebook help"))
        for index, (role, browser) in enumerate(self.pages.items()):
            self.tabs.setTabText(index, _(ROLE_TITLES[role]))
            browser.setHtml(help_html(role))
            browser.setAccessibleName(_(ROLE_TITLES[role]))
            text = help_text(role)
            self.vertical[role].setText(text)
            self.stacks[role].setCurrentWidget(
                self.vertical[role] if has_mongolian(text) else browser)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
